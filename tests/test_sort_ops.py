"""tf.sort, tf.argsort, tf.math.top_k, tf.math.in_top_k, tf.math.cumsum and tf.math.cumprod against
NumPy and plain-Python references (ties, NaN, empty rows, every axis, every dtype); gradients are in
test_gradients.py, TensorFlow's own outcomes in test_ops_tf.py."""
import functools
import math

import numpy as np
import pytest

import tinytf as tf
from helpers import FLOAT, NUMERIC, check_op, check_rejects_dtype, random_array

SHAPES = [(1,), (7,), (3, 4), (2, 3, 5), (4, 0), (0, 3)]


def _before(descending):
    """tinytf's order as a cmp function on (value, index): by value, ties by index, NaN the largest."""
    def cmp(a, b):
        (va, ia), (vb, ib) = a, b
        a_nan, b_nan = isinstance(va, float) and math.isnan(va), isinstance(vb, float) and math.isnan(vb)
        if a_nan or b_nan:
            if a_nan and b_nan:
                return -1 if ia < ib else 1
            return (-1 if a_nan else 1) if descending else (1 if a_nan else -1)
        if va == vb:
            return -1 if ia < ib else 1
        return (-1 if va > vb else 1) if descending else (-1 if va < vb else 1)
    return functools.cmp_to_key(cmp)


def _reference_order(x, axis, descending):
    """Indices that sort x along axis, computed one row at a time in Python."""
    moved = np.moveaxis(x, axis, -1)
    out = np.zeros(moved.shape, np.int64)
    for idx in np.ndindex(*moved.shape[:-1]):
        pairs = sorted([(v, j) for j, v in enumerate(moved[idx].tolist())], key=_before(descending))
        out[idx] = [j for _, j in pairs]
    return np.moveaxis(out, -1, axis)


