"""The steps a pipeline is made of, and the row plan that makes batching fast.

A ``tf.data.Dataset`` (dataset.py) wraps one *node*; each transformation
(``ds.batch(32)``) makes a new node over the old one. A node knows its
``element_spec`` and ``cardinality`` and yields its elements with
``elements()`` (a fresh iterator each call: one call = one pass = one epoch).

The fast path. A ``from_tensor_slices`` source holds its data as NumPy
arrays (``Rows``). Steps that only choose or order elements (shuffle, take,
skip, repeat, cache, prefetch) then work on *row indices* instead of
elements (``rows()`` returns a ``RowPlan``), and ``batch`` turns each group
of indices into one slice (or one gather) of the arrays: no per-element
Python work. Any other step (map, filter, zip, ...) uses ``elements()``.
"""
import numpy as np

from tinytf import errors, nest
from tinytf._convert import convert_to_tensor, is_tensor

INFINITE = -1  # tf.data.INFINITE_CARDINALITY
UNKNOWN = -2  # tf.data.UNKNOWN_CARDINALITY


class Node:
    """One step of a pipeline. Subclasses set ``element_spec`` and ``cardinality`` and define ``elements``."""

    tf_name = "_Dataset"  # the class name TensorFlow shows in repr(dataset)
    element_spec = None
    cardinality = UNKNOWN

    def elements(self):
        raise NotImplementedError(f"{type(self).__name__} must define elements()")

    def rows(self):
        """A RowPlan when this node's elements are rows of NumPy arrays in some order, else None."""
        return None


class Rows:
    """The data of a ``from_tensor_slices`` source: one array per component, sharing the first axis."""

    def __init__(self, structure, arrays):
        self.structure = structure  # the element's structure (leaves are placeholders)
        self.arrays = arrays
        self.count = len(arrays[0])

    def element(self, index):
        """Row ``index`` as an element (a structure of tensors)."""
        return nest.pack_sequence_as(self.structure, [convert_to_tensor(a[index]) for a in self.arrays])

    def batch(self, indices):
        """The rows ``indices`` (an int array) stacked: a slice when they are consecutive, else a gather."""
        start, n = int(indices[0]), len(indices)
        if indices[-1] - start == n - 1 and (n < 3 or np.all(np.diff(indices) == 1)):
            parts = [a[start:start + n] for a in self.arrays]
        else:
            parts = [a.take(indices, axis=0) for a in self.arrays]
        return nest.pack_sequence_as(self.structure, [convert_to_tensor(p) for p in parts])


class RowPlan:
    """Rows and the order to visit them in: ``order()`` starts a fresh pass (an iterator of row indices)."""

    def __init__(self, rows, order):
        self.rows = rows
        self.order = order


def int_arg(value, name, what):
    """An integer argument (``batch_size``, ``count``...) as TF's int64 conversion accepts it."""
    if is_tensor(value):
        value = convert_to_tensor(value).numpy()
    if isinstance(value, (int, np.integer)):  # bool is an int too, as in TensorFlow
        return int(value)
    if value is None:
        raise ValueError(f"Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a "
                         f"Tensor. {what}: `{name}` must be an integer.")
    raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype int64. {what}: `{name}` must be an integer.")


def invalid(message):
    """The error TensorFlow's dataset kernels raise for a bad argument or element."""
    return errors.InvalidArgumentError(None, None, message)
