"""``tf.linalg``: norms and normalising (plus the matrix functions tinytf has: matmul, eye).

``tf.norm`` is ``tf.linalg.norm``. The arguments are checked here with TensorFlow's
ValueErrors; the formulas live in C++ (cpp/tinytf/ops/norms.cpp).
"""
import numbers

import numpy as np

from tinytf import _core
from tinytf._args import axes as _axes
from tinytf._args import tensor as _tensor
from tinytf.array_ops import eye  # noqa: F401 - a tf.linalg name
from tinytf.clip_ops import global_norm  # noqa: F401 - a tf.linalg name
from tinytf.math_ops import matmul  # noqa: F401 - a tf.linalg name

_MATRIX_ORDS = ["euclidean", "fro", 1, 2, np.inf]


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):  # noqa: A002
    """The vector norm of tensor (over all elements, or along the int ``axis``), or the
    matrix norm of the matrices spanned by a pair of axes.

    Vector norms: ``"euclidean"`` (= 2), 1, ``np.inf`` or any p > 0. Matrix norms
    (``axis=(rows, cols)``): ``"fro"``/``"euclidean"``, 1 (largest column sum of
    |x|), ``np.inf`` (largest row sum) and 2 (largest singular value)."""
    x = _tensor(tensor)
    keepdims = bool(keepdims)
    if isinstance(axis, (list, tuple)) and len(axis) == 2:
        axis = tuple(axis)
        if not all(isinstance(a, int) for a in axis) or axis[0] == axis[1]:
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
        if not (ord in ("euclidean", "fro") or _is_number(ord) and ord in (1, 2, np.inf)):
            raise ValueError(f"'ord' must be a supported matrix norm in {_MATRIX_ORDS}, got {ord}")
        if ord in ("euclidean", "fro"):
            return _core.vector_norm(x, 2.0, list(axis), keepdims)
        return _core.matrix_norm(x, float(ord), axis[0], axis[1], keepdims)
    if not (axis is None or isinstance(axis, int)):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
    if ord == "euclidean":
        ord = 2.0  # noqa: A001
    elif not (_is_number(ord) and ord > 0):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    return _core.vector_norm(x, float(ord), _axes(axis), keepdims)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2), epsilon)) along axis (None: all axes); ``dim`` is the old name of axis."""
    x = _tensor(x)
    if not x.dtype.is_floating:  # TensorFlow converts epsilon to x's dtype first
        raise TypeError(f"Cannot convert {epsilon} to EagerTensor of dtype {x.dtype.name}")
    return _core.l2_normalize(x, _axes(dim if axis is None else axis), float(epsilon))
