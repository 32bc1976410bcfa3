"""Element-wise math, reductions, matmul and cast: the ``tf.*`` / ``tf.math.*`` functions.

Each function converts its arguments (Python numbers, lists, NumPy arrays)
and calls the C++ op of the same name, where the checks and kernels live.
"""

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf._args import axes as _axes
from tinytf._args import tensor as _tensor
from tinytf._args import tensor_pair as _pair


def _unary(core_fn, doc):
    def op(x, name=None):
        return core_fn(_tensor(x))

    op.__name__ = core_fn.__name__
    op.__doc__ = doc
    return op


def _binary(core_fn, doc):
    def op(x, y, name=None):
        return core_fn(*_pair(x, y))

    op.__name__ = core_fn.__name__
    op.__doc__ = doc
    return op


negative = _unary(_core.negative, "-x, element-wise.")
abs = _unary(_core.abs, "|x|, element-wise.")  # noqa: A001 - TensorFlow's name
sign = _unary(_core.sign, "-1, 0 or 1 by the sign of x (NaN stays NaN).")
square = _unary(_core.square, "x * x, element-wise.")
sqrt = _unary(_core.sqrt, "Square root (floating dtypes).")
rsqrt = _unary(_core.rsqrt, "1 / sqrt(x) (floating dtypes).")
exp = _unary(_core.exp, "e ** x (floating dtypes).")
log = _unary(_core.log, "Natural logarithm (floating dtypes).")
log1p = _unary(_core.log1p, "log(1 + x), accurate for tiny x (floating dtypes).")
expm1 = _unary(_core.expm1, "exp(x) - 1, accurate for tiny x (floating dtypes).")
is_nan = _unary(_core.is_nan, "Whether each element is NaN (floating dtypes; bool result).")
is_inf = _unary(_core.is_inf, "Whether each element is +inf or -inf (floating dtypes; bool result).")
is_finite = _unary(_core.is_finite, "Whether each element is neither infinite nor NaN (floating dtypes; bool result).")
tanh = _unary(_core.tanh, "Hyperbolic tangent (floating dtypes).")
sigmoid = _unary(_core.sigmoid, "1 / (1 + exp(-x)), computed without overflow.")
reciprocal = _unary(_core.reciprocal, "1 / x (floating dtypes).")
logical_not = _unary(_core.logical_not, "not x, for bool tensors.")

add = _binary(_core.add, "x + y with broadcasting.")
subtract = _binary(_core.subtract, "x - y with broadcasting.")
multiply = _binary(_core.multiply, "x * y with broadcasting.")
divide = _binary(_core.divide, "x / y; integer inputs give float64, mixed dtypes a TypeError, as in TensorFlow.")


divide_no_nan = _binary(_core.div_no_nan, "x / y, and 0 where y is 0 (even where x is NaN or inf); the gradient "
                                           "stays finite there too. Integer inputs give float64, as in divide.")
divide_no_nan.__name__ = "divide_no_nan"
truediv = divide
floordiv = _binary(_core.floordiv, "x // y, rounding toward -infinity.")
floormod = _binary(_core.floormod, "x % y, with the sign of y (Python's rule).")
mod = floormod
pow = _binary(_core.pow, "x ** y.")  # noqa: A001 - TensorFlow's name
maximum = _binary(_core.maximum, "Element-wise maximum.")
minimum = _binary(_core.minimum, "Element-wise minimum.")
equal = _binary(_core.equal, "x == y, element-wise (bool result).")
not_equal = _binary(_core.not_equal, "x != y, element-wise (bool result).")
less = _binary(_core.less, "x < y, element-wise (bool result).")
less_equal = _binary(_core.less_equal, "x <= y, element-wise (bool result).")
greater = _binary(_core.greater, "x > y, element-wise (bool result).")
greater_equal = _binary(_core.greater_equal, "x >= y, element-wise (bool result).")
logical_and = _binary(_core.logical_and, "x and y, for bool tensors.")
logical_or = _binary(_core.logical_or, "x or y, for bool tensors.")


def cast(x, dtype, name=None):
    """Converts x to dtype: floats to ints truncate toward zero, anything to bool is x != 0."""
    return _core.cast(_tensor(x), _dtypes.as_dtype(dtype)._core)


