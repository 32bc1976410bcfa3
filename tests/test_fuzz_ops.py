"""Fuzzing the ops: random calls, valid and invalid, never crash or hang tinytf (issue 12).

Hypothesis builds calls with random shapes (empty, 0-d, negative, 2**40, past 2**63), dtypes, axes and
sizes; each call runs in a child process (tests/sandbox.py), so a crash or a hang fails its test, not
the run. Every call must either return NumPy's answer (computed here with TensorFlow's rules: wrapping
integers, integer division by zero refused, the shape checks TensorFlow makes) or raise one of
TensorFlow's errors, ValueError or TypeError. A reference below raises ``Refused`` where TensorFlow
refuses the call: tinytf must refuse it too, and must answer every call the reference answers.

CI runs a short budget (a fixed sequence of examples per op); a long one runs on demand:

    TINYTF_FUZZ_EXAMPLES=5000 python3 -m pytest tests/test_fuzz_ops.py -q

(random examples, a new sequence each run; see CONTRIBUTING.md).
"""
import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox import Sandbox, encode_array

_ON_DEMAND = int(os.environ.get("TINYTF_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_ON_DEMAND or 30, derandomize=not _ON_DEMAND, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

INT64_MAX = 2**63 - 1
TOO_MANY_BYTES = 2**34  # more than the test machines have; every huge size drawn below is far beyond it

# -- what the references say ----------------------------------------------------------------------------


class Refused(Exception):
    """TensorFlow refuses this call: tinytf must raise a tf.errors / ValueError / TypeError too."""


class Unchecked(Exception):
    """Any answer is right (a value, or an error of the allowed kinds): the call must only not crash."""


def refuse_unless(condition):
    if not condition:
        raise Refused


def wrap(values, dtype):
    """Python integers wrapped into an integer dtype, as TensorFlow's (and NumPy's) arithmetic does."""
    bits = np.iinfo(dtype).bits
    wrapped = [((int(v) + 2 ** (bits - 1)) % 2**bits) - 2 ** (bits - 1) for v in np.ravel(values)]
    return np.array(wrapped, dtype).reshape(np.shape(values))


def checked_shape(dims):
    """A shape argument as TensorFlow checks it: int64 dimensions, none negative, a countable product."""
    refuse_unless(all(-(2**63) <= d <= INT64_MAX for d in dims))  # TF: ValueError, out-of-range integer
    refuse_unless(all(d >= 0 for d in dims))
    refuse_unless(math.prod(dims) <= INT64_MAX or 0 in dims)
    return tuple(dims)


class Shaped:
    """An answer known by its shape and dtype only: empty with huge dimensions (NumPy cannot hold (2**62, 0)),
    or, with may_refuse, a broadcast view that TensorFlow refuses to allocate and tinytf makes for free."""

    def __init__(self, shape, dtype, may_refuse=False):
        self.shape, self.dtype, self.may_refuse = tuple(shape), np.dtype(dtype), may_refuse


def new_array(shape, dtype, make):
    """make(), or a Shaped answer when the array is empty (its dimensions may be far beyond NumPy's)."""
    return make() if math.prod(shape) else Shaped(shape, dtype)


def allocatable(shape, dtype):
    """Refused when a new tensor of this shape could not be allocated (ResourceExhaustedError)."""
    refuse_unless(math.prod(shape) * np.dtype(dtype).itemsize < TOO_MANY_BYTES)


def axis_in(axis, rank, extra=0):
    refuse_unless(-rank - extra <= axis < rank + extra)
    return axis % (rank + extra) if rank + extra else 0


def numeric(*arrays):
    refuse_unless(all(a.dtype != np.bool_ for a in arrays))


def same_dtype(*arrays):
    refuse_unless(len({a.dtype for a in arrays}) == 1)


def broadcast(*arrays):
    try:
        return np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        raise Refused from None


# -- the values hypothesis draws ------------------------------------------------------------------------

DTYPES = ["float32", "float64", "int32", "int64", "bool"]
SMALL_DIM = st.integers(0, 3)
# Dimensions of a shape argument: mostly small, sometimes negative, huge or past int64.
DIM = st.one_of(SMALL_DIM, SMALL_DIM, SMALL_DIM, st.sampled_from([-1, -2, 2**40, 2**62, INT64_MAX, 2**64]))
DIMS = st.lists(DIM, max_size=3)
AXIS = st.integers(-4, 4)


def elements(dtype):
    if dtype == "bool":
        return st.booleans()
    if dtype.startswith("int"):
        info = np.iinfo(dtype)
        return st.one_of(st.integers(-9, 9), st.sampled_from([info.min, info.min + 1, -1, 0, 1, info.max]))
    return st.integers(-16, 16).map(lambda i: i / 2)  # exact halves: every implementation rounds alike


@st.composite
def arrays(draw, dtypes=DTYPES, min_rank=0, max_rank=3, shape=None):
    dtype = draw(st.sampled_from(dtypes))
    if shape is None:
        shape = draw(st.lists(SMALL_DIM, min_size=min_rank, max_size=max_rank))
    values = draw(st.lists(elements(dtype), min_size=math.prod(shape), max_size=math.prod(shape)))
    return np.array(values, dtype).reshape(shape)


@st.composite
def pairs(draw, dtypes=DTYPES):
    """Two arrays, mostly of shapes that broadcast and of one dtype (but not always)."""
    a = draw(arrays(dtypes))
    if draw(st.integers(0, 3)):  # a shape that broadcasts: a's, with some dimensions 1 or dropped
        tail = [d if draw(st.booleans()) else 1 for d in a.shape][draw(st.integers(0, a.ndim)):]
        dtype = a.dtype.name if draw(st.integers(0, 4)) else draw(st.sampled_from(dtypes))
        b = draw(arrays([dtype], shape=tail))
    else:
        b = draw(arrays(dtypes))
    return (a, b) if draw(st.booleans()) else (b, a)


# -- the ops: each a strategy drawing (code, inputs, reference) -----------------------------------------
# `code` calls tinytf on the inputs a, b, ... (decoded in the child) and sets `result`; the reference
# computes the expected NumPy array from the same inputs, or raises Refused.


def _binary(name, reference, ints_only_checks=None):
    def reference_call(a, b):
        same_dtype(a, b)
        numeric(a, b)
        broadcast(a, b)
        with np.errstate(all="ignore"):
            if a.dtype.kind == "i":
                x, y = np.broadcast_arrays(a.astype(object), b.astype(object))
                return wrap(reference(x, y, integer=True), a.dtype)
            return np.asarray(reference(a, b, integer=False), a.dtype)

    return pairs().map(lambda ab: (f"result = tf.{name}(a, b)", ab, reference_call))


def _floordiv(x, y, integer):
    if integer:
        refuse_unless(not np.any(y == 0))  # TensorFlow: "Integer division by zero"
        return np.array([a // b for a, b in zip(x.ravel(), y.ravel())], object).reshape(x.shape)
    return np.floor(x / y)


def _floormod(x, y, integer):
    if integer:
        refuse_unless(not np.any(y == 0))
        return np.array([a % b for a, b in zip(x.ravel(), y.ravel())], object).reshape(x.shape)
    r = np.fmod(x, y)
    return np.where((r != 0) & ((r < 0) != (y < 0)), r + y, r)


BINARY = {
    "add": lambda x, y, integer: x + y,
    "subtract": lambda x, y, integer: x - y,
    "multiply": lambda x, y, integer: x * y,
    "maximum": lambda x, y, integer: np.maximum(x, y),
    "minimum": lambda x, y, integer: np.minimum(x, y),
    "math.floordiv": _floordiv,
    "math.floormod": _floormod,
}


def _unary(name, reference, kinds):
    def reference_call(a):
        refuse_unless(a.dtype.kind in kinds)
        with np.errstate(all="ignore"):
            if a.dtype.kind == "i":
                return wrap(reference(a.astype(object)), a.dtype)
            return np.asarray(reference(a), a.dtype)

    return arrays().map(lambda a: (f"result = tf.{name}(a)", (a,), reference_call))


UNARY = {
    "negative": (lambda x: -x, "if"),
    "abs": (lambda x: abs(x), "if"),
    "square": (lambda x: x * x, "if"),
    "sign": (lambda x: np.sign(x), "if"),
    "exp": (np.exp, "f"),
    "sqrt": (np.sqrt, "f"),
    "logical_not": (np.logical_not, "b"),
}


def _reduction_axes(a, axis):
    """TensorFlow's reduction axes: None (all), an int or a list; in range, no duplicates."""
    if axis is None:
        return tuple(range(a.ndim))
    axes = [axis_in(ax, a.ndim) for ax in ([axis] if isinstance(axis, int) else axis)]
    refuse_unless(len(set(axes)) == len(axes))
    return tuple(axes)


def _reduce(kind, a, axes):
    """One reduction, TensorFlow's way: integer sums wrap, the max of nothing is the lowest value."""
    if kind in ("any", "all"):
        refuse_unless(a.dtype == np.bool_)
        return getattr(np, kind)(a, axis=axes)
    numeric(a)
    if kind in ("sum", "prod"):
        return getattr(np, kind)(a, axis=axes, dtype=a.dtype)
    if kind in ("max", "min"):
        info = np.finfo(a.dtype) if a.dtype.kind == "f" else np.iinfo(a.dtype)
        lowest = -np.inf if a.dtype.kind == "f" else info.min
        highest = np.inf if a.dtype.kind == "f" else info.max
        return getattr(np, kind)(a, axis=axes, initial=lowest if kind == "max" else highest)
    count = math.prod(a.shape[ax] for ax in axes)
    if a.dtype.kind == "f":
        with np.errstate(all="ignore"):
            return (np.sum(a, axis=axes, dtype=a.dtype) / a.dtype.type(count)).astype(a.dtype)
    sums = np.sum(a, axis=axes, dtype=a.dtype)  # the wrapped sum, then C's division (0 for no elements)
    quotients = [0 if count == 0 else (abs(int(s)) // count) * (1 if s >= 0 else -1) for s in np.ravel(sums)]
    return np.array(quotients, a.dtype).reshape(np.shape(sums))


@st.composite
def _reduction(draw, kind):
    a = draw(arrays())
    axis = draw(st.one_of(st.none(), AXIS, st.lists(AXIS, max_size=3)))
    keepdims = draw(st.booleans())

    def reference(a):
        axes = _reduction_axes(a, axis)
        out = np.asarray(_reduce(kind, a, axes))
        return np.expand_dims(out, axes) if keepdims else out

    return f"result = tf.reduce_{kind}(a, axis={axis!r}, keepdims={keepdims})", (a,), reference


@st.composite
def _reshape(draw):
    a, dims = draw(arrays()), draw(st.lists(st.one_of(DIM, st.just(-1)), max_size=4))

    def reference(a):
        refuse_unless(all(-(2**63) <= d <= INT64_MAX for d in dims) and all(d >= -1 for d in dims))
        refuse_unless(dims.count(-1) <= 1)
        known = math.prod(d for d in dims if d != -1)
        if -1 in dims:
            refuse_unless(known != 0 and a.size % known == 0)
            shape = [a.size // known if d == -1 else d for d in dims]
        else:
            refuse_unless(known == a.size)
            shape = dims
        return new_array(shape, a.dtype, lambda: a.reshape(shape))

    return f"result = tf.reshape(a, {dims!r})", (a,), reference


@st.composite
def _transpose(draw):
    a = draw(arrays())
    perm = draw(st.one_of(st.none(), st.permutations(range(a.ndim)).map(list), st.lists(st.integers(-1, 3), max_size=4)))

    def reference(a):
        if perm is None:
            return np.transpose(a)
        refuse_unless(all(-a.ndim <= p < a.ndim for p in perm))  # negative entries count from the end
        axes = [p % a.ndim for p in perm]
        refuse_unless(sorted(axes) == list(range(a.ndim)))
        return np.transpose(a, axes)

    return f"result = tf.transpose(a, {perm!r})", (a,), reference


@st.composite
def _broadcast_to(draw):
    a, dims = draw(arrays()), draw(DIMS)
    if draw(st.booleans()):
        dims = dims + list(a.shape)

    def reference(a):
        shape = checked_shape(dims)
        if len(shape) < a.ndim or any(d not in (1, s) for d, s in zip(a.shape[::-1], shape[::-1])):
            raise Refused
        if math.prod(shape) * a.dtype.itemsize >= TOO_MANY_BYTES:
            return Shaped(shape, a.dtype, may_refuse=True)
        return new_array(shape, a.dtype, lambda: np.broadcast_to(a, shape))

    return f"result = tf.broadcast_to(a, {dims!r})", (a,), reference


@st.composite
def _tile(draw):
    a = draw(arrays())
    multiple = st.one_of(st.integers(0, 3), st.sampled_from([-1, 2**40, 2**62]))
    multiples = draw(st.lists(multiple, min_size=a.ndim, max_size=a.ndim) | st.lists(st.integers(0, 2), max_size=4))

    def reference(a):
        refuse_unless(len(multiples) == a.ndim and all(m >= 0 for m in multiples))
        shape = checked_shape([d * m for d, m in zip(a.shape, multiples)])
        allocatable(shape, a.dtype)
        return new_array(shape, a.dtype, lambda: np.tile(a, multiples))

    return f"result = tf.tile(a, {multiples!r})", (a,), reference


@st.composite
def _expand_dims(draw):
    a, axis = draw(arrays()), draw(st.integers(-5, 5))
    return f"result = tf.expand_dims(a, {axis})", (a,), lambda a: np.expand_dims(a, axis_in(axis, a.ndim, extra=1))


@st.composite
def _squeeze(draw):
    a = draw(arrays(max_rank=4))
    axis = draw(st.one_of(st.none(), AXIS, st.lists(AXIS, max_size=2)))

    def reference(a):
        if axis is None or axis == []:  # TensorFlow: no axes given squeezes every axis of size 1
            return np.squeeze(a)
        axes = {axis_in(ax, a.ndim) for ax in ([axis] if isinstance(axis, int) else axis)}
        refuse_unless(all(a.shape[ax] == 1 for ax in axes))
        return np.squeeze(a, tuple(axes))

    return f"result = tf.squeeze(a, {axis!r})", (a,), reference


@st.composite
def _concat(draw):
    (a, b), axis = draw(pairs()), draw(AXIS)

    def reference(a, b):
        same_dtype(a, b)
        refuse_unless(a.ndim == b.ndim and a.ndim >= 1)
        ax = axis_in(axis, a.ndim)
        refuse_unless(all(x == y for i, (x, y) in enumerate(zip(a.shape, b.shape)) if i != ax))
        return np.concatenate([a, b], ax)

    return f"result = tf.concat([a, b], {axis})", (a, b), reference


@st.composite
def _gather(draw):
    a = draw(arrays())
    indices = draw(arrays(["int32", "int64", "float32"], max_rank=2).map(lambda i: np.clip(i, -2, 4).astype(i.dtype)))
    axis = draw(st.integers(-2, 2))

    def reference(a, indices):
        refuse_unless(indices.dtype.kind == "i")
        ax = axis_in(axis, a.ndim)
        refuse_unless(np.all((indices >= 0) & (indices < a.shape[ax])))
        return np.take(a, indices, axis=ax)

    return f"result = tf.gather(a, b, axis={axis})", (a, indices), reference


@st.composite
def _one_hot(draw):
    indices = draw(arrays(["int32", "int64", "float32"]).map(lambda i: np.clip(i, -2, 5).astype(i.dtype)))
    depth = draw(st.one_of(st.integers(-1, 4), st.sampled_from([2**40, 2**62, 2**64])))

    def reference(indices):
        refuse_unless(indices.dtype.kind == "i")
        shape = checked_shape(list(indices.shape) + [depth])
        allocatable(shape, np.float32)
        return new_array(shape, np.float32, lambda: (indices[..., None] == np.arange(depth)).astype(np.float32))

    return f"result = tf.one_hot(a, {depth})", (indices,), reference


@st.composite
def _matmul(draw):
    a = draw(arrays(min_rank=1))
    if draw(st.integers(0, 3)):  # mostly shapes that fit: (..., n, k) @ (k, m)
        m = draw(SMALL_DIM)
        dtype = a.dtype.name if draw(st.integers(0, 4)) else draw(st.sampled_from(DTYPES))
        b = draw(arrays([dtype], shape=[a.shape[-1], m]))
    else:
        b = draw(arrays())

    def reference(a, b):
        same_dtype(a, b)
        numeric(a, b)
        refuse_unless(a.ndim >= 2 and b.ndim >= 2 and a.shape[-1] == b.shape[-2])
        try:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            raise Refused from None
        return np.matmul(a, b)  # integers wrap in NumPy as in TensorFlow

    return "result = tf.matmul(a, b)", (a, b), reference


@st.composite
def _argmax(draw):
    a, axis = draw(arrays()), draw(AXIS)

    def reference(a):
        refuse_unless(a.ndim >= 1)
        ax = axis_in(axis, a.ndim)
        refuse_unless(a.shape[ax] > 0)
        return np.argmax(a, axis=ax).astype(np.int64)

    return f"result = tf.argmax(a, {axis})", (a,), reference


@st.composite
def _top_k(draw):
    a, k = draw(arrays(DTYPES[:4])), draw(st.integers(-1, 4))

    def reference(a):
        refuse_unless(a.ndim >= 1 and 0 <= k <= a.shape[-1])
        rows = a.reshape(math.prod(a.shape[:-1]), a.shape[-1])  # the largest first; among equals, the lower index first
        order = [sorted(range(len(row)), key=lambda j: -int(row[j]) if a.dtype.kind == "i" else -row[j])[:k]
                 for row in rows]
        return np.array(order, np.int32).reshape(a.shape[:-1] + (k,))

    return f"result = tf.math.top_k(a, {k}).indices", (a,), reference


@st.composite
def _slice(draw):
    a = draw(arrays())
    start, stop = draw(st.one_of(st.none(), st.integers(-5, 5))), draw(st.one_of(st.none(), st.integers(-5, 5)))
    step = draw(st.sampled_from([None, 1, 2, -1, 0]))

    def reference(a):
        refuse_unless(a.ndim >= 1 and step != 0)
        return a[start:stop:step]

    return f"result = a[{start}:{stop}:{step}]", (a,), reference


@st.composite
def _creation(draw, name):
    dims, dtype = draw(DIMS), draw(st.sampled_from(DTYPES))
    value = {"zeros": 0, "ones": 1}.get(name)

    def reference():
        shape = checked_shape(dims)
        allocatable(shape, dtype)
        return new_array(shape, dtype, lambda: np.full(shape, value, dtype))

    return f"result = tf.{name}({dims!r}, dtype=tf.{dtype})", (), reference


@st.composite
def _fill(draw):
    dims, value = draw(DIMS), draw(st.sampled_from([0, -3, 2.5, True]))

    def reference():
        shape = checked_shape(dims)
        dtype = {bool: np.bool_, int: np.int32, float: np.float32}[type(value)]
        allocatable(shape, dtype)
        return new_array(shape, dtype, lambda: np.full(shape, value, dtype))

    return f"result = tf.fill({dims!r}, {value!r})", (), reference


@st.composite
def _eye(draw):
    rows, columns = draw(DIM), draw(st.one_of(st.none(), DIM))

    def reference():
        shape = checked_shape([rows, rows if columns is None else columns])
        allocatable(shape, np.float32)
        return new_array(shape, np.float32, lambda: np.eye(*shape, dtype=np.float32))

    return f"result = tf.eye({rows}, {columns})", (), reference


@st.composite
def _range(draw):
    # Bounds and steps tiny or enormous (a range of 2**31 elements would be allocated for real).
    bound = st.one_of(st.integers(-6, 6), st.sampled_from([-(2**62), 2**62]))
    start, limit, delta = draw(bound), draw(bound), draw(st.one_of(st.integers(-3, 3), st.sampled_from([-(2**62), 2**62])))
    dtype = draw(st.sampled_from(DTYPES[:4]))

    def reference():
        refuse_unless(delta != 0 and (start <= limit if delta > 0 else start >= limit))
        if dtype.startswith("int"):
            info = np.iinfo(dtype)
            refuse_unless(all(info.min <= v <= info.max for v in (start, limit, delta)))
            n = -((start - limit) // delta)  # ceil((limit - start) / delta), exactly
            allocatable([n], dtype)
            return np.array([start + i * delta for i in range(n)], dtype)
        first, last, step = (np.dtype(dtype).type(v) for v in (start, limit, delta))  # TensorFlow counts in dtype
        n = int(np.ceil(np.abs((last - first) / step)))
        allocatable([n], dtype)
        return first + np.arange(n, dtype=dtype) * step

    return f"result = tf.range({start}, {limit}, {delta}, dtype=tf.{dtype})", (), reference


@st.composite
def _random_normal(draw):
    dims = draw(DIMS)

    def reference():
        shape = checked_shape(dims)
        allocatable(shape, np.float32)
        return Shaped(shape, np.float32)  # the values are random: only shape and dtype are compared

    return f"result = tf.random.normal({dims!r})", (), reference


# Python values tf.constant meets: nested lists, None, huge integers, NaN (the conversion rules themselves are
# tests/test_tensor.py's and test_bad_input.py's; here a conversion must only not crash).
PYTHON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([2**63, -(2**63) - 1, 2**70, 1.5, float("nan")]),
    lambda inner: st.lists(inner, max_size=3), max_leaves=6)


@st.composite
def _constant(draw):
    value, dtype = draw(PYTHON_VALUES), draw(st.sampled_from([None] + DTYPES))

    def reference():
        raise Unchecked

    return f"result = tf.constant({value!r}, dtype={dtype and 'tf.' + dtype})".replace("nan", "float('nan')"), (), reference


OPS = {
    **{name: _binary(name, fn) for name, fn in BINARY.items()},
    **{name: _unary(name, fn, kinds) for name, (fn, kinds) in UNARY.items()},
    **{f"reduce_{kind}": _reduction(kind) for kind in ("sum", "prod", "max", "min", "mean", "any", "all")},
    "reshape": _reshape(), "transpose": _transpose(), "broadcast_to": _broadcast_to(), "tile": _tile(),
    "expand_dims": _expand_dims(), "squeeze": _squeeze(), "concat": _concat(), "gather": _gather(),
    "one_hot": _one_hot(), "matmul": _matmul(), "argmax": _argmax(), "top_k": _top_k(), "slice": _slice(),
    "zeros": _creation("zeros"), "ones": _creation("ones"), "fill": _fill(), "eye": _eye(), "range": _range(),
    "random.normal": _random_normal(), "constant": _constant(),
}

# -- running the calls ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(timeout=60) as box:
        yield box


def _compare(outcome, expected):
    where = f"tinytf returned shape {outcome.shape} {outcome.dtype}, NumPy's answer is {expected.shape} {expected.dtype}"
    assert outcome.shape == expected.shape and outcome.dtype == expected.dtype.name, where
    if outcome.value is None or isinstance(expected, Shaped):  # too large to send back, or known by shape only
        return
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(outcome.value, expected, rtol=1e-5, atol=1e-6, equal_nan=True, err_msg=where)
    else:
        np.testing.assert_array_equal(outcome.value, expected, err_msg=where)


REFUSED, UNCHECKED = "refused", "unchecked"  # what a reference may say instead of an answer


def check_call(sandbox, call):
    code, inputs, reference = call
    names = "ab"[: len(inputs)]
    setup = "".join(f"{n} = tf.constant(decode_array({encode_array(x)!r}))\n" for n, x in zip(names, inputs))
    described = f"{code}\n  with " + ", ".join(f"{n} = {x!r} ({x.dtype})" for n, x in zip(names, inputs))
    try:
        expected = reference(*inputs)
        expected = expected if isinstance(expected, Shaped) else np.asarray(expected)
    except Refused:
        expected = REFUSED
    except Unchecked:
        expected = UNCHECKED
    outcome = sandbox.run(setup + code)
    assert outcome.kind != "crashed", f"{described}\n{outcome.describe()}"
    if outcome.kind == "error":
        assert outcome.error_family != "other", f"{described}\nraised an error TensorFlow never raises: {outcome.describe()}"
        assert expected is REFUSED or expected is UNCHECKED or getattr(expected, "may_refuse", False), (
            f"{described}\nNumPy's answer is {expected!r}; tinytf {outcome.describe()}")
    elif expected is not UNCHECKED:
        assert expected is not REFUSED, f"TensorFlow refuses {described}\nbut tinytf {outcome.describe()}"
        _compare(outcome, expected)


@pytest.mark.parametrize("name", list(OPS))
def test_random_calls_answer_or_refuse(sandbox, name):
    @FUZZ
    @given(call=OPS[name])
    def run(call):
        check_call(sandbox, call)

    run()
