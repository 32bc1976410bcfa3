"""Regression losses: squared, absolute, percentage, logarithmic, cosine, Huber and log-cosh errors.

Each loss is a function ``fn(y_true, y_pred)`` giving one value per sample (the mean over the last
axis), and a class (a ``LossFunctionWrapper`` around the function) that weights and reduces those
values (loss.py). The formulas are Keras 3's, term by term.
"""
import math

import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.losses.loss import Loss, LossFunctionWrapper, targets_and_predictions
from tinytf.keras.saving.object_registration import keras_export
from tinytf.keras.utils.numerical_utils import normalize


@keras_export("keras.losses.mean_squared_error", "keras.metrics.mean_squared_error")
def mean_squared_error(y_true, y_pred):
    """mean((y_true - y_pred) ** 2) over the last axis."""
    y_true, y_pred = targets_and_predictions("mean_squared_error", y_true, y_pred)
    return tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)


@keras_export("keras.losses.mean_absolute_error", "keras.metrics.mean_absolute_error")
def mean_absolute_error(y_true, y_pred):
    """mean(|y_true - y_pred|) over the last axis."""
    y_true, y_pred = targets_and_predictions("mean_absolute_error", y_true, y_pred)
    return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)


@keras_export("keras.losses.mean_absolute_percentage_error", "keras.metrics.mean_absolute_percentage_error")
def mean_absolute_percentage_error(y_true, y_pred):
    """100 * mean(|y_true - y_pred| / max(|y_true|, epsilon)) over the last axis."""
    y_true, y_pred = targets_and_predictions("mean_absolute_percentage_error", y_true, y_pred)
    diff = tf.abs((y_true - y_pred) / tf.maximum(tf.abs(y_true), backend.epsilon()))
    return 100.0 * tf.reduce_mean(diff, axis=-1)


@keras_export("keras.losses.mean_squared_logarithmic_error", "keras.metrics.mean_squared_logarithmic_error")
def mean_squared_logarithmic_error(y_true, y_pred):
    """mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)) ** 2) over the last axis."""
    y_true, y_pred = targets_and_predictions("mean_squared_logarithmic_error", y_true, y_pred)
    first_log = tf.log(tf.maximum(y_pred, backend.epsilon()) + 1.0)
    second_log = tf.log(tf.maximum(y_true, backend.epsilon()) + 1.0)
    return tf.reduce_mean(tf.square(first_log - second_log), axis=-1)


@keras_export("keras.losses.cosine_similarity")
def cosine_similarity(y_true, y_pred, axis=-1):
    """-sum(l2_normalize(y_true) * l2_normalize(y_pred)) along axis: -1 for vectors that point the same way."""
    y_true, y_pred = targets_and_predictions("cosine_similarity", y_true, y_pred)
    return -tf.reduce_sum(normalize(y_true, axis=axis) * normalize(y_pred, axis=axis), axis=axis)


@keras_export("keras.losses.huber", "keras.metrics.huber")
def huber(y_true, y_pred, delta=1.0):
    """Squared error near 0 (|error| <= delta), linear beyond: mean over the last axis of
    0.5 * error ** 2 or delta * |error| - 0.5 * delta ** 2."""
    y_true, y_pred = targets_and_predictions("huber", y_true, y_pred)
    error = y_pred - y_true
    abs_error = tf.abs(error)
    quadratic = 0.5 * tf.square(error)
    linear = delta * abs_error - 0.5 * delta ** 2
    return tf.reduce_mean(tf.where(abs_error <= delta, quadratic, linear), axis=-1)


@keras_export("keras.losses.log_cosh", "keras.metrics.log_cosh")
def log_cosh(y_true, y_pred):
    """mean(log(cosh(y_pred - y_true))) over the last axis, computed as x + softplus(-2x) - log(2)
    so that large errors do not overflow."""
    y_true, y_pred = targets_and_predictions("log_cosh", y_true, y_pred)
    x = y_pred - y_true
    return tf.reduce_mean(x + tf.nn.softplus(-2.0 * x) - math.log(2.0), axis=-1)


# ---------------------------------------------------------------- the classes
@keras_export("keras.losses.MeanSquaredError")
class MeanSquaredError(LossFunctionWrapper):
    """``keras.losses.MeanSquaredError()(y_true, y_pred, sample_weight=None)``: see mean_squared_error."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config


@keras_export("keras.losses.MeanAbsoluteError")
class MeanAbsoluteError(LossFunctionWrapper):
    """See mean_absolute_error."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config


@keras_export("keras.losses.MeanAbsolutePercentageError")
class MeanAbsolutePercentageError(LossFunctionWrapper):
    """See mean_absolute_percentage_error."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config


@keras_export("keras.losses.MeanSquaredLogarithmicError")
class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """See mean_squared_logarithmic_error."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config


@keras_export("keras.losses.CosineSimilarity")
class CosineSimilarity(LossFunctionWrapper):
    """See cosine_similarity."""

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None):
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype, axis=axis)

    def get_config(self):  # Keras 3 leaves axis out (and loses it when saving); tinytf keeps it
        return {**Loss.get_config(self), "axis": self._fn_kwargs["axis"]}


@keras_export("keras.losses.Huber")
class Huber(LossFunctionWrapper):
    """See huber."""

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)

    def get_config(self):  # Keras 3 leaves delta out (and loses it when saving); tinytf keeps it
        return {**Loss.get_config(self), "delta": self._fn_kwargs["delta"]}


@keras_export("keras.losses.LogCosh")
class LogCosh(LossFunctionWrapper):
    """See log_cosh."""

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config
