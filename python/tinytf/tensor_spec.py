"""``tf.TensorSpec``: the shape and dtype a tensor is expected to have.

    tf.TensorSpec(shape=(None, 28, 28), dtype=tf.float32, name="images")

A spec describes tensors without holding one: ``tf.data`` datasets report
their elements as (structures of) specs (``ds.element_spec``), and
``tf.function(input_signature=[...])`` checks its arguments against them.
A ``None`` dimension matches any size; ``shape=None`` matches any shape.
"""
from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf._convert import is_tensor
from tinytf.tensor_shape import TensorShape


def _as_shape(shape):
    """A TensorShape from None, an int, an iterable of ints/None, or a TensorShape (TypeError otherwise)."""
    if shape is None or isinstance(shape, (TensorShape, int)):
        return TensorShape(shape)
    try:
        dims = list(shape)
        for d in dims:
            if d is not None and not isinstance(d, int) and not hasattr(d, "__index__"):
                raise TypeError(d)
        return TensorShape([None if d is None else d.__index__() for d in dims])
    except TypeError as err:
        raise TypeError(f"Failed to convert '{shape!r}' to a shape: {err.args[0]!r} could not be converted to a "
                        "dimension. A shape should either be single dimension (e.g. 10), or an iterable of "
                        "dimensions (e.g. [1, 10, None]).") from None


class TensorSpec:
    """Describes a tensor: ``shape`` (a TensorShape, possibly with None dims), ``dtype`` and ``name``."""

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=_dtypes.float32, name=None):
        self._shape = _as_shape(shape)
        try:
            self._dtype = _dtypes.as_dtype(dtype)
        except TypeError as err:
            raise TypeError(f"Cannot convert the argument `type_value`: {dtype!r} to a TensorFlow DType. {err}") from None
        self._name = name

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)
    value_type = property(lambda self: _core.Tensor)

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of an existing tensor (or anything with ``shape`` and ``dtype``)."""
        return cls(tensor.shape, tensor.dtype, name)

    @classmethod
    def from_spec(cls, spec, name=None):
        return cls(spec.shape, spec.dtype, name if name is not None else spec.name)

    def is_compatible_with(self, spec_or_tensor):
        """True for a spec or tensor of the same dtype whose shape fits this one (None matches any size)."""
        other = spec_or_tensor
        if not isinstance(other, TensorSpec) and not is_tensor(other):
            return False  # TensorFlow does not compare specs with NumPy arrays or Python values
        return self._dtype == other.dtype and self._shape.is_compatible_with(TensorShape(other.shape))

    def most_specific_common_supertype(self, others):
        """A spec that all of ``[self, *others]`` fit (sizes that differ become None), or None if dtypes differ."""
        shape = self._shape
        for other in others:
            if not isinstance(other, TensorSpec) or other.dtype != self._dtype:
                return None
            shape = shape.most_specific_compatible_shape(other.shape)
        name = self._name if all(o.name == self._name for o in others) else None
        return TensorSpec(shape, self._dtype, name)

    def __eq__(self, other):
        return (isinstance(other, TensorSpec) and self._shape == other._shape and self._dtype == other._dtype
                and self._name == other._name)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self._shape, self._dtype, self._name))

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"

    def __reduce__(self):
        return TensorSpec, (self._shape.dims, self._dtype.name, self._name)
