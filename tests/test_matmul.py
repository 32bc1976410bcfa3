"""tf.matmul / @ against NumPy: every SIMD micro-kernel and the reference loop (tf.config.set_kernel_variant),
transposes, batch broadcasting, odd and empty sizes."""
import numpy as np
import pytest

import tinytf as tf
from conftest import LEVELS
from helpers import NUMERIC, check_op, check_rejects_dtype

# (m, k, n): tiny, odd (not multiples of any register tile), empty, and larger than one cache block.
SIZES = [(1, 1, 1), (2, 3, 4), (7, 13, 5), (17, 9, 33), (0, 3, 4), (3, 0, 4), (3, 4, 0), (64, 64, 64),
         (300, 257, 129)]
RTOL = {"float32": 1e-4, "float64": 1e-11}
# Absolute error of a float32 dot product of length k ~ eps * sqrt(k) * |a| * |b| (inputs are N(0, 2)).
ATOL = {"float32": 2e-3, "float64": 1e-10}


@pytest.fixture(params=["fast", "reference"])
def variant(request):
    """Runs the test with the packed GEMM and again with the plain loop of gemm_reference.h."""
    tf.config.set_kernel_variant("matmul", request.param)
    yield request.param
    tf.config.set_kernel_variant("matmul", "fast")


def _shapes(m, k, n, transpose_a, transpose_b, batch_a=(), batch_b=()):
    a = (k, m) if transpose_a else (m, k)
    b = (n, k) if transpose_b else (k, n)
    return tuple(batch_a) + a, tuple(batch_b) + b


def _np_matmul(transpose_a, transpose_b):
    def ref(a, b):
        a = np.swapaxes(a, -1, -2) if transpose_a else a
        b = np.swapaxes(b, -1, -2) if transpose_b else b
        if a.dtype.kind in "iu":
            return np.matmul(a.astype(np.int64), b.astype(np.int64)).astype(a.dtype)
        return np.matmul(a.astype(np.float64), b.astype(np.float64))
    return ref


@pytest.mark.parametrize("transpose_b", [False, True])
@pytest.mark.parametrize("transpose_a", [False, True])
@pytest.mark.parametrize("dtype", NUMERIC)
def test_matmul_2d(simd_level, variant, dtype, transpose_a, transpose_b):
    shapes = [_shapes(m, k, n, transpose_a, transpose_b) for m, k, n in SIZES]
    if dtype != "float32":  # the big case once per level is enough for the other dtypes
        shapes = shapes[:-1]
    check_op(lambda a, b: tf.matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b),
             _np_matmul(transpose_a, transpose_b), shapes=shapes, dtypes=(dtype,), rtol=RTOL, atol=ATOL,
             name=f"matmul[{simd_level}, {variant}](transpose_a={transpose_a}, transpose_b={transpose_b})")


BATCH_CASES = [
    ((2,), (2,)),
    ((3,), ()),
    ((), (4,)),
    ((2, 1), (3,)),
    ((1, 3), (2, 1)),
    ((2, 3), (2, 3)),
    ((0,), ()),
    ((2, 0), (1,)),
]


@pytest.mark.parametrize("transpose_a,transpose_b", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_matmul_batched_with_broadcasting(simd_level, variant, dtype, transpose_a, transpose_b):
    shapes = [_shapes(m, k, n, transpose_a, transpose_b, ba, bb)
              for ba, bb in BATCH_CASES for m, k, n in [(3, 5, 2), (7, 13, 5)]]
    check_op(lambda a, b: tf.matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b),
             _np_matmul(transpose_a, transpose_b), shapes=shapes, dtypes=(dtype,), rtol=RTOL, atol=ATOL,
             name=f"batched matmul[{simd_level}, {variant}]")


def test_matmul_operator_and_tf_math(simd_level):
    shapes = [((4, 6), (6, 3)), ((2, 4, 6), (6, 3)), ((1, 1), (1, 1))]
    check_op(lambda a, b: a @ b, _np_matmul(False, False), shapes=shapes, dtypes=("float32", "int64"),
             rtol=RTOL, atol=ATOL, name="@")
    check_op(tf.math.matmul, _np_matmul(False, False), shapes=shapes, dtypes=("float64",), rtol=RTOL,
             name="tf.math.matmul")


