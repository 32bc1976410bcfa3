"""Ordering: ``tf.sort``, ``tf.argsort``, ``tf.math.top_k`` and ``tf.math.in_top_k``.

One C++ kernel family sorts rows (cpp/tinytf/ops/sort.cpp): by value, ties in
index order (TensorFlow's rule: a stable sort in both directions), NaN as the
largest value. ``top_k``'s values have a gradient (to the entries they came from),
and so do ``sort``'s.
"""
import collections

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf._args import tensor as _tensor

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])

_DIRECTIONS = ("ASCENDING", "DESCENDING")


def _descending(direction):
    if direction not in _DIRECTIONS:
        raise ValueError(f"Argument `direction` should be one of {', '.join(_DIRECTIONS)}. Received: "
                         f"direction={direction}")
    return direction == "DESCENDING"


def _int(value):
    return _tensor(value)._item() if isinstance(value, _core.Tensor) else int(value)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """values sorted along axis (default the last), ASCENDING or DESCENDING."""
    descending = _descending(direction)
    return _core.sort(_tensor(values), _int(axis), descending)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort values along axis; equal values keep their order (always stable)."""
    descending = _descending(direction)
    return _core.argsort(_tensor(values), _int(axis), descending)


def top_k(input, k=1, sorted=True, index_type=_dtypes.int32, name=None):  # noqa: A002 - TensorFlow's names
    """(values, indices) of the k largest entries of the last axis, largest first, ties in index order."""
    values, indices = _core.top_k(_tensor(input), _int(k), bool(sorted), _dtypes.as_dtype(index_type)._core)
    return TopKV2(values, indices)


def in_top_k(targets, predictions, k, name=None):
    """For each row of predictions, whether the class ``targets[i]`` scores among the k highest.

    TensorFlow's rule: the target is in when fewer than k classes score strictly higher (so
    ties never push it out); a target outside [0, classes) or a row with a non-finite score
    gives False."""
    return _core.in_top_k(_tensor(targets), _tensor(predictions), _int(k))
