"""``keras.layers``: the layer catalogue, by family as in Keras.

    base_layer.py       Layer (building, weights, training flag, losses, config)
    input_layer.py      Input, InputLayer
    core.py             Dense, Activation, Embedding, Lambda
    reshaping.py        Flatten, Reshape
    merging.py          Concatenate / concatenate, Add / add, Subtract, Multiply, Average, Maximum, Minimum
    regularization.py   Dropout
    convolutional.py    Conv1D, Conv2D
    pooling.py          MaxPooling1D/2D, AveragePooling1D/2D, GlobalMaxPooling1D/2D, GlobalAveragePooling1D/2D
    normalization.py    BatchNormalization
    rnn.py              RNN, LSTMCell, LSTM

``serialize(layer)`` / ``deserialize(config, custom_objects)`` turn a layer
into ``{"class_name": ..., "config": ...}`` and back.
"""
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.layers.convolutional import Conv1D, Conv2D, Convolution1D, Convolution2D
from tinytf.keras.layers.core import Activation, Dense, Embedding, Lambda, TFOpLambda
from tinytf.keras.layers.input_layer import Input, InputLayer
from tinytf.keras.layers.merging import (
    Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, add, average, concatenate, maximum, minimum,
    multiply, subtract,
)
from tinytf.keras.layers.normalization import BatchNormalization
from tinytf.keras.layers.pooling import (
    AveragePooling1D, AveragePooling2D, AvgPool1D, AvgPool2D, GlobalAveragePooling1D, GlobalAveragePooling2D,
    GlobalAvgPool1D, GlobalAvgPool2D, GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
    MaxPool1D, MaxPool2D, MaxPooling1D, MaxPooling2D,
)
from tinytf.keras.layers.regularization import Dropout
from tinytf.keras.layers.reshaping import Flatten, Reshape
from tinytf.keras.layers.rnn import LSTM, RNN, LSTMCell

# Classes deserialize() knows without custom_objects. Other layer families add themselves here
# (_register(MyLayer)), as do models (Sequential, Functional) once imported.
_REGISTRY = {}


def _register(*classes):
    for cls in classes:
        _REGISTRY[cls.__name__] = cls


_register(Layer, Activation, Dense, Embedding, Lambda, TFOpLambda, InputLayer, Add, Average, Concatenate, Maximum,
          Minimum, Multiply, Subtract, Dropout, Flatten, Reshape)
_register(Conv1D, Conv2D, MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D, GlobalMaxPooling1D,
          GlobalMaxPooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, BatchNormalization, RNN, LSTMCell, LSTM)


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
           "concatenate", "deserialize", "maximum", "minimum", "multiply", "serialize", "subtract",
           "AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D", "BatchNormalization", "Conv1D", "Conv2D",
           "Convolution1D", "Convolution2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAvgPool1D",
           "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "LSTM",
           "LSTMCell", "MaxPool1D", "MaxPool2D", "MaxPooling1D", "MaxPooling2D", "RNN"]
