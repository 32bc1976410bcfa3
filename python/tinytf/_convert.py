"""Turning Python values into tensors: ``tf.constant`` and ``tf.convert_to_tensor``.

The rules are TensorFlow's:
- Python floats become float32 and Python ints int32 (int64 if they do not
  fit), bools become bool; NumPy arrays keep their dtype. A list whose first
  value is a NumPy float (or float array) keeps that float's precision, as in
  TensorFlow (``[np.zeros(2), np.ones(2)]`` is float64); NumPy ints in a list
  follow the Python rule (int32).
- With an explicit ``dtype``, values convert to it when no information is
  lost by the kind of number (an int to a float is fine, 1.5 to an int is a
  TypeError); a tensor of another dtype is never converted silently.
"""

import math
import operator

import numpy as np

from tinytf import _core
from tinytf import dtypes as _dtypes

Tensor = _core.Tensor

_NUMPY_TO_DTYPE = {
    np.dtype("float32"): _dtypes.float32,
    np.dtype("float64"): _dtypes.float64,
    np.dtype("int32"): _dtypes.int32,
    np.dtype("int64"): _dtypes.int64,
    np.dtype("bool"): _dtypes.bool,
}
_INT32 = np.iinfo(np.int32)


def _infer_from_python(array):
    """dtype for an array NumPy built from Python values: float32 / int32 defaults."""
    if array.dtype.kind == "f":
        return _dtypes.float32
    if array.dtype.kind in "iu":
        if array.size == 0 or (array.min() >= _INT32.min and array.max() <= _INT32.max):
            return _dtypes.int32
        return _dtypes.int64
    if array.dtype.kind == "b":
        return _dtypes.bool
    raise TypeError(f"Cannot convert {_short(array)} to a tensor: unsupported element type {array.dtype}")


def _short(value):
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def _check_kind(array, dtype, value):
    """Refuses conversions that change the kind of number (1.5 -> int, 2 -> bool) or lose its value
    (3e10 -> int32, which NumPy would silently turn into -2**31)."""
    kind = array.dtype.kind
    if dtype.is_integer and kind == "f" and array.size:
        info = np.iinfo(dtype.name)
        whole = np.all(np.equal(np.mod(array, 1), 0))  # False for NaN and inf too
        if not whole or array.min() < info.min or array.max() >= -float(info.min):  # -min: max + 1, exact in float
            raise TypeError(f"Cannot convert {_short(value)} to EagerTensor of dtype {dtype.name}")
    if dtype.is_bool and kind != "b":
        raise TypeError(f"Cannot convert {_short(value)} to EagerTensor of dtype bool")
    if not dtype.is_bool and kind == "b":
        raise TypeError(f"Cannot convert {_short(value)} to EagerTensor of dtype {dtype.name}")
    if dtype.is_integer and kind in "iu" and array.size:
        info = np.iinfo(dtype.name)
        if array.min() < info.min or array.max() > info.max:
            raise TypeError(f"Cannot convert {_short(value)} to EagerTensor of dtype {dtype.name}: out of range")


def _from_array(array, dtype):
    return _core.from_numpy(np.asarray(array, dtype=dtype.as_numpy_dtype, order="C"))