def _with_ties_and_nan(x):
    """Rounded values (many ties), and NaN in a few places for floats."""
    x = np.round(x / 2) if x.dtype.kind == "f" else x // 3
    if x.dtype.kind == "f" and x.size:
        x.flat[:: max(1, x.size // 3)] = np.nan
    return x


@pytest.mark.parametrize("direction", ["ASCENDING", "DESCENDING"])
def test_sort_and_argsort_match_a_stable_reference(direction):
    descending = direction == "DESCENDING"
    for shape in SHAPES:
        for axis in range(-len(shape), len(shape)):
            def order(x):
                return _reference_order(_with_ties_and_nan(x), axis, descending)

            check_op(lambda t: tf.argsort(tf.constant(_with_ties_and_nan(t.numpy())), axis=axis, direction=direction),
                     order, shapes=[(shape,)], dtypes=NUMERIC, out_dtype="int32",
                     name=f"argsort(axis={axis}, {direction})")
            check_op(lambda t: tf.sort(tf.constant(_with_ties_and_nan(t.numpy())), axis=axis, direction=direction),
                     lambda x: np.take_along_axis(_with_ties_and_nan(x), order(x), axis),
                     shapes=[(shape,)], dtypes=NUMERIC, name=f"sort(axis={axis}, {direction})")


def test_sort_puts_nan_last_ascending_and_first_descending():
    x = tf.constant([3.0, np.nan, 1.0, -np.inf, 2.0, np.inf])
    np.testing.assert_array_equal(tf.sort(x).numpy(), np.sort(x.numpy()))  # NumPy's order
    np.testing.assert_array_equal(tf.sort(x, direction="DESCENDING").numpy(), [np.nan, np.inf, 3, 2, 1, -np.inf])
    extremes = tf.constant([3, -2147483648, 2147483647, 0])  # no overflow at the int32 limits
    np.testing.assert_array_equal(tf.sort(extremes).numpy(), [-2147483648, 0, 3, 2147483647])
    np.testing.assert_array_equal(tf.argsort(extremes, direction="DESCENDING").numpy(), [2, 0, 3, 1])


def test_sort_errors():
    with pytest.raises(ValueError, match="Argument `direction` should be one of ASCENDING, DESCENDING"):
        tf.sort(tf.constant([3, 1]), direction="UP")
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least 1-D"):
        tf.sort(tf.constant(3.0))
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 1 is out of range"):
        tf.argsort(tf.constant([3.0, 1.0]), axis=1)
    check_rejects_dtype(tf.sort, ("bool",), name="sort")
    check_rejects_dtype(tf.argsort, ("bool",), name="argsort")


@pytest.mark.parametrize("index_type", ["int32", "int64"])
def test_top_k_matches_the_reference(index_type):
    for shape in [(7,), (3, 4), (2, 3, 5), (2, 0), (0, 4)]:
        for k in sorted({0, min(1, shape[-1]), shape[-1] // 2, shape[-1]}):
            def order(x):
                return _reference_order(_with_ties_and_nan(x), -1, True)[..., :k]

            for which in (0, 1):
                check_op(lambda t: tf.math.top_k(tf.constant(_with_ties_and_nan(t.numpy())), k=k,
                                                 index_type=index_type)[which],
                         lambda x: np.take_along_axis(_with_ties_and_nan(x), order(x), -1) if which == 0 else order(x),
                         shapes=[(shape,)], dtypes=NUMERIC, out_dtype=None if which == 0 else index_type,
                         name=f"top_k(k={k})[{which}]")


def test_top_k_ties_nan_and_arguments():
    values, indices = tf.math.top_k(tf.constant([[1.0, 3.0, 3.0, 2.0], [np.nan, 1.0, np.nan, 5.0]]), 2)
    np.testing.assert_array_equal(values.numpy(), [[3, 3], [np.nan, np.nan]])
    np.testing.assert_array_equal(indices.numpy(), [[1, 2], [0, 2]])  # ties: the lower index first
    assert indices.dtype == tf.int32 and tf.math.top_k(tf.constant([1, 2]), index_type=tf.int64).indices.dtype == tf.int64
    result = tf.nn.top_k(tf.constant([1.0, 5.0, 2.0, 7.0]), k=tf.constant(2), sorted=False)
    assert result.values.numpy().tolist() == [7.0, 5.0] and result._fields == ("values", "indices")
    x = tf.constant(np.random.default_rng(0).normal(size=(6, 9)))
    np.testing.assert_array_equal(tf.math.top_k(x, 1).indices.numpy()[:, 0], tf.argmax(x, axis=1).numpy())


def test_top_k_errors_are_tensorflows():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="input must have at least k columns. Had 2, needed 3"):
        tf.math.top_k(x, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need k >= 0, got -1"):
        tf.math.top_k(x, -1)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"input must be >= 1-D, got shape \[\]"):
        tf.math.top_k(tf.constant(1.0))
    check_rejects_dtype(lambda t: tf.math.top_k(t, 1), ("bool",), name="top_k")


def _reference_in_top_k(targets, predictions, k):
    out = []
    for t, row in zip(targets, predictions):
        ok = 0 <= t < len(row) and np.isfinite(row).all()
        out.append(bool(ok and np.sum(row > row[t]) < k))
    return np.array(out, dtype=bool)


def test_in_top_k_matches_tensorflows_rule():
    rng = np.random.default_rng(1)
    for rows, classes in [(8, 5), (1, 1), (0, 3), (3, 0), (20, 10)]:
        predictions = np.round(rng.normal(size=(rows, classes)) * 2).astype(np.float32)  # many ties
        if rows > 3 and classes:
            predictions[2, 1] = np.nan
            predictions[3, 0] = np.inf
        for dtype in ("int32", "int64"):
            targets = rng.integers(-1, classes + 2, size=rows).astype(dtype)  # some out of range
            for k in (-1, 0, 1, 2, classes, classes + 3):
                got = tf.math.in_top_k(tf.constant(targets), tf.constant(predictions), k)
                assert got.dtype == tf.bool
                np.testing.assert_array_equal(got.numpy(), _reference_in_top_k(targets, predictions, k),
                                              err_msg=f"in_top_k(k={k}) on {rows}x{classes}")
    assert tf.nn.in_top_k is tf.math.in_top_k


def test_in_top_k_errors_are_tensorflows():
    p = tf.constant([[1.0, 1.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="predictions must be float32"):
        tf.math.in_top_k(tf.constant([0]), tf.constant([[1.0, 1.0]], tf.float64), 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="predictions must be 2-dimensional"):
        tf.math.in_top_k(tf.constant([0]), tf.constant([1.0, 1.0]), 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="targets must be 1-dimensional"):
        tf.math.in_top_k(tf.constant([[0]]), p, 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="First dimension of predictions 1 must match length of targets 2"):
        tf.math.in_top_k(tf.constant([0, 1]), p, 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="float32"):
        tf.math.in_top_k(tf.constant([0.0]), p, 1)


def _np_scan(x, axis, exclusive, reverse, product):
    op = np.cumprod if product else np.cumsum
    wide = x.astype(np.float64) if x.dtype.kind == "f" else x
    if reverse:
        wide = np.flip(wide, axis)
    out = op(wide, axis=axis)
    if exclusive and out.shape[axis]:  # shift by one along the axis, starting from the identity
        first = np.full_like(np.take(out, [0], axis), 1 if product else 0)
        out = np.concatenate([first, np.take(out, range(out.shape[axis] - 1), axis)], axis)
    if reverse:
        out = np.flip(out, axis)
    return out.astype(x.dtype)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_cumsum_and_cumprod_match_numpy(name, exclusive, reverse):
    fn = getattr(tf.math, name)
    for shape in SHAPES:
        for axis in range(-len(shape), len(shape)):
            check_op(lambda x: fn(x, axis=axis, exclusive=exclusive, reverse=reverse),
                     lambda x: _np_scan(x, axis % len(shape), exclusive, reverse, name == "cumprod"),
                     shapes=[(shape,)], dtypes=NUMERIC, domain="unit" if name == "cumprod" else "real",
                     rtol={"float32": 2e-6, "float64": 1e-12}, name=f"{name}(axis={axis})")


def test_cumsum_defaults_long_rows_and_errors():
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(tf.cumsum(x).numpy(), [[1, 2, 3], [5, 7, 9]])  # axis 0 by default
    np.testing.assert_array_equal(tf.math.cumsum(x, axis=tf.constant(1)).numpy(), [[1, 3, 6], [4, 9, 15]])
    long = np.random.default_rng(0).normal(size=200_001).astype(np.float32)
    np.testing.assert_allclose(tf.math.cumsum(long).numpy(), np.cumsum(long.astype(np.float64)), rtol=1e-5, atol=1e-3)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Expected scan axis in the range \[0, 0\), but got 0"):
        tf.math.cumsum(tf.constant(3.0))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Expected scan axis in the range \[-1, 1\), but got 1"):
        tf.math.cumsum(tf.constant([3.0]), axis=1)
    check_rejects_dtype(tf.math.cumsum, ("bool",), name="cumsum")
    check_rejects_dtype(tf.math.cumprod, ("bool",), name="cumprod")


def test_sort_and_scan_are_independent_of_thread_count():
    from helpers import run_with_threads

    script = ("import numpy as np, tinytf as tf\nx = tf.constant(np.random.default_rng(0).normal(size=(3000, 200)))\n"
              "print(tf.math.cumsum(x, axis=0).numpy().tobytes().hex()[:50000])\n"
              "print(tf.argsort(x, axis=0).numpy().tobytes().hex()[:50000])")
    assert run_with_threads(script, 1) == run_with_threads(script, 2)
