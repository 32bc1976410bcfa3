"""The small rules every data adapter shares: what a batch looks like and how values become tensors.

A batch is TensorFlow's ``(x, y, sample_weight)`` packed as Keras packs it (keras/utils/batch_utils.py,
public as ``keras.utils.pack_x_y_sample_weight`` / ``unpack_x_y_sample_weight``): ``x`` alone, ``(x, y)``
or ``(x, y, sample_weight)``, where ``x`` and ``y`` may be a tensor, a tuple (a list becomes a
tuple, as tf.data does) or a dict of tensors.
"""
import numbers

import numpy as np

import tinytf as tf
from tinytf import nest
from tinytf.keras.utils.batch_utils import describe

# NumPy dtypes tinytf has no tensor dtype for, and the one a Keras program expects them to become:
# floating data trains in float32 (tf.keras converts every floating array to floatx), small
# integers (MNIST's uint8 labels) widen to int32.
_WIDER = {np.dtype(t): np.dtype(w) for t, w in [("float16", "float32"), ("float64", "float32"),
                                               ("uint8", "int32"), ("int8", "int32"), ("int16", "int32"),
                                               ("uint16", "int32"), ("uint32", "int64"), ("uint64", "int64")]}


def is_array_like(value):
    """An array, a tensor, or a list of numbers (``[[1, 2], [3, 4]]``): data, not a structure of data."""
    if isinstance(value, (np.ndarray, tf.Tensor, tf.Variable)):
        return True
    if isinstance(value, (list, tuple)) and value:
        return all(isinstance(v, numbers.Number) or (isinstance(v, (list, tuple)) and is_array_like(v))
                   for v in value)
    return False


def as_structure(data):
    """Lists become tuples (a list of arrays is several inputs; a list of numbers, one array)."""
    if is_array_like(data) and isinstance(data, (list, tuple)):
        return np.asarray(data)
    if isinstance(data, (list, tuple)):
        return tuple(as_structure(v) for v in data)
    if isinstance(data, dict):
        return {k: as_structure(v) for k, v in data.items()}
    return data


def to_array(value):
    """One array of data as a NumPy array of a dtype tensors take: floating data in float32, small integers
    widened (a copy only when the dtype changes)."""
    array = np.asarray(value)
    if array.dtype in _WIDER:
        array = array.astype(_WIDER[array.dtype])
    elif array.dtype == object or array.dtype.kind in "USV":
        raise TypeError(f"fit/evaluate/predict got an array of dtype {array.dtype} (shape {array.shape}): tinytf "
                        "trains on numbers only (float32, float64, int32, int64, bool). Convert it first.")
    return array


def to_tensor(value):
    """A tensor for one array of data: floating arrays in float32, small integers widened."""
    if isinstance(value, tf.Variable):
        return value.value()
    if isinstance(value, tf.Tensor):
        return value
    return tf.convert_to_tensor(to_array(value))


def to_tensors(data):
    """``data`` (a structure of arrays, tensors or lists of numbers) with every leaf a tensor."""
    return nest.map_structure(lambda v: None if v is None else to_tensor(v), as_structure(data))


def to_tensors_or_arrays(data):
    """Like ``to_tensors``, but NumPy arrays (and lists of numbers) stay NumPy arrays, of the dtype their
    tensors will have: for data whose batches are slices, converted batch by batch."""
    def convert(v):
        if v is None:
            return None
        return to_array(v) if isinstance(v, np.ndarray) else to_tensor(v)
    return nest.map_structure(convert, as_structure(data))


def check_data_cardinality(data):
    """Raises when the arrays of ``(x, y, sample_weight)`` disagree on the number of samples."""
    sizes = {int(t.shape[0]) for t in nest.flatten(data) if t is not None and t.ndim > 0}
    if any(t is not None and t.ndim == 0 for t in nest.flatten(data)):
        raise ValueError("fit/evaluate/predict got a scalar where an array of samples was expected: "
                         f"{describe(data)}. The first axis of every array counts the samples.")
    if len(sizes) > 1:
        lines = [f"  {label} sizes: " + ", ".join(str(int(t.shape[0])) for t in nest.flatten(part) if t is not None)
                 for label, part in zip(["x", "y", "sample_weight"], data) if part is not None]
        raise ValueError("Data cardinality is ambiguous:\n" + "\n".join(lines) +
                         "\nMake sure all arrays contain the same number of samples.")


def train_validation_split(arrays, validation_split):
    """``(train, validation)``: the last ``validation_split`` fraction of every array (before any shuffling)."""
    flat = nest.flatten(tuple(as_structure(part) for part in arrays))
    unsplittable = [type(t).__name__ for t in flat if t is not None and not is_array_like(t)]
    if unsplittable:
        raise ValueError("`validation_split` is only supported for Tensors or NumPy arrays, found following types "
                         f"in the input: {unsplittable}. Pass `validation_data=` instead.")
    if not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be a number between 0 and 1, got {validation_split}.")
    arrays = nest.map_structure(lambda t: None if t is None else (t if isinstance(t, tf.Tensor) else np.asarray(t)),
                                tuple(as_structure(part) for part in arrays))
    first = next(t for t in nest.flatten(arrays) if t is not None)
    samples = int(first.shape[0])
    split_at = int(np.floor(samples * (1.0 - validation_split)))
    if split_at == 0 or split_at == samples:
        raise ValueError(f"Training data contains {samples} samples, which is not sufficient to split it into a "
                         f"validation and training set as specified by `validation_split={validation_split}`. "
                         "Either provide more data, or a different value for the `validation_split` argument.")
    train = nest.map_structure(lambda t: None if t is None else t[:split_at], arrays)
    validation = nest.map_structure(lambda t: None if t is None else t[split_at:], arrays)
    return train, validation


def class_weight_to_sample_weight(y, class_weight, sample_weight=None):
    """Per-sample weights ``class_weight[class of y]`` (times ``sample_weight``), for one batch or all data.

    The class of a target is the target itself (rank 1), its rounded value (last axis of size 1)
    or its argmax (one-hot rows), as tf.keras reads it."""
    if nest.is_nested(y):
        raise ValueError("`class_weight` is only supported for Models with a single output.")
    classes = sorted(class_weight)
    if classes != list(range(len(classes))):
        raise ValueError("Expected `class_weight` to be a dict with keys from 0 to one less than the number of "
                         f"classes, found {class_weight}")
    weights = tf.constant([float(class_weight[c]) for c in classes], dtype=tf.float32)
    if y.ndim >= 2 and y.shape[-1] > 1:
        ids = tf.argmax(y, axis=-1)
    else:
        labels = tf.squeeze(y, axis=-1) if y.ndim >= 2 else y
        ids = tf.cast(tf.cast(labels, tf.float32) + 0.5, tf.int64)  # rounded (labels are not negative)
    try:  # gather checks the class ids (no read of the targets back to the host here)
        result = tf.gather(weights, ids)
    except tf.errors.InvalidArgumentError as err:
        raise ValueError(f"`class_weight` has weights for classes 0..{len(classes) - 1}, but the targets hold "
                         f"another class ({err})") from None
    if sample_weight is not None:
        sample_weight = tf.cast(sample_weight, tf.float32)
        result = tf.reshape(sample_weight, list(sample_weight.shape) + [1] * (result.ndim - sample_weight.ndim)) * result
    return result
