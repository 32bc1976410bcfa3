"""Bad input a user types never crashes or hangs tinytf: each case here once segfaulted, hung, killed the
process with SIGFPE, or gave a silently wrong value (issue 12). Each runs in a child process (tests/sandbox.py),
so a regression fails its own test, not the run; the expected error TYPE is what TensorFlow 2.21 raises
(checked in /work/venvs/tf), and the message names the op, the shape and the dtype."""
import numpy as np
import pytest

from sandbox import Sandbox

IAE = "InvalidArgumentError"
REE = "ResourceExhaustedError"

BIG = 2**62  # 4611686018427387904: any tensor of this many elements needs more than 2**63 bytes

# (id, snippet setting `result`, error type, words the message must contain)
ERRORS = [
    # impossible sizes: refused before allocating (the byte count n * 4 used to wrap to a tiny block)
    ("zeros", "result = tf.zeros([2**62])", REE, ["fill", "shape[4611686018427387904]", "float32", "OOM"]),
    ("fill", "result = tf.fill([2**62], 1.)", REE, ["fill", "[4611686018427387904]", "float32"]),
    ("range", "result = tf.range(0, 2**62, dtype=tf.int64)", REE, ["range", "[4611686018427387904]", "int64"]),
    ("eye", "result = tf.eye(2**31)", REE, ["eye", "[2147483648,2147483648]", "float32"]),
    ("one_hot", "result = tf.one_hot([0], 2**62)", REE, ["one_hot", "[1,4611686018427387904]", "float32"]),
    ("random_normal", "result = tf.random.normal([2**62])", REE, ["random.normal", "[4611686018427387904]"]),
    ("random_uniform_int", "result = tf.random.uniform([2**62], maxval=9, dtype=tf.int32)", REE,
     ["random.uniform", "int32"]),
    ("constant_shape_then_add", "result = tf.constant(5., shape=[2**62]) + 1.", REE,
     ["add", "[4611686018427387904]", "float32"]),
    # the allocator's size rounding doubled past 2**63 to 0 and looped forever
    ("allocator_round_size", "result = tf.zeros([2**61 + 1])", REE, ["fill", "[2305843009213693953]"]),
    # fits 64 bits but not this machine: refused instead of overcommitted and killed later
    ("more_than_memory", "result = tf.ones([2**40])", REE, ["fill", "[1099511627776]", "float32", "bytes", "memory"]),
    # element counts past 2**63 - 1 (a [2**32, 2**32] tensor had 0 elements)
    ("count_overflow", "result = tf.zeros([2**32, 2**32])", IAE,
     ["fill", "[4294967296,4294967296]", "more than 2**63 - 1 elements"]),
    ("broadcast_to_overflow", "result = tf.broadcast_to(tf.ones([3]), [2**62, 3])", IAE,
     ["broadcast_to", "[4611686018427387904,3]"]),
    ("reshape_overflow", "result = tf.reshape(tf.ones([4]), [2**62, 4])", IAE, ["reshape", "[4611686018427387904,4]"]),
    ("tile_overflow", "result = tf.tile(tf.ones([2]), [2**62])", IAE, ["tile", "(2,)", "[4611686018427387904]"]),
    ("add_broadcast_overflow", "result = tf.broadcast_to(1., [2**40, 1]) + tf.broadcast_to(1., [1, 2**40])", IAE,
     ["add", "[1099511627776,1099511627776]"]),
    ("matmul_overflow", "result = tf.matmul(tf.broadcast_to(1., [2**40, 1]), tf.broadcast_to(1., [1, 2**40]))", IAE,
     ["matmul", "[1099511627776,1099511627776]"]),
    ("eye_batch_overflow", "result = tf.eye(3, batch_shape=[2**62])", IAE, ["broadcast_to", "4611686018427387904"]),
    ("range_float_too_long", "result = tf.range(0., 1e19)", IAE, ["range", "9223372036854775807"]),
    ("range_int32_bounds", "result = tf.range(0, 2**40, dtype=tf.int32)", IAE, ["range", "int32", "1099511627776"]),
    ("range_nan", "result = tf.range(0., float('nan'))", IAE, ["range", "nan"]),
    # negative dimensions, wherever a shape enters (a (-1, 3) view later hung reduce_sum)
    ("broadcast_to_negative", "result = tf.broadcast_to(tf.ones([3]), [-1, 3])", IAE,
     ["broadcast_to", "Dimension -1 must be >= 0", "[-1,3]"]),
    ("constant_shape_negative", "result = tf.constant(5., shape=[-1])", "ValueError", ["Dimension -1 must be >= 0"]),
    ("ones_negative", "result = tf.ones([-2, 3])", IAE, ["fill", "Dimension -2", "[-2,3]"]),
    ("random_normal_negative", "result = tf.random.normal([-1])", IAE, ["random.normal", "Dimension -1"]),
    ("random_uniform_negative", "result = tf.random.uniform([2, -1])", IAE, ["random.uniform", "[2,-1]"]),
    ("eye_negative", "result = tf.eye(2, -1)", IAE, ["eye", "[2,-1]"]),
    ("eye_batch_negative", "result = tf.eye(3, batch_shape=[-1])", IAE, ["broadcast_to", "-1"]),
    ("reshape_negative", "result = tf.reshape(tf.ones([4]), [-2, -2])", IAE, ["reshape", "-2"]),
    ("tile_negative", "result = tf.tile(tf.ones([2]), [-1])", IAE, ["tile", "multiples[0] >= 0", "-1"]),
    ("one_hot_negative", "result = tf.one_hot([0], -2)", IAE, ["one_hot", "-2"]),
    # dimensions that are not int64 integers
    ("shape_beyond_int64", "result = tf.zeros([2**64])", "ValueError", ["out-of-range integer", "18446744073709551616"]),
    ("shape_float", "result = tf.zeros([1.5])", "TypeError", ["1.5", "not an integer"]),
    ("constant_shape_beyond_int64", "result = tf.constant(1., shape=[2**64])", "ValueError", ["out-of-range integer"]),
    # Python numbers that do not fit (silently -2**63 and INT_MIN before)
    ("constant_2_63", "result = tf.constant([2**63])", "ValueError", ["out-of-range integer", "9223372036854775808"]),
    ("constant_2_63_mixed", "result = tf.constant([2**63 - 1, 2**63])", "ValueError", ["out-of-range integer"]),
    ("constant_2_70", "result = tf.constant(2**70)", "ValueError", ["out-of-range integer", "2.0**70"]),
    ("constant_below_int64", "result = tf.constant(-2**63 - 1)", "ValueError", ["out-of-range integer"]),
    ("constant_int64_dtype_2_63", "result = tf.constant(2**63, dtype=tf.int64)", "ValueError", ["out-of-range"]),
    ("constant_3e10_int32", "result = tf.constant(3e10, dtype=tf.int32)", "TypeError", ["30000000000.0", "int32"]),
    ("constant_1e40_int64", "result = tf.constant(1e40, dtype=tf.int64)", "TypeError", ["1e+40", "int64"]),
    ("constant_nan_int32", "result = tf.constant(float('nan'), dtype=tf.int32)", "TypeError", ["nan", "int32"]),
    # values that are not numbers say so (they all said "non-rectangular" before)
    ("constant_none", "result = tf.constant(None)", "ValueError", ["(None)", "NoneType"]),
    ("constant_object", "result = tf.constant(object())", "ValueError", ["unsupported type", "object"]),
    ("constant_mixed", "result = tf.constant([1, None])", "ValueError", ["mixed types", "None"]),
    ("constant_ragged", "result = tf.constant([[1, 2], [3]])", "ValueError", ["non-rectangular"]),
    # the tape's arguments
    ("gradient_none_source", """
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
result = tape.gradient(y, [x, None])""", "TypeError", ["sources", "None", "element 1"]),
    ("gradient_none_target", """
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
result = tape.gradient(None, x)""", "TypeError", ["target", "None"]),
    ("watch_float", """
with tf.GradientTape() as tape:
    tape.watch(3.0)""", "ValueError", ["3.0", "float", "tf.Tensor or tf.Variable"]),
    # messages write dtypes as TensorFlow's users do
    ("mixed_dtypes_message", "result = tf.constant([1.]) + tf.constant([1])", IAE, ["add", "tf.cast(x, tf.float32)"]),
]

