"""Keras layers: outputs against real Keras (tests/fixtures/keras_forward.json, recorded by
tools/make_keras_fixtures.py), names, weight tracking, configs, initializers, losses."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

import keras_models

FIXTURES = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_forward.json")))


@pytest.mark.parametrize("case", FIXTURES["layers"], ids=lambda c: c["name"])
def test_forward_matches_keras(case):
    if isinstance(case["inputs"][0], list) and case["layer"]["class"] in ("Concatenate", "Add"):
        inputs = [np.asarray(x, dtype=case["input_dtype"]) for x in case["inputs"]]
    else:
        inputs = np.asarray(case["inputs"], dtype=case["input_dtype"])
    weights = [np.asarray(w, dtype=np.float32) for w in case["weights"]]
    _, _, (out,) = keras_models.run_layer(keras, tf, case["layer"], inputs, weights)
    assert isinstance(out, tf.Tensor)
    np.testing.assert_allclose(out.numpy(), np.asarray(case["output"]), rtol=2e-5, atol=2e-6,
                               err_msg=f"{case['name']}: tinytf differs from Keras")


# ---------------------------------------------------------------- names
def test_names_are_unique_snake_case_per_class():
    a, b, c = layers.Dense(2), layers.Dense(2), layers.Dropout(0.1)
    assert (a.name, b.name, c.name) == ("dense", "dense_1", "dropout")

    class SimpleDense(layers.Layer):
        pass

    assert SimpleDense().name == "simple_dense"
    assert layers.Dense(2, name="priority").name == "priority"
    keras.backend.clear_session()
    assert layers.Dense(2).name == "dense"


def test_input_and_model_names():
    x = keras.Input(shape=(3,))
    assert x._keras_history.layer.name == "input_1"
    assert keras.Input(shape=(3,))._keras_history.layer.name == "input_2"
    assert keras.Model(x, layers.Dense(1)(x)).name == "model"
    assert keras.Sequential().name == "sequential"


# ---------------------------------------------------------------- building and weights
class SimpleDense(keras.layers.Layer):
    """The textbook's custom layer (Deep Learning with Python, chapter 3)."""

    def __init__(self, units, activation=None):
        super().__init__()
        self.units = units
        self.activation = activation

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.W = self.add_weight(shape=(input_dim, self.units), initializer="random_normal")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        y = tf.matmul(inputs, self.W) + self.b
        if self.activation is not None:
            y = self.activation(y)
        return y


def test_simple_dense_builds_on_first_call():
    my_dense = SimpleDense(units=32, activation=tf.nn.relu)
    assert not my_dense.built and my_dense.weights == []
    input_tensor = tf.ones(shape=(2, 784))
    output_tensor = my_dense(input_tensor)
    assert output_tensor.shape == (2, 32)
    assert my_dense.built
    assert [tuple(w.shape) for w in my_dense.weights] == [(784, 32), (32,)]
    W_before = my_dense.W.numpy().copy()
    my_dense(tf.ones(shape=(5, 784)))  # reuses the weights
    np.testing.assert_array_equal(my_dense.W.numpy(), W_before)
    assert len(my_dense.weights) == 2
    assert abs(float(np.std(W_before)) - 0.05) < 0.005  # random_normal: stddev 0.05


def test_build_receives_the_input_shape():
    seen = []

    class Probe(layers.Layer):
        def build(self, input_shape):
            seen.append(input_shape)

    Probe()(tf.ones((4, 3)))
    assert seen == [(4, 3)] and seen[0][-1] == 3 and seen[0].as_list() == [4, 3]
    Probe()([tf.ones((4, 3)), tf.ones((4, 2))])
    assert seen[1] == [(4, 3), (4, 2)]


