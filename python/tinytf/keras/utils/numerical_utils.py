"""``keras.utils.to_categorical``: class numbers to one-hot rows, as Keras 3 does it.

    keras.utils.to_categorical([0, 2, 1])      # float64 array [[1, 0, 0], [0, 0, 1], [0, 1, 0]]

Keras's exact rules: a trailing axis of size 1 is dropped first (``(n, 1)``
labels give ``(n, num_classes)``); ``num_classes`` defaults to ``max + 1``;
labels are truncated to integers; a NumPy result is float64 (Keras 3; tf.keras 2
gave float32), a tensor input gives a float32 tensor (``tf.one_hot``).
"""
import numpy as np

import tinytf as tf


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
