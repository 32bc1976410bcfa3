"""The steps that look inside elements: batch, unbatch, map, filter, zip, concatenate.

Functions given to ``map``/``filter`` run eagerly on real tensors (TensorFlow
traces them into a graph; the results are the same). As in TensorFlow, an
element that is a tuple is passed as separate arguments: ``map(lambda x, y: ...)``.
"""
import itertools

import numpy as np

from tinytf import dtypes, nest
from tinytf._convert import convert_to_tensor
from tinytf.data import structure
from tinytf.data.node import INFINITE, UNKNOWN, Node, Rows, int_arg, invalid
from tinytf.tensor_spec import TensorSpec


def _call(func, element):
    """TensorFlow's calling rule: a plain tuple element is unpacked into arguments."""
    return func(*element) if type(element) is tuple else func(element)


def _check_callable(func, what):
    if not callable(func):
        raise ValueError(f"Argument `func` must be a callable. Received func={func!r} (of type {type(func)}). "
                         f"({what})")


class Batch(Node):
    """Groups of ``batch_size`` consecutive elements, each component stacked on a new first axis."""

    tf_name = "_BatchDataset"

    def __init__(self, input_node, batch_size, drop_remainder=False, parallel=False):
        if parallel:
            self.tf_name = "_ParallelBatchDataset"
        self.input = input_node
        self._size = int_arg(batch_size, "batch_size", "Dataset.batch")
        if self._size <= 0:
            raise invalid(f"Batch size must be greater than zero. (Dataset.batch got batch_size={self._size})")
        self._drop = bool(drop_remainder)
        self.element_spec = structure.batched_spec(input_node.element_spec, self._size if self._drop else None)
        n = input_node.cardinality
        if n >= 0:
            self.cardinality = n // self._size if self._drop else -(-n // self._size)
        else:
            self.cardinality = n

    def elements(self):
        plan = self.input.rows()
        if plan is not None:
            return self._row_batches(plan)
        return self._stacked_batches(self.input.elements())

    def _row_batches(self, plan):
        order = plan.order()
        while True:
            indices = np.fromiter(itertools.islice(order, self._size), np.intp)
            if len(indices) == 0 or (self._drop and len(indices) < self._size):
                return
            yield plan.rows.batch(indices)

    def _stacked_batches(self, elements):
        while True:
            group = list(itertools.islice(elements, self._size))
            if not group or (self._drop and len(group) < self._size):
                return
            yield structure.stack_elements(group, self.element_spec)


class Unbatch(Node):
    """Each element split along its first axis into rows (the inverse of batch)."""

    tf_name = "_UnbatchDataset"

    def __init__(self, input_node):
        self.input = input_node
        self.element_spec = structure.unbatched_spec(input_node.element_spec, "Dataset.unbatch")
        dims = {s.shape[0] for s in nest.flatten(input_node.element_spec) if s.shape.rank}
        if len(dims - {None}) > 1:
            raise ValueError(self._mismatch(sorted(dims - {None})))
        n = input_node.cardinality
        rows = dims.pop() if len(dims) == 1 else None  # rows per element, when every element has the same
        self.cardinality = INFINITE if n == INFINITE else n * rows if n >= 0 and rows is not None else UNKNOWN

    @staticmethod
    def _mismatch(counts):
        return (f"`unbatch()` is only supported for datasets of elements whose components have a matching leading "
                f"dimension. Encountered both {counts[0]} and {counts[1]}.")

    def elements(self):
        for element in self.input.elements():
            flat = nest.flatten(element)
            counts = sorted({t._shape[0] for t in flat})
            if len(counts) > 1:
                raise invalid(self._mismatch(counts))
            rows = Rows(element, [np.asarray(t) for t in flat])
            yield from map(rows.element, range(rows.count))


class Map(Node):
    """``func`` applied to every element; its result (tensors, arrays, numbers, tuples, dicts) is the new element."""

    tf_name = "_MapDataset"

    def __init__(self, input_node, func, parallel=False):
        _check_callable(func, "Dataset.map")
        if parallel:
            self.tf_name = "_ParallelMapDataset"
        self.input = input_node
        self._func = func
        self.cardinality = input_node.cardinality
        self._spec = None

    def _apply(self, element):
        return structure.normalize_output(_call(self._func, element), "Dataset.map: the function's result")

    @property
    def element_spec(self):
        if self._spec is None:  # found on first request: see structure.trace_spec
            self._spec = structure.trace_spec(self._apply, self.input.element_spec,
                                              lambda: next(iter(self.input.elements())))
        return self._spec

    def elements(self):
        return map(self._apply, self.input.elements())


class Filter(Node):
    """The elements for which ``predicate`` returns True (a bool scalar)."""

    tf_name = "_FilterDataset"

    def __init__(self, input_node, predicate):
        _check_callable(predicate, "Dataset.filter")
        self.input = input_node
        self._predicate = predicate
        self.element_spec = input_node.element_spec
        self.cardinality = INFINITE if input_node.cardinality == INFINITE else UNKNOWN

    def _keep(self, element):
        verdict = structure.normalize(_call(self._predicate, element), "Dataset.filter: the predicate's result")
        if structure.is_container(verdict) or verdict.dtype != dtypes.bool or verdict.ndim:
            raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return "
                             f"type is {structure.spec_of(verdict)!r}.")
        return bool(verdict)

    def elements(self):
        return filter(self._keep, self.input.elements())


class Zip(Node):
    """Elements of several datasets side by side, in their structure (a tuple or dict of datasets)."""

    tf_name = "_ZipDataset"

    def __init__(self, nodes):
        self._nodes = nodes  # a tuple/dict (nested) of nodes
        flat = nest.flatten(nodes)
        self.element_spec = nest.map_structure(lambda n: n.element_spec, nodes)
        counts = [n.cardinality for n in flat]
        finite = [c for c in counts if c >= 0]
        if UNKNOWN in counts:
            self.cardinality = UNKNOWN
        else:
            self.cardinality = min(finite) if finite else INFINITE

    def elements(self):
        streams = [n.elements() for n in nest.flatten(self._nodes)]
        return (nest.pack_sequence_as(self._nodes, list(parts)) for parts in zip(*streams))


class Enumerate(Node):
    """Each element paired with its position: ``(index, element)``, index an int64 counting from ``start``."""

    tf_name = "_ZipDataset"  # TensorFlow builds it as zip(range, dataset)

    def __init__(self, input_node, start=0):
        self.input = input_node
        self._start = int_arg(start, "start", "Dataset.enumerate")
        self.element_spec = (TensorSpec((), dtypes.int64), input_node.element_spec)
        self.cardinality = input_node.cardinality

    def elements(self):
        return ((convert_to_tensor(np.int64(i)), element)
                for i, element in enumerate(self.input.elements(), self._start))


class Concatenate(Node):
    """The elements of one dataset, then those of another (same structure and dtypes)."""

    tf_name = "_ConcatenateDataset"

    def __init__(self, first, second):
        self._parts = (first, second)
        self.element_spec = structure.common_spec(first.element_spec, second.element_spec, "Dataset.concatenate")
        a, b = first.cardinality, second.cardinality
        self.cardinality = INFINITE if INFINITE in (a, b) else UNKNOWN if UNKNOWN in (a, b) else a + b

    def elements(self):
        return itertools.chain.from_iterable(part.elements() for part in self._parts)
