"""Records what real Keras computes and prints, for tinytf's Keras tests.

Run with a Python that has TensorFlow and tf_keras (classic tf.keras 2, whose
summary format the SPEC follows):

    pip install tensorflow-cpu tf_keras
    python tools/make_keras_fixtures.py

It writes tests/fixtures/keras_forward.json (layer outputs for fixed weights
and inputs, whole models' outputs, the order Keras gives dict inputs and outputs)
and tests/fixtures/keras_summaries.json (summary() text). The layers and models
come from tests/keras_models.py, the builders the tests use too. The tests read
these files; they never need TensorFlow.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import keras_models  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "fixtures")


def rng_array(rng, shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def forward_cases():
    """Each case: a layer description, its weights, inputs, and Keras's outputs."""
    rng = np.random.default_rng(20240601)
    cases = []

    def record(name, layer_spec, weights, inputs):
        arrays = [np.asarray(x) for x in inputs] if isinstance(inputs, list) else np.asarray(inputs)
        _, _, (out,) = keras_models.run_layer(keras, tf, layer_spec, arrays, weights)
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
        record(f"dense_{activation}", {"class": "Dense", "units": 4, "activation": activation}, [kernel, bias], x2)
    record("dense_no_bias", {"class": "Dense", "units": 4, "use_bias": False}, [kernel], x2)
    x3 = rng_array(rng, (2, 3, 3))
    record("dense_rank3", {"class": "Dense", "units": 4, "activation": "tanh"}, [kernel, bias], x3)
    for activation in ["relu", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "softplus"]:
        record(f"activation_{activation}", {"class": "Activation", "activation": activation}, None,
               rng_array(rng, (3, 5), 2.0))
    table = rng_array(rng, (7, 3))
    record("embedding", {"class": "Embedding", "input_dim": 7, "output_dim": 3}, [table],
           np.array([[0, 3, 6, 2], [1, 1, 5, 4]], dtype=np.int32))
    record("flatten", {"class": "Flatten"}, None, rng_array(rng, (2, 3, 4)))
    record("reshape", {"class": "Reshape", "target_shape": [4, -1]}, None, rng_array(rng, (2, 3, 4)))
    record("concatenate", {"class": "Concatenate", "axis": -1}, None,
           [rng_array(rng, (2, 3)), rng_array(rng, (2, 2)), rng_array(rng, (2, 1))])
    record("concatenate_axis1", {"class": "Concatenate", "axis": 1}, None,
           [rng_array(rng, (2, 1, 3)), rng_array(rng, (2, 2, 3))])
    record("add", {"class": "Add"}, None, [rng_array(rng, (2, 3)), rng_array(rng, (2, 3)), rng_array(rng, (2, 3))])
    record("dropout_inference", {"class": "Dropout", "rate": 0.5}, None, rng_array(rng, (3, 4)))
    return cases


def model_cases():
    """Whole textbook models with fixed weights: the outputs Keras computes."""
    rng = np.random.default_rng(7)
    keras.backend.clear_session()
    model = keras_models.sequential_906(keras)
    weights = [rng_array(rng, w.shape, 0.5) for w in model.get_weights()]
    model.set_weights(weights)
    x = rng_array(rng, (4, 3))
    sequential = {"weights": [w.tolist() for w in weights], "inputs": x.tolist(), "output": model(x).numpy().tolist()}

    keras.backend.clear_session()
    sizes = keras_models.SMALL_TICKET_SIZES
    ticket = keras_models.ticket_model(keras, **sizes)
    weights = [rng_array(rng, w.shape, 0.5) for w in ticket.get_weights()]
    ticket.set_weights(weights)
    data = [rng.integers(0, 2, size=(3, sizes["vocabulary_size"])).astype(np.float32),
            rng.integers(0, 2, size=(3, sizes["vocabulary_size"])).astype(np.float32),
            rng.integers(0, 2, size=(3, sizes["num_tags"])).astype(np.float32)]
    p, d = ticket(data)
    features_model = keras.Model(inputs=ticket.input, outputs=ticket.layers[4].output)
    ticket_case = {"sizes": [sizes["vocabulary_size"], sizes["num_tags"], sizes["num_departments"]],
                   "weights": [w.tolist() for w in weights], "inputs": [a.tolist() for a in data],
                   "priority": p.numpy().tolist(), "department": d.numpy().tolist(),
                   "features": features_model(data).numpy().tolist()}

    keras.backend.clear_session()
    model = keras_models.dict_io_model(keras)
    outputs = model({"b": np.ones((4, 3), "float32"), "a": np.zeros((4, 2), "float32")})
    dict_io = {"inputs": [t.name for t in model.inputs], "input_keys": list(model.input),
               "output_names": list(model.output_names), "layers": [layer.name for layer in model.layers],
               "call_keys": list(outputs)}
    return {"sequential_906": sequential, "customer_ticket": ticket_case, "dict_io": dict_io}


def summaries():
    """summary() text of every model in keras_models.SUMMARIES (names fixed by clear_session before each)."""
    result = {}
    for name, (build, kwargs) in keras_models.SUMMARIES.items():
        keras.backend.clear_session()
        result[name] = keras_models.summary_lines(build(keras), **kwargs)
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
