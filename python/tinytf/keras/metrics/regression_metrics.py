"""Regression metrics: running means of the regression losses' per-sample values, RMSE and cosine similarity.

The per-sample values come from the loss functions (keras/losses/regression.py), so a metric and the
loss of the same name always agree; ``RootMeanSquaredError`` is the square root of the running mean of
squared errors (not the mean of per-batch roots).
"""
import tinytf as tf
from tinytf.keras.losses.loss import as_tensor, targets_and_predictions
from tinytf.keras.losses.regression import (
    log_cosh, mean_absolute_error, mean_absolute_percentage_error, mean_squared_error, mean_squared_logarithmic_error,
)
from tinytf.keras.metrics.reduction_metrics import BuiltinMeanMetric, Mean
from tinytf.keras.saving.object_registration import keras_export
from tinytf.keras.utils.numerical_utils import normalize


@keras_export("keras.metrics.MeanSquaredError")
class MeanSquaredError(BuiltinMeanMetric):
    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(fn=mean_squared_error, name=name, dtype=dtype)


@keras_export("keras.metrics.MeanAbsoluteError")
class MeanAbsoluteError(BuiltinMeanMetric):
    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(fn=mean_absolute_error, name=name, dtype=dtype)


@keras_export("keras.metrics.MeanAbsolutePercentageError")
class MeanAbsolutePercentageError(BuiltinMeanMetric):
    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(fn=mean_absolute_percentage_error, name=name, dtype=dtype)


@keras_export("keras.metrics.MeanSquaredLogarithmicError")
class MeanSquaredLogarithmicError(BuiltinMeanMetric):
    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(fn=mean_squared_logarithmic_error, name=name, dtype=dtype)


@keras_export("keras.metrics.LogCoshError")
class LogCoshError(BuiltinMeanMetric):
    def __init__(self, name="logcosh", dtype=None):
        super().__init__(fn=log_cosh, name=name, dtype=dtype)


def cosine_similarity(y_true, y_pred, axis=-1):
    """sum(l2_normalize(y_true) * l2_normalize(y_pred)) along axis: 1 for vectors that point the same way."""
    y_true, y_pred = targets_and_predictions("cosine_similarity", y_true, y_pred)
    return tf.reduce_sum(normalize(y_true, axis=axis) * normalize(y_pred, axis=axis), axis=axis)


@keras_export("keras.metrics.CosineSimilarity")
class CosineSimilarity(BuiltinMeanMetric):
    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(fn=cosine_similarity, name=name, dtype=dtype, axis=axis)


@keras_export("keras.metrics.RootMeanSquaredError")
class RootMeanSquaredError(Mean):
    """sqrt(mean of the squared errors over everything seen)."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = targets_and_predictions("root_mean_squared_error", as_tensor(y_true, self.dtype),
                                                 as_tensor(y_pred, self.dtype))
        super().update_state(tf.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return tf.sqrt(super().result())
