"""The five dtypes (``tf.float32`` ...) and ``as_dtype``.

A DType is a small Python object users can print and compare; each one
wraps the engine's enum (``_core.DType``) that the C++ ops take.
"""
import numpy as np

from tinytf import _core


class DType:
    """One element type, e.g. ``tf.float32``. Compares equal to its name or NumPy dtype."""

    __slots__ = ("name", "_core", "as_numpy_dtype", "size")

    def __init__(self, name, core):
        self.name = name
        self._core = core
        self.as_numpy_dtype = np.dtype(name).type
        self.size = np.dtype(name).itemsize

    is_floating = property(lambda self: self.name in ("float32", "float64"))
    is_integer = property(lambda self: self.name in ("int32", "int64"))
    is_bool = property(lambda self: self.name == "bool")
    base_dtype = property(lambda self: self)
    is_numpy_compatible = property(lambda self: True)

    @property
    def min(self):
        return False if self.is_bool else (np.finfo if self.is_floating else np.iinfo)(self.name).min

    @property
    def max(self):
        return True if self.is_bool else (np.finfo if self.is_floating else np.iinfo)(self.name).max

    def __repr__(self):
        return "tf." + self.name

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __eq__(self, other):
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.name)

    def __reduce__(self):
        return as_dtype, (self.name,)


float32 = DType("float32", _core.DType.float32)
float64 = DType("float64", _core.DType.float64)
int32 = DType("int32", _core.DType.int32)
int64 = DType("int64", _core.DType.int64)
bool = DType("bool", _core.DType.bool)  # noqa: A001 - TensorFlow's name
float = float32  # noqa: A001 - "float" means float32 in TensorFlow
double = float64

ALL = (float32, float64, int32, int64, bool)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"float": float32, "double": float64})
BY_CORE = {d._core: d for d in ALL}  # engine dtype -> DType (Tensor.dtype reads it)


def as_dtype(value):
    """Converts a DType, a name ("float32"), a NumPy dtype or type to a DType."""
    if isinstance(value, DType):
        return value
    if isinstance(value, _core.DType):
        return BY_CORE[value]
    if isinstance(value, str):
        if value in _BY_NAME:
            return _BY_NAME[value]
    elif value is not None:  # NumPy would read None as float64
        try:
            name = np.dtype(value).name
        except TypeError:
            name = None
        if name in _BY_NAME:
            return _BY_NAME[name]
    raise TypeError(
        f"Cannot convert {value!r} to a dtype: tinytf supports "
        + ", ".join(d.name for d in ALL)
    )


def from_core(core_dtype):
    return BY_CORE[core_dtype]
