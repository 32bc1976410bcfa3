"""Hinge losses (maximum-margin classifiers): hinge, squared hinge, categorical hinge.

Labels for ``hinge`` and ``squared_hinge`` are -1 or 1; labels given as 0 or 1 are turned into -1 or 1
first (when every label is 0 or 1, as Keras checks).
"""
import tinytf as tf
from tinytf.keras.losses.loss import Loss, LossFunctionWrapper, as_tensor, check_broadcastable
from tinytf.keras.saving.object_registration import keras_export


def convert_binary_labels_to_hinge(y_true):
    """0/1 labels -> -1/1; other labels are left as they are. Decided on the device (no host round trip)."""
    is_binary = tf.reduce_all(tf.logical_or(tf.equal(y_true, 0), tf.equal(y_true, 1)))
    return tf.where(is_binary, 2.0 * y_true - 1.0, y_true)


def margins(fn_name, y_true, y_pred):
    """max(1 - y_true * y_pred, 0) with y_true as -1/1 labels."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    check_broadcastable(fn_name, y_true, y_pred)
    return tf.maximum(1.0 - convert_binary_labels_to_hinge(y_true) * y_pred, 0.0)


@keras_export("keras.losses.hinge", "keras.metrics.hinge")
def hinge(y_true, y_pred):
    """mean(max(1 - y_true * y_pred, 0)) over the last axis."""
    return tf.reduce_mean(margins("hinge", y_true, y_pred), axis=-1)


@keras_export("keras.losses.squared_hinge", "keras.metrics.squared_hinge")
def squared_hinge(y_true, y_pred):
    """mean(max(1 - y_true * y_pred, 0) ** 2) over the last axis."""
    return tf.reduce_mean(tf.square(margins("squared_hinge", y_true, y_pred)), axis=-1)


@keras_export("keras.losses.categorical_hinge", "keras.metrics.categorical_hinge")
def categorical_hinge(y_true, y_pred):
    """max(neg - pos + 1, 0), pos = the score of the true class, neg = the best score of another class
    (y_true one-hot)."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    check_broadcastable("categorical_hinge", y_true, y_pred)
    pos = tf.reduce_sum(y_true * y_pred, axis=-1)
    neg = tf.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return tf.maximum(neg - pos + 1.0, 0.0)


@keras_export("keras.losses.Hinge")
class Hinge(LossFunctionWrapper):
    """See hinge."""

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config


@keras_export("keras.losses.SquaredHinge")
class SquaredHinge(LossFunctionWrapper):
    """See squared_hinge."""

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config


@keras_export("keras.losses.CategoricalHinge")
class CategoricalHinge(LossFunctionWrapper):
    """See categorical_hinge."""

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config
