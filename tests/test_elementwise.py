"""Element-wise ops (tf.*, tf.math.* and the Tensor operators) against NumPy."""
import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf
from helpers import (ALL, BINARY_SHAPES, FLOAT, INT, NUMERIC, UNARY_SHAPES, check_op, check_rejects_dtype,
                     random_array)

# Transcendental kernels may be vectorised approximations (as Eigen's are in TF).
APPROX = {"float32": 1e-5, "float64": 1e-12}


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# name -> (tinytf function, NumPy reference, dtypes it takes, input domain, rtol)
UNARY = {
    "negative": (tf.negative, np.negative, NUMERIC, "real", None),
    "abs": (tf.abs, np.abs, NUMERIC, "real", None),
    "sign": (tf.sign, np.sign, NUMERIC, "real", None),
    "square": (tf.square, np.square, NUMERIC, "real", None),
    "sqrt": (tf.sqrt, np.sqrt, FLOAT, "small_nonneg", None),
    "rsqrt": (tf.math.rsqrt, lambda x: 1 / np.sqrt(x), FLOAT, "positive", APPROX),
    "exp": (tf.exp, np.exp, FLOAT, "real", APPROX),
    "log": (tf.math.log, np.log, FLOAT, "positive", APPROX),
    "log1p": (tf.math.log1p, np.log1p, FLOAT, "unit", APPROX),
    "expm1": (tf.math.expm1, np.expm1, FLOAT, "real", APPROX),
    "tanh": (tf.tanh, np.tanh, FLOAT, "real", APPROX),
    "sigmoid": (tf.sigmoid, _sigmoid, FLOAT, "real", APPROX),
    "reciprocal": (tf.math.reciprocal, np.reciprocal, FLOAT, "nonzero", None),
}
# dtypes each unary op must refuse with InvalidArgumentError (checked against TF 2.21).
UNARY_REJECTS = {
    "negative": ("bool",), "abs": ("bool",), "sign": ("bool",), "square": ("bool",),
    "sqrt": INT + ("bool",), "rsqrt": INT + ("bool",), "exp": INT + ("bool",), "log": INT + ("bool",),
    "tanh": INT + ("bool",), "sigmoid": INT + ("bool",), "reciprocal": ("bool",), "log1p": INT + ("bool",),
    "expm1": INT + ("bool",),
}


def _floordiv(x, y):
    if x.dtype.kind == "f":
        return np.floor(x / y)  # TensorFlow's FloorDiv for floats is floor(x / y)
    return np.floor_divide(x, y)


BINARY = {
    "add": (tf.add, np.add, NUMERIC, "real"),
    "subtract": (tf.subtract, np.subtract, NUMERIC, "real"),
    "multiply": (tf.multiply, np.multiply, NUMERIC, "real"),
    "divide": (tf.divide, np.true_divide, FLOAT, ("real", "nonzero")),
    "divide_no_nan": (tf.math.divide_no_nan, np.true_divide, FLOAT, ("real", "nonzero")),
    "floordiv": (tf.math.floordiv, _floordiv, NUMERIC, ("real", "nonzero")),
    "floormod": (tf.math.floormod, np.mod, NUMERIC, ("real", "nonzero")),
    "pow": (tf.pow, np.power, NUMERIC, ("positive", "small_nonneg")),
    "maximum": (tf.maximum, np.maximum, NUMERIC, "real"),
    "minimum": (tf.minimum, np.minimum, NUMERIC, "real"),
}
BINARY_REJECTS = {name: ("bool",) for name in BINARY}

COMPARISONS = {
    "equal": (tf.equal, np.equal, ALL),
    "not_equal": (tf.not_equal, np.not_equal, ALL),
    "less": (tf.less, np.less, NUMERIC),
    "less_equal": (tf.less_equal, np.less_equal, NUMERIC),
    "greater": (tf.greater, np.greater, NUMERIC),
    "greater_equal": (tf.greater_equal, np.greater_equal, NUMERIC),
}

