"""Creating tensors and rearranging their elements: ``tf.zeros``, ``tf.reshape``, ``tf.concat``...

Views are returned where the layout allows (reshape of contiguous data,
transpose, slicing, split); the C++ ops decide.
"""
import numpy as np

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf import errors
from tinytf._args import axes as _axes
from tinytf._args import shape_list as _shape_list
from tinytf._args import tensor as _tensor
from tinytf._convert import convert_to_tensor

newaxis = None


def _dtype_or(dtype, default):
    return _dtypes.as_dtype(default if dtype is None else dtype)


def zeros(shape, dtype=_dtypes.float32, name=None):
    """A tensor of the given shape filled with 0."""
    return _core.fill(_shape_list(shape), 0, _dtypes.as_dtype(dtype)._core)


def ones(shape, dtype=_dtypes.float32, name=None):
    """A tensor of the given shape filled with 1."""
    return _core.fill(_shape_list(shape), 1, _dtypes.as_dtype(dtype)._core)


def zeros_like(input, dtype=None, name=None):  # noqa: A002 - TensorFlow's name
    """Zeros with the shape (and, unless given, the dtype) of input."""
    x = _tensor(input)
    return _core.fill(list(x._shape), 0, (x.dtype if dtype is None else _dtypes.as_dtype(dtype))._core)


def ones_like(input, dtype=None, name=None):  # noqa: A002
    """Ones with the shape (and, unless given, the dtype) of input."""
    x = _tensor(input)
    return _core.fill(list(x._shape), 1, (x.dtype if dtype is None else _dtypes.as_dtype(dtype))._core)


def fill(dims, value, name=None):
    """A tensor of shape dims filled with value (whose dtype it takes: 1.0 -> float32, 1 -> int32)."""
    v = _tensor(value)
    if v.ndim != 0:
        raise errors.InvalidArgumentError(None, None, f"fill: value must be a scalar, got shape {v.shape}")
    return _core.fill(_shape_list(dims), v._item(), v._dtype)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TensorFlow's name
    """[start, start + delta, ...) up to limit; range(n) counts 0..n-1. Float arguments give float32."""
    if limit is None:
        start, limit = 0, start
    values = [_tensor(v) for v in (start, limit, delta)]
    if dtype is None:
        floats = [v.dtype for v in values if v.dtype.is_floating]
        dtype = (_dtypes.float64 if _dtypes.float64 in floats else _dtypes.float32) if floats else (
            _dtypes.int64 if _dtypes.int64 in [v.dtype for v in values] else _dtypes.int32)
    return _core.range(*[v._item() for v in values], _dtypes.as_dtype(dtype)._core)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dtypes.float32, name=None):
    """The identity matrix (ones on the diagonal), optionally repeated over batch_shape."""
    m = _core.eye(int(num_rows), int(num_rows if num_columns is None else num_columns), _dtypes.as_dtype(dtype)._core)
    if batch_shape:
        batch = _shape_list(batch_shape)
        return _core.copy(_core.broadcast_to(m, batch + list(m._shape)))
    return m


