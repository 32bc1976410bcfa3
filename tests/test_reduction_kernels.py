"""The float32 reduction and softmax loops compiled per SIMD level (kernels/vecmath.inc) and the
column reduction (kernels/reduce.h reduce_columns), against NumPy in float64.

Every test runs at each SIMD level this CPU supports with the fast kernels, and once more with the plain
loops of kernels/reduce_reference.h (the kernel_path fixture: the reference loops are compiled once, for
the baseline, so one run covers them at every level). Sizes are chosen
around the vector widths (4, 8, 16 floats, four accumulators: 16, 32, 64 per step) so that the
vector loop, its tail and the scalar tail are all exercised; column shapes cover one tile, several
column tiles, several row tiles, and empty sides.
"""
import textwrap
import warnings

import numpy as np
import pytest

import tinytf as tf
from conftest import LEVELS
from helpers import run_with_threads

@pytest.fixture(params=LEVELS + ["reference"])
def kernel_path(request):
    """A SIMD level with the fast reduce and softmax kernels, or "reference": their reference loops
    (tf.config.set_kernel_variant). Restores what it found."""
    level, variants = tf.build_info()["simd"], [tf.config.get_kernel_variant(k) for k in ("reduce", "softmax")]
    if request.param == "reference":
        for kernel in ("reduce", "softmax"):
            tf.config.set_kernel_variant(kernel, "reference")
    else:
        for kernel in ("reduce", "softmax"):
            tf.config.set_kernel_variant(kernel, "fast")
        tf._core.set_simd_level(request.param)
    yield request.param
    tf._core.set_simd_level(level)
    for kernel, variant in zip(("reduce", "softmax"), variants):
        tf.config.set_kernel_variant(kernel, variant)


ODD_SIZES = [0, 1, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 1000, 4099, 65537]


def _ref(name, x, axis):
    x64 = x.astype(np.float64)
    if name in ("reduce_max", "reduce_min") and x.size == 0:
        shape = np.sum(x64, axis=axis).shape
        return np.full(shape, -np.inf if name == "reduce_max" else np.inf)
    return {"reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max, "reduce_min": np.min}[name](
        x64, axis=axis)


def _check(name, x, axis):
    got = getattr(tf, name)(tf.constant(x), axis=axis).numpy()
    with warnings.catch_warnings():  # NumPy warns about the NaN mean of nothing; tinytf gives it quietly
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = _ref(name, x, axis)
    assert got.dtype == np.float32 and got.shape == np.shape(expected), (name, x.shape, axis)
    if name in ("reduce_max", "reduce_min"):  # exact: an element of x (or the identity, or NaN)
        np.testing.assert_array_equal(got, expected.astype(np.float32), err_msg=f"{name} {x.shape} axis={axis}")
    else:  # accumulated in double: the float32 rounding of the exact result, give or take one step
        np.testing.assert_allclose(got, expected.astype(np.float32), rtol=2e-7, atol=1e-30,
                                   err_msg=f"{name} {x.shape} axis={axis}")


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min"])
def test_float32_reductions_over_all_and_last_axis(kernel_path, name):
    rng = np.random.default_rng(1)
    for n in ODD_SIZES:
        x = rng.standard_normal(n).astype(np.float32)
        _check(name, x, None)
        _check(name, x.reshape(1, n), -1)
    _check(name, np.float32(2.5), None)  # 0-d
    for shape in [(3, 17), (64, 129), (5, 0), (0, 7), (4, 3, 33)]:
        _check(name, rng.standard_normal(shape).astype(np.float32), -1)


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min"])
def test_float32_column_reductions(kernel_path, name):
    # Leading axes reduced: the column kernel, no transposed copy. 128x512 is a Dense bias gradient;
    # 20000x7 has many row tiles, 9x1100 several column tiles, 300x70 both, 1x17 a single row.
    rng = np.random.default_rng(2)
    for shape in [(128, 512), (20000, 7), (9, 1100), (300, 70), (1, 17), (5, 1), (3, 2), (0, 5), (5, 0), (2, 0, 3)]:
        x = rng.standard_normal(shape).astype(np.float32)
        _check(name, x, 0)
    x = rng.standard_normal((6, 7, 33)).astype(np.float32)
    _check(name, x, (0, 1))
    _check(name, x, 0)
    _check(name, np.transpose(x, (2, 0, 1)).copy(), 0)
    # a transposed view (not contiguous) takes the row route; same answer
    got = getattr(tf, name)(tf.transpose(tf.constant(x[0])), axis=0).numpy()
    np.testing.assert_allclose(got, _ref(name, x[0].T, 0).astype(np.float32), rtol=2e-7)


