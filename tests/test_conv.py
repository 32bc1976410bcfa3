"""Convolution and pooling against TensorFlow's recorded outputs, and their gradients
against finite differences (tools/make_conv_fixtures.py regenerates the fixtures)."""
import pathlib

import numpy as np
import pytest

import tinytf as tf
from helpers import check_grad

FIX = np.load(pathlib.Path(__file__).parent / "fixtures" / "conv_tf.npz")


@pytest.mark.parametrize("pad", ["VALID", "SAME"])
@pytest.mark.parametrize("stride", [1, 2])
def test_conv_and_pools_match_tensorflow(pad, stride):
    x, w = FIX["x"], FIX["w"]
    np.testing.assert_allclose(tf.nn.conv2d(x, w, stride, pad).numpy(), FIX[f"conv_{pad}_{stride}"], rtol=1e-10)
    np.testing.assert_allclose(tf.nn.max_pool2d(x, 3, stride, pad).numpy(), FIX[f"max_{pad}_{stride}"])
    np.testing.assert_allclose(tf.nn.avg_pool2d(x, 3, stride, pad).numpy(), FIX[f"avg_{pad}_{stride}"], rtol=1e-12)


def test_dilated_and_1d_match_tensorflow():
    np.testing.assert_allclose(tf.nn.conv2d(FIX["x"], FIX["w"], 1, "SAME", dilations=2).numpy(), FIX["conv_dil"],
                               rtol=1e-10)
    np.testing.assert_allclose(tf.nn.conv1d(FIX["x1"], FIX["w1"], 2, "SAME").numpy(), FIX["conv1d"], rtol=1e-10)
    np.testing.assert_allclose(tf.nn.max_pool1d(FIX["x1"], 2, 2, "VALID").numpy(), FIX["maxpool1d"])
    np.testing.assert_allclose(tf.nn.avg_pool1d(FIX["x1"], 3, 2, "SAME").numpy(), FIX["avgpool1d"], rtol=1e-12)


