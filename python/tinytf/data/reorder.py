"""The steps that choose or order elements without looking inside them.

shuffle, take, skip, repeat, cache and prefetch each define one ``_stream``
function over a stream of *items*. Over a ``from_tensor_slices`` source the
items are row indices (so ``batch`` can slice the arrays afterwards, see
node.py); over anything else they are the elements themselves. One piece of
code, either kind of item: both give the same dataset.
"""
import itertools
import os
import random as _pyrandom
import secrets
import tempfile

import numpy as np

from tinytf import nest
from tinytf import random as tf_random
from tinytf._convert import convert_to_tensor
from tinytf.data.node import INFINITE, UNKNOWN, Node, RowPlan, int_arg, invalid


class _Reorder(Node):
    """A step defined by ``_stream(upstream)``: ``upstream()`` starts a pass over the input's items."""

    def __init__(self, input_node):
        self.input = input_node
        self.element_spec = input_node.element_spec
        self.cardinality = input_node.cardinality

    def _stream(self, upstream):
        raise NotImplementedError(f"{type(self).__name__} must define _stream(upstream)")

    def rows(self):
        plan = self.input.rows()
        if plan is None:
            return None
        return RowPlan(plan.rows, lambda: self._stream(plan.order))

    def elements(self):
        plan = self.rows()
        if plan is not None:
            return map(plan.rows.element, plan.order())
        return self._stream(self.input.elements)


class Shuffle(_Reorder):
    """TensorFlow's buffered shuffle: fill a buffer, then emit a random buffer slot and refill it.

    The order is a function of (global seed, op seed, pass number) as set by
    ``tf.random.set_seed`` and ``seed=``; with ``reshuffle_each_iteration``
    every pass (epoch) gets a new order, otherwise every pass repeats the first."""

    tf_name = "_ShuffleDataset"

    def __init__(self, input_node, buffer_size, seed=None, reshuffle_each_iteration=True):
        super().__init__(input_node)
        buffer_size = int_arg(buffer_size, "buffer_size", "Dataset.shuffle")
        if buffer_size <= 0 and buffer_size != UNKNOWN:
            raise invalid(f"buffer_size must be greater than zero or UNKNOWN_CARDINALITY (Dataset.shuffle got "
                          f"buffer_size={buffer_size})")
        self._buffer_size = None if buffer_size == UNKNOWN else buffer_size  # UNKNOWN: the whole dataset
        global_seed, op_seed = tf_random.get_seed(seed)
        if global_seed is None:  # no seed anywhere: a different order in every program run
            global_seed, op_seed = secrets.randbits(63), secrets.randbits(63)
        self._seed = ((global_seed & (2**64 - 1)) << 64) | (op_seed & (2**64 - 1))
        self._reshuffle = bool(reshuffle_each_iteration)
        self._passes = 0

    def _stream(self, upstream):
        rng = _pyrandom.Random((self._seed << 32) | (self._passes if self._reshuffle else 0))
        self._passes += 1
        return _shuffled(upstream(), self._buffer_size, rng)


def _shuffled(items, buffer_size, rng):
    buffer = []
    for item in items:
        if buffer_size is None or len(buffer) < buffer_size:
            buffer.append(item)
            continue
        slot = rng.randrange(len(buffer))
        yield buffer[slot]
        buffer[slot] = item
    while buffer:  # the input is exhausted: drain the buffer in random order
        slot = rng.randrange(len(buffer))
        buffer[slot], buffer[-1] = buffer[-1], buffer[slot]
        yield buffer.pop()


class Take(_Reorder):
    """The first ``count`` items (all of them when count is -1)."""

    tf_name = "_TakeDataset"

    def __init__(self, input_node, count):
        super().__init__(input_node)
        self._count = int_arg(count, "count", "Dataset.take")
        n = input_node.cardinality
        if self._count >= 0:
            self.cardinality = self._count if n == INFINITE else UNKNOWN if n == UNKNOWN else min(n, self._count)

    def _stream(self, upstream):
        return upstream() if self._count < 0 else itertools.islice(upstream(), self._count)


