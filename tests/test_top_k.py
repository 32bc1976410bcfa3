"""tf.math.top_k and tf.math.in_top_k against NumPy (ties included: TensorFlow takes the lowest index first
in top_k, and counts classes tied with the target as not above it in in_top_k)."""
import numpy as np
import pytest

import tinytf as tf
from helpers import check_grad


def numpy_top_k(x, k):
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, order, axis=-1), order


@pytest.mark.parametrize("shape", [(7,), (3, 6), (2, 3, 5), (4, 1), (0, 3)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64"])
def test_top_k_matches_numpy_with_ties(shape, dtype):
    rng = np.random.default_rng(len(shape) * 10 + shape[-1])
    x = rng.integers(-3, 4, size=shape).astype(dtype)  # few distinct values: many ties
    for k in sorted({0, 1, shape[-1] // 2, shape[-1]}):
        values, indices = tf.math.top_k(tf.constant(x), k)
        expected_values, expected_indices = numpy_top_k(x, k)
        assert values.dtype.name == dtype and indices.dtype == tf.int32
        np.testing.assert_array_equal(values.numpy(), expected_values, err_msg=f"k={k}")
        np.testing.assert_array_equal(indices.numpy(), expected_indices, err_msg=f"k={k}")


def test_top_k_with_infinities():
    x = np.array([[-np.inf, 1.0, -np.inf, np.inf, 0.0]], "float32")
    values, indices = tf.math.top_k(tf.constant(x), 5)
    np.testing.assert_array_equal(indices.numpy(), [[3, 1, 4, 0, 2]])
    np.testing.assert_array_equal(values.numpy(), x[:, [3, 1, 4, 0, 2]])


def test_top_k_gradient_goes_to_the_chosen_entries():
    x = np.random.default_rng(1).normal(size=(3, 5))
    check_grad(lambda t: tf.math.top_k(t, 2).values * tf.constant([[1.0, 2.0]], dtype="float64"), x)


def test_top_k_rejects_bad_k():
    with pytest.raises(tf.errors.InvalidArgumentError, match="k must be in \\[0, 3\\]"):
        tf.math.top_k(tf.zeros([2, 3]), 4)
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least 1-D"):
        tf.math.top_k(tf.constant(1.0), 1)


def test_in_top_k_matches_numpy():
    rng = np.random.default_rng(7)
    predictions = rng.integers(0, 4, size=(50, 6)).astype("float32")
    predictions[0, 2] = np.nan
    predictions[1, 5] = np.inf
    targets = rng.integers(0, 6, size=50)
    targets[0], targets[1], targets[2] = 2, 5, 6  # a NaN score, an infinite score, a class out of range
    for k in (1, 2, 3, 6):
        got = tf.math.in_top_k(tf.constant(targets.astype("int32")), tf.constant(predictions), k).numpy()
        rows = np.arange(50)
        score = np.where(targets < 6, predictions[rows, np.minimum(targets, 5)], np.nan)
        expected = ((predictions > score[:, None]).sum(-1) < k) & np.isfinite(score)
        np.testing.assert_array_equal(got, expected, err_msg=f"k={k}")


def test_in_top_k_checks_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match="predictions \\[batch, classes\\]"):
        tf.math.in_top_k(tf.constant([1, 2]), tf.zeros([3, 4]), 1)
