"""Records what real Keras computes and prints, for tinytf's Keras tests.

Run with a Python that has TensorFlow and tf_keras (classic tf.keras 2, whose
summary format the SPEC follows):

    pip install tensorflow-cpu tf_keras
    python tools/make_keras_fixtures.py

It writes tests/fixtures/keras_forward.json (layer outputs for fixed weights
and inputs) and tests/fixtures/keras_summaries.json (summary() text). The
tests read these files; they never need TensorFlow.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402
from tf_keras import layers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures")


def rng_array(rng, shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def forward_cases():
    """Each case: a layer description, its weights, inputs, and Keras's outputs."""
    rng = np.random.default_rng(20240601)
    cases = []

    def record(name, layer_spec, build, weights, inputs):
        layer = build()
        if isinstance(inputs, list):
            out = layer([np.asarray(x) for x in inputs])
        else:
            out = layer(np.asarray(inputs))
        if weights is not None:
            layer.set_weights(weights)
            out = layer([np.asarray(x) for x in inputs] if isinstance(inputs, list) else np.asarray(inputs))
        cases.append({
            "name": name, "layer": layer_spec,
            "weights": [np.asarray(w).tolist() for w in (weights or [])],
            "inputs": [np.asarray(x).tolist() for x in inputs] if isinstance(inputs, list) else np.asarray(inputs).tolist(),
            "input_dtype": (str(np.asarray(inputs[0]).dtype) if isinstance(inputs, list) else str(np.asarray(inputs).dtype)),
            "output": np.asarray(out).tolist(),
        })

    x2 = rng_array(rng, (5, 3))
    kernel = rng_array(rng, (3, 4), 0.7)
    bias = rng_array(rng, (4,), 0.3)
    for activation in ["relu", "sigmoid", "softmax", "tanh", "linear", "elu", "selu", "gelu", "softplus"]:
        record(f"dense_{activation}", {"class": "Dense", "units": 4, "activation": activation},
               lambda a=activation: layers.Dense(4, activation=a), [kernel, bias], x2)
    record("dense_no_bias", {"class": "Dense", "units": 4, "use_bias": False},
           lambda: layers.Dense(4, use_bias=False), [kernel], x2)
    x3 = rng_array(rng, (2, 3, 3))
    record("dense_rank3", {"class": "Dense", "units": 4, "activation": "tanh"},
           lambda: layers.Dense(4, activation="tanh"), [kernel, bias], x3)
    for activation in ["relu", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "softplus"]:
        record(f"activation_{activation}", {"class": "Activation", "activation": activation},
               lambda a=activation: layers.Activation(a), None, rng_array(rng, (3, 5), 2.0))
    table = rng_array(rng, (7, 3))
    record("embedding", {"class": "Embedding", "input_dim": 7, "output_dim": 3},
           lambda: layers.Embedding(7, 3), [table], np.array([[0, 3, 6, 2], [1, 1, 5, 4]], dtype=np.int32))
    record("flatten", {"class": "Flatten"}, lambda: layers.Flatten(), None, rng_array(rng, (2, 3, 4)))
    record("reshape", {"class": "Reshape", "target_shape": [4, -1]}, lambda: layers.Reshape((4, -1)), None,
           rng_array(rng, (2, 3, 4)))
    record("concatenate", {"class": "Concatenate", "axis": -1}, lambda: layers.Concatenate(), None,
           [rng_array(rng, (2, 3)), rng_array(rng, (2, 2)), rng_array(rng, (2, 1))])
    record("concatenate_axis1", {"class": "Concatenate", "axis": 1}, lambda: layers.Concatenate(axis=1), None,
           [rng_array(rng, (2, 1, 3)), rng_array(rng, (2, 2, 3))])
    record("add", {"class": "Add"}, lambda: layers.Add(), None,
           [rng_array(rng, (2, 3)), rng_array(rng, (2, 3)), rng_array(rng, (2, 3))])
    record("dropout_inference", {"class": "Dropout", "rate": 0.5}, lambda: layers.Dropout(0.5), None,
           rng_array(rng, (3, 4)))
    return cases


def model_cases():
    """Whole textbook models with fixed weights: the outputs Keras computes."""
    rng = np.random.default_rng(7)
    keras.backend.clear_session()
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    model.build(input_shape=(None, 3))
    weights = [rng_array(rng, w.shape, 0.5) for w in model.get_weights()]
    model.set_weights(weights)
    x = rng_array(rng, (4, 3))
    sequential = {"weights": [w.tolist() for w in weights], "inputs": x.tolist(), "output": model(x).numpy().tolist()}

    keras.backend.clear_session()
    vocabulary_size, num_tags, num_departments = 20, 6, 4
    title = keras.Input(shape=(vocabulary_size,), name="title")
    text_body = keras.Input(shape=(vocabulary_size,), name="text_body")
    tags = keras.Input(shape=(num_tags,), name="tags")
    features = layers.Concatenate()([title, text_body, tags])
    features = layers.Dense(8, activation="relu")(features)
    priority = layers.Dense(1, activation="sigmoid", name="priority")(features)
    department = layers.Dense(num_departments, activation="softmax", name="department")(features)
    ticket = keras.Model(inputs=[title, text_body, tags], outputs=[priority, department])
    weights = [rng_array(rng, w.shape, 0.5) for w in ticket.get_weights()]
    ticket.set_weights(weights)
    data = [rng.integers(0, 2, size=(3, vocabulary_size)).astype(np.float32),
            rng.integers(0, 2, size=(3, vocabulary_size)).astype(np.float32),
            rng.integers(0, 2, size=(3, num_tags)).astype(np.float32)]
    p, d = ticket(data)
    features_model = keras.Model(inputs=ticket.input, outputs=ticket.layers[4].output)
    ticket_case = {"sizes": [vocabulary_size, num_tags, num_departments],
                   "weights": [w.tolist() for w in weights], "inputs": [a.tolist() for a in data],
                   "priority": p.numpy().tolist(), "department": d.numpy().tolist(),
                   "features": features_model(data).numpy().tolist()}
    return {"sequential_906": sequential, "customer_ticket": ticket_case}


