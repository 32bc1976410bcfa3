"""Probabilistic metrics: running means of the crossentropies, KL divergence and Poisson loss per sample
(the same functions as the losses, keras/losses/probabilistic.py)."""
from tinytf.keras.losses.probabilistic import (
    binary_crossentropy, categorical_crossentropy, kl_divergence, poisson, sparse_categorical_crossentropy,
)
from tinytf.keras.metrics.reduction_metrics import BuiltinMeanMetric
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.metrics.KLDivergence")
class KLDivergence(BuiltinMeanMetric):
    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(fn=kl_divergence, name=name, dtype=dtype)


@keras_export("keras.metrics.Poisson")
class Poisson(BuiltinMeanMetric):
    def __init__(self, name="poisson", dtype=None):
        super().__init__(fn=poisson, name=name, dtype=dtype)


@keras_export("keras.metrics.BinaryCrossentropy")
class BinaryCrossentropy(BuiltinMeanMetric):
    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(fn=binary_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits, "label_smoothing": self.label_smoothing}


@keras_export("keras.metrics.CategoricalCrossentropy")
class CategoricalCrossentropy(BuiltinMeanMetric):
    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0, axis=-1):
        super().__init__(fn=categorical_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits, "label_smoothing": self.label_smoothing,
                "axis": self.axis}


@keras_export("keras.metrics.SparseCategoricalCrossentropy")
class SparseCategoricalCrossentropy(BuiltinMeanMetric):
    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, ignore_class=None,
                 axis=-1):
        super().__init__(fn=sparse_categorical_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits, "ignore_class": self.ignore_class,
                "axis": self.axis}
