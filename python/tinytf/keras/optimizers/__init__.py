"""``keras.optimizers``: SGD, RMSprop, Adam, ... and ``get``/``serialize``/``deserialize``, as in Keras 3.

    base_optimizer.py   Optimizer: iterations, learning_rate, slots, apply_gradients, clipping, weight decay
    sgd.py rmsprop.py adam.py adamw.py adagrad.py nadam.py    one file per optimizer: its slots (build) and the
                        settings of its update rule, which runs in C++ over all variables at once
    schedules/          learning-rate schedules (ExponentialDecay, CosineDecay, ...)

``keras.optimizers.get("rmsprop")`` (any case), a config dict or an instance gives an optimizer.
"""
from tinytf.keras.optimizers import schedules
from tinytf.keras.optimizers.adagrad import Adagrad
from tinytf.keras.optimizers.adam import Adam
from tinytf.keras.optimizers.adamw import AdamW
from tinytf.keras.optimizers.base_optimizer import Optimizer
from tinytf.keras.optimizers.nadam import Nadam
from tinytf.keras.optimizers.rmsprop import RMSprop
from tinytf.keras.optimizers.sgd import SGD
from tinytf.keras.saving import serialization_lib

ALL_OBJECTS = (Optimizer, SGD, RMSprop, Adam, AdamW, Adagrad, Nadam)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}


def serialize(optimizer):
    """Keras 3's config dict: ``{"module": "keras.optimizers", "class_name": "Adam", "config": {...}, ...}``."""
    return serialization_lib.serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """The optimizer a config dict describes; built-in class names are matched in any case ("adam")."""
    config = dict(config)
    if isinstance(config.get("class_name"), str) and config["class_name"].lower() in ALL_OBJECTS_DICT:
        config["class_name"] = ALL_OBJECTS_DICT[config["class_name"].lower()].__name__
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects,
                                                      module_objects={cls.__name__: cls for cls in ALL_OBJECTS})


def get(identifier):
    """An optimizer from a name ("rmsprop", "Adam"), a config dict or an instance (returned as it is)."""
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in ALL_OBJECTS_DICT and identifier.lower() != "optimizer":
        return ALL_OBJECTS_DICT[identifier.lower()]()
    if isinstance(identifier, dict):
        optimizer = deserialize(identifier)
        if isinstance(optimizer, Optimizer):
            return optimizer
    known = ", ".join(f"'{name}'" for name in sorted(ALL_OBJECTS_DICT) if name != "optimizer")
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}. Use an Optimizer instance, a config "
                     f"dict or one of the names {known}.")


__all__ = ["Adagrad", "Adam", "AdamW", "Nadam", "Optimizer", "RMSprop", "SGD", "deserialize", "get", "schedules",
           "serialize"]
