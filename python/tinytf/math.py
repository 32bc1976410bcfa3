"""``tf.math``: the math functions under their TensorFlow module name."""
from tinytf.linalg import l2_normalize  # noqa: F401
from tinytf.math_ops import (  # noqa: F401
    abs, add, add_n, argmax, argmin, cast, count_nonzero, cumprod, cumsum, divide, divide_no_nan, equal, exp, expm1,
    floordiv, floormod, greater, greater_equal, is_finite, is_inf, is_nan, less, less_equal, log, log1p, logical_and,
    logical_not, logical_or, matmul, maximum, minimum, mod, multiply, negative, not_equal, pow, reciprocal, reduce_all,
    reduce_any, reduce_euclidean_norm, reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod, reduce_std,
    reduce_sum, reduce_variance, rsqrt, sigmoid, sign, sqrt, square, subtract, tanh, truediv,
)
from tinytf.nn import elu, selu, softplus  # noqa: F401
from tinytf.nn import log_softmax, softmax  # noqa: F401
from tinytf.sort_ops import in_top_k, top_k  # noqa: F401
