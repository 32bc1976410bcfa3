"""Hinge metrics: running means of the hinge losses per sample (keras/losses/hinge.py)."""
from tinytf.keras.losses.hinge import categorical_hinge, hinge, squared_hinge
from tinytf.keras.metrics.reduction_metrics import BuiltinMeanMetric
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.metrics.Hinge")
class Hinge(BuiltinMeanMetric):
    def __init__(self, name="hinge", dtype=None):
        super().__init__(fn=hinge, name=name, dtype=dtype)


@keras_export("keras.metrics.SquaredHinge")
class SquaredHinge(BuiltinMeanMetric):
    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(fn=squared_hinge, name=name, dtype=dtype)


@keras_export("keras.metrics.CategoricalHinge")
class CategoricalHinge(BuiltinMeanMetric):
    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(fn=categorical_hinge, name=name, dtype=dtype)
