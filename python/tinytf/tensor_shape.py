"""TensorShape: what ``tensor.shape`` returns, a tuple-like list of dimensions.

A dimension is an int, or None where it is unknown (the batch axis of a
symbolic Keras tensor). It compares equal to tuples and lists of the same
dimensions, prints as ``(2, 3)`` and ``as_list()`` gives ``[2, 3]``.

``TensorShape(None)`` is a shape of unknown rank (printed ``<unknown>``): what
``tf.TensorSpec(None)`` and ``Dataset.from_generator(output_types=...)`` know
about their elements. Asking for its length or its list of dims is a
ValueError, as in TensorFlow.
"""


class TensorShape:
    __slots__ = ("_dims",)

    @classmethod
    def _of_tensor(cls, dims):
        """The shape of a tensor: ``dims`` is the engine's tuple of ints, taken as it is (``tensor.shape``
        is read several times per op in Keras code, and checking each dimension again costs)."""
        shape = cls.__new__(cls)
        shape._dims = dims
        return shape

    def __init__(self, dims):
        if isinstance(dims, TensorShape):
            dims = dims._dims
        elif isinstance(dims, int):
            dims = (dims,)
        self._dims = None if dims is None else tuple(None if d is None else int(d) for d in dims)

    @property
    def rank(self):
        return None if self._dims is None else len(self._dims)

    ndims = rank

    @property
    def dims(self):
        return None if self._dims is None else list(self._dims)

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def is_fully_defined(self):
        return self._dims is not None and all(d is not None for d in self._dims)

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def concatenate(self, other):
        other = TensorShape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    def is_compatible_with(self, other):
        """True when some fully known shape could be both (None matches any size, unknown rank any shape)."""
        other = TensorShape(other)
        if self._dims is None or other._dims is None:
            return True
        return len(self._dims) == len(other._dims) and all(
            a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def most_specific_compatible_shape(self, other):
        """The most specific shape both are compatible with: differing sizes (or ranks) become unknown."""
        other = TensorShape(other)
        if self._dims is None or other._dims is None or len(self._dims) != len(other._dims):
            return TensorShape(None)
        return TensorShape([a if a == b else None for a, b in zip(self._dims, other._dims)])

    def merge_with(self, other):
        """The shape with what either knows; ValueError when they disagree."""
        other = TensorShape(other)
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        if self._dims is None or other._dims is None:
            return TensorShape(other._dims if self._dims is None else self._dims)
        return TensorShape([b if a is None else a for a, b in zip(self._dims, other._dims)])

    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)

    def __getitem__(self, key):
        if self._dims is None:
            return TensorShape(None) if isinstance(key, slice) else None
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
        return self._dims is not None  # like TensorFlow: even the scalar shape () is truthy

    def __repr__(self):
        return "TensorShape(None)" if self._dims is None else f"TensorShape({list(self._dims)})"

    def __str__(self):
        if self._dims is None:
            return "<unknown>"
        dims = ["None" if d is None else str(d) for d in self._dims]
        return "(" + dims[0] + ",)" if len(dims) == 1 else "(" + ", ".join(dims) + ")"