def reshape(tensor, shape, name=None):
    """The same elements in a new shape; one dimension may be -1 (inferred)."""
    return _core.reshape(_tensor(tensor), _shape_list(shape))


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes the axes (default: reverses them)."""
    return _core.transpose(_tensor(a), None if perm is None else _shape_list(perm))


def expand_dims(input, axis, name=None):  # noqa: A002
    """Inserts an axis of size 1 at position axis."""
    return _core.expand_dims(_tensor(input), int(axis))


def squeeze(input, axis=None, name=None):  # noqa: A002
    """Removes axes of size 1 (all of them, or those listed in axis)."""
    return _core.squeeze(_tensor(input), _axes(axis))


def broadcast_to(input, shape, name=None):  # noqa: A002
    """input repeated (without copying) to the broadcast-compatible shape."""
    return _core.broadcast_to(_tensor(input), _shape_list(shape))


def identity(input, name=None):  # noqa: A002
    """A tensor with the same values; inside a tf.device scope, a copy on that device."""
    from tinytf.device import current  # imported here: tinytf.device imports this module's package

    x = _tensor(input)
    kind, index = current()
    target = f"GPU:{index}" if kind == "GPU" else "CPU:0"
    if not x.device.endswith(target):
        return _core.to_device(x, index if kind == "GPU" else -1)
    return _core.copy(x)


def stop_gradient(input, name=None):  # noqa: A002
    """The same values, seen by gradient tapes as a constant."""
    return _core.stop_gradient(_tensor(input))


def _tensor_list(values, op):
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError(f"{op}: expected a non-empty list of tensors, got {values!r}")
    first = _tensor(values[0])
    return [first] + [convert_to_tensor(v, dtype_hint=first.dtype) for v in values[1:]]


def concat(values, axis, name="concat"):
    """Joins tensors along an existing axis."""
    return _core.concat(_tensor_list(values, "concat"), int(axis))


def stack(values, axis=0, name="stack"):
    """Joins tensors of the same shape along a new axis."""
    return _core.stack(_tensor_list(values, "stack"), int(axis))


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits a tensor along axis into a list of tensors with that axis removed."""
    x = _tensor(value)
    n = x._shape[int(axis)] if x.ndim else 0
    return [_core.squeeze(p, [int(axis)]) for p in _core.split(x, [1] * n, int(axis))]


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits into num_or_size_splits equal pieces, or pieces of the listed sizes (one may be -1)."""
    x = _tensor(value)
    if isinstance(num_or_size_splits, int):
        n = int(num_or_size_splits)
        ax = int(axis)
        size = x._shape[ax] if -x.ndim <= ax < x.ndim else None
        if n <= 0 or size is None or size % n:
            raise errors.InvalidArgumentError(
                None, None, f"split: dimension {axis} of a tensor of shape {x.shape} (size {size}) must be "
                f"evenly divisible by the number of splits {n}")
        return _core.split(x, [size // n] * n, ax)
    return _core.split(x, _shape_list(num_or_size_splits), int(axis))


def tile(input, multiples, name=None):  # noqa: A002
    """Repeats input multiples[i] times along axis i."""
    return _core.tile(_tensor(input), _shape_list(multiples))


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Slices of params along axis (default 0) at the given integer indices."""
    if batch_dims != 0:
        raise errors.UnimplementedError(None, None, "gather: tinytf supports batch_dims=0 only")
    return _core.gather(_tensor(params), _tensor(indices), 0 if axis is None else int(axis))


def gather_nd(params, indices, batch_dims=0, name=None):
    """Slices of params picked by index tuples (the last axis of indices), after batch_dims batch axes."""
    return _core.gather_nd(_tensor(params), _tensor(indices), int(batch_dims))


def boolean_mask(tensor, mask, axis=None, name=None):
    """The entries of tensor where mask is true; mask covers the axes [axis, axis + mask.ndim) of tensor,
    which become one axis as long as the number of true entries."""
    return _core.boolean_mask(_tensor(tensor), _tensor(mask), 0 if axis is None else int(axis))


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """indices.shape + [depth] with on_value (1) at each index and off_value (0) elsewhere.

    Indices outside [0, depth) give all-off rows, as in TensorFlow. A NumPy array of whole floats (labels
    kept as float32, as the keras.io guide keeps them) is taken as integers, as TensorFlow converts it."""
    if isinstance(indices, np.ndarray) and indices.dtype.kind == "f" and np.all(np.mod(indices, 1) == 0):
        indices = indices.astype(np.int64)
    if dtype is None:
        dtype = next((_tensor(v).dtype for v in (on_value, off_value) if v is not None), _dtypes.float32)
    return _core.one_hot(_tensor(indices), int(depth), 1.0 if on_value is None else float(on_value),
                         0.0 if off_value is None else float(off_value), -1 if axis is None else int(axis),
                         _dtypes.as_dtype(dtype)._core)


def shape(input, out_type=_dtypes.int32, name=None):  # noqa: A002
    """The shape of input as a 1-D integer tensor."""
    dims = np.array(_tensor(input)._shape, dtype=_dtypes.as_dtype(out_type).as_numpy_dtype).reshape(-1)
    return _core.from_numpy(dims)


def size(input, out_type=_dtypes.int32, name=None):  # noqa: A002
    """The number of elements of input, as a scalar integer tensor."""
    return _core.fill([], _tensor(input)._numel(), _dtypes.as_dtype(out_type)._core)


def rank(input, name=None):  # noqa: A002
    """The number of axes of input, as a scalar int32 tensor."""
    return _core.fill([], _tensor(input).ndim, _dtypes.int32._core)

