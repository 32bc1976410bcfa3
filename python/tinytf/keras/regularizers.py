"""Weight regularizers: ``Dense(64, kernel_regularizer=keras.regularizers.l2(0.002))``.

A regularizer maps a weight to a scalar penalty; the layer adds it to
``layer.losses`` (recomputed from the current weights each time it is read).
"""
import tinytf as tf
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export, public_objects


@keras_export("keras.Regularizer", "keras.regularizers.Regularizer")
class Regularizer:
    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@keras_export("keras.regularizers.L1L2", "keras.regularizers.l1_l2")
class L1L2(Regularizer):
    """l1 * sum(|x|) + l2 * sum(x**2)."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x):
        penalty = tf.zeros([], dtype=x.dtype)
        if self.l1:
            penalty = penalty + self.l1 * tf.reduce_sum(tf.abs(x))
        if self.l2:
            penalty = penalty + self.l2 * tf.reduce_sum(tf.square(x))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


@keras_export("keras.regularizers.L1", "keras.regularizers.l1")
class L1(L1L2):
    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def get_config(self):
        return {"l1": self.l1}


@keras_export("keras.regularizers.L2", "keras.regularizers.l2")
class L2(L1L2):
    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def get_config(self):
        return {"l2": self.l2}


l1, l2, l1_l2 = L1, L2, L1L2
_BY_NAME = public_objects("keras.regularizers")  # "L2" and "l2" -> L2, ...


def get(identifier):
    """None, a name ("l2"), a config dict, a Regularizer or a callable -> a regularizer (or None)."""
    if identifier is None or isinstance(identifier, Regularizer) or (callable(identifier) and not isinstance(identifier, type)):
        return identifier
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown regularizer: '{identifier}'. Known ones: {', '.join(sorted(_BY_NAME))}")
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Regularizer):
        return identifier()
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")


def serialize(regularizer):
    """Keras 3's config dict ({"module": "keras.regularizers", "class_name": "L2", ...})."""
    return serialization_lib.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, module_objects=_BY_NAME)
