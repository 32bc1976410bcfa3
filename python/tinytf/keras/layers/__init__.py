"""``keras.layers``: the layer catalogue, by family as in Keras.

    base_layer.py       Layer: the call protocol (building, the training flag, config)
    weight_tracking.py  what Layer inherits for weights and sub-layers (add_weight, weights, freezing)
    added_losses.py     what Layer inherits for add_loss / losses and add_metric
    input_spec.py       InputSpec: the rank and sizes a layer's inputs must have, checked by __call__
    input_layer.py      Input, InputLayer
    core.py             Dense, Activation, Embedding, Lambda
    reshaping.py        Flatten, Reshape
    merging.py          Concatenate / concatenate, Add / add, Subtract, Multiply, Average, Maximum, Minimum
    regularization.py   Dropout
    convolutional.py    Conv1D, Conv2D
    pooling.py          MaxPooling1D/2D, AveragePooling1D/2D, GlobalMaxPooling1D/2D, GlobalAveragePooling1D/2D
    normalization.py    BatchNormalization
    rnn.py              RNN, LSTMCell, LSTM

``serialize(layer)`` / ``deserialize(config, custom_objects)`` turn a layer into Keras 3's config dict
and back (keras/saving/ does the work; each layer class registers itself there with ``keras_export``).
"""
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.layers.convolutional import Conv1D, Conv2D, Convolution1D, Convolution2D
from tinytf.keras.layers.core import Activation, Dense, Embedding, Lambda, TFOpLambda
from tinytf.keras.layers.input_layer import Input, InputLayer
from tinytf.keras.layers.input_spec import InputSpec
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
from tinytf.keras.saving import serialization_lib


def serialize(layer):
    """Keras 3's config dict of a layer: ``{"module": "keras.layers", "class_name": "Dense", "config": {...}, ...}``."""
    return serialization_lib.serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """A new layer (or model) from ``serialize``'s output; custom classes come from ``custom_objects``
    (``{"MyLayer": MyLayer}``) or from ``keras.saving.register_keras_serializable``."""
    layer = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
    if not isinstance(layer, Layer):
        raise ValueError(f"`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`. "
                         f"Received: {config}")
    return layer


__all__ = ["Activation", "Add", "Average", "Concatenate", "Dense", "Dropout", "Embedding", "Flatten", "Input",
           "InputLayer", "InputSpec", "Lambda", "Layer", "Maximum", "Minimum", "Multiply", "Reshape", "Subtract", "add", "average",
           "concatenate", "deserialize", "maximum", "minimum", "multiply", "serialize", "subtract",
           "AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D", "BatchNormalization", "Conv1D", "Conv2D",
           "Convolution1D", "Convolution2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAvgPool1D",
           "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "LSTM",
           "LSTMCell", "MaxPool1D", "MaxPool2D", "MaxPooling1D", "MaxPooling2D", "RNN"]
