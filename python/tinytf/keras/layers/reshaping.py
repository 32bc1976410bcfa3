"""Layers that rearrange values without changing them: Flatten, Reshape."""
import numpy as np

import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.layers.Flatten")
class Flatten(Layer):
    """(batch, d1, d2, ...) -> (batch, d1 * d2 * ...). A (batch,) input becomes (batch, 1)."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or backend.image_data_format()
        if self.data_format not in ("channels_last", "channels_first"):
            raise ValueError(f"Flatten: unknown data_format {data_format!r}")
        self.autocast = False

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.ndim > 2:
            inputs = tf.transpose(inputs, [0] + list(range(2, inputs.ndim)) + [1])
        if inputs.ndim == 1:
            return tf.expand_dims(inputs, 1)
        return tf.reshape(inputs, [inputs.shape[0], int(np.prod(inputs.shape[1:]))])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


@keras_export("keras.layers.Reshape")
class Reshape(Layer):
    """(batch, ...) -> (batch, *target_shape); one entry of target_shape may be -1 (inferred)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if sum(d == -1 for d in self.target_shape) > 1:
            raise ValueError(f"There must be at most one unknown dimension (-1) in target_shape. "
                             f"Received: target_shape={self.target_shape}")
        self.autocast = False

    def call(self, inputs):
        size = int(np.prod(inputs.shape[1:]))
        known = int(np.prod([d for d in self.target_shape if d != -1]))
        if (-1 in self.target_shape and (known == 0 or size % known)) or (-1 not in self.target_shape and known != size):
            raise ValueError(f"Reshape layer '{self.name}': total size of the new array must be unchanged, "
                             f"input_shape = {tuple(inputs.shape[1:])}, output_shape = {self.target_shape}")
        return tf.reshape(inputs, [inputs.shape[0]] + list(self.target_shape))

    def get_config(self):
        return {**super().get_config(), "target_shape": self.target_shape}
