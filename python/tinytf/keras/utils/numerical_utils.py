"""``keras.utils.to_categorical`` (class numbers to one-hot rows) and ``normalize``, as Keras 3 does them.

    keras.utils.to_categorical([0, 2, 1])      # float64 array [[1, 0, 0], [0, 0, 1], [0, 1, 0]]

Keras's exact rules: a trailing axis of size 1 is dropped first (``(n, 1)``
labels give ``(n, num_classes)``); ``num_classes`` defaults to ``max + 1``;
labels are truncated to integers; a NumPy result is float64 (Keras 3; tf.keras 2
gave float32), a tensor input gives a float32 tensor (``tf.one_hot``).
"""
import numpy as np

import tinytf as tf
from tinytf.keras import backend


def to_categorical(x, num_classes=None):
    """One-hot encoding of integer class labels along a new last axis."""
    if tf.is_tensor(x):
        if x.shape.rank > 1 and x.shape[-1] == 1:
            x = tf.reshape(x, x.shape[:-1])
        if num_classes is None:
            raise ValueError("Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a "
                             "Tensor. (to_categorical of a tensor needs num_classes.)")
        return tf.one_hot(x, num_classes)
    x = np.array(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if not num_classes:
        num_classes = np.max(x) + 1
    categorical = np.zeros((x.shape[0], num_classes))
    categorical[np.arange(x.shape[0]), x] = 1
    return categorical.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """``x`` divided by its ``order``-norm along ``axis`` (Keras 3's ``keras.utils.normalize``).

    A NumPy array gives a NumPy array (a zero norm counts as 1). A tensor gives a tensor, computed as
    Keras 3's ops do: for order 2, ``x * min(rsqrt(sum(x ** 2)), 1 / epsilon)``; otherwise
    ``x / max(norm, epsilon)``, with epsilon = ``keras.backend.epsilon()`` (1e-7)."""
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    if isinstance(x, np.ndarray):
        norm = np.atleast_1d(np.linalg.norm(x, order, axis))
        norm[norm == 0] = 1
        return x / np.expand_dims(norm, axis or -1)
    x = tf.convert_to_tensor(x)
    if x.shape.rank == 0:
        x = tf.expand_dims(x, 0)
    if order == 2:
        inv_norm = tf.math.rsqrt(tf.reduce_sum(tf.square(x), axis=axis, keepdims=True))
        return x * tf.minimum(inv_norm, 1.0 / backend.epsilon())
    norm = tf.reduce_sum(tf.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    return x / tf.maximum(norm, backend.epsilon())
