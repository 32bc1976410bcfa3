"""tf.where(condition), tf.boolean_mask and tf.gather_nd against NumPy (random shapes, every dtype,
empty masks and index lists, batch_dims) and float64 finite differences; TensorFlow's own outcomes
and error texts are in test_ops_tf.py."""
import zlib

import numpy as np
import pytest

import tinytf as tf
from helpers import ALL, check_grad, random_array

SHAPES = [(1,), (7,), (3, 4), (2, 3, 5), (0,), (4, 0), (2, 0, 3)]


def _rng(*parts):
    """A generator seeded by the test's parameters."""
    return np.random.default_rng(zlib.crc32(repr(parts).encode()))


# ---------------------------------------------------------------- where(condition)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", ALL)
def test_where_gives_the_coordinates_of_nonzero_entries(shape, dtype):
    rng = _rng("where", shape, dtype)
    x = random_array(shape, dtype, rng)
    if dtype != "bool":
        x = np.where(rng.random(shape) < 0.5, x, 0).astype(dtype)
    got = tf.where(tf.constant(x))
    assert got.dtype == tf.int64
    np.testing.assert_array_equal(got.numpy(), np.argwhere(x).reshape(-1, len(shape)))


def test_where_counts_nan_as_true_and_refuses_scalars():
    np.testing.assert_array_equal(tf.where([1.0, 0.0, np.nan, -0.0]).numpy(), [[0], [2]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="where: the condition must be at least 1-D"):
        tf.where(tf.constant(True))


# ---------------------------------------------------------------- boolean_mask
def _np_boolean_mask(x, mask, axis):
    flat = x.reshape(x.shape[:axis] + (mask.size,) + x.shape[axis + mask.ndim:])
    return np.take(flat, np.flatnonzero(mask), axis=axis)


CASES = [((5,), 0, 1), ((3, 4), 0, 1), ((3, 4), 0, 2), ((3, 4), 1, 1), ((2, 3, 5), 1, 2), ((2, 3, 5), 2, 1),
         ((2, 3, 5), 0, 3), ((0, 3), 0, 1), ((4, 0), 1, 1), ((2, 0, 3), 0, 2)]


@pytest.mark.parametrize("shape,axis,mask_rank", CASES)
@pytest.mark.parametrize("dtype", ALL)
def test_boolean_mask_matches_numpy(shape, axis, mask_rank, dtype):
    rng = _rng(shape, axis, mask_rank, dtype)
    x = random_array(shape, dtype, rng)
    mask = rng.random(shape[axis:axis + mask_rank]) < 0.5
    got = tf.boolean_mask(tf.constant(x), tf.constant(mask), axis=axis)
    expected = _np_boolean_mask(x, mask, axis)
    assert got.dtype.name == dtype and tuple(got.shape.as_list()) == expected.shape
    np.testing.assert_array_equal(got.numpy(), expected)


def test_boolean_mask_all_false_and_all_true():
    x = np.arange(12.0, dtype=np.float32).reshape(3, 4)
    assert tf.boolean_mask(x, [False] * 3).shape.as_list() == [0, 4]
    np.testing.assert_array_equal(tf.boolean_mask(x, [True] * 4, axis=1).numpy(), x)


def test_boolean_mask_refuses_a_mask_that_does_not_fit_before_anything_runs():
    x = tf.zeros([2, 3])
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(3,\) are incompatible .*boolean_mask"):
        tf.boolean_mask(x, [True, False, True])
    with pytest.raises(ValueError, match="mask cannot be scalar"):
        tf.boolean_mask(x, True)
    with pytest.raises(ValueError, match=r"Shapes \(\) and \(3,\)"):
        tf.boolean_mask(x, [True, False, True], axis=2)


def test_boolean_mask_gradient_reaches_the_kept_entries():
    mask = np.array([[True, False, True], [False, True, True]])
    check_grad(lambda x: tf.boolean_mask(x, mask) ** 2, np.random.default_rng(3).normal(size=(2, 3)))
    check_grad(lambda x: tf.boolean_mask(x, [True, False, True], axis=1) * 3.0,
               np.random.default_rng(4).normal(size=(2, 3, 2)))


# ---------------------------------------------------------------- gather_nd
def _np_gather_nd(params, indices, batch_dims=0):
    """Row by row, as the definition says."""
    batch = params.shape[:batch_dims]
    m = indices.shape[-1]
    out_shape = indices.shape[:-1] + params.shape[batch_dims + m:]
    out = np.zeros(out_shape, params.dtype)
    for idx in np.ndindex(*indices.shape[:-1]):
        b = idx[:batch_dims]
        out[idx] = params[b + tuple(indices[idx])] if batch else params[tuple(indices[idx])]
    return out


ND_CASES = [  # params shape, indices' leading shape, m, batch_dims
    ((5,), (3,), 1, 0), ((3, 4), (2,), 2, 0), ((3, 4), (2,), 1, 0), ((3, 4), (2, 3), 2, 0), ((2, 3, 4), (5,), 2, 0),
    ((2, 3, 4), (4,), 0, 0), ((2, 3, 4), (0,), 2, 0), ((2, 3, 4), (2,), 2, 1), ((2, 3, 4), (2, 3), 1, 1),
    ((2, 3, 4), (2, 3), 1, 2), ((2, 3, 4, 2), (2, 3, 2), 2, 2), ((0, 3), (0,), 1, 0), ((3, 0), (2,), 1, 0),
]


@pytest.mark.parametrize("shape,lead,m,batch_dims", ND_CASES)
@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("index_dtype", ["int32", "int64"])
def test_gather_nd_matches_numpy(shape, lead, m, batch_dims, dtype, index_dtype):
    rng = _rng(shape, lead, m, batch_dims, dtype)
    params = random_array(shape, dtype, rng)
    bounds = shape[batch_dims:batch_dims + m]
    indices = np.stack([rng.integers(0, max(size, 1), size=lead) for size in bounds], axis=-1) if m else \
        np.zeros(lead + (0,), np.int64)
    indices = indices.astype(index_dtype)
    got = tf.gather_nd(tf.constant(params), tf.constant(indices), batch_dims=batch_dims)
    expected = _np_gather_nd(params, indices, batch_dims)
    assert got.dtype.name == dtype and tuple(got.shape.as_list()) == expected.shape
    np.testing.assert_array_equal(got.numpy(), expected)


def test_gather_nd_checks_every_index_before_gathering():
    params = tf.zeros([2, 3, 4])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"gather_nd: indices\[1,0\] = \[1, 3\] does not index into param shape \[2,3,4\]"):
        tf.gather_nd(params, [[[0, 1]], [[1, 3]]])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"batch dimensions of params \(2, 3, 4\) and indices"):
        tf.gather_nd(params, [[1], [0], [1]], batch_dims=1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected an integer tensor"):
        tf.gather_nd(params, [[0.0, 1.0]])


def test_gather_nd_gradient_adds_up_repeated_tuples():
    indices = np.array([[1, 0], [0, 2], [1, 0]])
    check_grad(lambda p: tf.gather_nd(p, indices) * tf.constant([1.0, 2.0, 3.0], tf.float64),
               np.random.default_rng(5).normal(size=(2, 3)))
    check_grad(lambda p: tf.gather_nd(p, [[1], [0]], batch_dims=1) ** 2,
               np.random.default_rng(6).normal(size=(2, 3, 2)))
