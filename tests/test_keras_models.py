"""Keras models: Sequential, functional and subclassed, as in chapter 7 of Deep Learning with
Python (2nd ed.); outputs checked against real Keras (tests/fixtures/keras_forward.json)."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

import keras_models

FIXTURES = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_forward.json")))["models"]

vocabulary_size, num_tags, num_departments = (keras_models.TICKET_SIZES[key] for key in
                                              ("vocabulary_size", "num_tags", "num_departments"))


def ticket_model(**sizes):
    return keras_models.ticket_model(keras, **sizes)


# ---------------------------------------------------------------- Sequential
def test_sequential_906_params():
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    with pytest.raises(ValueError, match="created when the model is first called on inputs or `build\\(\\)` is called "
                                         "with an `input_shape`"):
        model.weights
    with pytest.raises(ValueError, match="not yet been built"):
        model.summary()
    model.build(input_shape=(None, 3))
    assert [tuple(w.shape) for w in model.weights] == [(3, 64), (64,), (64, 10), (10,)]
    assert model.count_params() == 906
    assert model.layers[0].output.shape == (None, 64)
    assert model.output_shape == (None, 10) and model.input_shape == (None, 3)


def test_sequential_outputs_match_keras():
    case = FIXTURES["sequential_906"]
    model = keras_models.sequential_906(keras)
    model.set_weights([np.asarray(w, np.float32) for w in case["weights"]])
    np.testing.assert_allclose(model(np.asarray(case["inputs"], np.float32)).numpy(), case["output"], rtol=1e-5, atol=1e-7)


def test_sequential_add_pop_and_input_first():
    model = keras.Sequential(name="my_example_model")
    model.add(keras.Input(shape=(3,)))
    model.add(layers.Dense(64, activation="relu", name="my_first_layer"))
    assert model.built and model.count_params() == 256
    model.add(layers.Dense(10, activation="softmax", name="my_last_layer"))
    assert model.count_params() == 906 and [l.name for l in model.layers] == ["my_first_layer", "my_last_layer"]
    popped = model.pop()
    assert popped.name == "my_last_layer" and model.output_shape == (None, 64)
    assert len(model.layers[0]._inbound_nodes) == 1  # rebuilding does not leave stale nodes behind
    with pytest.raises(TypeError, match="instance of class Layer"):
        model.add("dense")
    with pytest.raises(ValueError, match="unique names"):
        model.add(layers.Dense(2, name="my_first_layer"))


def test_sequential_built_by_first_call_and_input_shape_argument():
    model = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(1)])
    y = model(np.ones((5, 7)))  # float64 data: cast to the model's float32
    assert y.shape == (5, 1) and y.dtype == tf.float32
    assert model.input_shape == (None, 7)
    eager = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(10,)), layers.Dense(1)])
    assert eager.built and eager.count_params() == 10 * 16 + 16 + 17


def test_sequential_inside_functional_and_feature_extraction():
    block = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])
    inputs = keras.Input(shape=(3,))
    outputs = layers.Dense(2)(block(inputs))
    model = keras.Model(inputs, outputs)
    assert [l.name for l in model.layers] == ["input_1", "sequential", "dense_2"]
    assert model.count_params() == 32 + 36 + 10
    x = np.random.default_rng(0).normal(size=(3, 3)).astype(np.float32)
    np.testing.assert_allclose(model(x).numpy(), model.layers[2](block(x)).numpy(), rtol=1e-6)


# ---------------------------------------------------------------- functional
def test_functional_api_basics():
    inputs = keras.Input(shape=(3,), name="my_input")
    assert inputs.shape == (None, 3) and inputs.shape.as_list() == [None, 3] and inputs.dtype == tf.float32
    features = layers.Dense(64, activation="relu")(inputs)
    assert features.shape == (None, 64)
    outputs = layers.Dense(10, activation="softmax")(features)
    model = keras.Model(inputs=inputs, outputs=outputs)
    assert [l.name for l in model.layers] == ["my_input", "dense", "dense_1"]
    assert model.count_params() == 906
    assert model.layers[1].input is inputs and model.layers[1].output is features
    assert model(np.ones((2, 3), np.float32)).shape == (2, 10)
    assert model.get_layer("dense") is model.layers[1]
    with pytest.raises(ValueError, match="No such layer: nope"):
        model.get_layer("nope")


def test_multi_input_multi_output_ticket_model():
    model = ticket_model()
    assert [l.name for l in model.layers] == ["title", "text_body", "tags", "concatenate", "dense", "priority",
                                              "department"]
    assert model.count_params() == 1286789
    assert model.input_names == ["title", "text_body", "tags"] and model.output_names == ["priority", "department"]
    num_samples = 16
    title_data = np.random.randint(0, 2, size=(num_samples, vocabulary_size))
    text_body_data = np.random.randint(0, 2, size=(num_samples, vocabulary_size))
    tags_data = np.random.randint(0, 2, size=(num_samples, num_tags))
    priority, department = model([title_data, text_body_data, tags_data])  # int data into float inputs
    assert priority.shape == (num_samples, 1) and department.shape == (num_samples, num_departments)
    by_name = model({"title": title_data, "text_body": text_body_data, "tags": tags_data})
    np.testing.assert_allclose(by_name[1].numpy(), department.numpy(), rtol=1e-6)
    with pytest.raises(ValueError, match="Missing data for input 'tags'"):
        model({"title": title_data, "text_body": text_body_data})
    with pytest.raises(ValueError, match="expects 3 input"):
        model([title_data, text_body_data])
    with pytest.raises(ValueError, match="incompatible"):
        model([title_data[:, :5], text_body_data, tags_data])


def test_ticket_model_outputs_match_keras_and_feature_extraction():
    case = FIXTURES["customer_ticket"]
    sizes = keras_models.SMALL_TICKET_SIZES
    assert case["sizes"] == [sizes["vocabulary_size"], sizes["num_tags"], sizes["num_departments"]]
    model = ticket_model(**sizes)
    model.set_weights([np.asarray(w, np.float32) for w in case["weights"]])
    data = [np.asarray(a, np.float32) for a in case["inputs"]]
    priority, department = model(data)
    np.testing.assert_allclose(priority.numpy(), case["priority"], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(department.numpy(), case["department"], rtol=1e-5, atol=1e-7)
    features = keras.Model(inputs=model.input, outputs=model.layers[4].output)
    np.testing.assert_allclose(features(data).numpy(), case["features"], rtol=1e-5, atol=1e-6)


def test_extending_a_model_with_a_new_output():
    model = ticket_model()
    features = model.layers[4].output
    difficulty = layers.Dense(3, activation="softmax", name="difficulty")(features)
    new_model = keras.Model(inputs=[*model.inputs], outputs=[*model.outputs, difficulty])
    assert [l.name for l in new_model.layers][-1] == "difficulty"
    assert new_model.count_params() == model.count_params() + 64 * 3 + 3
    outs = new_model([np.zeros((2, vocabulary_size)), np.zeros((2, vocabulary_size)), np.zeros((2, num_tags))])
    assert [tuple(o.shape) for o in outs] == [(2, 1), (2, 4), (2, 3)]
    assert new_model.layers[4] is model.layers[4]  # shared weights


def test_dict_inputs_and_outputs_follow_keras_order():
    """Dicts follow tf.nest (sorted keys) as tf.keras 2 does (FIXTURES["dict_io"], recorded from the same
    model): inputs, outputs and output_names (the producing layers' names) in sorted-key order; the dict
    the model returns keeps the order the outputs were written in."""
    expected = FIXTURES["dict_io"]
    model = keras_models.dict_io_model(keras)
    assert [t.name for t in model.inputs] == expected["inputs"] == model.input_names
    assert list(model.input) == expected["input_keys"]
    assert model.output_names == expected["output_names"]
    assert [layer.name for layer in model.layers] == expected["layers"]
    assert model.outputs == [model.output[key] for key in ("a_out", "copy", "sum")]
    out = model({"b": np.ones((4, 3)), "a": np.zeros((4, 2))})
    assert list(out) == expected["call_keys"] and out["copy"].shape == (4, 5)
    np.testing.assert_array_equal(out["copy"].numpy()[0], [0, 0, 1, 1, 1])
    with pytest.raises(ValueError, match="Missing data for input 'b'"):
        model({"a": np.zeros((4, 2))})


def test_graph_disconnected_and_duplicate_names():
    a = keras.Input(shape=(2,))
    b = keras.Input(shape=(2,))
    out = layers.Add()([a, b])
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(a, out)
    x = layers.Dense(2, name="same")(a)
    y = layers.Dense(2, name="same")(x)
    with pytest.raises(ValueError, match='The name "same" is used 2 times'):
        keras.Model(a, y)


def test_shared_layer_and_operators_on_symbolic_tensors():
    shared = layers.Dense(3)
    a = keras.Input(shape=(2,))
    b = keras.Input(shape=(2,))
    out = shared(a) + shared(b) * 2.0
    out = -out[:, :2]
    model = keras.Model([a, b], out)
    assert out.shape == (None, 2)
    x, y = np.ones((1, 2), np.float32), np.full((1, 2), 2.0, np.float32)
    expected = -(shared(x) + shared(y) * 2.0).numpy()[:, :2]
    np.testing.assert_allclose(model([x, y]).numpy(), expected, rtol=1e-6)
    assert len(shared._inbound_nodes) == 2
    with pytest.raises(AttributeError, match="multiple inbound nodes"):
        shared.output
    with pytest.raises(TypeError, match="Lambda"):
        tf.exp(a)
    model2 = keras.Model(a, layers.Lambda(lambda t: tf.exp(t))(a))
    np.testing.assert_allclose(model2(np.zeros((1, 2), np.float32)).numpy(), [[1.0, 1.0]])


def test_symbolic_shapes_with_unknown_dims_and_int_inputs():
    tokens = keras.Input(shape=(None,), dtype="int64")
    embedded = layers.Embedding(100, 8)(tokens)
    assert embedded.shape == (None, None, 8) and embedded.dtype == tf.float32
    fixed = keras.Input(shape=(4, 5))
    assert layers.Flatten()(fixed).shape == (None, 20)
    assert layers.Reshape((10, 2))(fixed).shape == (None, 10, 2)
    model = keras.Model(tokens, layers.Dense(2)(embedded))
    assert model(np.array([[1, 2, 3]])).shape == (1, 3, 2)


def test_dropout_in_functional_model_follows_training():
    inputs = keras.Input(shape=(100,))
    outputs = layers.Dropout(0.5)(inputs)
    model = keras.Model(inputs, outputs)
    x = np.ones((4, 100), np.float32)
    np.testing.assert_array_equal(model(x).numpy(), x)
    assert (model(x, training=True).numpy() == 0).any()
    always = keras.Model(inputs, layers.Dropout(0.5)(inputs, training=True))
    assert (always(x).numpy() == 0).any()


def test_functional_config_round_trip():
    model = ticket_model(**keras_models.SMALL_TICKET_SIZES)
    config = model.get_config()
    json.dumps(config)
    clone = keras.Model.from_config(config)
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    clone.set_weights(model.get_weights())
    data = [np.ones((2, 20)), np.zeros((2, 20)), np.ones((2, 6))]
    for a, b in zip(model(data), clone(data)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    seq = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
    seq_clone = keras.Sequential.from_config(seq.get_config())
    assert seq_clone.count_params() == 8 and seq_clone.layers[0].name == seq.layers[0].name


# ---------------------------------------------------------------- subclassing
def test_subclassed_ticket_model():
    model = keras_models.customer_ticket_model_class(keras)(num_departments=4)
    assert model.weights == []  # tf.keras: a subclass without build() has no weights before its first call
    data = {"title": np.random.randint(0, 2, size=(8, vocabulary_size)).astype("float32"),
            "text_body": np.random.randint(0, 2, size=(8, vocabulary_size)).astype("float32"),
            "tags": np.random.randint(0, 2, size=(8, num_tags)).astype("float32")}
    priority, department = model(data)
    assert priority.shape == (8, 1) and department.shape == (8, 4)
    assert model.count_params() == 1286789
    assert [l.name for l in model.layers] == ["concatenate", "dense", "dense_1", "dense_2"]
    assert model.name == "customer_ticket_model"


def test_subclassed_model_build_with_input_shape():
    class MLP(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = layers.Dense(5, activation="relu")
            self.out = layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    model = MLP()
    model.build((None, 3))
    assert model.count_params() == 20 + 6


def test_functional_model_inside_subclassed_model_and_back():
    model = keras_models.subclassed_around_functional(keras)
    assert model(np.ones((3, 10), np.float32)).shape == (3, 1)
    assert model.count_params() == 10 * 64 + 64 + 65

    model = keras_models.functional_around_subclassed(keras)
    outputs = model.outputs[0]
    assert outputs.shape == (None, 10)
    assert model.count_params() == 3 * 64 + 64 + 64 * 10 + 10
    assert model(np.ones((2, 3), np.float32)).shape == (2, 10)


def test_subclass_initialised_as_functional():
    class Wrapped(keras.Model):
        def __init__(self):
            inputs = keras.Input(shape=(4,))
            super().__init__(inputs=inputs, outputs=layers.Dense(2)(inputs))

        def extra(self):
            return "mine"

    model = Wrapped()
    assert isinstance(model, Wrapped) and model.extra() == "mine" and model.name == "wrapped"
    assert model(np.ones((1, 4), np.float32)).shape == (1, 2) and len(model.layers) == 2


def test_layer_losses_reach_the_model():
    class Penalty(layers.Layer):
        def call(self, x):
            self.add_loss(0.5 * tf.reduce_sum(x))
            return x

    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, Penalty()(inputs))
    model(np.ones((3, 2), np.float32))
    assert [float(v) for v in model.losses] == [3.0]