def is_tensor(x):
    """``tf.is_tensor``: True for tensors and variables, False for NumPy arrays and Python values."""
    return isinstance(x, Tensor) or hasattr(x, "__tf_tensor__")


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Converts a tensor, NumPy array, Python number or (nested) list to a Tensor."""
    if dtype is None and isinstance(value, Tensor):  # the common case, kept cheap: nothing to check
        return value
    if dtype is not None:
        dtype = _dtypes.as_dtype(dtype)
    if isinstance(value, Tensor):
        if dtype is not None and value._dtype != dtype._core:
            raise ValueError(
                f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                f"{_dtypes.from_core(value._dtype).name}: {value!r}"
            )
        return value
    if hasattr(value, "__tf_tensor__"):  # Variables and other tensor-like objects
        return value.__tf_tensor__(dtype, name)
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.asarray(value)
        if dtype is None:
            dtype = _NUMPY_TO_DTYPE.get(array.dtype)
            if dtype is None:
                raise TypeError(
                    f"Cannot convert a NumPy array of dtype {array.dtype} to a tensor: tinytf supports "
                    "float32, float64, int32, int64 and bool. Convert it first, e.g. x.astype('float32')"
                )
        else:
            _check_kind(array, dtype, value)
        return _from_array(array, dtype)
    if isinstance(value, (str, bytes)):
        raise TypeError(f"Cannot convert {_short(value)} to a tensor: tinytf has no string tensors")
    array = _python_array(value, dtype)
    if dtype is None:
        if dtype_hint is not None:
            try:
                hinted = _dtypes.as_dtype(dtype_hint)
                _check_kind(array, hinted, value)
                return _from_array(array, hinted)
            except TypeError:
                pass
        # NumPy arrays from lists of tensors already have the tensors' dtype.
        dtype = _NUMPY_TO_DTYPE.get(array.dtype) if _holds_tensors(value) else _infer_from_python(array)
        if array.dtype.kind == "f" and _first_is_numpy_float(value):
            dtype = _NUMPY_TO_DTYPE.get(array.dtype, dtype)
    else:
        _check_kind(array, dtype, value)
    return _from_array(array, dtype)


def _python_array(value, dtype):
    """NumPy's array of a Python number, bool or nested list of them; TensorFlow's ValueError when
    the value is none of these (None, an object, ragged lists, an int beyond int64 among ints)."""
    if type(value) is float and not abs(value) >= 2.0**63:  # the common case, kept cheap (NaN passes)
        return np.asarray(value)
    try:
        array = np.asarray(value)
    except (ValueError, TypeError, OverflowError):  # ragged nested lists
        array = None
    # NumPy falls back to object, uint64, string or float64 arrays for what a tensor cannot hold as given.
    if array is not None and array.dtype != object and array.dtype.kind not in "uUS" and not (
            array.dtype.kind == "f" and array.size and np.nanmax(np.abs(array)) >= 2.0**63):
        return array
    leaves = list(_leaves(value))
    numbers = all(map(_is_number, leaves))
    if numbers and (dtype is not None and dtype.is_floating or any(isinstance(v, (float, np.floating)) for v in leaves)):
        try:  # huge ints among floats, or for a float dtype: tf.constant(2**70, tf.float32) is fine
            return np.asarray(value, dtype=np.float64)
        except (ValueError, TypeError):
            pass
    raise _conversion_error(value, leaves)


def _leaves(value):
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _is_number(value):
    return isinstance(value, (bool, int, float, np.number, np.bool_, np.ndarray, Tensor)) or hasattr(
        value, "__tf_tensor__")


def _conversion_error(value, leaves):
    """The ValueError TensorFlow raises for a Python value that is not a rectangular array of numbers,
    with the culprit named."""
    int64 = np.iinfo(np.int64)
    big = next((v for v in leaves if isinstance(v, int) and not int64.min <= v <= int64.max), None)
    if big is not None:
        return ValueError(f"Can't convert Python sequence with out-of-range integer to Tensor: {_short(big)} is "
                          "outside int64's range [-2**63, 2**63 - 1]; write it as a float (2.0**70) to get a "
                          "float tensor")
    odd = [i for i, v in enumerate(leaves) if not _is_number(v)]
    if odd and (odd[0] == 0 or not isinstance(value, (list, tuple))):
        culprit = leaves[odd[0]]
        return ValueError(f"Attempt to convert a value ({_short(culprit)}) with an unsupported type ({type(culprit)}) "
                          "to a Tensor.")
    if odd:
        odd = leaves[odd[0]]
        return ValueError(f"Can't convert Python sequence with mixed types to Tensor: {_short(value)} holds "
                          f"{_short(odd)} ({type(odd).__name__}) among numbers")
    return ValueError(f"Can't convert non-rectangular Python sequence to Tensor. Got {_short(value)}")


def _first_is_numpy_float(value):
    while isinstance(value, (list, tuple)) and value:
        value = value[0]
    return isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind == "f"


def _holds_tensors(value):
    while isinstance(value, (list, tuple)) and value:
        value = value[0]
    return isinstance(value, Tensor)


def convert_operand(value, core_dtype):
    """The other operand of ``tensor + value``: converted to the tensor's dtype.

    The bindings call it for operands they do not convert themselves (lists, NumPy arrays);
    it is handed to them below, so C++ never imports Python."""
    if isinstance(value, np.ndarray) and _NUMPY_TO_DTYPE.get(value.dtype) is not None:
        dtype = _dtypes.from_core(core_dtype)
        _check_kind(value, dtype, value)
        return _from_array(value, dtype)
    return convert_to_tensor(value, dtype=_dtypes.from_core(core_dtype))


def shape_list(shape):
    """A shape given as a list, tuple, TensorShape or 1-D integer tensor -> list of ints.

    Dimensions must be integers that fit int64 (TensorFlow's TypeError / ValueError otherwise); their
    signs are checked by the op, which names itself."""
    if isinstance(shape, Tensor):
        shape = shape.numpy().tolist()
    dims = [shape] if isinstance(shape, (int, np.integer)) else list(shape)
    return [_dimension(d, shape) for d in dims]


def _dimension(d, shape):
    if d is None:
        raise ValueError(f"shape {shape} has an unknown (None) dimension; a concrete shape is needed here")
    try:
        d = operator.index(d)
    except TypeError:
        raise TypeError(f"Cannot convert {_short(shape)} to EagerTensor of dtype int32: the dimension {_short(d)} "
                        "is not an integer") from None
    if not -2**63 <= d < 2**63:
        raise ValueError(f"Can't convert Python sequence with out-of-range integer to Tensor: dimension {d} of "
                         f"shape {_short(shape)} is outside int64's range")
    return d


def constant(value, dtype=None, shape=None, name="Const"):
    """Creates a constant tensor from a value; with ``shape`` a scalar is broadcast to it."""
    if isinstance(value, Tensor) and dtype is not None and value._dtype != _dtypes.as_dtype(dtype)._core:
        tensor = _core.cast(value, _dtypes.as_dtype(dtype)._core)  # tf.constant may cast, unlike convert_to_tensor
    else:
        tensor = convert_to_tensor(value, dtype=dtype)
    if shape is None:
        return tensor
    shape = shape_list(shape)
    negative = next((d for d in shape if d < 0), None)
    if negative is not None:  # TensorFlow checks tf.constant's shape in Python: a ValueError
        raise ValueError(f"Dimension {negative} must be >= 0 (tf.constant with shape {shape})")
    count = math.prod(shape)
    if tensor._numel() == 1 and count != 1:
        return _core.broadcast_to(_core.reshape(tensor, []), shape)
    if tensor._numel() != count:
        raise TypeError(
            f"Eager execution of tf.constant with unsupported shape. Tried to convert a value with "
            f"{tensor._numel()} elements to a tensor of shape {tuple(shape)} ({count} elements)"
        )
    return _core.reshape(tensor, shape)


_core._set_operand_converter(convert_operand)
