"""tinytf.keras: Keras's layers and models over tinytf's tensors.

    import tinytf as tf
    from tinytf import keras
    from tinytf.keras import layers

    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    model.build(input_shape=(None, 3))
    model.summary()

How the pieces fit: docs/keras.md.
"""
from tinytf.keras import activations, backend, dtype_policies, initializers, regularizers
from tinytf.keras import callbacks
from tinytf.keras import datasets
from tinytf.keras import layers
from tinytf.keras import losses
from tinytf.keras import metrics
from tinytf.keras import models
from tinytf.keras import optimizers
from tinytf.keras import saving
from tinytf.keras import utils
from tinytf.keras.dtype_policies import DTypePolicy
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.layers import Input, InputLayer, InputSpec, Layer
from tinytf.keras.models import Model, Sequential
from tinytf.keras.optimizers import Optimizer

__all__ = ["DTypePolicy", "Input", "InputLayer", "InputSpec", "KerasTensor", "Layer", "Model", "Optimizer",
           "Sequential", "activations", "backend", "callbacks", "datasets", "dtype_policies", "initializers", "layers",
           "losses", "metrics", "models", "optimizers", "regularizers", "saving", "utils"]