# (id, snippet, expected result): integer edges TensorFlow answers (these were SIGFPE)
VALUES = [
    ("int32_min_floordiv", "result = tf.constant(-2**31) // tf.constant(-1)", np.int32(-2**31)),
    ("int32_min_floormod", "result = tf.constant(-2**31) % tf.constant(-1)", np.int32(0)),
    ("int64_min_floordiv", "result = tf.constant(-2**63, tf.int64) // tf.constant(-1, tf.int64)", np.int64(-2**63)),
    ("int64_min_floormod", "result = tf.constant(-2**63, tf.int64) % tf.constant(-1, tf.int64)", np.int64(0)),
    ("by_minus_one_kernel", "result = tf.math.floordiv(tf.fill([100000], -2**31), -1)[:3]",
     np.full(3, -2**31, np.int32)),
    ("floordiv_by_minus_one", "result = tf.constant([7, -7, 0]) // -1", np.array([-7, 7, 0], np.int32)),
    ("floormod_by_minus_one", "result = tf.constant([7, -7, 0]) % -1", np.zeros(3, np.int32)),
    # integer overflow wraps around as in TensorFlow (and is no undefined behaviour for UBSan)
    ("negative_int32_min", "result = -tf.constant(-2**31)", np.int32(-2**31)),
    ("abs_int64_min", "result = tf.abs(tf.constant(-2**63, tf.int64))", np.int64(-2**63)),
    ("multiply_wraps", "result = tf.constant(2**30) * 4", np.int32(0)),
    ("add_wraps", "result = tf.constant(2**31 - 1) + 1", np.int32(-2**31)),
    ("pow_wraps", "result = tf.pow(tf.constant(2), tf.constant(40))", np.int32(0)),
    ("reduce_sum_wraps", "result = tf.reduce_sum(tf.constant([2**31 - 1, 1]))", np.int32(-2**31)),
    ("range_int32_extremes", "result = tf.range(-2**31, 2**31 - 1, 2**30, dtype=tf.int32)",
     np.array([-2**31, -2**30, 0, 2**30], np.int32)),
    ("constant_huge_float_ok", "result = tf.constant([1.5, 2**70])", np.array([1.5, 2.0**70], np.float32)),
    ("constant_2_70_float32_ok", "result = tf.constant(2**70, dtype=tf.float32)", np.float32(2.0**70)),
]


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(timeout=60) as box:
        yield box


