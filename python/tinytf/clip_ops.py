"""Clipping by norm: ``tf.clip_by_norm``, ``tf.clip_by_global_norm`` and ``tf.linalg.global_norm``.

Optimizers' ``clipnorm`` and ``global_clipnorm`` use these. ``None`` entries of a list
(variables without a gradient) are skipped and kept in place. The formulas are
TensorFlow's, in C++ (cpp/tinytf/ops/norms.cpp).
"""
import collections.abc

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf._args import axes as _axes
from tinytf._args import tensor as _tensor


def _tensor_list(t_list):
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    return [None if t is None else _tensor(t) for t in t_list]


def _cast_to(value, dtype):
    t = _tensor(value)
    return t if t._dtype == dtype._core else _core.cast(t, dtype._core)


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """t * clip_norm / max(||t||, clip_norm): t rescaled so its L2 norm (over axes, default all) is at most clip_norm.

    A negative clip_norm counts as 0."""
    t = _tensor(t)
    return _core.clip_by_norm(t, _cast_to(clip_norm, t.dtype), _axes(axes))


def global_norm(t_list, name=None):
    """sqrt(sum of the squares of every element of every tensor in t_list); None entries are skipped."""
    return _core.global_norm([t for t in _tensor_list(t_list) if t is not None])


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """(the tensors times clip_norm / max(global_norm, clip_norm), global_norm).

    ``use_norm`` replaces the computed global norm. A NaN or infinite norm makes
    every clipped tensor NaN, as in TensorFlow."""
    tensors = _tensor_list(t_list)
    present = [t for t in tensors if t is not None]
    norm = None if use_norm is None else _tensor(use_norm)
    dtype = norm.dtype if norm is not None else (present[0].dtype if present else _dtypes.float32)
    clipped, norm = _core.clip_by_global_norm(present, _cast_to(clip_norm, dtype), norm)
    clipped = iter(clipped)
    return [None if t is None else next(clipped) for t in tensors], norm
