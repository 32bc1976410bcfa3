"""``tf.nest``: walking nested structures of lists, tuples, namedtuples and dicts.

    tf.nest.flatten({"b": 1, "a": [2, 3]})              # [2, 3, 1]: dict keys sorted
    tf.nest.map_structure(lambda x: x * 10, [1, (2,)])   # [10, (20,)]
    tf.nest.pack_sequence_as({"b": 0, "a": [0, 0]}, [1, 2, 3])   # {'b': 3, 'a': [1, 2]}

TensorFlow's one rule, used everywhere in tinytf (the tape, Keras, tf.data):
a dict's values are visited in the order of its *sorted keys*, whatever order
the dict was written in; rebuilt dicts keep the original key order. Lists,
tuples and namedtuples are visited in order. Everything else (tensors, NumPy
arrays, strings, None) is a leaf.
"""
import collections.abc as _abc

__all__ = ["assert_same_structure", "flatten", "is_nested", "map_structure", "pack_sequence_as"]


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(x, "_fields")


def is_nested(structure):
    """True for lists, tuples and dicts (the containers nest walks into)."""
    # The plain types first: a check against the Mapping ABC costs two calls, one of them in Python, and
    # fit asks this a few dozen times per step, mostly of tensors, which have no keys() and so cannot be
    # mappings.
    return isinstance(structure, (list, tuple, dict)) or (hasattr(structure, "keys")
                                                          and isinstance(structure, _abc.Mapping))


def _sorted_keys(mapping):
    try:
        return sorted(mapping)
    except TypeError as err:
        raise TypeError(f"nest only supports dicts with sortable keys; got keys {list(mapping)}: {err}") from None


def _children(structure):
    """The direct children of a container, in nest's order (sorted keys for dicts)."""
    if isinstance(structure, _abc.Mapping):
        return [structure[key] for key in _sorted_keys(structure)]
    return list(structure)


def _rebuild(structure, children):
    """A container like ``structure`` holding ``children`` (given in nest's order)."""
    if isinstance(structure, _abc.Mapping):
        by_key = dict(zip(_sorted_keys(structure), children))
        return type(structure)((key, by_key[key]) for key in structure)  # the original key order
    if _is_namedtuple(structure):
        return type(structure)(*children)
    return type(structure)(children)


def flatten(structure, expand_composites=False):
    """The leaves of ``structure`` in a flat list (a leaf alone gives ``[leaf]``)."""
    if not is_nested(structure):
        return [structure]
    return [leaf for child in _children(structure) for leaf in flatten(child)]


def _pack(structure, leaves):
    if not is_nested(structure):
        return next(leaves)
    return _rebuild(structure, [_pack(child, leaves) for child in _children(structure)])


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """``structure`` with its leaves replaced, in ``flatten`` order, by the items of ``flat_sequence``."""
    flat_sequence = list(flat_sequence)
    if not is_nested(structure):
        if len(flat_sequence) != 1:
            raise ValueError(f"The target structure is of type `{type(structure)}`\n  {structure}\nHowever the input "
                             f"is a sequence ({type(flat_sequence)}) of length {len(flat_sequence)}.\n  "
                             f"{flat_sequence}\nnest cannot guarantee that it is safe to map one to the other.")
        return flat_sequence[0]
    n = len(flatten(structure))
    if n != len(flat_sequence):
        raise ValueError(f"Could not pack sequence. Structure had {n} atoms, but flat_sequence had "
                         f"{len(flat_sequence)} items.  Structure: {structure}, flat_sequence: {flat_sequence}.")
    return _pack(structure, iter(flat_sequence))


def _describe(x):
    return f"type={type(x).__name__} str={x}"


def _mismatch(first, second, check_types):
    """Why two structures differ (an exception), or None when they match."""
    if is_nested(first) != is_nested(second):
        return ValueError(f"Substructure {_describe(first if is_nested(first) else second)} is a sequence, while "
                          f"substructure {_describe(second if is_nested(first) else first)} is not")
    if not is_nested(first):
        return None
    if check_types and type(first) is not type(second):
        return TypeError(f"The two structures don't have the same sequence type. First structure {_describe(first)} "
                         f"has type {type(first).__name__}, while second structure {_describe(second)} has type "
                         f"{type(second).__name__}")
    if isinstance(first, _abc.Mapping) and isinstance(second, _abc.Mapping) and set(first) != set(second):
        return ValueError(f"The two dictionaries don't have the same set of keys. First structure has keys "
                          f"{_sorted_keys(first)}, while second structure has keys {_sorted_keys(second)}")
    if len(first) != len(second):
        return ValueError(f"The two structures don't have the same number of elements. First structure: "
                          f"{_describe(first)}. Second structure: {_describe(second)}")
    for a, b in zip(_children(first), _children(second)):
        problem = _mismatch(a, b, check_types)
        if problem is not None:
            return problem
    return None


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises ValueError (TypeError for different container types) unless both nest alike."""
    problem = _mismatch(nest1, nest2, check_types)
    if problem is not None:
        raise type(problem)(f"The two structures don't have the same nested structure.\n\nFirst structure: "
                            f"{_describe(nest1)}\n\nSecond structure: {_describe(nest2)}\n\nMore specifically: "
                            f"{problem}")


def map_structure(func, *structure, check_types=True, expand_composites=False):
    """``func`` applied to the leaves (several structures: leaf by leaf; they must nest alike)."""
    if not structure:
        raise ValueError("Must provide at least one structure")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    columns = zip(*(flatten(s) for s in structure))
    return pack_sequence_as(structure[0], [func(*leaves) for leaves in columns])