def test_nested_layers_track_weights_in_attributes_lists_and_dicts():
    class Block(layers.Layer):
        def __init__(self):
            super().__init__()
            self.first = layers.Dense(4)
            self.stack = [layers.Dense(3), layers.Dense(2)]
            self.heads = {"a": layers.Dense(1)}
            self.scale = tf.Variable(2.0, name="scale")
            self.frozen = tf.Variable(1.0, trainable=False)

        def call(self, x):
            x = self.first(x)
            for layer in self.stack:
                x = layer(x)
            return self.heads["a"](x) * self.scale * self.frozen

    class Outer(keras.Model):
        def __init__(self):
            super().__init__()
            self.block = Block()

        def call(self, x):
            return self.block(x)

    model = Outer()
    model(tf.ones((2, 5)))
    shapes = [tuple(w.shape) for w in model.trainable_weights]
    assert shapes == [(), (5, 4), (4,), (4, 3), (3,), (3, 2), (2,), (2, 1), (1,)]
    assert [float(w) for w in model.non_trainable_weights] == [1.0]
    assert len(model.weights) == 10
    assert model.count_params() == 1 + 24 + 15 + 8 + 3 + 1
    assert [l.name for l in model.layers] == ["block"]
    assert [l.name for l in model.block._flatten_layers(include_self=False)] == ["dense", "dense_1", "dense_2", "dense_3"]


def test_trainable_switch_freezes_sub_layers():
    model = keras.Sequential([layers.Dense(3), layers.Dense(2)])
    model.build((None, 4))
    model.layers[0].trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2
    model.trainable = False
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 4
    assert not model.layers[1].trainable
    model.trainable = True
    assert len(model.trainable_weights) == 4


def test_weight_lists_remembered_during_fit_follow_a_freeze():
    # Inside fit (remembered_walks) each layer's weight lists are computed once; freezing forgets them.
    from tinytf.keras.layers.weight_tracking import remembered_walks

    model = keras.Sequential([layers.Dense(3), layers.Dense(2)])
    model.build((None, 4))
    with remembered_walks():
        first = model.trainable_weights
        first.pop()  # the caller's copy: the remembered list is not changed through it
        assert len(model.trainable_weights) == 4
        model.layers[0].trainable = False
        assert [w.name for w in model.trainable_weights] == [w.name for w in model.layers[1].weights]
        model.layers[0].trainable = True
        assert len(model.trainable_weights) == 4 and len(model._flatten_layers()) == 3


def test_add_weight_forms_and_dtypes():
    layer = layers.Layer()
    w = layer.add_weight(shape=(2, 3))  # glorot_uniform by default
    assert isinstance(w, tf.Variable) and w.shape == (2, 3) and w.dtype == tf.float32 and w.trainable
    limit = np.sqrt(6 / 5)
    assert np.all(np.abs(w.numpy()) <= limit)
    v = layer.add_weight("counter", shape=(), dtype="int32", trainable=False)  # tf.keras 2 order
    assert v.dtype == tf.int32 and not v.trainable and int(v) == 0 and v.name == "layer/counter:0"
    k = layer.add_weight((3,), "ones", name="k")
    np.testing.assert_array_equal(k.numpy(), np.ones(3))
    with pytest.raises(ValueError, match="unknown dimension"):
        layer.add_weight(shape=(None, 3))
    assert layer.weights == [w, k, v]  # trainable first


def test_get_and_set_weights_check_shapes():
    layer = layers.Dense(2)
    layer(tf.ones((1, 3)))
    kernel, bias = layer.get_weights()
    assert kernel.shape == (3, 2) and bias.shape == (2,)
    layer.set_weights([np.ones((3, 2)), np.full((2,), 0.5)])
    np.testing.assert_allclose(layer(tf.ones((1, 3))).numpy(), [[3.5, 3.5]])
    with pytest.raises(ValueError, match="weight list of length 1, but the layer was expecting 2 weights"):
        layer.set_weights([np.ones((3, 2))])
    with pytest.raises(ValueError, match=r"weight shape \(3, 2\) is not compatible with provided weight shape \(2, 3\)"):
        layer.set_weights([np.ones((2, 3)), np.zeros(2)])
    np.testing.assert_array_equal(layer.get_weights()[0], np.ones((3, 2)))  # unchanged by the failed call
    with pytest.raises(ValueError, match="isn't built"):
        layers.Dense(3).count_params()


