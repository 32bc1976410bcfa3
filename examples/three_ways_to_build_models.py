"""Chapter 7: the three ways to build a Keras model, from the simplest to the most flexible.

    python examples/three_ways_to_build_models.py

1. Sequential: a stack of layers, each feeding the next.
2. Functional: layers called on symbolic inputs, building a graph of any shape (several inputs
   and outputs, shared layers), which Keras can inspect, plot and reuse.
3. Subclassing keras.Model: the forward pass is plain Python in call().
Then the three mixed: any of them can be a layer of another.
"""
import numpy as np

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

# ---- 1. Sequential -----------------------------------------------------------------
model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
# No weights yet: a layer makes them the first time it sees an input shape.
try:
    model.weights
except ValueError as err:
    print("Before build:", str(err).split(".")[0] + ".")
model.build(input_shape=(None, 3))  # or call the model on data once
print("After build:", [w.name for w in model.weights])

# With an Input first, the model is built right away and summary() can show every shape.
model = keras.Sequential(name="my_example_model")
model.add(keras.Input(shape=(3,)))
model.add(layers.Dense(64, activation="relu", name="my_first_layer"))
model.add(layers.Dense(10, activation="softmax", name="my_last_layer"))
model.summary()

# ---- 2. Functional: the book's customer-support ticket model --------------------------
# Three inputs (the ticket's title and body as bag-of-words vectors, the user's tags), two
# outputs (a priority between 0 and 1, and which of 4 departments should handle the ticket).
vocabulary_size, num_tags, num_departments = 10000, 100, 4

title = keras.Input(shape=(vocabulary_size,), name="title")
text_body = keras.Input(shape=(vocabulary_size,), name="text_body")
tags = keras.Input(shape=(num_tags,), name="tags")

features = layers.Concatenate()([title, text_body, tags])   # one long feature vector
features = layers.Dense(64, activation="relu")(features)      # a layer called on a symbolic tensor
priority = layers.Dense(1, activation="sigmoid", name="priority")(features)
department = layers.Dense(num_departments, activation="softmax", name="department")(features)

model = keras.Model(inputs=[title, text_body, tags], outputs=[priority, department])
model.summary()

# A graph can be inspected: each layer knows its input and output tensors...
print("layers:", [layer.name for layer in model.layers])
print("the Concatenate layer's inputs:", [tensor.shape for tensor in model.layers[3].input])

# ...and reused: a new model from an intermediate output, with one more head.
features = model.layers[4].output  # the Dense(64) output
difficulty = layers.Dense(3, activation="softmax", name="difficulty")(features)
new_model = keras.Model(inputs=[title, text_body, tags], outputs=[priority, department, difficulty])
print("the new model has", len(new_model.outputs), "outputs")

# ---- 3. Subclassing: the same ticket model as a class -----------------------------------
class CustomerTicketModel(keras.Model):
    def __init__(self, num_departments):
        super().__init__()  # never forget this one
        self.concat_layer = layers.Concatenate()
        self.mixing_layer = layers.Dense(64, activation="relu")
        self.priority_scorer = layers.Dense(1, activation="sigmoid")
        self.department_classifier = layers.Dense(num_departments, activation="softmax")

    def call(self, inputs):  # the forward pass, in plain Python
        features = self.concat_layer([inputs["title"], inputs["text_body"], inputs["tags"]])
        features = self.mixing_layer(features)
        return self.priority_scorer(features), self.department_classifier(features)


num_samples = 64
rng = np.random.default_rng(0)
data = {"title": rng.integers(0, 2, (num_samples, vocabulary_size)).astype("float32"),
        "text_body": rng.integers(0, 2, (num_samples, vocabulary_size)).astype("float32"),
        "tags": rng.integers(0, 2, (num_samples, num_tags)).astype("float32")}
subclassed = CustomerTicketModel(num_departments=4)
priority_out, department_out = subclassed(data)  # the first call creates the weights
print("\nsubclassed model outputs:", priority_out.shape, department_out.shape,
      "| weights:", len(subclassed.weights))

# ---- Mixing them -------------------------------------------------------------------------
class Classifier(keras.Model):  # a subclassed model...
    def __init__(self, num_classes=2):
        super().__init__()
        self.dense = layers.Dense(1 if num_classes == 2 else num_classes,
                                  activation="sigmoid" if num_classes == 2 else "softmax")

    def call(self, inputs):
        return self.dense(inputs)


inputs = keras.Input(shape=(3,))
features = layers.Dense(64, activation="relu")(inputs)
outputs = Classifier(num_classes=10)(features)  # ...used as a layer of a functional model
mixed = keras.Model(inputs=inputs, outputs=outputs)
print("functional around subclassed:", mixed(tf.ones((2, 3))).shape)