def matmul(a, b, transpose_a=False, transpose_b=False, name=None):
    """Matrix product of the last two axes; leading axes are batch axes and broadcast."""
    a, b = _pair(a, b)
    return _core.matmul(a, b, bool(transpose_a), bool(transpose_b))


def _reduction(core_fn, doc, real_only=False):
    def op(input_tensor, axis=None, keepdims=False, name=None):
        x = _tensor(input_tensor)
        if real_only and not x.dtype.is_floating:  # TensorFlow's Python layer checks this, with a TypeError
            raise TypeError(f"Input must be either real or complex. Received integer type {x.dtype}.")
        return core_fn(x, _axes(axis), bool(keepdims))

    op.__name__ = core_fn.__name__
    op.__doc__ = doc + " Over `axis` (None: all axes; an int or a list), keeping reduced axes as size 1 if keepdims."
    return op


reduce_sum = _reduction(_core.reduce_sum, "Sum of elements.")
reduce_mean = _reduction(_core.reduce_mean, "Mean of elements (integer inputs give a truncated integer mean).")
reduce_prod = _reduction(_core.reduce_prod, "Product of elements.")
reduce_max = _reduction(_core.reduce_max, "Largest element (-inf for an empty float reduction).")
reduce_min = _reduction(_core.reduce_min, "Smallest element (+inf for an empty float reduction).")
reduce_any = _reduction(_core.reduce_any, "Logical or of bool elements.")
reduce_all = _reduction(_core.reduce_all, "Logical and of bool elements.")
reduce_logsumexp = _reduction(_core.reduce_logsumexp, "log(sum(exp(x))), computed without overflow (floating dtypes).")
reduce_euclidean_norm = _reduction(_core.reduce_euclidean_norm, "sqrt(sum(x ** 2)) (integers give the truncated root).")
reduce_variance = _reduction(_core.reduce_variance, "Variance: the mean of the squared deviations from the mean.",
                             real_only=True)
reduce_std = _reduction(_core.reduce_std, "Standard deviation: the square root of reduce_variance.", real_only=True)


def count_nonzero(input, axis=None, keepdims=None, dtype=_dtypes.int64, name=None):  # noqa: A002 - TensorFlow's name
    """How many elements are not zero (NaN counts), over axis, as dtype (int64 by default)."""
    return _core.count_nonzero(_tensor(input), _axes(axis), bool(keepdims), _dtypes.as_dtype(dtype)._core)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sums along axis (default 0): exclusive leaves each element out of its own sum, reverse runs
    from the end."""
    return _core.cumsum(_tensor(x), int(_tensor(axis)._item()), bool(exclusive), bool(reverse))


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running products along axis (default 0), with cumsum's exclusive and reverse."""
    return _core.cumprod(_tensor(x), int(_tensor(axis)._item()), bool(exclusive), bool(reverse))


def argmax(input, axis=None, output_type=_dtypes.int64, name=None):  # noqa: A002 - TensorFlow's name
    """Index of the largest element along axis (default 0); int64 unless output_type says otherwise."""
    return _core.argmax(_numeric(input), 0 if axis is None else int(axis), _dtypes.as_dtype(output_type)._core)


def argmin(input, axis=None, output_type=_dtypes.int64, name=None):  # noqa: A002
    """Index of the smallest element along axis (default 0)."""
    return _core.argmin(_numeric(input), 0 if axis is None else int(axis), _dtypes.as_dtype(output_type)._core)


def _numeric(x):
    """argmax/argmin accept bool tensors (False < True), as in TensorFlow."""
    x = _tensor(x)
    return _core.cast(x, _dtypes.int32._core) if x.dtype == _dtypes.bool else x


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clamps every element of t into [clip_value_min, clip_value_max]."""
    t = _tensor(t)
    return minimum(maximum(t, clip_value_min), clip_value_max)


def add_n(inputs, name=None):
    """Sum of a list of tensors of the same shape and dtype (no broadcasting)."""
    return _core.add_n([_tensor(x) for x in inputs])


def where(condition, x=None, y=None, name=None):
    """Elements of x where condition is true, else of y (all three broadcast).

    With only a condition, returns the int64 coordinates of its true (non-zero)
    elements, one row per element, as TensorFlow does."""
    condition = _tensor(condition)
    if x is None and y is None:
        return _core.nonzero_coordinates(condition)
    if x is None or y is None:
        raise ValueError("where: x and y must both be given, or neither")
    x, y = _pair(x, y)
    return _core.where(condition, x, y)
