"""``keras.losses``: loss classes and functions, ``get``, ``serialize``, ``deserialize``.

    loss.py           Loss (the base: weighting and the reductions), LossFunctionWrapper, shared helpers
    regression.py     mean_squared_error, mean_absolute_error, ..._percentage_error, ..._logarithmic_error,
                      cosine_similarity, huber, log_cosh, and their classes
    probabilistic.py  binary/categorical/sparse crossentropy (+ focal), kl_divergence, poisson, and classes
    hinge.py          hinge, squared_hinge, categorical_hinge, and classes

    loss_fn = keras.losses.get("sparse_categorical_crossentropy")        # the function
    loss_obj = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    loss_obj(y_true, logits, sample_weight=w)                             # a scalar tensor
"""
from tinytf.keras.losses.hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from tinytf.keras.losses.loss import Loss, LossFunctionWrapper, get_from_identifier
from tinytf.keras.losses.probabilistic import (
    BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy, CategoricalFocalCrossentropy, KLDivergence,
    Poisson, SparseCategoricalCrossentropy, binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy,
    categorical_focal_crossentropy, kl_divergence, poisson, sparse_categorical_crossentropy,
)
from tinytf.keras.losses.regression import (
    CosineSimilarity, Huber, LogCosh, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError,
    MeanSquaredLogarithmicError, cosine_similarity, huber, log_cosh, mean_absolute_error,
    mean_absolute_percentage_error, mean_squared_error, mean_squared_logarithmic_error,
)
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export

ALL_OBJECTS = (
    Loss, LossFunctionWrapper,
    KLDivergence, Poisson, BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy,
    CategoricalFocalCrossentropy, SparseCategoricalCrossentropy,
    MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity,
    LogCosh, Huber,
    Hinge, SquaredHinge, CategoricalHinge,
    kl_divergence, poisson, binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy,
    categorical_focal_crossentropy, sparse_categorical_crossentropy,
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error, mean_squared_logarithmic_error,
    cosine_similarity, log_cosh, huber,
    hinge, squared_hinge, categorical_hinge,
)

# What a string id names: every class and function by its own name, Keras 3's short aliases, and
# the tf.keras 2 aliases Keras 3 still keeps as legacy names.
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({
    "bce": binary_crossentropy, "BCE": binary_crossentropy,
    "kld": kl_divergence, "KLD": kl_divergence, "kullback_leibler_divergence": kl_divergence,
    "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "mse": mean_squared_error, "MSE": mean_squared_error,
    "mape": mean_absolute_percentage_error, "MAPE": mean_absolute_percentage_error,
    "msle": mean_squared_logarithmic_error, "MSLE": mean_squared_logarithmic_error,
    "logcosh": log_cosh,
})

# tf.keras 2's module-level aliases (keras.losses.mse), for programs written against it.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh


@keras_export("keras.losses.serialize")
def serialize(loss):
    """The config dict of a Loss object (or a loss function): Keras 3's format."""
    return serialization_lib.serialize_keras_object(loss)


@keras_export("keras.losses.deserialize")
def deserialize(name, custom_objects=None):
    """The Loss object (or function) a config dict or name describes."""
    return serialization_lib.deserialize_keras_object(name, custom_objects=custom_objects,
                                                      module_objects=ALL_OBJECTS_DICT)


@keras_export("keras.losses.get")
def get(identifier):
    """A loss from an identifier: a string id (``"mse"``, ``"sparse_categorical_crossentropy"``, a class
    name such as ``"MeanSquaredError"``, which gives an instance), a config dict, a Loss object, a class,
    or any function ``(y_true, y_pred) -> losses``. None gives None."""
    return get_from_identifier(identifier, "loss", ALL_OBJECTS_DICT, deserialize)


__all__ = sorted(obj.__name__ for obj in ALL_OBJECTS) + ["deserialize", "get", "serialize"]