def summaries():
    """summary() text of the textbook's models (names fixed by clear_session before each)."""
    result = {}

    def capture(name, model, **kwargs):
        lines = []
        model.summary(print_fn=lambda line, **_: lines.append(line), **kwargs)
        result[name] = lines

    keras.backend.clear_session()
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    model.build(input_shape=(None, 3))
    capture("sequential_906", model)
    capture("sequential_906_line_length_80", model, line_length=80)
    capture("sequential_906_positions", model, positions=[0.5, 0.8, 1.0])

    keras.backend.clear_session()
    model = keras.Sequential(name="my_example_model")
    model.add(keras.Input(shape=(3,)))
    model.add(layers.Dense(64, activation="relu", name="my_first_layer"))
    model.add(layers.Dense(10, activation="softmax", name="my_last_layer_with_a_rather_long_name"))
    capture("sequential_named_input", model)

    keras.backend.clear_session()
    inputs = keras.Input(shape=(3,), name="my_input")
    features = layers.Dense(64, activation="relu")(inputs)
    outputs = layers.Dense(10, activation="softmax")(features)
    capture("functional_chain", keras.Model(inputs=inputs, outputs=outputs))

    keras.backend.clear_session()
    vocabulary_size, num_tags, num_departments = 10000, 100, 4
    title = keras.Input(shape=(vocabulary_size,), name="title")
    text_body = keras.Input(shape=(vocabulary_size,), name="text_body")
    tags = keras.Input(shape=(num_tags,), name="tags")
    features = layers.Concatenate()([title, text_body, tags])
    features = layers.Dense(64, activation="relu")(features)
    priority = layers.Dense(1, activation="sigmoid", name="priority")(features)
    department = layers.Dense(num_departments, activation="softmax", name="department")(features)
    model = keras.Model(inputs=[title, text_body, tags], outputs=[priority, department])
    capture("customer_ticket", model)
    features = model.layers[4].output
    difficulty = layers.Dense(3, activation="softmax", name="difficulty")(features)
    capture("customer_ticket_difficulty",
            keras.Model(inputs=[title, text_body, tags], outputs=[priority, department, difficulty]))

    keras.backend.clear_session()

    class CustomerTicketModel(keras.Model):
        def __init__(self, num_departments):
            super().__init__()
            self.concat_layer = layers.Concatenate()
            self.mixing_layer = layers.Dense(64, activation="relu")
            self.priority_scorer = layers.Dense(1, activation="sigmoid")
            self.department_classifier = layers.Dense(num_departments, activation="softmax")

        def call(self, inputs):
            features = self.concat_layer([inputs["title"], inputs["text_body"], inputs["tags"]])
            features = self.mixing_layer(features)
            return self.priority_scorer(features), self.department_classifier(features)

    model = CustomerTicketModel(num_departments=4)
    model({"title": np.zeros((2, 10), "float32"), "text_body": np.zeros((2, 10), "float32"),
           "tags": np.zeros((2, 5), "float32")})
    capture("subclassed_ticket", model)

    keras.backend.clear_session()
    layers.Concatenate()  # so the next one is concatenate_1, whose row wraps
    model = CustomerTicketModel(num_departments=4)
    model({"title": np.zeros((2, 10), "float32"), "text_body": np.zeros((2, 10), "float32"),
           "tags": np.zeros((2, 5), "float32")})
    capture("subclassed_ticket_wrapped", model)

    keras.backend.clear_session()
    inputs = keras.Input(shape=(5,), dtype="int32")
    x = layers.Embedding(50, 8)(inputs)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(x)
    frozen = layers.Dense(4)
    outputs = frozen(x)
    frozen.trainable = False
    capture("embedding_frozen", keras.Model(inputs, outputs))
    return result


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "keras_forward.json"), "w") as f:
        json.dump({"layers": forward_cases(), "models": model_cases(),
                   "source": f"tf_keras {keras.__version__}"}, f)
    with open(os.path.join(OUT, "keras_summaries.json"), "w") as f:
        json.dump({"summaries": summaries(), "source": f"tf_keras {keras.__version__}"}, f, indent=1)
    print("wrote", os.path.join(OUT, "keras_forward.json"), "and keras_summaries.json")


if __name__ == "__main__":
    main()
