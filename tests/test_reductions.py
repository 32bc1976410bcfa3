"""Reductions (reduce_*, argmax/argmin) against NumPy, over every axis form and keepdims.

Every test of a reduce_* kernel runs twice (the reduce_variant fixture of conftest.py): with the fast
kernels of kernels/reduce.h and with the plain loop of kernels/reduce_reference.h."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf
from helpers import ALL, FLOAT, INT, NUMERIC, check_op, check_rejects_dtype, random_array

# (shape, axis) cases: None, ints (negative too), lists, the empty list, 0-d and size-0 inputs.
AXIS_CASES = [
    ((), None),
    ((7,), None),
    ((7,), 0),
    ((3, 4), None),
    ((3, 4), 0),
    ((3, 4), 1),
    ((3, 4), -1),
    ((3, 4), [0, 1]),
    ((3, 4), []),
    ((2, 3, 5), [0, 2]),
    ((2, 3, 5), [-1, 0]),
    ((2, 3, 5), (1,)),
    ((2, 3, 5), 1),
    ((4, 1, 3, 2), [1, 3]),
    ((0,), None),
    ((2, 0, 3), 1),
    ((2, 0, 3), 2),
    ((2, 0, 3), None),
]


def _np_axis(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _reference(np_fn, axis, keepdims):
    def ref(x):
        return np_fn(x, axis=_np_axis(axis), keepdims=keepdims)
    return ref


def _tf_mean(np_x, axis, keepdims):
    # TensorFlow's integer mean is the integer sum divided with truncation toward zero.
    if np_x.dtype.kind in "iu":
        total = np.sum(np_x, axis=axis, keepdims=keepdims)
        count = int(np.prod([np_x.shape[a] for a in (range(np_x.ndim) if axis is None else np.atleast_1d(axis))]))
        return (np.trunc(total / count) if count else np.zeros_like(total)).astype(np_x.dtype)
    return np.mean(np_x, axis=axis, keepdims=keepdims)


def _tf_extreme(np_fn, identity):
    def ref(x, axis, keepdims):
        # An empty max/min gives the dtype's identity element (-inf / lowest int for max), as in TF.
        if x.size == 0:
            fill = identity(x.dtype)
            shape = np.sum(np.zeros(x.shape), axis=axis, keepdims=keepdims).shape
            return np.full(shape, fill, dtype=x.dtype)
        return np_fn(x, axis=axis, keepdims=keepdims)
    return ref


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else np.iinfo(dtype).max


REDUCTIONS = {
    "reduce_sum": (tf.reduce_sum, lambda x, axis, keepdims: np.sum(x, axis=axis, keepdims=keepdims)),
    "reduce_mean": (tf.reduce_mean, _tf_mean),
    "reduce_prod": (tf.reduce_prod, lambda x, axis, keepdims: np.prod(x, axis=axis, keepdims=keepdims)),
    "reduce_max": (tf.reduce_max, _tf_extreme(np.max, _lowest)),
    "reduce_min": (tf.reduce_min, _tf_extreme(np.min, _highest)),
}


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize("dtype", NUMERIC)
def test_reduction_matches_numpy(reduce_variant, name, dtype, keepdims):
    tf_fn, np_fn = REDUCTIONS[name]
    for shape, axis in AXIS_CASES:
        domain = "unit" if name == "reduce_prod" else "real"
        check_op(lambda x: tf_fn(x, axis=axis, keepdims=keepdims),
                 lambda x: np_fn(x, _np_axis(axis), keepdims),
                 shapes=[(shape,)], dtypes=(dtype,), domain=domain, rtol={"float32": 2e-5, "float64": 1e-12},
                 atol=1e-6, name=f"{name}[{reduce_variant}](axis={axis}, keepdims={keepdims})")


@st.composite
def _shape_and_axes(draw):
    """A random shape (0-d to 4-d, sides 0 to 9 or one long side) and a random subset of its axes,
    negative or not, in any order; None (all axes) too."""
    rank = draw(st.integers(0, 4))
    shape = draw(st.lists(st.integers(0, 9), min_size=rank, max_size=rank))
    if rank and draw(st.booleans()):
        shape[draw(st.integers(0, rank - 1))] = draw(st.sampled_from([17, 65, 300, 1025]))
    if draw(st.booleans()):
        return tuple(shape), None
    axes = draw(st.lists(st.integers(0, rank - 1), unique=True, max_size=rank)) if rank else []
    return tuple(shape), [a - rank if draw(st.booleans()) else a for a in axes]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(case=_shape_and_axes(), name=st.sampled_from(sorted(REDUCTIONS)), dtype=st.sampled_from(NUMERIC),
       keepdims=st.booleans(), transposed=st.booleans())
def test_reduction_of_random_shapes_and_axes(name, dtype, case, keepdims, transposed):
    # Both variants on the same input: each against NumPy, and max/min (exact) bit for bit against each other.
    shape, axes = case
    tf_fn, np_fn = REDUCTIONS[name]
    domain = "unit" if name == "reduce_prod" else "real"
    x = random_array(shape, dtype, np.random.default_rng(len(shape)), domain)
    tensor = tf.constant(x)
    if transposed and x.ndim >= 2:  # a strided view (axes then count in the transposed shape)
        x, tensor = x.T, tf.transpose(tensor)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "Mean of empty slice"
        expected = np.asarray(np_fn(x.astype(np.float64) if dtype in FLOAT else x, _np_axis(axes), keepdims))
    results = {}
    before = tf.config.get_kernel_variant("reduce")
    try:
        for variant in ("fast", "reference"):
            tf.config.set_kernel_variant("reduce", variant)
            got = tf_fn(tensor, axis=axes, keepdims=keepdims).numpy()
            where = f"{name}[{variant}]({dtype}{list(x.shape)}, axis={axes}, keepdims={keepdims})"
            assert got.shape == expected.shape and got.dtype == x.dtype, f"{where}: {got.dtype}{list(got.shape)}"
            rtol = {"float32": 2e-5, "float64": 1e-12}.get(dtype, 0)
            np.testing.assert_allclose(got, expected.astype(dtype), rtol=rtol, atol=1e-6 if rtol else 0,
                                       equal_nan=True, err_msg=where)
            results[variant] = got
    finally:
        tf.config.set_kernel_variant("reduce", before)
    if name in ("reduce_max", "reduce_min") or dtype in INT:
        np.testing.assert_array_equal(results["fast"], results["reference"])


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction_under_tf_math_and_axis_as_tensor(reduce_variant, name):
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    got = getattr(tf.math, name)(tf.constant(x), axis=tf.constant([0, 2]))
    expected = REDUCTIONS[name][1](x, (0, 2), False)
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction_rejects_bool(name):
    check_rejects_dtype(REDUCTIONS[name][0], ("bool",), name=name)


def test_reduce_sum_large_float32_is_accurate(reduce_variant):
    # A naive running float32 sum of 1e6 values of 0.1 is off by ~1%; TF's tree reduction is not.
    x = np.full(1_000_000, 0.1, dtype=np.float32)
    np.testing.assert_allclose(tf.reduce_sum(x).numpy(), np.sum(x.astype(np.float64)), rtol=1e-5)
    np.testing.assert_allclose(tf.reduce_mean(x).numpy(), 0.1, rtol=1e-5)


def test_empty_reductions_match_tensorflow(reduce_variant):
    # Values TF 2.21 gives for size-0 inputs.
    assert tf.reduce_sum(tf.zeros([0])).numpy() == 0.0
    assert tf.reduce_prod(tf.zeros([0])).numpy() == 1.0
    assert np.isnan(tf.reduce_mean(tf.zeros([0])).numpy())
    assert tf.reduce_max(tf.zeros([0])).numpy() == -np.inf
    assert tf.reduce_min(tf.zeros([0])).numpy() == np.inf
    assert tf.reduce_max(tf.zeros([0], tf.int32)).numpy() == np.iinfo(np.int32).min


def test_integer_mean_truncates_like_tensorflow(reduce_variant):
    assert tf.reduce_mean(tf.constant([1, 2])).numpy() == 1  # TF: 1 (int32), not 1.5
    assert tf.reduce_mean(tf.constant([1, 2])).dtype == tf.int32
    np.testing.assert_array_equal(tf.reduce_mean(tf.constant([[-3, -4], [5, 6]]), axis=1).numpy(), [-3, 5])


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name", ["reduce_any", "reduce_all"])
def test_logical_reductions(reduce_variant, name, keepdims):
    np_fn = np.any if name == "reduce_any" else np.all
    for shape, axis in AXIS_CASES:
        check_op(lambda x: getattr(tf, name)(x, axis=axis, keepdims=keepdims),
                 lambda x: np_fn(x, axis=_np_axis(axis), keepdims=keepdims),
                 shapes=[(shape,)], dtypes=("bool",), name=f"{name}(axis={axis})")
    check_rejects_dtype(getattr(tf, name), NUMERIC, name=name)


ARG_CASES = [((7,), None), ((7,), 0), ((3, 4), 0), ((3, 4), 1), ((3, 4), -1), ((2, 3, 5), 1), ((2, 3, 5), -3),
             ((3, 0), 0), ((1,), 0)]


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@pytest.mark.parametrize("dtype", NUMERIC)
def test_arg_reductions(name, dtype):
    np_fn = getattr(np, name)
    for shape, axis in ARG_CASES:
        check_op(lambda x: getattr(tf, name)(x, axis=axis),
                 lambda x: np_fn(x, axis=0 if axis is None else axis),
                 shapes=[(shape,)], dtypes=(dtype,), out_dtype="int64", name=f"{name}(axis={axis})")
        check_op(lambda x: getattr(tf.math, name)(x, axis=axis, output_type=tf.int32),
                 lambda x: np_fn(x, axis=0 if axis is None else axis),
                 shapes=[(shape,)], dtypes=(dtype,), out_dtype="int32", name=f"{name}(axis={axis}, int32)")


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_reductions_pick_first_of_ties(name):
    x = tf.constant([[1.0, 3.0, 3.0, 1.0], [2.0, 2.0, 2.0, 2.0]])
    expected = [1, 0] if name == "argmax" else [0, 0]
    np.testing.assert_array_equal(getattr(tf, name)(x, axis=1).numpy(), expected)


def test_argmax_accepts_bool_like_tensorflow():
    # TF 2.21: tf.argmax(tf.constant([True, False])) == 0 (int64)
    got = tf.argmax(tf.constant([False, True, True]))
    assert got.dtype == tf.int64 and int(got) == 1


def test_reductions_of_views(reduce_variant):
    x = np.arange(60, dtype=np.float64).reshape(3, 4, 5)
    t = tf.transpose(tf.constant(x), [2, 0, 1])[1:, ::-1, ::2]
    v = np.transpose(x, [2, 0, 1])[1:, ::-1, ::2]
    for axis in (None, 0, 1, 2, [0, 2]):
        np.testing.assert_allclose(tf.reduce_sum(t, axis=axis).numpy(), np.sum(v, axis=_np_axis(axis)))
        np.testing.assert_allclose(tf.reduce_max(t, axis=axis).numpy(), np.max(v, axis=_np_axis(axis)))
    np.testing.assert_array_equal(tf.argmax(t, axis=1).numpy(), np.argmax(v, axis=1))



# ---- reductions composed of other ops (cpp/tinytf/ops/statistics.cpp) ----

def _np_logsumexp(x, axis, keepdims):
    # TensorFlow's recipe: shift by the max (0 where it is infinite), so all -inf gives -inf, not NaN.
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0)
    r = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return r if keepdims else np.squeeze(r, axis=axis)


def _np_euclidean(x, axis, keepdims):
    r = np.sqrt(np.sum(x.astype(np.float64) ** 2, axis=axis, keepdims=keepdims))
    return np.trunc(r).astype(x.dtype) if x.dtype.kind in "iu" else r.astype(x.dtype)


def _np_count_nonzero(x, axis, keepdims):
    return np.sum(x != 0, axis=axis, keepdims=keepdims).astype(np.int64)


COMPOSITE_REDUCTIONS = {  # name -> (tinytf function, NumPy reference, dtypes)
    "reduce_variance": (tf.math.reduce_variance, lambda x, a, k: np.var(x, axis=a, keepdims=k), FLOAT),
    "reduce_std": (tf.math.reduce_std, lambda x, a, k: np.std(x, axis=a, keepdims=k), FLOAT),
    "reduce_logsumexp": (tf.reduce_logsumexp, _np_logsumexp, FLOAT),
    "reduce_euclidean_norm": (tf.math.reduce_euclidean_norm, _np_euclidean, NUMERIC),
    "count_nonzero": (tf.math.count_nonzero, _np_count_nonzero, ALL),
}


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name", sorted(COMPOSITE_REDUCTIONS))
def test_composite_reduction_matches_numpy(reduce_variant, name, keepdims):
    tf_fn, np_fn, dtypes = COMPOSITE_REDUCTIONS[name]
    for dtype in dtypes:
        out_dtype = "int64" if name == "count_nonzero" else dtype
        for shape, axis in AXIS_CASES:
            check_op(lambda x: tf_fn(x, axis=axis, keepdims=keepdims),
                     lambda x: np_fn(x, _np_axis(axis), keepdims),
                     shapes=[(shape,)], dtypes=(dtype,), out_dtype=out_dtype,
                     rtol={"float32": 1e-5, "float64": 1e-12}, atol=1e-6, name=f"{name}(axis={axis}, keepdims={keepdims})")


def test_composite_reductions_reject_dtypes_like_tensorflow():
    # TF 2.21: reduce_variance/std of integers is a TypeError raised in Python; logsumexp an InvalidArgumentError.
    for fn in (tf.math.reduce_variance, tf.math.reduce_std):
        with pytest.raises(TypeError, match="Input must be either real or complex. Received integer type"):
            fn(tf.constant([1, 2]))
    check_rejects_dtype(tf.reduce_logsumexp, INT + ("bool",), name="reduce_logsumexp")
    check_rejects_dtype(tf.math.reduce_euclidean_norm, ("bool",), name="reduce_euclidean_norm")
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        tf.math.count_nonzero(tf.constant([[1, 2]]), axis=2)


def test_logsumexp_special_values(reduce_variant):
    # TF 2.21's values: all -inf gives -inf, an inf gives inf, a NaN gives NaN, nothing gives -inf.
    assert tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf])).numpy() == -np.inf
    assert tf.reduce_logsumexp(tf.constant([np.inf, 1.0])).numpy() == np.inf
    assert np.isnan(tf.reduce_logsumexp(tf.constant([np.nan, 1.0])).numpy())
    assert tf.reduce_logsumexp(tf.zeros([0])).numpy() == -np.inf
    # no overflow where exp(x) itself would overflow
    np.testing.assert_allclose(tf.reduce_logsumexp(tf.constant([1000.0, 1000.0])).numpy(), 1000 + np.log(2))


def test_count_nonzero_dtype_and_nan(reduce_variant):
    x = tf.constant([[0.0, np.nan], [1.0, 0.0]])
    assert tf.math.count_nonzero(x).dtype == tf.int64 and int(tf.math.count_nonzero(x)) == 2
    got = tf.math.count_nonzero(x, axis=0, keepdims=True, dtype=tf.int32)
    assert got.dtype == tf.int32 and got.numpy().tolist() == [[1, 1]]
    assert tf.math.count_nonzero(x, dtype=tf.float32).numpy() == 2.0
    assert int(tf.math.count_nonzero(tf.constant([True, False, True]))) == 2


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("dtype", NUMERIC)
def test_moments_match_numpy(reduce_variant, dtype, keepdims):
    def reference(x, axes):
        axes = tuple(axes)
        if x.dtype.kind == "f":
            return np.mean(x, axis=axes, keepdims=keepdims), np.var(x, axis=axes, keepdims=keepdims)
        # TensorFlow's integer moments: the truncated mean, then the truncated mean of the squared deviations.
        count = int(np.prod([x.shape[a] for a in axes]))
        mean = np.trunc(np.sum(x, axis=axes, keepdims=True) / count).astype(x.dtype)
        var = np.trunc(np.sum((x - mean) ** 2, axis=axes, keepdims=True) / count).astype(x.dtype)
        return (mean, var) if keepdims else (np.squeeze(mean, axes), np.squeeze(var, axes))

    for shape, axes in [((7,), [0]), ((3, 4), [0]), ((3, 4), [1]), ((3, 4), [0, 1]), ((2, 3, 5), [0, 2]),
                        ((2, 3, 5), [-1]), ((4, 1, 3, 2), [0, 1, 2])]:
        for which in (0, 1):
            check_op(lambda x: tf.nn.moments(x, axes=axes, keepdims=keepdims)[which],
                     lambda x: reference(x, [a % len(shape) for a in axes])[which],
                     shapes=[(shape,)], dtypes=(dtype,), rtol={"float32": 1e-5, "float64": 1e-12}, atol=1e-6,
                     name=f"moments(axes={axes})[{which}]")


def test_moments_accepts_an_int_axis_and_rejects_bool():
    mean, variance = tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axes=0)
    np.testing.assert_allclose(mean.numpy(), [2.0, 3.5])
    np.testing.assert_allclose(variance.numpy(), [1.0, 2.25])
    check_rejects_dtype(lambda x: tf.nn.moments(x, axes=[0])[0], ("bool",), name="moments")
