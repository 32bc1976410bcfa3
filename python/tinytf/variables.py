"""``tf.Variable``: named, mutable state that tapes watch automatically.

The state lives in C++ (cpp/tinytf/autodiff/variable.h: copy-on-write
assignment, version counter); this class adds TensorFlow's signature,
printing and operators. A variable takes part in every op like a tensor:
ops convert it through ``__tf_tensor__``, which reads its value.
"""
import copy

import numpy as np

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf._convert import constant, convert_operand
from tinytf._tensor import printable_array
from tinytf.tensor_shape import TensorShape


def _default_name(name):
    """Given names are kept as they are (Keras names weights like 'dense/kernel'); every unnamed
    variable is 'Variable', as TensorFlow names eager variables (names need not be unique)."""
    return "Variable" if name is None else str(name)


def _rebuild(value, trainable, name):
    """Unpickling: a new variable with the pickled value (TensorFlow pickles variables by value)."""
    return Variable(value, trainable=trainable, name=name)


class Variable(_core.Variable):
    """A tensor-valued state: ``v = tf.Variable(tf.zeros((3, 1)))``, then ``v.assign(...)``."""

    def __init__(self, initial_value=None, trainable=True, name=None, dtype=None, shape=None):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if callable(initial_value):
            initial_value = initial_value()
        value = constant(initial_value, dtype=dtype)
        super().__init__(value, bool(trainable), _default_name(name))

    # ---- reading ----
    def value(self):
        return self.read_value()

    def __tf_tensor__(self, dtype=None, name=None):
        value = self.read_value()
        if dtype is not None and _dtypes.as_dtype(dtype)._core != value._dtype:
            raise ValueError(f"Tensor conversion requested dtype {_dtypes.as_dtype(dtype).name} for variable "
                             f"'{self.name}' of dtype {self.dtype.name}")
        return value

    def numpy(self):
        return self.read_value().numpy()  # a read, as in TensorFlow: a tape inside watches the variable

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.read_value().numpy(), dtype=dtype)

    name = property(lambda self: self._name + ":0")
    shape = property(lambda self: TensorShape._of_tensor(self._value._shape))
    dtype = property(lambda self: _dtypes.from_core(self._value._dtype))
    ndim = property(lambda self: self._value.ndim)
    device = property(lambda self: self._value.device)

    def get_shape(self):
        return self.shape

    # ---- writing: each returns the variable, as in TensorFlow ----
    def _operand(self, value):
        return convert_operand(value, self._value._dtype)

    def assign(self, value, use_locking=None, name=None, read_value=True):
        self._assign(self._operand(value))
        return self

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        self._assign_add(self._operand(delta))
        return self

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        self._assign_sub(self._operand(delta))
        return self

    def __getitem__(self, key):
        """A slice of the value that also supports ``.assign`` (``v[0, 0].assign(3.)``)."""
        sliced = self.read_value()[key]
        sliced.assign = lambda value, _key=key: self._slice_assign(_key, value)
        return sliced

    def _slice_assign(self, key, value):
        self._assign_slice(key, self._operand(value))
        return self

    # ---- copying and pickling, as in TensorFlow ----
    def __copy__(self):
        """copy.copy shares the state: the copy is the same variable (an assign shows in both)."""
        return self

    def __deepcopy__(self, memo):
        """copy.deepcopy makes an independent variable with the same value, name and trainability."""
        copied = _rebuild(self.numpy(), self.trainable, self._name)
        memo[id(self)] = copied
        for key, value in self.__dict__.items():
            setattr(copied, key, copy.deepcopy(value, memo))
        return copied

    def __reduce__(self):
        return _rebuild, (self.numpy(), self.trainable, self._name)

    # ---- printing ----
    def __repr__(self):
        array = printable_array(self._value)
        text = repr(array) if self.ndim else str(array[()])
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}, numpy={text}>"

    def __str__(self):
        return repr(self)

    def __hash__(self):
        return id(self)

    def __len__(self):
        return len(self._value)

    def __iter__(self):
        return iter(self.read_value())

    def __bool__(self):
        return bool(self.read_value())

    def __float__(self):
        return float(self.read_value())

    def __int__(self):
        return int(self.read_value())

    def __format__(self, spec):
        return format(self.read_value(), spec)


def _forward(name):
    tensor_method = getattr(_core.Tensor, name)

    def method(self, *args):
        return tensor_method(self.read_value(), *args)

    method.__name__ = name
    return method


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__",
              "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__", "__matmul__",
              "__rmatmul__", "__neg__", "__abs__", "__lt__", "__le__", "__gt__", "__ge__", "__and__", "__or__",
              "__invert__", "__eq__", "__ne__"):
    setattr(Variable, _name, _forward(_name))
Variable.__array_priority__ = 100