def test_numpy_float64_inputs_are_cast_to_the_layer_dtype():
    layer = layers.Dense(2)
    out = layer(np.ones((2, 3)))  # float64 data, float32 layer
    assert out.dtype == tf.float32
    layer64 = layers.Dense(2, dtype="float64")
    assert layer64(np.ones((2, 3))).dtype == tf.float64 and layer64.kernel.dtype == tf.float64


def test_forgetting_super_init_is_explained():
    class Broken(layers.Layer):
        def __init__(self):
            self.units = 3

    with pytest.raises(RuntimeError, match="super"):
        Broken()(tf.ones((1, 2)))


# ---------------------------------------------------------------- training flag
def test_dropout_only_when_training():
    layer = layers.Dropout(0.5)
    x = tf.ones((200, 50))
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy())
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x.numpy())
    y = layer(x, training=True).numpy()
    assert set(np.unique(y)) <= {0.0, 2.0}  # inverted dropout: kept units scaled by 1 / (1 - rate)
    assert 0.45 < (y == 0).mean() < 0.55
    assert abs(y.mean() - 1.0) < 0.05


def test_dropout_is_reproducible_under_set_seed():
    layer = layers.Dropout(0.3)
    tf.random.set_seed(5)
    a = layer(tf.ones((10, 10)), training=True).numpy()
    b = layer(tf.ones((10, 10)), training=True).numpy()
    tf.random.set_seed(5)
    np.testing.assert_array_equal(layer(tf.ones((10, 10)), training=True).numpy(), a)
    assert not np.array_equal(a, b)


def test_training_propagates_to_nested_layers():
    seen = []

    class Spy(layers.Layer):
        def call(self, inputs, training=None):
            seen.append(training)
            return inputs

    class Outer(keras.Model):
        def __init__(self):
            super().__init__()
            self.inner = keras.Sequential([Spy()])
            self.spy = Spy()

        def call(self, inputs):
            return self.spy(self.inner(inputs))

    model = Outer()
    model(tf.ones((2, 2)))  # builds (the Sequential also runs its layers on zeros, to learn their shapes)
    seen.clear()
    model(tf.ones((2, 2)), training=True)
    assert seen == [True, True]
    seen.clear()
    model(tf.ones((2, 2)), training=False)
    assert seen == [False, False]
    seen.clear()
    model(tf.ones((2, 2)))
    assert seen == [None, None]
    seen.clear()
    model.spy(tf.ones((1, 1)), False)  # positional
    assert seen == [False]


def test_training_default_of_call_signature_applies():
    class DefaultTrue(layers.Layer):
        def call(self, inputs, training=True):
            return inputs * (2.0 if training else 1.0)

    assert float(DefaultTrue()(tf.ones(()))) == 2.0
    assert float(DefaultTrue()(tf.ones(()), training=False)) == 1.0


# ---------------------------------------------------------------- losses and metrics
def test_add_loss_is_cleared_on_each_outer_call():
    class ActivityRegularization(layers.Layer):
        def call(self, inputs):
            self.add_loss(tf.reduce_sum(inputs))
            return inputs

    class Outer(layers.Layer):
        def __init__(self):
            super().__init__()
            self.reg = ActivityRegularization()

        def call(self, inputs):
            return self.reg(self.reg(inputs))

    outer = Outer()
    outer(tf.ones((2, 2)))
    assert [float(v) for v in outer.losses] == [4.0, 4.0]
    outer(tf.ones((1, 2)))
    assert [float(v) for v in outer.losses] == [2.0, 2.0]


def test_regularizer_losses_follow_the_weights():
    layer = layers.Dense(2, kernel_regularizer=keras.regularizers.l2(0.5), kernel_initializer="ones")
    layer(tf.ones((1, 3)))
    assert [float(v) for v in layer.losses] == [3.0]
    layer.kernel.assign(tf.zeros((3, 2)))
    assert [float(v) for v in layer.losses] == [0.0]


