"""What a dataset element is: a tensor, or a tuple/dict (nested) of tensors, and its spec.

tf.data's one rule that differs from ``tf.nest``: a Python *list* is a value,
not a structure. ``from_tensor_slices([[1, 2], [3, 4]])`` slices one 2x2
tensor, while ``from_tensor_slices(([1, 2], [3, 4]))`` slices two tensors.
So user values are first normalized here (tuples, namedtuples and dicts kept,
every other leaf converted to a tensor); after that the structures hold only
tuples and dicts and ``tf.nest`` walks them (dict values in sorted-key order).

An element's spec is the same structure with a ``tf.TensorSpec`` per tensor.
"""
import collections.abc as _abc

import numpy as np

from tinytf import _core, errors, nest
from tinytf._convert import convert_to_tensor
from tinytf.tensor_shape import TensorShape
from tinytf.tensor_spec import TensorSpec

Tensor = _core.Tensor


def is_container(value):
    """Tuples (namedtuples too) and dicts: the containers of tf.data; lists are values."""
    return isinstance(value, (tuple, _abc.Mapping))


def _rebuild(value, children):
    if isinstance(value, _abc.Mapping):
        return type(value)(zip(value.keys(), children))
    if hasattr(value, "_fields"):  # a namedtuple
        return type(value)(*children)
    return tuple(children)


def normalize(value, what):
    """``value`` with tuples/dicts kept and every leaf converted to a tensor (TF's dtype rules)."""
    if is_container(value):
        children = value.values() if isinstance(value, _abc.Mapping) else value
        return _rebuild(value, [normalize(child, what) for child in children])
    if value is None:
        raise ValueError(f"{what}: an element component is None; dataset elements hold tensors only "
                         "(tensors, arrays, numbers, or tuples/dicts of them).")
    return convert_to_tensor(value)


def normalize_output(value, what):
    """A function's result as an element: a top-level list becomes a tuple (as in TF), leaves tensors."""
    return normalize(tuple(value) if type(value) is list else value, what)


def check_not_empty(value, what):
    if value is None or (is_container(value) and not nest.flatten(value)):
        raise ValueError(f"Invalid `element`. `element` should not be empty. {what} needs at least one "
                         f"tensor, got {value!r}.")


def spec_of(element):
    """The TensorSpec structure of an element (structure of tensors)."""
    return nest.map_structure(TensorSpec.from_tensor, element)


def describe(spec):
    """A spec structure as TF writes dtypes in messages: ``(tf.int32, tf.float32)``."""
    return str(nest.map_structure(lambda s: s.dtype, spec))


def batched_spec(spec, batch_size):
    """The spec of batches of ``spec`` elements (batch_size None: the size is not known)."""
    return nest.map_structure(
        lambda s: TensorSpec(TensorShape([batch_size]).concatenate(s.shape), s.dtype), spec)


def unbatched_spec(spec, what):
    """The spec of the rows of ``spec`` elements (the first axis removed)."""
    def row(s):
        if s.shape.rank == 0:
            raise ValueError(f"Cannot unbatch an input with scalar components. {what} got {spec!r}.")
        return TensorSpec(s.shape[1:], s.dtype)
    return nest.map_structure(row, spec)


def common_spec(first, second, what):
    """A spec both element specs fit (differing sizes become None), TypeError when they can't meet."""
    try:
        nest.assert_same_structure(first, second)
        return nest.map_structure(lambda a, b: _common(a, b), first, second)
    except (TypeError, ValueError):
        raise TypeError(f"Incompatible dataset elements:\n  {first!r} vs.   {second!r}\n({what} needs elements "
                        "of the same structure and dtypes.)") from None


def _common(a, b):
    common = a.most_specific_common_supertype([b])
    if common is None:
        raise TypeError("dtypes differ")
    return common


def shapes_that_vary(spec):
    """Zero tensors for ``spec`` twice, unknown sizes as 2 then 3 (see ``trace_spec``)."""
    def zeros(s, size):
        return convert_to_tensor(np.zeros([size if d is None else d for d in s.shape], s.dtype.as_numpy_dtype))
    return nest.map_structure(lambda s: zeros(s, 2), spec), nest.map_structure(lambda s: zeros(s, 3), spec)


def trace_spec(func, input_spec, first_element):
    """The spec of ``func``'s outputs, found without running the pipeline (TensorFlow traces the function).

    ``func`` runs on zero tensors of the input's spec twice, with unknown sizes
    2 then 3; output sizes that differ between the two runs are unknown (None).
    This is the rule Keras's symbolic calls use too. When that is impossible
    (an input of unknown rank, or ``func`` fails on zeros) ``func`` runs on the
    pipeline's first element instead (``first_element()``)."""
    flat = nest.flatten(input_spec)
    if all(s.shape.rank is not None for s in flat):
        twos, threes = shapes_that_vary(input_spec)
        try:
            a, b = spec_of(func(twos)), spec_of(func(threes))
            return nest.map_structure(lambda x, y: x.most_specific_common_supertype([y]), a, b)
        except Exception:  # noqa: BLE001 - any failure on made-up zeros: use real data instead
            pass
    return spec_of(func(first_element()))


def stack_elements(elements, spec):
    """One batch from a list of elements: each component stacked along a new first axis."""
    columns = zip(*(nest.flatten(e) for e in elements))
    stacked = []
    for index, column in enumerate(columns):
        first = column[0]
        for position, tensor in enumerate(column):
            if tensor._shape != first._shape:
                raise errors.InvalidArgumentError(
                    None, None, f"Cannot batch tensors with different shapes in component {index}. First element "
                    f"had shape {list(first._shape)} and element {position} had shape {list(tensor._shape)}.")
        stacked.append(_core.stack(list(column), 0))
    return nest.pack_sequence_as(spec, stacked)


def tensor_of_spec(value, spec, complain):
    """``value`` converted to ``spec``'s dtype (NumPy's conversion, as TF's generators) and shape-checked.

    ``complain(text)`` builds the exception to raise."""
    try:
        array = np.asarray(value, dtype=spec.dtype.as_numpy_dtype)
    except (TypeError, ValueError):
        raise complain(f"`generator` yielded an element that could not be converted to the expected type. The "
                       f"expected type was {spec.dtype.name}, but the yielded element was {value!r}.") from None
    if not spec.shape.is_compatible_with(array.shape):
        raise complain(f"`generator` yielded an element of shape {TensorShape(array.shape)} where an element of "
                       f"shape {spec.shape} was expected.")
    return convert_to_tensor(array)


def match_structure(value, spec):
    """The leaves of ``value`` paired with ``spec``'s, or None when ``value`` is not shaped like ``spec``.

    Strict as tf.data's ``flatten_up_to``: a list is a value, so it never
    matches a tuple spec; dicts need the same keys."""
    if isinstance(spec, TensorSpec):
        return [(value, spec)]
    if isinstance(spec, _abc.Mapping):
        if not isinstance(value, _abc.Mapping) or set(value) != set(spec):
            return None
        pairs = [match_structure(value[key], spec[key]) for key in sorted(spec)]
    else:
        if not isinstance(value, tuple) or len(value) != len(spec):
            return None
        pairs = [match_structure(v, s) for v, s in zip(value, spec)]
    if any(p is None for p in pairs):
        return None
    return [pair for p in pairs for pair in p]
