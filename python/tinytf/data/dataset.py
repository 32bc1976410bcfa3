"""``tf.data.Dataset``: an input pipeline built by chaining transformations.

    ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
    ds = ds.shuffle(1024, seed=0).batch(64).prefetch(tf.data.AUTOTUNE)
    for x, y in ds:            # one pass = one epoch; elements are tf tensors
        ...

A Dataset is immutable and cheap: each method returns a new Dataset over a
new step (a *node*, see node.py) and nothing runs until you iterate. Every
``iter(ds)`` starts a fresh pass. ``element_spec`` describes the elements
with ``tf.TensorSpec``s, ``cardinality()`` counts them (``INFINITE_CARDINALITY``
-1, ``UNKNOWN_CARDINALITY`` -2 when a filter or generator hides the count).

Everything runs eagerly in the caller's thread: ``num_parallel_calls``,
``deterministic`` and ``prefetch`` are accepted for TensorFlow programs and
do not change the elements. ``from_tensor_slices(...).shuffle(...).batch(n)``
slices the arrays a batch at a time (no per-element Python work).
"""
from tinytf import dtypes, errors, nest
from tinytf._convert import convert_to_tensor
from tinytf.data import reorder, sources, structure, transforms
from tinytf.data.node import INFINITE, UNKNOWN


class Dataset:
    """A sequence of elements (tensors, or tuples/dicts of tensors) made by a chain of steps."""

    def __init__(self, node):
        self._node = node

    # ---- sources -------------------------------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """One element per row: the slices of every component along its first axis."""
        return Dataset(sources.TensorSlices(tensors))

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset of one element: ``tensors`` itself."""
        return Dataset(sources.Tensors(tensors))

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None, output_signature=None,
                       name=None):
        """Elements yielded by ``generator(*args)`` (called again for every pass), checked against the signature."""
        return Dataset(sources.Generator(generator, output_types, output_shapes, args, output_signature))

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None):
        """``range(stop)``, ``range(start, stop[, step])`` as int64 scalars."""
        return Dataset(sources.Range(*args, output_type=output_type))

    @staticmethod
    def zip(*args, datasets=None, name=None):
        """Elements of several datasets side by side: ``zip((a, b))``, ``zip(a, b)`` or ``zip({"x": a, "y": b})``."""
        if datasets is not None and args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else tuple(args)
        _check_zip_input(datasets)
        if not nest.flatten(datasets):
            raise ValueError(f"`zip` needs at least one dataset, got {datasets!r}.")
        return Dataset(transforms.Zip(nest.map_structure(lambda d: d._node, datasets)))

    # ---- transformations ------------------------------------------------------------------------------------------
    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """Randomly shuffled with a buffer of ``buffer_size`` elements (>= the dataset's size: a full shuffle)."""
        return Dataset(reorder.Shuffle(self._node, buffer_size, seed, reshuffle_each_iteration))

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None):
        """Consecutive elements stacked into batches; the last one may be smaller unless ``drop_remainder``."""
        return Dataset(transforms.Batch(self._node, batch_size, drop_remainder, num_parallel_calls is not None))

    def unbatch(self, name=None):
        """Every element split into its rows along the first axis."""
        return Dataset(transforms.Unbatch(self._node))

    def map(self, map_func, num_parallel_calls=None, deterministic=None, synchronous=None,
            use_unbounded_threadpool=False, name=None):
        """``map_func(element)`` for every element (a tuple element is passed as separate arguments)."""
        return Dataset(transforms.Map(self._node, map_func, num_parallel_calls is not None))

    def filter(self, predicate, name=None):
        """The elements for which ``predicate(element)`` is True."""
        return Dataset(transforms.Filter(self._node, predicate))

    def repeat(self, count=None, name=None):
        """The dataset ``count`` times over (forever when count is None or -1)."""
        return Dataset(reorder.Repeat(self._node, count))

    def take(self, count, name=None):
        """At most the first ``count`` elements (-1: all)."""
        return Dataset(reorder.Take(self._node, count))

    def skip(self, count, name=None):
        """Everything after the first ``count`` elements (-1: nothing)."""
        return Dataset(reorder.Skip(self._node, count))

    def prefetch(self, buffer_size, name=None):
        """The same elements (tinytf makes them on demand; accepted so TensorFlow pipelines run unchanged)."""
        return Dataset(reorder.Prefetch(self._node, buffer_size))

    def cache(self, filename="", name=None):
        """The first complete pass is kept (in memory, or in a file) and replayed afterwards."""
        return Dataset(reorder.Cache(self._node, filename))

    def enumerate(self, start=0, name=None):
        """``(index, element)`` pairs, index an int64 counting from ``start``."""
        return Dataset(transforms.Enumerate(self._node, start))

    def concatenate(self, dataset, name=None):
        """This dataset's elements followed by ``dataset``'s (same structure and dtypes)."""
        if not isinstance(dataset, Dataset):
            raise TypeError(f"Dataset.concatenate expects a tf.data.Dataset, got {type(dataset).__name__}")
        return Dataset(transforms.Concatenate(self._node, dataset._node))

    def apply(self, transformation_func):
        """``transformation_func(self)``, for chaining reusable pipeline pieces."""
        return transformation_func(self)

    # ---- consuming -----------------------------------------------------------------------------------------------
    @property
    def element_spec(self):
        """The structure of ``tf.TensorSpec``s that describes one element."""
        return self._node.element_spec

    def cardinality(self):
        """The number of elements as an int64 scalar tensor (-1 infinite, -2 unknown)."""
        return convert_to_tensor(self._node.cardinality, dtype=dtypes.int64)

    def __len__(self):
        n = self._node.cardinality
        if n == INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True  # a dataset is truthy even when empty (and len() may be unknown)

    def __iter__(self):
        return Iterator(self._node)

    def as_numpy_iterator(self):
        """Iterates the elements as NumPy values (a 0-d tensor becomes a NumPy scalar)."""
        return NumpyIterator(Iterator(self._node))

    def reduce(self, initial_state, reduce_func, name=None):
        """Folds the elements into a state: ``state = reduce_func(state, element)``; returns the final state."""
        state = structure.normalize(initial_state, "Dataset.reduce: initial_state")
        for element in Iterator(self._node):
            new_state = structure.normalize_output(reduce_func(state, element), "Dataset.reduce: the new state")
            _check_same_state(state, new_state)
            state = new_state
        return state

    def __repr__(self):
        return f"<{self._node.tf_name} element_spec={self.element_spec!r}>"


