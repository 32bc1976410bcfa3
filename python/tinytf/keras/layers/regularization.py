"""Regularization layers: Dropout."""
import tinytf as tf
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.layers.Dropout")
class Dropout(Layer):
    """While training, zeroes each input with probability ``rate`` and scales the rest by 1 / (1 - rate).

    Outside training (``training=False``, the default for a direct call, and in
    ``predict``/``evaluate``) it returns its inputs unchanged. The scaling keeps the
    expected value of each unit the same in both modes ("inverted" dropout). The work is
    ``tf.nn.dropout``'s: masks reproducible under ``tf.random.set_seed``, or from the
    layer's own ``seed``."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                             f"Received: rate={rate}")
        self.rate = float(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return tf.zeros_like(inputs)
        return tf.nn.dropout(inputs, self.rate, noise_shape=self.noise_shape, seed=self.seed)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "noise_shape": self.noise_shape, "seed": self.seed}