OPERATORS = {
    "+": (operator.add, NUMERIC, "real"),
    "-": (operator.sub, NUMERIC, "real"),
    "*": (operator.mul, NUMERIC, "real"),
    "/": (operator.truediv, FLOAT, ("real", "nonzero")),
    "//": (operator.floordiv, INT, ("real", "nonzero")),
    "%": (operator.mod, NUMERIC, ("real", "nonzero")),
    "**": (operator.pow, NUMERIC, ("positive", "small_nonneg")),
    "<": (operator.lt, NUMERIC, "real"),
    "<=": (operator.le, NUMERIC, "real"),
    ">": (operator.gt, NUMERIC, "real"),
    ">=": (operator.ge, NUMERIC, "real"),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_matches_numpy(name):
    tf_fn, np_fn, dtypes, domain, rtol = UNARY[name]
    check_op(tf_fn, np_fn, shapes=UNARY_SHAPES, dtypes=dtypes, domain=domain, rtol=rtol, name=name)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_rejects_dtypes(name):
    check_rejects_dtype(UNARY[name][0], UNARY_REJECTS[name], name=name)


@pytest.mark.parametrize("name", ["negative", "abs", "sign", "square", "sqrt", "exp", "log", "tanh", "sigmoid"])
def test_unary_under_tf_math(name):
    check_op(getattr(tf.math, name), UNARY[name][1], dtypes=("float32",), domain=UNARY[name][3],
             rtol=UNARY[name][4], name="tf.math." + name)


def test_unary_special_values():
    x = tf.constant([np.nan, np.inf, -np.inf, 0.0, -0.0])
    np.testing.assert_array_equal(tf.sign(x).numpy()[1:], [1, -1, 0, 0])
    assert np.isnan(tf.sign(x).numpy()[0])
    np.testing.assert_array_equal(tf.exp(tf.constant([-np.inf, np.inf, 100.0])).numpy(), [0, np.inf, np.inf])
    np.testing.assert_array_equal(tf.math.log(tf.constant([0.0, np.inf])).numpy(), [-np.inf, np.inf])
    assert np.isnan(tf.sqrt(tf.constant(-1.0)).numpy())
    # sigmoid must not overflow for large |x|
    np.testing.assert_allclose(tf.sigmoid(tf.constant([-1000.0, 1000.0])).numpy(), [0.0, 1.0])
    np.testing.assert_allclose(tf.tanh(tf.constant([-50.0, 50.0])).numpy(), [-1.0, 1.0])


@pytest.mark.parametrize("name", ["is_nan", "is_inf", "is_finite"])
def test_float_classification(name):
    np_fn = {"is_nan": np.isnan, "is_inf": np.isinf, "is_finite": np.isfinite}[name]

    def with_specials(x):  # random values with NaN, +-inf and -0.0 in front
        return tf.concat([tf.constant([np.nan, np.inf, -np.inf, -0.0], dtype=x.dtype), tf.reshape(x, [-1])], 0)

    check_op(getattr(tf.math, name), np_fn, dtypes=FLOAT, out_dtype="bool", name=name)
    check_op(lambda x: getattr(tf.math, name)(with_specials(x)),
             lambda x: np_fn(np.concatenate([np.array([np.nan, np.inf, -np.inf, -0.0], x.dtype), x.ravel()])),
             dtypes=FLOAT, out_dtype="bool", name=name + " with NaN and inf")
    check_rejects_dtype(getattr(tf.math, name), INT + ("bool",), name=name)


def test_log1p_and_expm1_are_exact_near_zero():
    tiny = tf.constant([1e-10, -1e-12], dtype=tf.float64)
    np.testing.assert_allclose(tf.math.log1p(tiny).numpy(), np.log1p([1e-10, -1e-12]), rtol=1e-15)
    np.testing.assert_allclose(tf.math.expm1(tiny).numpy(), np.expm1([1e-10, -1e-12]), rtol=1e-15)
    assert tf.math.log1p(tf.constant(-1.0)).numpy() == -np.inf


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_matches_numpy(name):
    tf_fn, np_fn, dtypes, domain = BINARY[name]
    check_op(tf_fn, np_fn, shapes=BINARY_SHAPES, dtypes=dtypes, domain=domain, name=name)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_rejects_bool(name):
    # TensorFlow's truediv checks its dtypes in Python: a bool tensor is a TypeError there.
    error = TypeError if name in ("divide", "/", "divide_no_nan") else None
    check_rejects_dtype(BINARY[name][0], BINARY_REJECTS[name], arity=2, name=name, error=error)


def test_divide_no_nan_is_zero_wherever_the_divisor_is():
    rng = np.random.default_rng(5)
    for dtype in FLOAT:
        for shape_x, shape_y in [((3, 4), (3, 4)), ((2, 3, 4), (4,)), ((5, 1), (1, 6)), ((), (7,)), ((0, 3), (3,))]:
            x = rng.normal(size=shape_x).astype(dtype)
            y = np.where(rng.random(shape_y) < 0.4, 0, rng.normal(size=shape_y)).astype(dtype)
            if x.size:  # NaN and inf over a zero divisor still give 0
                x.flat[0], x.flat[-1] = np.nan, np.inf
            bx, by = np.broadcast_arrays(x, y)
            expected = np.divide(bx, by, out=np.zeros(bx.shape, dtype), where=by != 0)
            got = tf.math.divide_no_nan(tf.constant(x), tf.constant(y))
            assert got.dtype == dtype and got.shape == expected.shape
            np.testing.assert_array_equal(got.numpy(), expected)
    # Integers divide as floats (TensorFlow's truediv table), and Python numbers take the tensor's dtype.
    got = tf.math.divide_no_nan(tf.constant([1, 3]), tf.constant([0, 2]))
    assert got.dtype == tf.float64 and got.numpy().tolist() == [0.0, 1.5]
    assert tf.math.divide_no_nan(3.0, 0.0).numpy() == 0.0
    with pytest.raises(TypeError, match=r"div_no_nan: `x` and `y` must have the same dtype, got tf.float32 != tf.f"):
        tf.math.divide_no_nan(tf.constant([1.0]), tf.constant([0.0], tf.float64))


def test_integer_divide_gives_float64():
    # TensorFlow's truediv casts integer inputs to float64 first (int32 / int32 -> float64).
    check_op(tf.divide, lambda x, y: np.true_divide(x.astype(np.float64), y.astype(np.float64)),
             shapes=BINARY_SHAPES, dtypes=INT, domain=("real", "nonzero"), out_dtype="float64", name="divide(int)")
    check_op(operator.truediv, lambda x, y: x / y, shapes=BINARY_SHAPES, dtypes=INT,
             domain=("real", "nonzero"), out_dtype="float64", name="int / int")


def test_integer_floordiv_and_floormod_follow_python_signs():
    x = tf.constant([7, -7, 7, -7, 0])
    y = tf.constant([3, 3, -3, -3, 5])
    np.testing.assert_array_equal((x // y).numpy(), [2, -3, -3, 2, 0])
    np.testing.assert_array_equal((x % y).numpy(), [1, 2, -2, -1, 0])
    np.testing.assert_array_equal((tf.constant([-3.5]) // tf.constant([2.0])).numpy(), [-2.0])
    np.testing.assert_array_equal((tf.constant([-3.5]) % tf.constant([2.0])).numpy(), [0.5])


def test_integer_division_by_zero_only_where_one_happens():
    """TensorFlow refuses x // 0 for integers, but an empty result divides nothing (found by tests/test_fuzz_ops.py)."""
    for op in (tf.math.floordiv, tf.math.floormod):
        assert op(tf.zeros([0, 2], tf.int32), tf.constant([[0]])).shape == (0, 2)
        with pytest.raises(tf.errors.InvalidArgumentError, match="integer division by zero"):
            op(tf.constant([1, 2]), tf.constant([1, 0]))


def test_float_division_by_zero_is_ieee():
    np.testing.assert_array_equal((tf.constant([1.0, -1.0]) / tf.constant([0.0, 0.0])).numpy(), [np.inf, -np.inf])
    np.testing.assert_array_equal((tf.constant([1, 2]) / tf.constant([0, 2])).numpy(), [np.inf, 1.0])


@pytest.mark.parametrize("name", sorted(COMPARISONS))
def test_comparison_matches_numpy(name):
    tf_fn, np_fn, dtypes = COMPARISONS[name]
    check_op(tf_fn, np_fn, shapes=BINARY_SHAPES, dtypes=dtypes, out_dtype="bool", name=name)


@pytest.mark.parametrize("name", ["less", "less_equal", "greater", "greater_equal"])
def test_ordering_rejects_bool(name):
    check_rejects_dtype(COMPARISONS[name][0], ("bool",), arity=2, name=name)


@pytest.mark.parametrize("name", ["logical_and", "logical_or"])
def test_logical_binary(name):
    check_op(getattr(tf, name), getattr(np, name), shapes=BINARY_SHAPES, dtypes=("bool",), name=name)
    check_rejects_dtype(getattr(tf, name), NUMERIC, arity=2, name=name)


def test_logical_not_and_bool_operators():
    check_op(tf.logical_not, np.logical_not, dtypes=("bool",), name="logical_not")
    check_rejects_dtype(tf.logical_not, NUMERIC, name="logical_not")
    check_op(operator.and_, np.logical_and, shapes=BINARY_SHAPES, dtypes=("bool",), name="&")
    check_op(operator.or_, np.logical_or, shapes=BINARY_SHAPES, dtypes=("bool",), name="|")
    check_op(operator.invert, np.logical_not, dtypes=("bool",), name="~")


@pytest.mark.parametrize("symbol", sorted(OPERATORS))
def test_operator_matches_numpy(symbol):
    op, dtypes, domain = OPERATORS[symbol]
    out = "bool" if symbol in ("<", "<=", ">", ">=") else None
    check_op(op, op, shapes=BINARY_SHAPES, dtypes=dtypes, domain=domain, out_dtype=out, name=symbol)


def test_float_floordiv_operator():
    check_op(operator.floordiv, _floordiv, shapes=BINARY_SHAPES, dtypes=FLOAT, domain=("real", "nonzero"), name="//")


def test_equality_operators_are_elementwise():
    check_op(operator.eq, np.equal, shapes=BINARY_SHAPES, dtypes=ALL, out_dtype="bool", name="==")
    check_op(operator.ne, np.not_equal, shapes=BINARY_SHAPES, dtypes=ALL, out_dtype="bool", name="!=")


def test_unary_operators():
    check_op(operator.neg, np.negative, dtypes=NUMERIC, name="unary -")
    check_op(abs, np.abs, dtypes=NUMERIC, name="abs()")


@pytest.mark.parametrize("dtype", NUMERIC)
def test_python_scalar_takes_tensor_dtype(dtype):
    x = tf.constant(np.arange(6, dtype=dtype).reshape(2, 3))
    a = np.arange(6, dtype=dtype).reshape(2, 3)
    for result, expected in [(x + 2, a + 2), (2 + x, 2 + a), (x * 3, a * 3), (3 - x, 3 - a), (x ** 2, a ** 2)]:
        assert result.dtype == dtype
        np.testing.assert_array_equal(result.numpy(), expected.astype(dtype))
    if dtype in FLOAT:
        np.testing.assert_allclose((x * 0.5).numpy(), (a * 0.5).astype(dtype))
        np.testing.assert_allclose((1.5 / (x + 1)).numpy(), (1.5 / (a + 1)).astype(dtype), rtol=1e-6)


def test_numpy_array_operand_keeps_tensor_dtype_and_broadcasts():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    y = x + np.array([10.0, 20.0])  # float64 NumPy values, converted to the tensor's float32
    assert y.dtype == tf.float32
    np.testing.assert_array_equal(y.numpy(), [[11, 22], [13, 24]])
    z = np.array([1.0, 1.0], dtype=np.float32) + x  # NumPy defers to the tensor (__array_priority__)
    assert isinstance(z, tf.Tensor)


@pytest.mark.parametrize("src", ALL)
@pytest.mark.parametrize("dst", ALL)
def test_cast_matches_numpy(src, dst):
    def reference(x):
        if dst == "bool":
            return x != 0
        if np.dtype(src).kind == "f" and np.dtype(dst).kind in "iu":
            return np.trunc(x).astype(dst)  # floats to ints truncate toward zero
        return x.astype(dst)

    check_op(lambda x: tf.cast(x, dst), reference, dtypes=(src,), out_dtype=dst, name=f"cast({src}->{dst})")


@pytest.mark.parametrize("src", FLOAT)
@pytest.mark.parametrize("dst", ["int32", "int64"])
def test_cast_of_floats_no_integer_holds_gives_the_lowest_value(src, dst):
    # NaN, infinities and values beyond the range become INT_MIN, as x86 (TensorFlow's CPU kernels, NumPy)
    # gives; C++ leaves that conversion undefined, so kernels/functors.h checks the range (the sanitizer
    # build, with -fsanitize=float-cast-overflow, fails here on an unchecked conversion).
    lowest, top = np.iinfo(dst).min, np.iinfo(dst).max
    edge = 2.0 ** (np.iinfo(dst).bits - 1)  # the first value above the range, exact in every float
    x = np.array([np.nan, np.inf, -np.inf, edge, -edge * 2, 1e30, -1e30, -edge, 2.9, -2.9, 0.0], dtype=src)
    expected = [lowest, lowest, lowest, lowest, lowest, lowest, lowest, lowest, 2, -2, 0]
    np.testing.assert_array_equal(tf.cast(tf.constant(x), dst).numpy(), np.array(expected, dst))
    below_edge = np.nextafter(np.array(edge, src), np.array(0, src))  # the largest float under 2^(bits-1)
    assert int(tf.cast(tf.constant([below_edge]), dst).numpy()[0]) == int(below_edge) <= top


def test_cast_accepts_dtype_names_and_objects():
    x = tf.constant([1.7, -1.7, 0.0])
    np.testing.assert_array_equal(tf.cast(x, "int32").numpy(), [1, -1, 0])
    np.testing.assert_array_equal(tf.cast(x, tf.bool).numpy(), [True, True, False])
    assert tf.cast(x, np.float64).dtype == tf.float64


@pytest.mark.parametrize("dtype", NUMERIC)
def test_clip_by_value(dtype):
    check_op(lambda x: tf.clip_by_value(x, -2, 3), lambda x: np.clip(x, -2, 3), dtypes=(dtype,), name="clip_by_value")
    check_op(tf.clip_by_value, np.clip, shapes=[((3, 4), (4,), (3, 1)), ((5,), (), ()), ((0, 2), (), ())],
             dtypes=(dtype,), name="clip_by_value(tensors)")


@pytest.mark.parametrize("dtype", NUMERIC)
def test_add_n(dtype):
    check_op(lambda *xs: tf.add_n(list(xs)), lambda *xs: sum(xs[1:], xs[0]),
             shapes=[((3, 4),) * 3, ((),) * 2, ((5,),), ((0, 2),) * 4], dtypes=(dtype,), name="add_n")


@pytest.mark.parametrize("dtype", ALL)
def test_where_select(dtype):
    shapes = [((3, 4), (3, 4), (3, 4)), ((3, 1), (1, 4), ()), ((4,), (3, 4), (3, 1)), ((), (2,), ()),
              ((0, 2), (2,), ())]
    rng = np.random.default_rng(7)
    for cs, xs, ys in shapes:
        c = rng.random(cs) < 0.5
        x, y = random_array(xs, dtype, rng), random_array(ys, dtype, rng)
        got = tf.where(tf.constant(c), tf.constant(x), tf.constant(y))
        assert got.dtype == dtype
        np.testing.assert_array_equal(got.numpy(), np.where(c, x, y), err_msg=f"where({cs}, {xs}, {ys}) {dtype}")


def test_where_coordinates():
    c = np.array([[True, False, True], [False, False, True]])
    got = tf.where(tf.constant(c))
    assert got.dtype == tf.int64
    np.testing.assert_array_equal(got.numpy(), np.argwhere(c))
    assert tf.where(tf.zeros([0, 2], tf.bool)).shape.as_list() == [0, 2]


# -- property tests: broadcasting binary ops ---------------------------------------------------------------

_DTYPE = st.sampled_from(NUMERIC)


@st.composite
def _broadcast_pair(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0, max_side=4))
    dtype = draw(_DTYPE)
    elements = (st.integers(-50, 50) if dtype in INT else
                st.floats(-1e3, 1e3, allow_nan=False, width=32 if dtype == "float32" else 64))
    a = draw(hnp.arrays(dtype, shapes.input_shapes[0], elements=elements))
    b = draw(hnp.arrays(dtype, shapes.input_shapes[1], elements=elements))
    return a, b


@settings(deadline=None, max_examples=150, derandomize=True)
@given(_broadcast_pair(), st.sampled_from(["add", "subtract", "multiply", "maximum", "minimum", "equal", "less",
                                           "greater_equal"]))
def test_property_broadcasting_binary_ops(pair, name):
    a, b = pair
    got = getattr(tf, name)(tf.constant(a), tf.constant(b))
    expected = getattr(np, name)(a, b)
    assert tuple(got.shape.as_list()) == expected.shape
    assert got.dtype == expected.dtype.name
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6 if a.dtype == np.float32 else 1e-14)


@settings(deadline=None, max_examples=100, derandomize=True)
@given(_broadcast_pair())
def test_property_operator_order_and_commutativity(pair):
    a, b = pair
    x, y = tf.constant(a), tf.constant(b)
    np.testing.assert_array_equal((x + y).numpy(), (y + x).numpy())
    np.testing.assert_array_equal((x * y).numpy(), (y * x).numpy())
    np.testing.assert_array_equal((x - y).numpy(), np.subtract(a, b))
    np.testing.assert_array_equal((y - x).numpy(), np.subtract(b, a))


def test_float32_exp_within_two_ulp_and_special_values(simd_level):
    # tinytf computes float32 exp with its own vectorisable polynomial (kernels/functors.h),
    # compiled once per SIMD level (kernels/vecmath.h): every level must be accurate.
    z = np.concatenate([np.linspace(-110, 95, 400001), np.random.default_rng(0).normal(0, 10, 100000)]).astype(np.float32)
    got = tf.exp(tf.constant(z)).numpy()
    ref = np.exp(z.astype(np.float64))
    normal = (ref > np.finfo(np.float32).tiny) & (ref < np.finfo(np.float32).max)
    ulp = np.spacing(ref[normal].astype(np.float32)).astype(np.float64)
    assert np.max(np.abs(got[normal] - ref[normal]) / ulp) <= 2.0
    tiny = ref <= np.finfo(np.float32).tiny  # denormal results: within one denormal step
    assert np.max(np.abs(got[tiny] - ref[tiny])) <= 2 * 1.4e-45
    assert np.all(np.isinf(got[ref >= np.finfo(np.float32).max]))
    special = tf.exp(tf.constant([np.inf, -np.inf, np.nan, 0.0, -0.0], dtype=tf.float32)).numpy()
    np.testing.assert_array_equal(special[[0, 1, 3, 4]], [np.inf, 0.0, 1.0, 1.0])
    assert np.isnan(special[2])


def test_float32_sigmoid_and_softmax_at_every_simd_level(simd_level):
    x = np.random.default_rng(1).normal(0, 8, size=(64, 301)).astype(np.float32)
    x[0, :3] = [-1e4, 1e4, 0.0]
    ref = 1 / (1 + np.exp(-x.astype(np.float64)))
    np.testing.assert_allclose(tf.sigmoid(x).numpy(), ref, rtol=3e-7, atol=1e-30)
    z = x.astype(np.float64) - x.max(axis=1, keepdims=True)
    soft = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    # float32 rounds x - max (|x - max| up to ~60 here), so tiny probabilities carry that relative error
    np.testing.assert_allclose(tf.nn.softmax(x).numpy(), soft, rtol=2e-6, atol=1e-12)

