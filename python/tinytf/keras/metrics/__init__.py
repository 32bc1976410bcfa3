"""``keras.metrics``: metric classes, the per-sample metric functions, ``get``, ``serialize``, ``deserialize``.

    metric.py                  Metric (the base: add_weight, update_state, result, reset_state)
    reduction_metrics.py       Sum, Mean, MeanMetricWrapper, MeanTensor
    accuracy_metrics.py        Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, top-k
    regression_metrics.py      MeanSquaredError, RootMeanSquaredError, MeanAbsolute(Percentage)Error,
                               MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError
    probabilistic_metrics.py   BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
                               KLDivergence, Poisson
    hinge_metrics.py           Hinge, SquaredHinge, CategoricalHinge
    confusion_metrics.py       TruePositives/FalsePositives/TrueNegatives/FalseNegatives, Precision, Recall, AUC
    metrics_utils.py           the confusion-matrix counting behind them

    acc = keras.metrics.SparseCategoricalAccuracy()
    acc.update_state(y_true, y_pred)      # once per batch
    print(f"{float(acc.result()):.4f}")   # the running value
    acc.reset_state()                     # at the start of each epoch

``keras.metrics.get("accuracy")`` gives an ``Accuracy`` object (Keras 3); picking the binary, categorical
or sparse accuracy for ``compile(metrics=["accuracy"])`` is the compile step's job.
"""
from tinytf.keras import backend
from tinytf.keras.losses.hinge import categorical_hinge, hinge, squared_hinge
from tinytf.keras.losses.loss import get_from_identifier
from tinytf.keras.losses.probabilistic import (
    binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy, categorical_focal_crossentropy,
    kl_divergence, poisson, sparse_categorical_crossentropy,
)
from tinytf.keras.losses.regression import (
    huber, log_cosh, mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
    mean_squared_logarithmic_error,
)
from tinytf.keras.metrics.accuracy_metrics import (
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy, accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy, top_k_categorical_accuracy,
)
from tinytf.keras.metrics.confusion_metrics import (
    AUC, FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives, TruePositives,
)
from tinytf.keras.metrics.hinge_metrics import CategoricalHinge, Hinge, SquaredHinge
from tinytf.keras.metrics.metric import Metric
from tinytf.keras.metrics.probabilistic_metrics import (
    BinaryCrossentropy, CategoricalCrossentropy, KLDivergence, Poisson, SparseCategoricalCrossentropy,
)
from tinytf.keras.metrics.reduction_metrics import Mean, MeanMetricWrapper, MeanTensor, Sum
from tinytf.keras.metrics.regression_metrics import (
    CosineSimilarity, LogCoshError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError,
    MeanSquaredLogarithmicError, RootMeanSquaredError,
)
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export

ALL_OBJECTS = (
    Metric, Mean, Sum, MeanMetricWrapper, MeanTensor,
    MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError,
    AUC, FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives, TruePositives,
    Hinge, SquaredHinge, CategoricalHinge,
    KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
)

# What a string id names (Keras 3's table): each class by its name and by its snake_case name
# ("mean_squared_error" is the MeanSquaredError class here, not the loss function), and the short forms.
# "acc" (tf.keras 2's spelling) is accepted too.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({backend.to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT.update({
    "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
    "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
    "acc": Accuracy,
})

# tf.keras 2's module-level aliases of the functions (keras.metrics.mse), for programs written against it.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
logcosh = log_cosh


@keras_export("keras.metrics.serialize")
def serialize(metric):
    """The config dict of a Metric object: Keras 3's format."""
    return serialization_lib.serialize_keras_object(metric)


@keras_export("keras.metrics.deserialize")
def deserialize(config, custom_objects=None):
    """The Metric object (or function) a config dict or name describes."""
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects,
                                                      module_objects=ALL_OBJECTS_DICT)


@keras_export("keras.metrics.get")
def get(identifier):
    """A metric from an identifier: a string id (``"accuracy"``, ``"mse"``, ``"AUC"``: a new object of that
    class), a config dict, a Metric object, a class, or any function ``(y_true, y_pred) -> values``."""
    return get_from_identifier(identifier, "metric", ALL_OBJECTS_DICT, deserialize)


__all__ = sorted(cls.__name__ for cls in ALL_OBJECTS) + [
    "accuracy", "binary_accuracy", "binary_crossentropy", "binary_focal_crossentropy", "categorical_accuracy",
    "categorical_crossentropy", "categorical_focal_crossentropy", "categorical_hinge", "deserialize", "get", "hinge",
    "huber", "kl_divergence", "log_cosh", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_error", "mean_squared_logarithmic_error", "poisson", "serialize", "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy", "sparse_top_k_categorical_accuracy", "squared_hinge",
    "top_k_categorical_accuracy"]