def test_float32_conv_matches_float64():
    x, w = FIX["x"], FIX["w"]
    got = tf.nn.conv2d(x.astype(np.float32), w.astype(np.float32), 1, "SAME").numpy()
    np.testing.assert_allclose(got, FIX["conv_SAME_1"], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("pad,stride", [("VALID", 1), ("SAME", 2)])
def test_conv_gradients(pad, stride):
    rng = np.random.default_rng(3)
    check_grad(lambda x, w: tf.nn.conv2d(x, w, stride, pad), rng.normal(size=(2, 5, 4, 2)), rng.normal(size=(3, 2, 2, 3)))


@pytest.mark.parametrize("pool", [tf.nn.max_pool2d, tf.nn.avg_pool2d])
def test_pool_gradients(pool):
    rng = np.random.default_rng(4)
    check_grad(lambda x: pool(x, 2, 2, "SAME") * 1.5, rng.normal(size=(2, 5, 5, 2)))


@pytest.mark.parametrize("k,s,pad", [(2, 2, "VALID"), (2, 1, "SAME"), (3, 2, "SAME"), (3, 1, "VALID")])
def test_max_pool_ties_match_tensorflow(k, s, pad):
    # Windows of small integers hold equal maxima: TensorFlow sends the gradient to the first in window order.
    name = f"ties_{k}_{s}_{pad}"
    x = tf.constant(FIX["ties"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.max_pool2d(x, k, s, pad)
    np.testing.assert_array_equal(y.numpy(), FIX[f"{name}_y"])
    dx = tape.gradient(y, x, output_gradients=tf.constant(FIX[f"{name}_upstream"]))
    np.testing.assert_allclose(dx.numpy(), FIX[f"{name}_dx"], rtol=1e-15)


def test_max_pool_of_neg_inf_is_the_lowest_float_as_in_tensorflow():
    x = np.full((1, 2, 2, 1), -np.inf, np.float32)
    np.testing.assert_array_equal(tf.nn.max_pool2d(x, 2, 2, "VALID").numpy(), FIX["pool_of_neg_inf"])


def _numpy_max_pool(x, k, s, pad):
    """y, and the (row, column) of each maximum: the first of equal values in window order, NaN never."""
    n, h, w, c = x.shape
    oh, ow = ((h - k) // s + 1, (w - k) // s + 1) if pad == "VALID" else (-(-h // s), -(-w // s))
    top = max(0, (oh - 1) * s + k - h) // 2 if pad == "SAME" else 0
    left = max(0, (ow - 1) * s + k - w) // 2 if pad == "SAME" else 0
    y = np.full((n, oh, ow, c), np.finfo(x.dtype).min, x.dtype)
    at = np.full((n, oh, ow, c, 2), -1)
    for oy in range(oh):
        for ox in range(ow):
            for ky in range(k):
                for kx in range(k):
                    iy, ix = oy * s - top + ky, ox * s - left + kx
                    if not (0 <= iy < h and 0 <= ix < w):
                        continue
                    v = x[:, iy, ix, :]
                    take = (v > y[:, oy, ox, :]) | (at[:, oy, ox, :, 0] < 0)
                    y[:, oy, ox, :] = np.where(v > y[:, oy, ox, :], v, y[:, oy, ox, :])
                    at[:, oy, ox, :][take] = (iy, ix)
    return y, at


def _numpy_max_pool_grad(x_shape, at, upstream):
    dx = np.zeros(x_shape, upstream.dtype)
    n, oh, ow, c = upstream.shape
    for b in range(n):
        for oy in range(oh):
            for ox in range(ow):
                for ch in range(c):
                    iy, ix = at[b, oy, ox, ch]
                    dx[b, iy, ix, ch] += upstream[b, oy, ox, ch]
    return dx


@pytest.mark.parametrize("seed", range(8))
def test_max_pool_and_its_gradient_match_numpy(seed):
    rng = np.random.default_rng(seed)
    k, s = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    pad = ["VALID", "SAME"][seed % 2]
    dtype = [np.float32, np.float64][seed // 2 % 2]
    n = 0 if seed == 5 else int(rng.integers(1, 4))  # an empty batch too
    shape = (n, int(rng.integers(k, 9)), int(rng.integers(k, 9)), int(rng.integers(1, 5)))
    x = rng.integers(-2, 3, size=shape).astype(dtype)  # many ties
    if seed == 6:
        x[0, 0, 0, 0] = np.nan  # never the maximum
    want_y, at = _numpy_max_pool(x, k, s, pad)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = tf.nn.max_pool2d(xt, k, s, pad)
    np.testing.assert_array_equal(y.numpy(), want_y)
    upstream = rng.normal(size=want_y.shape).astype(dtype)
    dx = tape.gradient(y, xt, output_gradients=tf.constant(upstream))
    np.testing.assert_allclose(dx.numpy(), _numpy_max_pool_grad(x.shape, at, upstream), rtol=1e-6)


def test_max_pool_gradient_of_the_gradient():
    # d/du <dx(u), v> is v read at each window's maximum: the gather that undoes the gradient's scatter.
    rng = np.random.default_rng(7)
    x = tf.constant(rng.normal(size=(2, 5, 6, 3)))
    u = tf.constant(rng.normal(size=(2, 3, 3, 3)))
    v = rng.normal(size=(2, 5, 6, 3))
    with tf.GradientTape() as outer:
        outer.watch(u)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.nn.max_pool2d(x, 2, 2, "SAME")
        dx = inner.gradient(y, x, output_gradients=u)
        total = tf.reduce_sum(dx * v)
    _, at = _numpy_max_pool(x.numpy(), 2, 2, "SAME")
    want = np.take_along_axis(v.reshape(2, 30, 3), (at[..., 0] * 6 + at[..., 1]).reshape(2, 9, 3), axis=1)
    np.testing.assert_allclose(outer.gradient(total, u).numpy(), want.reshape(2, 3, 3, 3), rtol=1e-15)


def test_conv_errors():
    x = tf.zeros([1, 5, 5, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="3 channels.*expect 2"):
        tf.nn.conv2d(x, tf.zeros([3, 3, 2, 4]), 1, "SAME")
    with pytest.raises(tf.errors.InvalidArgumentError, match="padding"):
        tf.nn.conv2d(x, tf.zeros([3, 3, 3, 4]), 1, "FULL")
    with pytest.raises(tf.errors.InvalidArgumentError, match="larger than"):
        tf.nn.max_pool2d(x, 7, 1, "VALID")
    with pytest.raises(tf.errors.InvalidArgumentError, match="4-D"):
        tf.nn.conv2d(tf.zeros([5, 5, 3]), tf.zeros([3, 3, 3, 4]), 1, "SAME")
