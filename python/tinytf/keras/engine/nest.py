"""Walking nested structures (lists, tuples, dicts) of tensors, as ``tf.nest`` does.

Dicts are walked in their own (insertion) order, so a dict of outputs keeps
the order the user wrote.
"""


def flatten(structure):
    if isinstance(structure, dict):
        return [leaf for value in structure.values() for leaf in flatten(value)]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def map_structure(fn, structure):
    if isinstance(structure, dict):
        return {key: map_structure(fn, value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        mapped = [map_structure(fn, item) for item in structure]
        return type(structure)(*mapped) if hasattr(structure, "_fields") else type(structure)(mapped)
    return fn(structure)


def pack_sequence_as(structure, leaves):
    """``structure`` rebuilt with ``leaves`` (a flat list, in flatten order) in place of its leaves."""
    it = iter(leaves)
    return map_structure(lambda _: next(it), structure)
