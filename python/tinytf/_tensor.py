"""The Python side of ``tf.Tensor``: printing, ``.shape``, ``.dtype``, ``.numpy()``...

The class itself is compiled (src/tensor_bindings.cpp) so that operators like
``a + b`` cost no Python. What is not on the hot path is added here, where it
is easier to read: TensorFlow's printed formats and Python protocols.
"""
import numpy as np

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf.tensor_shape import TensorShape

Tensor = _core.Tensor
Tensor.__module__ = "tinytf"
Tensor.__qualname__ = "Tensor"


def _host(self):
    """The tensor itself on the CPU, or a CPU copy of a GPU tensor."""
    return self if self.device.endswith("CPU:0") else _core.to_device(self, -1)


def _numpy(self):
    """A NumPy copy of the values (a NumPy scalar for a 0-d tensor), as in TensorFlow."""
    array = np.array(_host(self))
    return array[()] if array.ndim == 0 else array


def _array(self, dtype=None, copy=None):
    array = np.asarray(memoryview(_host(self)))  # zero-copy, read-only (for CPU tensors)
    if dtype is not None and array.dtype != np.dtype(dtype):
        return array.astype(dtype)
    return array.copy() if copy else array


def printable_array(tensor):
    """The values as a NumPy view, for printing: not noted by tapes as a value leaving for NumPy
    (see tape_explain.py), because printing it changes nothing."""
    paused = _core.pause_recording()
    try:
        return np.asarray(memoryview(_host(tensor)))
    finally:
        paused.resume()


def _numpy_text(self, is_repr):
    array = printable_array(self)
    if array.ndim == 0:
        array = array[()]
    text = repr(array) if is_repr else str(array)
    if is_repr and array.ndim == 0:
        text = str(array)  # NumPy 2 writes scalars as np.float32(...); TensorFlow shows the value
    return "\n" + text if "\n" in text else text


def _repr(self):
    return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={_numpy_text(self, True)}>"


def _str(self):
    return f"tf.Tensor({_numpy_text(self, False)}, shape={self.shape}, dtype={self.dtype.name})"


def _format(self, spec):
    return format(_numpy(self), spec)  # TensorFlow formats the NumPy value: f"{loss:.4f}"


def _scalar(self, kind):
    if self._numel() != 1:
        raise TypeError(f"only a tensor with one element can be converted to a Python {kind}, got shape {self.shape}")
    return _host(self)._item()


def _bool(self):
    if self._numel() != 1:
        raise ValueError(
            f"The truth value of a tensor with more than one element is ambiguous (shape {self.shape}). "
            "Use tf.reduce_any or tf.reduce_all"
        )
    return bool(_host(self)._item())


def _index(self):
    if self.ndim != 0 or not self.dtype.is_integer:
        raise TypeError(f"only scalar integer tensors can be used as an index, got a {self.dtype.name} tensor of shape {self.shape}")
    return _host(self)._item()


def _len(self):
    if self.ndim == 0:
        raise TypeError("Scalar tensor has no `len()`")
    return self._shape[0]


def _iter(self):
    if self.ndim == 0:
        raise TypeError("Cannot iterate over a scalar tensor.")
    return (self[i] for i in range(self._shape[0]))


def _setitem(self, key, value):
    raise TypeError(
        "'Tensor' object does not support item assignment: tensors are immutable. "
        "To change values, use a tf.Variable and its assign methods, e.g. v[0, 0].assign(1.0), "
        "or build a new tensor (tf.where, tf.concat)."
    )


def _hash(self):
    raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")


def _reduce(self):
    """Pickling by value (a NumPy array with the dtype), as TensorFlow pickles eager tensors."""
    from tinytf._convert import convert_to_tensor  # the loader: it keeps the array's dtype

    return convert_to_tensor, (_numpy(self),)


class _TensorRef:
    """A hashable reference to a tensor (``t.ref()``), usable as a dict key."""

    __slots__ = ("_tensor",)

    def __init__(self, tensor):
        self._tensor = tensor

    def deref(self):
        return self._tensor

    def __hash__(self):
        return hash(self._tensor._id)

    def __eq__(self, other):
        return isinstance(other, _TensorRef) and other._tensor._id == self._tensor._id


Tensor.shape = property(lambda self: TensorShape._of_tensor(self._shape), doc="The TensorShape of the tensor.")
Tensor.dtype = property(lambda self: _dtypes.BY_CORE[self._dtype], doc="The DType of the elements.")
Tensor.get_shape = lambda self: self.shape
Tensor.numpy = _numpy
Tensor.__array__ = _array
Tensor.__array_priority__ = 100  # NumPy defers to our operators: np.ones(2) + t is a tensor
Tensor.__repr__ = _repr
Tensor.__str__ = _str
Tensor.__format__ = _format
Tensor.__float__ = lambda self: float(_scalar(self, "float"))
Tensor.__int__ = lambda self: int(_scalar(self, "int"))
Tensor.__bool__ = _bool
Tensor.__index__ = _index
Tensor.__len__ = _len
Tensor.__iter__ = _iter
Tensor.__setitem__ = _setitem
Tensor.__hash__ = _hash
# Tensors never change, so copy.copy and copy.deepcopy return the tensor itself (as TensorFlow's
# do; matplotlib copies the arrays it plots); pickling stores the values.
Tensor.__copy__ = lambda self: self
Tensor.__deepcopy__ = lambda self, memo: self
Tensor.__reduce__ = _reduce
Tensor.ref = lambda self: _TensorRef(self)
Tensor.experimental_ref = Tensor.ref