def test_matmul_of_strided_views(simd_level, variant):
    # Operands that are views with offsets and non-unit strides must be read through their strides.
    rng = np.random.default_rng(3)
    a = rng.normal(size=(5, 9, 11)).astype(np.float32)
    b = rng.normal(size=(11, 8)).astype(np.float32)
    ta, tb = tf.constant(a), tf.constant(b)
    cases = [
        (ta[1], tb, a[1], b),
        (ta[2:4, 1:8:2, 3:], tb[3:, ::2], a[2:4, 1:8:2, 3:], b[3:, ::2]),
        (tf.transpose(ta, [0, 2, 1])[:, ::-1, :], ta[:, :, 2:5], np.transpose(a, [0, 2, 1])[:, ::-1, :], a[:, :, 2:5]),
        (ta[..., ::-1][0], tf.transpose(tf.transpose(tb)[::-2]), a[..., ::-1][0], b.T[::-2].T),
    ]
    for x, y, nx, ny in cases:
        np.testing.assert_allclose(tf.matmul(x, y).numpy(), nx @ ny, rtol=1e-4, atol=1e-5,
                                   err_msg=f"matmul of views {nx.shape} @ {ny.shape}")


def test_matmul_levels_agree_on_large_product():
    rng = np.random.default_rng(11)
    a = tf.constant(rng.normal(size=(300, 257)).astype(np.float32))
    b = tf.constant(rng.normal(size=(257, 129)).astype(np.float32))
    before = tf.build_info()["simd"]
    try:
        results = {}
        for level in LEVELS:
            tf._core.set_simd_level(level)
            results[level] = tf.matmul(a, b).numpy()
    finally:
        tf._core.set_simd_level(before)
    reference = np.asarray(a, dtype=np.float64) @ np.asarray(b, dtype=np.float64)
    for level, got in results.items():
        np.testing.assert_allclose(got, reference, rtol=1e-4, atol=1e-4, err_msg=f"level {level}")


def test_integer_matmul_is_exact():
    a = tf.constant(np.full((3, 100), 1000, dtype=np.int64))
    b = tf.constant(np.full((100, 2), 1000, dtype=np.int64))
    np.testing.assert_array_equal(tf.matmul(a, b).numpy(), np.full((3, 2), 100_000_000, dtype=np.int64))


def test_set_simd_level_rejects_unknown_name():
    with pytest.raises(ValueError, match="portable"):
        tf._core.set_simd_level("sse9")


def test_matmul_rejects_bool():
    check_rejects_dtype(tf.matmul, ("bool",), arity=2, shape=(2, 2), name="matmul")


def test_kernel_variant_switch_and_its_errors():
    # (the "reduce" and "softmax" switches: test_kernel_variant_switches_of_reduce_and_softmax)
    assert tf.config.kernels_with_variants() == ["matmul", "reduce", "softmax"]
    assert tf.config.get_kernel_variant("matmul") == "fast"
    a = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    fast = tf.matmul(a, a, transpose_b=True).numpy()
    try:
        tf.config.set_kernel_variant("matmul", "reference")
        assert tf.config.get_kernel_variant("matmul") == "reference"
        np.testing.assert_array_equal(tf.matmul(a, a, transpose_b=True).numpy(), fast)  # small integers: exact
        with pytest.raises(ValueError, match="unknown variant 'slow' for kernel 'matmul': expected 'fast' or"):
            tf.config.set_kernel_variant("matmul", "slow")
        assert tf.config.get_kernel_variant("matmul") == "reference"  # unchanged by the bad call
    finally:
        tf.config.set_kernel_variant("matmul", "fast")
    with pytest.raises(ValueError, match="unknown kernel 'conv'.*'matmul', 'reduce' .* and 'softmax'"):
        tf.config.set_kernel_variant("conv", "reference")
    with pytest.raises(ValueError, match="unknown kernel 'conv'"):
        tf.config.get_kernel_variant("conv")
