"""Chapter 7: writing the training loop yourself, then plugging your step into fit().

    python examples/training_loop_from_scratch.py

fit() is a loop around one training step. Writing that step by hand shows what it does:
forward pass under a tape, loss, gradients, optimizer update, metrics. Then the same step,
as a train_step method, keeps everything fit() adds (batching, callbacks, progress bar).
"""
import os

import numpy as np

import tinytf as tf
from tinytf import keras
from tinytf.demo import textbook_images
from tinytf.keras import layers

QUICK = os.environ.get("TINYTF_EXAMPLES_QUICK") == "1"
print("Training a Dense(512)-Dropout-Dense(10) classifier on handwritten digits with a hand-written loop")
(images, labels), (test_images, test_labels) = textbook_images(quick=QUICK)
epochs = 1 if QUICK else 3


def get_model():
    inputs = keras.Input(shape=(images.shape[1],))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)
    outputs = layers.Dense(10, activation="softmax")(features)
    return keras.Model(inputs, outputs)


model = get_model()
loss_fn = keras.losses.SparseCategoricalCrossentropy()
optimizer = keras.optimizers.RMSprop()
metrics = [keras.metrics.SparseCategoricalAccuracy()]
loss_tracking_metric = keras.metrics.Mean()  # the running mean of the batch losses


# 1. One training step. training=True switches Dropout on. The tape records the forward pass;
#    tape.gradient walks it backward; the optimizer moves each weight against its gradient.
def train_step(inputs, targets):
    with tf.GradientTape() as tape:
        predictions = model(inputs, training=True)
        loss = loss_fn(targets, predictions)
    gradients = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(gradients, model.trainable_weights))
    logs = {}
    for metric in metrics:  # metrics are driven by hand: update_state, result, reset_state
        metric.update_state(targets, predictions)
        logs[metric.name] = metric.result()
    loss_tracking_metric.update_state(loss)
    logs["loss"] = loss_tracking_metric.result()
    return logs


def reset_metrics():
    for metric in metrics:
        metric.reset_state()
    loss_tracking_metric.reset_state()


# 2. The loop: batches from a tf.data pipeline, metrics reset at each epoch.
training_dataset = tf.data.Dataset.from_tensor_slices((images, labels)).shuffle(1024, seed=0).batch(32)
for epoch in range(epochs):
    reset_metrics()
    for inputs_batch, targets_batch in training_dataset:
        logs = train_step(inputs_batch, targets_batch)
    print(f"Results at the end of epoch {epoch}: "
          + ", ".join(f"{key}: {float(value):.4f}" for key, value in logs.items()))


# 3. Evaluation: the same without the tape and the update, and training=False (no Dropout).
#    @tf.function marks a step TensorFlow would compile into a graph; it gives the same results.
@tf.function
def test_step(inputs, targets):
    predictions = model(inputs, training=False)
    loss = loss_fn(targets, predictions)
    logs = {}
    for metric in metrics:
        metric.update_state(targets, predictions)
        logs["val_" + metric.name] = metric.result()
    loss_tracking_metric.update_state(loss)
    logs["val_loss"] = loss_tracking_metric.result()
    return logs


reset_metrics()
for inputs_batch, targets_batch in tf.data.Dataset.from_tensor_slices((test_images, test_labels)).batch(32):
    logs = test_step(inputs_batch, targets_batch)
print("Evaluation results: " + ", ".join(f"{key}: {float(value):.4f}" for key, value in logs.items()))


# 4. The same step inside fit(): override train_step, list the metrics fit must reset.
loss_tracker = keras.metrics.Mean(name="loss")


class CustomModel(keras.Model):
    def train_step(self, data):
        inputs, targets = data
        with tf.GradientTape() as tape:
            predictions = self(inputs, training=True)
            loss = loss_fn(targets, predictions)
        gradients = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights))
        loss_tracker.update_state(loss)
        return {"loss": loss_tracker.result()}

    @property
    def metrics(self):  # fit calls reset_state() on these at the start of each epoch
        return [loss_tracker]


inputs = keras.Input(shape=(images.shape[1],))
features = layers.Dense(512, activation="relu")(inputs)
outputs = layers.Dense(10, activation="softmax")(layers.Dropout(0.5)(features))
custom = CustomModel(inputs, outputs)
custom.compile(optimizer=keras.optimizers.RMSprop())
history = custom.fit(images, labels, epochs=epochs, verbose=0)
print("fit with a custom train_step, loss per epoch:", np.round(history.history["loss"], 4).tolist())
