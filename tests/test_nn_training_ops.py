"""tf.nn.bias_add and tf.nn.dropout against NumPy and TensorFlow's rules (errors, data formats,
dropout's scaling, noise shapes and seeds); their gradients are in test_gradients.py."""
import numpy as np
import pytest

import tinytf as tf
from helpers import FLOAT, NUMERIC, check_op, check_rejects_dtype, run_with_threads

# value shape, data_format, the axis the bias goes along
BIAS_CASES = [((2, 3), None, -1), ((4, 2, 3), "NHWC", -1), ((2, 3, 4, 5), "NCHW", 1), ((2, 3), "NCHW", 1),
              ((2, 3, 4), "NCW", 1), ((2, 3, 1, 1, 1), "NCDHW", 1), ((2, 3), "N...C", -1), ((0, 3), None, -1),
              ((2, 0, 4), "NC", 1)]


@pytest.mark.parametrize("shape,data_format,axis", BIAS_CASES)
def test_bias_add_matches_numpy(shape, data_format, axis):
    channels = shape[axis]

    def reference(value, bias):
        view = [1] * len(shape)
        view[axis] = channels
        return value + bias.reshape(view)

    check_op(lambda v, b: tf.nn.bias_add(v, b, data_format=data_format), reference,
             shapes=[(shape, (channels,))], dtypes=NUMERIC, name=f"bias_add({data_format})")


def test_bias_add_errors_are_tensorflows():
    with pytest.raises(tf.errors.InvalidArgumentError, match="bias has 2 entries but the input.*has 3 channels"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1.0, 2.0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="bias must be 1-D"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([1, 3]))
    for value in (tf.ones([3]), tf.ones([])):
        with pytest.raises(tf.errors.InvalidArgumentError, match="must be at least 2-D"):
            tf.nn.bias_add(value, tf.ones([1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="same dtype"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1, 2, 3]))
    with pytest.raises(ValueError, match="`data_format` must be of the form `N...C` or `NC...`"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1.0, 2.0, 3.0]), data_format="XYZ")
    check_rejects_dtype(lambda v: tf.nn.bias_add(v, tf.reshape(v, [-1])[:3]), ("bool",), name="bias_add")


def _kept_fraction(y, x):
    return float(np.mean(y != 0)) if x.size else 1.0


@pytest.mark.parametrize("dtype", FLOAT)
@pytest.mark.parametrize("rate", [0.1, 0.5, 0.9])
def test_dropout_keeps_one_minus_rate_and_scales(dtype, rate):
    x = np.random.default_rng(0).uniform(1.0, 2.0, size=(200, 300)).astype(dtype)
    y = tf.nn.dropout(tf.constant(x), rate, seed=7).numpy()
    assert y.dtype == dtype
    kept = y != 0
    np.testing.assert_allclose(y[kept], x[kept] / (1 - rate), rtol=1e-6)  # every kept value scaled by 1/(1-rate)
    assert abs(kept.mean() - (1 - rate)) < 0.01  # 60 000 draws: 4 standard deviations is < 0.01


def test_dropout_rate_zero_noise_shape_and_empty():
    x = tf.constant(np.arange(1.0, 13.0).reshape(3, 4))
    assert tf.nn.dropout(x, 0.0) is x  # TensorFlow returns the input itself
    rows = tf.nn.dropout(x, 0.5, noise_shape=[3, 1], seed=1).numpy()  # one decision per row
    for row, original in zip(rows, x.numpy()):
        assert (row == 0).all() or np.allclose(row, 2 * original)
    cols = tf.nn.dropout(x, 0.5, noise_shape=[None, 1], seed=2).numpy()  # None takes x's size
    assert all((r == 0).all() or np.allclose(r, 2 * o) for r, o in zip(cols, x.numpy()))
    assert tf.nn.dropout(tf.zeros([0, 3]), 0.5).shape == (0, 3)
    assert tf.nn.dropout(tf.ones([]), 0.5, seed=3).shape == ()
    assert float(tf.nn.dropout(tf.constant(1.0), tf.constant(0.5), seed=3)) in (0.0, 2.0)  # rate as a tensor


def test_dropout_is_reproducible_with_seeds_and_differs_between_calls():
    x = tf.ones([1000])
    tf.random.set_seed(5)
    first = [tf.nn.dropout(x, 0.5).numpy(), tf.nn.dropout(x, 0.5, seed=1).numpy(), tf.nn.dropout(x, 0.5).numpy()]
    tf.random.set_seed(5)
    again = [tf.nn.dropout(x, 0.5).numpy(), tf.nn.dropout(x, 0.5, seed=1).numpy(), tf.nn.dropout(x, 0.5).numpy()]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], first[2])  # each call draws a new mask


def test_dropout_mask_is_independent_of_thread_count():
    script = ("import tinytf as tf\ntf.random.set_seed(3)\n"
              "print(tf.nn.dropout(tf.ones([300000]), 0.3).numpy().tobytes().hex()[:100000])")
    assert run_with_threads(script, 1) == run_with_threads(script, 2)


def test_dropout_errors_are_tensorflows():
    for rate in (1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the range \[0, 1\)"):
            tf.nn.dropout(tf.ones([3]), rate)
    with pytest.raises(ValueError, match="`x.dtype` must be a floating point tensor as `x` will be scaled"):
        tf.nn.dropout(tf.ones([3], tf.int32), 0.5)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"noise_shape \[2,1\] must broadcast to the shape of x, \[3,4\]"):
        tf.nn.dropout(tf.ones([3, 4]), 0.5, noise_shape=[2, 1])


def test_dropout_layer_uses_tf_nn_dropout():
    from tinytf import keras

    layer = keras.layers.Dropout(0.5, noise_shape=(None, 1), seed=4)
    x = tf.ones([6, 5])
    y = layer(x, training=True).numpy()
    assert all((r == 0).all() or (r == 2).all() for r in y)
    assert layer(x, training=False) is x
