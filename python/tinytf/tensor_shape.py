"""TensorShape: what ``tensor.shape`` returns, a tuple-like list of dimensions.

A dimension is an int, or None where it is unknown (the batch axis of a
symbolic Keras tensor). It compares equal to tuples and lists of the same
dimensions, prints as ``(2, 3)`` and ``as_list()`` gives ``[2, 3]``.
"""


class TensorShape:
    __slots__ = ("_dims",)

    def __init__(self, dims):
        if dims is None:
            raise ValueError("tinytf does not support shapes of unknown rank")
        if isinstance(dims, TensorShape):
            dims = dims._dims
        elif isinstance(dims, int):
            dims = (dims,)
        self._dims = tuple(None if d is None else int(d) for d in dims)

    @property
    def rank(self):
        return len(self._dims)

    ndims = rank

    @property
    def dims(self):
        return list(self._dims)

    def as_list(self):
        return list(self._dims)

    def is_fully_defined(self):
        return all(d is not None for d in self._dims)

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def concatenate(self, other):
        return TensorShape(self._dims + TensorShape(other)._dims)

    def __len__(self):
        return len(self._dims)

    def __iter__(self):
        return iter(self._dims)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return self._dims[key]

    def __eq__(self, other):
        if isinstance(other, TensorShape):
            return self._dims == other._dims
        if isinstance(other, (tuple, list)):
            return self._dims == tuple(other)
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self._dims)

    def __add__(self, other):
        return self.concatenate(other)

    def __radd__(self, other):
        return TensorShape(other).concatenate(self)

    def __bool__(self):
        return True  # like TensorFlow: even the scalar shape () is truthy

    def __repr__(self):
        return f"TensorShape({list(self._dims)})"

    def __str__(self):
        dims = ["None" if d is None else str(d) for d in self._dims]
        return "(" + dims[0] + ",)" if len(dims) == 1 else "(" + ", ".join(dims) + ")"