class Skip(_Reorder):
    """All but the first ``count`` items (nothing when count is -1)."""

    tf_name = "_SkipDataset"

    def __init__(self, input_node, count):
        super().__init__(input_node)
        self._count = int_arg(count, "count", "Dataset.skip")
        n = input_node.cardinality
        if n >= 0:
            self.cardinality = 0 if self._count < 0 else max(0, n - self._count)

    def _stream(self, upstream):
        items = upstream()
        if self._count < 0:
            for _ in items:  # skipping "everything" still runs the input, as in TensorFlow
                pass
            return iter(())
        return itertools.islice(items, self._count, None)


class Repeat(_Reorder):
    """The input ``count`` times (forever when count is None or -1); each repetition is a new pass."""

    tf_name = "_RepeatDataset"

    def __init__(self, input_node, count=None):
        super().__init__(input_node)
        self._count = -1 if count is None else int_arg(count, "count", "Dataset.repeat")
        n = input_node.cardinality
        if self._count < 0:
            self.cardinality = 0 if n == 0 else INFINITE
        elif self._count == 0:
            self.cardinality = 0
        elif n >= 0:
            self.cardinality = n * self._count

    def _stream(self, upstream):
        passes = itertools.count() if self._count < 0 else range(self._count)
        for _ in passes:
            empty = True
            for item in upstream():
                empty = False
                yield item
            if empty:  # an empty input repeated forever is still empty (never a hang)
                return


class Cache(_Reorder):
    """The first complete pass is recorded; later passes replay it (a shuffle before a cache is frozen).

    With ``filename`` the recording goes to a file (``<filename>.tinytf-cache.npz``)
    that later passes, and later programs, read instead of running the input."""

    tf_name = "CacheDataset"  # sic: TensorFlow's class has no underscore

    def __init__(self, input_node, filename=""):
        super().__init__(input_node)
        self._path = f"{os.fspath(filename)}.tinytf-cache.npz" if filename else None
        self._recorded = None

    def rows(self):
        return None if self._path else super().rows()

    def _stream(self, upstream):
        if self._recorded is not None:
            return iter(self._recorded)
        if self._path and os.path.exists(self._path):
            self._recorded = _load_elements(self._path, self.element_spec)
            return iter(self._recorded)
        return self._record(upstream())

    def _record(self, items):
        seen = []
        for item in items:
            seen.append(item)
            yield item
        if self._path:  # only a complete pass is kept (as TensorFlow drops a partial cache)
            _save_elements(self._path, seen)
        self._recorded = seen


def _save_elements(path, elements):
    """Elements to one .npz: per component, all values end to end plus each element's rank and dims."""
    arrays = {"count": np.array(len(elements))}
    columns = zip(*(nest.flatten(e) for e in elements)) if elements else ()
    for k, column in enumerate(columns):
        arrays[f"values_{k}"] = np.concatenate([np.asarray(t).ravel() for t in column])
        arrays[f"ranks_{k}"] = np.array([t.ndim for t in column], np.int64)
        arrays[f"dims_{k}"] = np.array([d for t in column for d in t._shape], np.int64)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(dir=folder, suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as f:
            np.savez(f, **arrays)
        os.replace(temp, path)  # never a half-written cache under the final name
    except BaseException:
        os.unlink(temp)
        raise


def _load_elements(path, spec):
    with np.load(path, allow_pickle=False) as data:
        count = int(data["count"])
        columns = []
        for k in range(len(nest.flatten(spec)) if count else 0):
            values, ranks, dims = data[f"values_{k}"], data[f"ranks_{k}"], data[f"dims_{k}"]
            column, value_at, dim_at = [], 0, 0
            for rank in ranks:
                shape = tuple(dims[dim_at:dim_at + rank])
                size = int(np.prod(shape))
                column.append(convert_to_tensor(values[value_at:value_at + size].reshape(shape)))
                value_at, dim_at = value_at + size, dim_at + rank
            columns.append(column)
    return [nest.pack_sequence_as(spec, list(parts)) for parts in zip(*columns)]


class Prefetch(_Reorder):
    """Accepted for TensorFlow programs; elements are made on demand in the caller's thread."""

    tf_name = "_PrefetchDataset"

    def __init__(self, input_node, buffer_size):
        super().__init__(input_node)
        buffer_size = int_arg(buffer_size, "buffer_size", "Dataset.prefetch")
        if buffer_size < -1:
            raise invalid(f"buffer_size must be >= 0 or set buffer_size to be -1 for auto-tuning (Dataset.prefetch "
                          f"got buffer_size={buffer_size})")

    def _stream(self, upstream):
        return upstream()