@pytest.mark.parametrize("dtype", ["float64", "int32", "int64"])
def test_column_reductions_of_other_dtypes(reduce_variant, dtype):
    rng = np.random.default_rng(3)
    for shape in [(128, 512), (20000, 7), (9, 1100), (0, 4)]:
        x = (rng.standard_normal(shape) * 50).astype(dtype)
        np.testing.assert_allclose(tf.reduce_sum(x, axis=0).numpy(), x.sum(axis=0), rtol=1e-12)
        if x.size:
            np.testing.assert_array_equal(tf.reduce_max(x, axis=0).numpy(), x.max(axis=0))
            np.testing.assert_array_equal(tf.reduce_min(x, axis=0, keepdims=True).numpy(),
                                          x.min(axis=0, keepdims=True))
        if dtype == "float64":  # the mean of no rows is 0/0 = NaN
            expected = x.sum(axis=0) / shape[0] if shape[0] else np.full(shape[1], np.nan)
            np.testing.assert_allclose(tf.reduce_mean(x, axis=0).numpy(), expected, rtol=1e-12)
        else:  # TensorFlow's integer mean truncates toward zero
            expected = np.trunc(x.sum(axis=0) / max(shape[0], 1)).astype(dtype) if shape[0] else 0
            np.testing.assert_array_equal(tf.reduce_mean(x, axis=0).numpy(), expected)


def test_column_sum_gradient_spreads_over_the_batch(reduce_variant):
    x = tf.constant(np.random.default_rng(4).standard_normal((16, 40)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.reduce_mean(x, axis=0) * tf.range(40, dtype=tf.float32))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), np.tile(np.arange(40) / 16, (16, 1)), rtol=1e-6)


