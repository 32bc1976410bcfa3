"""Convolution and pooling layers: outputs against real Keras (tests/fixtures/keras_layers2.json,
recorded by tools/make_keras_layer_fixtures.py from the specs that tests/keras_models.py turns into
layers), gradients against finite differences, configs, and the errors that say what to change."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

import keras_models

from test_keras_gradients import check_gradients, normal

FIXTURES = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_layers2.json")))
FAMILY = ("Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
          "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D")
CASES = [c for c in FIXTURES["layers"] if c["layer"]["class"] in FAMILY]


# ---------------------------------------------------------------- forward, against Keras
@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_forward_matches_keras(case):
    weights = [np.asarray(w, dtype=np.float32) for w in case["weights"]]
    _, _, (out,) = keras_models.run_layer(keras, tf, case["layer"], np.asarray(case["inputs"], dtype=np.float32),
                                          weights, case["call"])
    expected = np.asarray(case["outputs"][0])
    assert tuple(out.shape) == expected.shape, f"{case['name']}: shape {tuple(out.shape)}, Keras {expected.shape}"
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=2e-6,
                               err_msg=f"{case['name']}: differs from Keras")


def test_fixtures_cover_every_layer_and_option():
    names = {c["name"] for c in CASES}
    assert {c["layer"]["class"] for c in CASES} == set(FAMILY)
    for option in ("same", "valid", "causal", "strides", "dilation", "keepdims"):
        assert any(option in n for n in names), option


# ---------------------------------------------------------------- gradients (float64, finite differences)
@pytest.mark.parametrize("make,shape", [
    (lambda: layers.Conv1D(2, 3, padding="same", bias_initializer="random_normal", dtype="float64"), (2, 5, 2)),
    (lambda: layers.Conv1D(2, 2, padding="causal", dilation_rate=2, activation="tanh", dtype="float64"), (1, 5, 2)),
    (lambda: layers.Conv1D(2, 3, strides=2, dtype="float64"), (2, 6, 1)),
    (lambda: layers.Conv2D(2, 2, bias_initializer="random_normal", dtype="float64"), (1, 4, 3, 2)),
    (lambda: layers.Conv2D(2, 3, strides=2, padding="same", activation="tanh", dtype="float64"), (2, 5, 4, 1)),
    (lambda: layers.Conv2D(1, 2, dilation_rate=2, padding="same", dtype="float64"), (1, 4, 4, 2)),
], ids=["conv1d_same", "conv1d_causal_dilated", "conv1d_strides", "conv2d_valid", "conv2d_strides_same",
        "conv2d_dilated"])
def test_conv_gradients(make, shape):
    check_gradients(make(), normal(*shape))


@pytest.mark.parametrize("make,shape", [
    (lambda: layers.MaxPooling1D(2, padding="same", dtype="float64"), (2, 5, 2)),
    (lambda: layers.AveragePooling1D(3, strides=2, padding="same", dtype="float64"), (1, 6, 2)),
    (lambda: layers.MaxPooling2D(2, dtype="float64"), (1, 4, 5, 2)),
    (lambda: layers.MaxPooling2D(3, strides=2, padding="same", dtype="float64"), (1, 5, 4, 1)),
    (lambda: layers.AveragePooling2D(2, strides=1, padding="same", dtype="float64"), (1, 3, 4, 2)),
    (lambda: layers.GlobalMaxPooling1D(dtype="float64"), (2, 4, 3)),
    (lambda: layers.GlobalAveragePooling1D(dtype="float64"), (2, 4, 3)),
    (lambda: layers.GlobalMaxPooling2D(keepdims=True, dtype="float64"), (2, 3, 3, 2)),
    (lambda: layers.GlobalAveragePooling2D(dtype="float64"), (2, 3, 3, 2)),
], ids=["max1d_same", "avg1d_same", "max2d", "max2d_same_strides", "avg2d_same", "gmax1d", "gavg1d", "gmax2d",
        "gavg2d"])
def test_pooling_gradients(make, shape):
    check_gradients(make(), normal(*shape))


# ---------------------------------------------------------------- weights, shapes, configs
def test_conv_weights_shapes_and_param_counts():
    conv = layers.Conv2D(32, 3)
    conv.build((None, 28, 28, 1))
    assert [tuple(w.shape) for w in conv.weights] == [(3, 3, 1, 32), (32,)]
    assert [w.name for w in conv.weights] == ["conv2d/kernel:0", "conv2d/bias:0"]
    assert conv.count_params() == 320
    conv1 = layers.Conv1D(8, 5, use_bias=False)
    conv1.build((None, 100, 4))
    assert [tuple(w.shape) for w in conv1.weights] == [(5, 4, 8)] and conv1.count_params() == 160


@pytest.mark.parametrize("layer,input_shape,output_shape", [
    (layers.Conv2D(4, 3), (None, 28, 28, 1), (None, 26, 26, 4)),
    (layers.Conv2D(4, 3, strides=2, padding="same"), (None, 7, 7, 1), (None, 4, 4, 4)),
    (layers.Conv2D(4, 3, dilation_rate=2), (None, 9, 9, 2), (None, 5, 5, 4)),
    (layers.Conv1D(4, 3, padding="causal", dilation_rate=4), (None, 20, 2), (None, 20, 4)),
    (layers.Conv1D(4, 3, strides=3), (None, None, 2), (None, None, 4)),
    (layers.Conv2D(4, 5, padding="same", strides=2), (None, None, None, 3), (None, None, None, 4)),
    (layers.Conv2D(4, 5), (None, None, 8, 3), (None, None, 4, 4)),
    (layers.MaxPooling1D(4), (None, None, 3), (None, None, 3)),
    (layers.GlobalMaxPooling1D(), (None, None, 3), (None, 3)),
    (layers.MaxPooling2D(2), (None, 5, 5, 3), (None, 2, 2, 3)),
    (layers.MaxPooling2D(2, padding="same"), (None, 5, 5, 3), (None, 3, 3, 3)),
    (layers.AveragePooling1D(4, strides=1), (None, 10, 3), (None, 7, 3)),
    (layers.GlobalAveragePooling2D(), (None, 5, 5, 3), (None, 3)),
    (layers.GlobalMaxPooling1D(keepdims=True), (None, 5, 3), (None, 1, 3)),
])
def test_symbolic_output_shapes(layer, input_shape, output_shape):
    x = keras.Input(shape=input_shape[1:])
    assert tuple(layer(x).shape) == output_shape


@pytest.mark.parametrize("layer", [
    layers.Conv1D(3, 5, strides=2, padding="causal", activation="relu", use_bias=False),
    layers.Conv2D(3, (2, 3), padding="same", dilation_rate=2, kernel_initializer="he_normal"),
    layers.MaxPooling1D(3, strides=1), layers.MaxPooling2D((2, 3), padding="same"), layers.AveragePooling1D(),
    layers.AveragePooling2D(3, strides=2), layers.GlobalMaxPooling1D(keepdims=True), layers.GlobalMaxPooling2D(),
    layers.GlobalAveragePooling1D(), layers.GlobalAveragePooling2D(keepdims=True),
], ids=lambda layer: type(layer).__name__)
def test_config_round_trip_and_keys_match_keras(layer):
    config = layer.get_config()
    assert sorted(config) == FIXTURES["configs"][type(layer).__name__]
    clone = layers.deserialize(layers.serialize(layer))
    assert type(clone) is type(layer)
    assert clone.get_config() == config


def test_conv_and_pooling_tuples_and_defaults():
    conv = layers.Conv2D(8, 3)
    assert (conv.kernel_size, conv.strides, conv.dilation_rate, conv.padding) == ((3, 3), (1, 1), (1, 1), "valid")
    pool = layers.MaxPooling2D(3)
    assert (pool.pool_size, pool.strides) == ((3, 3), (3, 3))
    assert layers.MaxPooling1D(strides=1).strides == (1,)
    assert layers.MaxPool2D is layers.MaxPooling2D and layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D


# ---------------------------------------------------------------- errors that name the fix
def test_channels_first_is_a_clear_error():
    for make in (lambda: layers.Conv2D(2, 3, data_format="channels_first"),
                 lambda: layers.MaxPooling2D(data_format="channels_first"),
                 lambda: layers.GlobalAveragePooling2D(data_format="channels_first")):
        with pytest.raises(ValueError, match="channels_last.*tf.transpose"):
            make()


def test_invalid_arguments():
    with pytest.raises(ValueError, match="strides > 1.*dilation_rate > 1"):
        layers.Conv2D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="padding"):
        layers.Conv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="filters"):
        layers.Conv1D(0, 3)
    with pytest.raises(ValueError, match="kernel_size"):
        layers.Conv2D(2, (3, 3, 3))
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.Conv2D(2, 3)(np.zeros((2, 5, 3), np.float32))
    with pytest.raises(ValueError, match="expected ndim=3"):
        layers.GlobalMaxPooling1D()(np.zeros((2, 5, 5, 3), np.float32))
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.MaxPooling2D()(keras.Input(shape=(None, 3)))


# ---------------------------------------------------------------- whole convnets
# (their summary() text is checked against tf.keras's with the others, in test_keras_summary.py)
def test_mnist_convnet_weights():
    assert keras_models.mnist_convnet(keras).count_params() == 104202


def test_mnist_convnet_functional_predictions():
    model = keras_models.mnist_convnet_functional(keras)
    probabilities = model(np.random.default_rng(0).random((2, 28, 28, 1), dtype=np.float32)).numpy()
    assert probabilities.shape == (2, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_convnet_trains_with_gradient_tape():
    """A few SGD steps on a tiny convnet lower its loss: the gradients reach every weight."""
    tf.random.set_seed(0)
    model = keras.Sequential([keras.Input(shape=(6, 6, 1)), layers.Conv2D(4, 3, activation="relu"),
                              layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(2)])
    rng = np.random.default_rng(1)
    x = rng.normal(size=(8, 6, 6, 1)).astype(np.float32)
    y = rng.normal(size=(8, 2)).astype(np.float32)
    losses = []
    for _ in range(5):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_weights)
        assert all(g is not None for g in grads)
        for w, g in zip(model.trainable_weights, grads):
            w.assign_sub(0.05 * g)
        losses.append(float(loss))
    assert losses[-1] < losses[0]