def _normalize(text):
    return text.replace(" ", "").replace("(", "[").replace(")", "]").replace(",]", "]")


@pytest.mark.parametrize("code, error, words", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_bad_input_raises_tensorflows_error(sandbox, code, error, words):
    outcome = sandbox.run(code)
    assert outcome.kind == "error" and outcome.error_type == error, (
        f"TensorFlow raises {error}; tinytf {outcome.describe()}")
    for word in words:
        assert _normalize(word) in _normalize(outcome.message), f"the message should mention {word!r}: {outcome.message}"


@pytest.mark.parametrize("code, expected", [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_edge_values_are_tensorflows(sandbox, code, expected):
    outcome = sandbox.run(code)
    assert outcome.kind == "value", f"tinytf {outcome.describe()}"
    assert outcome.value.dtype == np.asarray(expected).dtype
    np.testing.assert_array_equal(outcome.value, expected)


def test_refused_allocations_change_nothing(sandbox):
    """An impossible size is refused before the allocator is asked: nothing in use, nothing cached."""
    outcome = sandbox.run("""
stats = tf._core.allocator_stats
before = stats()
for make in (lambda: tf.zeros([2**62]), lambda: tf.ones([2**40]), lambda: tf.zeros([2**61 + 1])):
    try:
        make()
    except tf.errors.ResourceExhaustedError:
        pass
after = stats()
result = [after["bytes_in_use"] - before["bytes_in_use"], after["bytes_cached"] - before["bytes_cached"],
          after["num_allocs"] - before["num_allocs"]]""")
    assert outcome.kind == "value", outcome.describe()
    np.testing.assert_array_equal(outcome.value, [0, 0, 0])


def test_sandbox_reports_a_crash_and_recovers(sandbox):
    """The harness itself: a segfault is an outcome (with the signal), and the next snippet runs."""
    crashed = sandbox.run("import ctypes; ctypes.string_at(0)")
    assert crashed.kind == "crashed" and crashed.returncode != 0
    assert any(word in crashed.message for word in ("Segmentation fault", "Fatal Python error", "SEGV"))
    assert sandbox.run("result = tf.constant(2) + 1").value == 3


def test_sandbox_reports_a_hang():
    with Sandbox(timeout=2) as box:
        hung = box.run("import time\nwhile True: time.sleep(0.01)")
        assert hung.kind == "crashed" and "Timeout" in hung.message