@pytest.mark.parametrize("name", ["reduce_max", "reduce_min"])
def test_max_and_min_let_nan_win_and_keep_infinities(kernel_path, name):
    rng = np.random.default_rng(5)
    for n in [1, 7, 16, 33, 64, 65, 200, 4099]:
        for pos in sorted({0, n // 2, n - 1}):  # in the vector loop, in the tails, last
            x = rng.standard_normal(n).astype(np.float32)
            x[pos] = np.nan
            assert np.isnan(getattr(tf, name)(x).numpy()), (name, n, pos)
            m = np.tile(x, (3, 1))
            assert np.isnan(getattr(tf, name)(m, axis=1).numpy()).all()
            col = getattr(tf, name)(m.T.copy(), axis=0).numpy()  # every column holds the NaN
            assert np.isnan(col).all()
        x = rng.standard_normal(n).astype(np.float32)
        x[n // 2] = np.inf
        x[0] = -np.inf
        _check(name, x, None)
        _check(name, np.tile(x, (5, 1)), 0)
    # a NaN in one column leaves the other columns alone
    m = rng.standard_normal((40, 20)).astype(np.float32)
    m[13, 7] = np.nan
    got = getattr(tf, name)(m, axis=0).numpy()
    assert np.isnan(got[7]) and not np.isnan(np.delete(got, 7)).any()
    np.testing.assert_array_equal(np.delete(got, 7), np.delete(_ref(name, m, 0), 7).astype(np.float32))
    for fill in (np.inf, -np.inf):
        _check(name, np.full(100, fill, np.float32), None)
        _check(name, np.full((9, 40), fill, np.float32), 0)


def test_float32_sum_is_accurate(kernel_path):
    # Accumulated in double: far below NumPy's pairwise float32 error (~1e-7 here).
    x = np.random.default_rng(6).standard_normal(1 << 22).astype(np.float32) + np.float32(0.01)
    exact = np.sum(x.astype(np.float64))
    got = float(tf.reduce_sum(x).numpy())
    assert abs(got - exact) <= np.spacing(np.float32(exact)), (got, exact)
    cols = x.reshape(4096, 1024)
    np.testing.assert_allclose(tf.reduce_sum(cols, axis=0).numpy(), cols.astype(np.float64).sum(0), rtol=1.2e-7)


def test_sums_give_the_same_bits_at_every_level():
    x = np.random.default_rng(7).standard_normal((300, 1037)).astype(np.float32)
    before = tf.build_info()["simd"]
    results = []
    try:
        for level in LEVELS:
            tf._core.set_simd_level(level)
            results.append([f(x, axis=a).numpy().tobytes() for f in (tf.reduce_sum, tf.reduce_mean, tf.reduce_max)
                            for a in (None, 0, 1)])
    finally:
        tf._core.set_simd_level(before)
    assert all(r == results[0] for r in results[1:])


def test_softmax_and_log_softmax_at_every_level(kernel_path):
    rng = np.random.default_rng(8)
    for shape in [(1, 1), (3, 7), (64, 1000), (5, 4099), (2, 0)]:
        x = (rng.standard_normal(shape) * 4).astype(np.float32)
        x64 = x.astype(np.float64)
        z = x64 - (x64.max(axis=-1, keepdims=True) if x.size else 0)
        with np.errstate(divide="ignore"):  # log(0) of the empty rows' sums
            lse = np.log(np.exp(z).sum(axis=-1, keepdims=True))
        np.testing.assert_allclose(tf.nn.softmax(x).numpy(), np.exp(z - lse), rtol=2e-6, atol=1e-12)
        np.testing.assert_allclose(tf.nn.log_softmax(x).numpy(), z - lse, rtol=2e-6, atol=2e-6)
    x = np.array([[1.0, np.nan, 2.0], [np.inf, 0.0, 1.0], [-np.inf, 0.0, 0.0]], np.float32)
    got = tf.nn.softmax(x).numpy()
    assert np.isnan(got[0]).all() and np.isnan(got[1]).all()  # NaN spreads over its row; so does inf (inf - inf)
    np.testing.assert_allclose(got[2], [0.0, 0.5, 0.5])


@pytest.mark.parametrize("kernel", ["reduce", "softmax"])
def test_kernel_variant_switches_of_reduce_and_softmax(kernel):
    assert kernel in tf.config.kernels_with_variants()
    assert tf.config.get_kernel_variant(kernel) == "fast"
    x = tf.constant(np.arange(-6, 6, dtype=np.float32).reshape(3, 4) / 4)  # sums exact in any order
    run = (lambda: [tf.reduce_sum(x), tf.reduce_max(x, axis=1), tf.reduce_mean(x, axis=0)]) if kernel == "reduce" \
        else (lambda: [tf.nn.softmax(x), tf.nn.log_softmax(x, axis=0)])
    fast = [t.numpy() for t in run()]
    try:
        tf.config.set_kernel_variant(kernel, "reference")
        assert tf.config.get_kernel_variant(kernel) == "reference"
        assert tf.config.get_kernel_variant("matmul") == "fast"  # one switch per kernel
        for got, expected in zip(run(), fast):
            np.testing.assert_allclose(got.numpy(), expected, rtol=2e-7)
        with pytest.raises(ValueError, match=f"unknown variant 'slow' for kernel '{kernel}': expected 'fast' or"):
            tf.config.set_kernel_variant(kernel, "slow")
        assert tf.config.get_kernel_variant(kernel) == "reference"  # unchanged by the bad call
    finally:
        tf.config.set_kernel_variant(kernel, "fast")
    with pytest.raises(ValueError, match="unknown kernel 'reduce_sum': .*'reduce' \\(every reduce_sum"):
        tf.config.set_kernel_variant("reduce_sum", "reference")


_THREADS_SCRIPT = textwrap.dedent("""
    import sys
    import numpy as np
    import tinytf as tf
    from conftest import LEVELS
    rng = np.random.default_rng(0)
    flat = tf.constant(rng.standard_normal(1 << 21).astype(np.float32))
    rows = tf.constant(rng.standard_normal((2048, 300)).astype(np.float32))
    tall = tf.constant(rng.standard_normal((60000, 7)).astype(np.float32))
    wide = tf.constant(rng.standard_normal((128, 1500)).astype(np.float32))
    for level in LEVELS + ["reference"]:  # each level's fast kernels, then the reference loops
        if level == "reference":
            tf.config.set_kernel_variant("reduce", "reference")
            tf.config.set_kernel_variant("softmax", "reference")
        else:
            tf._core.set_simd_level(level)
        parts = [tf.reduce_sum(flat), tf.reduce_mean(flat), tf.reduce_max(flat), tf.reduce_min(flat),
                 tf.reduce_sum(rows, axis=1), tf.reduce_max(rows, axis=1), tf.reduce_sum(rows, axis=0),
                 tf.reduce_sum(tall, axis=0), tf.reduce_mean(tall, axis=0), tf.reduce_max(tall, axis=0),
                 tf.reduce_sum(wide, axis=0), tf.reduce_min(wide, axis=0), tf.nn.softmax(rows),
                 tf.nn.log_softmax(rows)]
        for p in parts:
            sys.stdout.buffer.write(p.numpy().tobytes())
""")


def test_reductions_do_not_depend_on_thread_count():
    one, two = run_with_threads(_THREADS_SCRIPT, 1), run_with_threads(_THREADS_SCRIPT, 2)
    assert len(one) == len(two) > 0
    assert one == two, "a reduction (fast or reference) gives different bytes with OMP_NUM_THREADS=1 and 2"
