"""``tf.math.top_k`` and ``tf.math.in_top_k``: the k largest entries of the last axis, and whether a
target class is among them. Written with existing ops (argmax, one_hot, where), so both run on the
tensors' device and ``top_k``'s values have a gradient (to the entries they came from).

``top_k`` finds the k entries one after another (k argmax passes), each the largest entry not yet
taken, the lowest index first among equal ones: TensorFlow's order. That costs O(k * n) per row,
right for the small k of metrics and beam widths.
"""
import collections

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf import errors
from tinytf._args import tensor as _tensor
from tinytf.array_ops import one_hot, stack
from tinytf.math_ops import (
    argmax, cast, equal, greater, less, logical_and, logical_not, logical_or, reduce_any, reduce_max, reduce_sum,
    subtract, where,
)

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def top_k(input, k=1, sorted=True, index_type=_dtypes.int32, name=None):  # noqa: A002 - TensorFlow's names
    """(values, indices) of the k largest entries along the last axis, largest first."""
    x = _tensor(input)
    k = int(k)
    if x.ndim == 0:
        raise errors.InvalidArgumentError(None, None, "top_k: input must be at least 1-D, got a scalar")
    n = x.shape[-1]
    if k < 0 or k > n:
        raise errors.InvalidArgumentError(
            None, None, f"top_k: k must be in [0, {n}] (the size of the last axis of input {x.shape}), got k={k}")
    if k == 0:
        empty = list(x.shape[:-1]) + [0]
        return TopKV2(_core.fill(empty, 0, x._dtype), _core.fill(empty, 0, _dtypes.as_dtype(index_type)._core))
    taken = _core.fill(list(x.shape), False, _dtypes.bool._core)
    zeros = _core.fill([], 0, x._dtype)
    values, indices = [], []
    for _ in range(k):
        masked = where(taken, _lowest(x.dtype), x)
        best = reduce_max(masked, axis=-1, keepdims=True)
        first = argmax(logical_and(equal(masked, best), logical_not(taken)), axis=-1, output_type=index_type)
        picked = cast(one_hot(first, n), _dtypes.bool)
        values.append(reduce_sum(where(picked, x, zeros), axis=-1))
        indices.append(first)
        taken = logical_or(taken, picked)
    return TopKV2(stack(values, -1), stack(indices, -1))


def _lowest(dtype):
    return float("-inf") if dtype.is_floating else int(dtype.min)


def in_top_k(targets, predictions, k, name=None):
    """For each row of predictions, whether the class ``targets[i]`` scores among the k highest.

    TensorFlow's rule: the target is in the top k when fewer than k classes score strictly higher
    (so classes tied with it never push it out); a non-finite target score or a target outside
    [0, classes) gives False."""
    predictions = _tensor(predictions)
    targets = _tensor(targets)
    if predictions.ndim != 2 or targets.ndim != 1 or targets.shape[0] != predictions.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"in_top_k: expected predictions [batch, classes] and targets [batch], got shapes "
            f"{predictions.shape} and {targets.shape}")
    picked = cast(one_hot(targets, predictions.shape[-1]), _dtypes.bool)
    zeros = _core.fill([], 0, predictions._dtype)
    target_score = reduce_sum(where(picked, predictions, zeros), axis=-1, keepdims=True)
    higher = reduce_sum(cast(greater(predictions, target_score), _dtypes.int32), axis=-1)
    finite = equal(subtract(target_score, target_score), zeros)[:, 0]  # inf - inf and nan - nan are nan
    return logical_and(logical_and(less(higher, int(k)), finite), reduce_any(picked, axis=-1))
