"""Gradients through Keras layers and models: GradientTape against central finite differences,
in float64 (every layer takes dtype="float64").

The check projects the output on a fixed random tensor (loss = sum(output * projection)) so one
scalar covers every output element, then compares d(loss)/d(input) and d(loss)/d(weight) with
(loss(v + eps) - loss(v - eps)) / (2 eps) for every element."""
import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

EPS = 1e-6


def _loss(layer, inputs, projection, seed, training):
    if seed is not None:
        tf.random.set_seed(seed)  # the same dropout mask at every evaluation
    out = layer(inputs, training=training) if training is not None else layer(inputs)
    return tf.reduce_sum(out * projection)


def _numeric(f, array):
    grad = np.zeros_like(array)
    flat, gflat = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + EPS
        plus = f()
        flat[i] = keep - EPS
        minus = f()
        flat[i] = keep
        gflat[i] = (plus - minus) / (2 * EPS)
    return grad


def check_gradients(layer, inputs, differentiable_inputs=True, seed=None, training=None):
    """Fails with the name of the first input or weight whose gradient disagrees."""
    rng = np.random.default_rng(0)
    inputs = inputs if isinstance(inputs, list) else [inputs]
    single = len(inputs) == 1

    def feed(arrays):
        tensors = [tf.constant(a) for a in arrays]
        return tensors[0] if single else tensors

    out = layer(feed(inputs)) if training is None else layer(feed(inputs), training=training)
    outs = out if isinstance(out, (list, tuple)) else [out]
    projections = [tf.constant(rng.normal(size=tuple(o.shape))) for o in outs]

    def scalar(arrays):
        if seed is not None:
            tf.random.set_seed(seed)
        result = layer(feed(arrays)) if training is None else layer(feed(arrays), training=training)
        result = result if isinstance(result, (list, tuple)) else [result]
        return sum(tf.reduce_sum(r * p) for r, p in zip(result, projections))

    tensors = [tf.constant(a) for a in inputs]
    with tf.GradientTape() as tape:
        if differentiable_inputs:
            tape.watch(tensors)
        if seed is not None:
            tf.random.set_seed(seed)
        result = layer(tensors[0] if single else tensors) if training is None else \
            layer(tensors[0] if single else tensors, training=training)
        result = result if isinstance(result, (list, tuple)) else [result]
        loss = sum(tf.reduce_sum(r * p) for r, p in zip(result, projections))
    weights = layer.trainable_weights
    grads = tape.gradient(loss, (tensors if differentiable_inputs else []) + weights)
    checked = 0
    if differentiable_inputs:
        for i, (array, grad) in enumerate(zip(inputs, grads)):
            work = [a.copy() for a in inputs]
            numeric = _numeric(lambda: float(scalar(work)), work[i])
            np.testing.assert_allclose(np.asarray(grad), numeric, rtol=1e-5, atol=1e-7,
                                       err_msg=f"{layer.name}: gradient for input {i}")
            checked += 1
    for weight, grad in zip(weights, grads[len(inputs) if differentiable_inputs else 0:]):
        assert grad is not None, f"{layer.name}: no gradient for {weight.name}"
        value = weight.numpy().copy()

        def f(value=value, weight=weight):
            weight.assign(value)
            return float(scalar(inputs))

        numeric = _numeric(f, value)
        weight.assign(value)
        np.testing.assert_allclose(np.asarray(grad), numeric, rtol=1e-5, atol=1e-7,
                                   err_msg=f"{layer.name}: gradient for weight {weight.name}")
        checked += 1
    assert checked > 0


def normal(*shape, seed=1):
    return np.random.default_rng(seed).normal(size=shape)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "softmax", "tanh", "linear", "elu", "selu", "gelu",
                                        "softplus"])
def test_dense(activation):
    check_gradients(layers.Dense(3, activation=activation, dtype="float64", bias_initializer="random_normal"),
                    normal(4, 5))


def test_dense_rank3_and_no_bias():
    check_gradients(layers.Dense(2, dtype="float64"), normal(2, 3, 4))
    check_gradients(layers.Dense(2, use_bias=False, dtype="float64"), normal(3, 4))


@pytest.mark.parametrize("make,shapes", [
    (lambda: layers.Activation("tanh", dtype="float64"), [(3, 4)]),
    (lambda: layers.Flatten(dtype="float64"), [(2, 3, 2)]),
    (lambda: layers.Reshape((3, -1), dtype="float64"), [(2, 6)]),
    (lambda: layers.Concatenate(axis=1, dtype="float64"), [(2, 2), (2, 3)]),
    (lambda: layers.Add(dtype="float64"), [(2, 3), (2, 3)]),
    (lambda: layers.Multiply(dtype="float64"), [(2, 3), (2, 3)]),
    (lambda: layers.Average(dtype="float64"), [(2, 3), (2, 3)]),
    (lambda: layers.Subtract(dtype="float64"), [(2, 3), (2, 3)]),
], ids=["activation", "flatten", "reshape", "concatenate", "add", "multiply", "average", "subtract"])
def test_weightless_layers(make, shapes):
    check_gradients(make(), [normal(*s, seed=i) for i, s in enumerate(shapes)])


def test_dropout_in_training_mode():
    check_gradients(layers.Dropout(0.4, dtype="float64"), normal(4, 5), seed=3, training=True)


def test_embedding():
    check_gradients(layers.Embedding(6, 3, dtype="float64"), np.array([[0, 2, 2], [5, 1, 0]]),
                    differentiable_inputs=False)


def test_custom_layer():
    class SimpleDense(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.W = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")
            self.b = self.add_weight(shape=(self.units,), initializer="random_normal")

        def call(self, inputs):
            return tf.nn.relu(tf.matmul(inputs, self.W) + self.b)

    check_gradients(SimpleDense(3, dtype="float64"), normal(2, 4))


def test_functional_multi_output_model():
    a = keras.Input(shape=(3,), dtype="float64")
    b = keras.Input(shape=(2,), dtype="float64")
    features = layers.Dense(4, activation="tanh", dtype="float64")(layers.Concatenate(dtype="float64")([a, b]))
    out1 = layers.Dense(1, activation="sigmoid", dtype="float64")(features)
    out2 = layers.Dense(3, activation="softmax", dtype="float64")(features)
    model = keras.Model([a, b], [out1, out2])
    check_gradients(model, [normal(2, 3), normal(2, 2, seed=2)])


def test_sequential_and_subclassed_models():
    model = keras.Sequential([layers.Dense(4, activation="elu", dtype="float64"),
                              layers.Dense(2, dtype="float64")], dtype="float64")
    check_gradients(model, normal(3, 5))

    class Residual(keras.Model):
        def __init__(self):
            super().__init__(dtype="float64")
            self.inner = layers.Dense(5, activation="tanh", dtype="float64")

        def call(self, x):
            return x + self.inner(x)

    check_gradients(Residual(), normal(2, 5))


def test_frozen_layer_has_no_trainable_weights_but_still_passes_gradients():
    model = keras.Sequential([layers.Dense(3, dtype="float64"), layers.Dense(2, dtype="float64")], dtype="float64")
    model.build((None, 4))
    model.layers[0].trainable = False
    assert len(model.trainable_weights) == 2
    check_gradients(model, normal(2, 4))