def test_add_metric_records_named_values():
    class WithMetric(layers.Layer):
        def call(self, inputs):
            self.add_metric(tf.reduce_mean(inputs), name="mean_activation")
            return inputs

    layer = WithMetric()
    layer(tf.ones((2, 2)))
    metrics = layer._collect_added_metrics()
    assert [(m["name"], float(m["value"]), m["aggregation"]) for m in metrics] == [("mean_activation", 1.0, "mean")]
    with pytest.raises(ValueError, match="name"):
        layer.add_metric(1.0)


# ---------------------------------------------------------------- configs
BUILT_INS = [
    lambda: layers.Dense(3, activation="relu", use_bias=False, kernel_initializer="he_normal"),
    lambda: layers.Dense(2, kernel_regularizer=keras.regularizers.L1L2(l1=0.1, l2=0.2)),
    lambda: layers.Activation("softmax"),
    lambda: layers.Dropout(0.25, seed=3),
    lambda: layers.Flatten(),
    lambda: layers.Reshape((2, -1)),
    lambda: layers.Concatenate(axis=1),
    lambda: layers.Add(),
    lambda: layers.Embedding(10, 4, mask_zero=True),
    lambda: layers.InputLayer(shape=(3,)),
]


@pytest.mark.parametrize("make", BUILT_INS, ids=lambda f: f().__class__.__name__)
def test_get_config_round_trips(make):
    layer = make()
    config = layer.get_config()
    json.dumps(config)  # serializable
    clone = type(layer).from_config(config)
    assert type(clone) is type(layer) and clone.get_config() == config
    again = layers.deserialize(layers.serialize(layer))
    assert again.get_config() == config