class Iterator:
    """One pass over a dataset: ``next(it)`` (StopIteration at the end) or ``it.get_next()`` (OutOfRangeError)."""

    def __init__(self, node):
        self._elements = node.elements()
        self.element_spec = node.element_spec

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._elements)

    next = __next__

    def get_next(self):
        try:
            return next(self._elements)
        except StopIteration:
            raise errors.OutOfRangeError(None, None, "End of sequence") from None


class NumpyIterator:
    """What ``as_numpy_iterator()`` returns: the elements with NumPy values instead of tensors."""

    def __init__(self, iterator):
        self._iterator = iterator

    def __iter__(self):
        return self

    def __next__(self):
        return nest.map_structure(lambda t: t.numpy(), next(self._iterator))

    next = __next__

    def __repr__(self):
        return f"NumpyIterator(iterator={self._iterator!r})"


def _check_zip_input(value):
    if isinstance(value, Dataset):
        return
    if isinstance(value, list):
        raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of `tf.data.Dataset` "
                        "objects. Python `list` is not supported and you should use `tuple` instead.")
    if not structure.is_container(value):
        raise TypeError(f"Invalid input to `zip`. Inputs are expected to be (nested) structures of `tf.data.Dataset` "
                        f"objects but encountered object of type {type(value)}.")
    for child in (value.values() if isinstance(value, dict) else value):
        _check_zip_input(child)


def _check_same_state(old, new):
    old_flat, new_flat = nest.flatten(old), nest.flatten(new)
    if len(old_flat) != len(new_flat):
        raise errors.InvalidArgumentError(
            None, None, f"The number of components of the initial state and the reduce function output does not "
            f"match. (initial_state={len(old_flat)}, output={len(new_flat)}). (Dataset.reduce)")
    nest.assert_same_structure(old, new)
    for a, b in zip(old_flat, new_flat):
        if a.dtype != b.dtype:
            raise TypeError(f"The element types for the new state must match the initial state. Expected {a.dtype} "
                            f"but got {b.dtype}.")
