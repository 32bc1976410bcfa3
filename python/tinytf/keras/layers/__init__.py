"""``keras.layers``: the layer catalogue, by family as in Keras.

    base_layer.py       Layer (building, weights, training flag, losses, config)
    input_layer.py      Input, InputLayer
    core.py             Dense, Activation, Embedding, Lambda
    reshaping.py        Flatten, Reshape
    merging.py          Concatenate / concatenate, Add / add, Subtract, Multiply, Average, Maximum, Minimum
    regularization.py   Dropout

``serialize(layer)`` / ``deserialize(config, custom_objects)`` turn a layer
into ``{"class_name": ..., "config": ...}`` and back.
"""
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.layers.core import Activation, Dense, Embedding, Lambda, TFOpLambda
from tinytf.keras.layers.input_layer import Input, InputLayer
from tinytf.keras.layers.merging import (
    Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, add, average, concatenate, maximum, minimum,
    multiply, subtract,
)
from tinytf.keras.layers.regularization import Dropout
from tinytf.keras.layers.reshaping import Flatten, Reshape

# Classes deserialize() knows without custom_objects. Other layer families add themselves here
# (_register(MyLayer)), as do models (Sequential, Functional) once imported.
_REGISTRY = {}


def _register(*classes):
    for cls in classes:
        _REGISTRY[cls.__name__] = cls


_register(Layer, Activation, Dense, Embedding, Lambda, TFOpLambda, InputLayer, Add, Average, Concatenate, Maximum,
          Minimum, Multiply, Subtract, Dropout, Flatten, Reshape)


def serialize(layer):
    """``{"class_name": "Dense", "config": {...}}``."""
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def deserialize(config, custom_objects=None):
    """A new layer (or model) from ``serialize``'s output; custom classes come from ``custom_objects``."""
    from tinytf.keras import models  # noqa: F401 - registers Sequential, Functional, Model
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _REGISTRY.get(name)
    if cls is None:
        raise ValueError(f"Unknown layer: '{name}'. Please ensure you are using a `keras.utils.custom_object_scope` "
                         "or pass the class in `custom_objects`, e.g. load_model(path, custom_objects={"
                         f"'{name}': {name}}}).")
    import inspect
    if "custom_objects" in inspect.signature(cls.from_config).parameters:
        return cls.from_config(config["config"], custom_objects=custom_objects)
    return cls.from_config(config["config"])


__all__ = ["Activation", "Add", "Average", "Concatenate", "Dense", "Dropout", "Embedding", "Flatten", "Input",
           "InputLayer", "Lambda", "Layer", "Maximum", "Minimum", "Multiply", "Reshape", "Subtract", "add", "average",
           "concatenate", "deserialize", "maximum", "minimum", "multiply", "serialize", "subtract"]