def test_custom_layer_without_get_config_says_what_to_do():
    with pytest.raises(NotImplementedError, match=r"arguments \['units', 'activation'\].*get_config"):
        SimpleDense(3).get_config()

    class NoArgs(layers.Layer):
        pass

    assert NoArgs(name="x").get_config() == {"name": "x", "trainable": True, "dtype": {
        "module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}}


# ---------------------------------------------------------------- initializers and activations
@pytest.mark.parametrize("name,check", [
    ("zeros", lambda a: np.all(a == 0)),
    ("ones", lambda a: np.all(a == 1)),
    ("random_normal", lambda a: abs(a.std() - 0.05) < 0.003 and abs(a.mean()) < 0.003),
    ("random_uniform", lambda a: a.min() >= -0.05 and a.max() <= 0.05),
    ("truncated_normal", lambda a: np.abs(a).max() <= 0.1 + 1e-7 and 0.035 < a.std() < 0.05),
    ("glorot_uniform", lambda a: np.abs(a).max() <= np.sqrt(6 / 600) and abs(a.std() - np.sqrt(2 / 600)) < 0.003),
    ("glorot_normal", lambda a: abs(a.std() - np.sqrt(2 / 600)) < 0.004),
    ("he_normal", lambda a: abs(a.std() - np.sqrt(2 / 200)) < 0.008),
    ("he_uniform", lambda a: np.abs(a).max() <= np.sqrt(6 / 200)),
    ("lecun_normal", lambda a: abs(a.std() - np.sqrt(1 / 200)) < 0.005),
    ("orthogonal", lambda a: np.allclose(a.T @ a, np.eye(400), atol=1e-4) if a.shape[0] >= a.shape[1]
     else np.allclose(a @ a.T, np.eye(200), atol=1e-4)),
])
def test_initializers_have_their_distribution(name, check):
    values = keras.initializers.get(name)((200, 400)).numpy()
    assert values.shape == (200, 400) and values.dtype == np.float32
    assert check(values), name


def test_initializers_by_class_and_seed():
    init = keras.initializers.RandomNormal(stddev=1.0, seed=3)
    np.testing.assert_array_equal(init((4,)).numpy(), init((4,)).numpy())  # a seeded initializer repeats
    np.testing.assert_array_equal(keras.initializers.Constant(3.0)((2,)).numpy(), [3.0, 3.0])
    assert isinstance(keras.initializers.get("he_normal"), keras.initializers.HeNormal)
    assert keras.initializers.get(keras.initializers.GlorotUniform).__class__.__name__ == "GlorotUniform"
    with pytest.raises(ValueError, match="Unknown initializer"):
        keras.initializers.get("nope")
    assert keras.initializers.get(keras.initializers.serialize(keras.initializers.HeUniform(seed=1))).seed == 1


def test_initial_weights_are_reproducible_under_set_seed():
    tf.random.set_seed(42)
    a = layers.Dense(3, kernel_initializer="truncated_normal")
    a(tf.ones((1, 4)))
    tf.random.set_seed(42)
    b = layers.Dense(3, kernel_initializer="truncated_normal")
    b(tf.ones((1, 4)))
    np.testing.assert_array_equal(a.kernel.numpy(), b.kernel.numpy())


def test_activations_by_name_and_callable():
    x = tf.constant([-2.0, 0.5, 3.0])
    for name in ["relu", "sigmoid", "softmax", "tanh", "linear", "elu", "selu", "gelu", "softplus"]:
        assert keras.activations.get(name)(x).shape == (3,)
        assert keras.activations.serialize(keras.activations.get(name)) == name
    assert keras.activations.get(None) is keras.activations.linear
    assert keras.activations.get(tf.nn.relu) is tf.nn.relu
    np.testing.assert_allclose(keras.activations.relu(x, max_value=1.0, negative_slope=0.1).numpy(), [-0.2, 0.5, 1.0])
    np.testing.assert_allclose(keras.activations.elu(x, alpha=2.0).numpy(), [2 * (np.exp(-2) - 1), 0.5, 3.0], rtol=1e-6)
    with pytest.raises(ValueError, match="Unknown activation"):
        layers.Dense(2, activation="nope")


# ---------------------------------------------------------------- individual layers
def test_layer_argument_errors():
    with pytest.raises(ValueError, match="rate"):
        layers.Dropout(1.5)
    with pytest.raises(ValueError, match="units"):
        layers.Dense(0)
    with pytest.raises(ValueError, match="matching shapes except for the concatenation axis"):
        layers.Concatenate()([tf.ones((2, 3)), tf.ones((3, 3))])
    with pytest.raises(ValueError, match="at most one unknown"):
        layers.Reshape((-1, -1))
    with pytest.raises(ValueError, match="total size"):
        layers.Reshape((5,))(tf.ones((2, 3)))
    with pytest.raises(TypeError, match="Unrecognized keyword arguments"):
        layers.Dense(3, nonsense=1)


def test_embedding_takes_float_or_int_indices_and_masks():
    layer = layers.Embedding(5, 2, mask_zero=True)
    out = layer(np.array([[0, 4], [1, 2]]))
    assert out.shape == (2, 2, 2)
    np.testing.assert_array_equal(layer(tf.constant([[0.0, 4.0]])).numpy()[0], out.numpy()[0])
    np.testing.assert_array_equal(layer.compute_mask(tf.constant([[0, 3]])).numpy(), [[False, True]])


def test_merge_layers():
    a, b = tf.constant([[1.0, 2.0]]), tf.constant([[3.0, 5.0]])
    np.testing.assert_array_equal(layers.Subtract()([a, b]).numpy(), [[-2.0, -3.0]])
    np.testing.assert_array_equal(layers.Multiply()([a, b]).numpy(), [[3.0, 10.0]])
    np.testing.assert_array_equal(layers.Average()([a, b]).numpy(), [[2.0, 3.5]])
    np.testing.assert_array_equal(layers.Maximum()([a, b]).numpy(), [[3.0, 5.0]])
    np.testing.assert_array_equal(layers.Minimum()([a, b]).numpy(), [[1.0, 2.0]])
    np.testing.assert_array_equal(layers.concatenate([a, b]).numpy(), [[1.0, 2.0, 3.0, 5.0]])
    np.testing.assert_array_equal(layers.add([a, b]).numpy(), [[4.0, 7.0]])


def test_flatten_of_a_vector_and_compute_output_shape():
    assert layers.Flatten()(tf.ones((4,))).shape == (4, 1)
    assert layers.Dense(7).compute_output_shape((None, 3)) == (None, 7)
    assert layers.Flatten().compute_output_shape((None, 3, 4)) == (None, 12)
