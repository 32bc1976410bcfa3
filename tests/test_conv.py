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
