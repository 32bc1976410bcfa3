"""Pooling layers (channels last): MaxPooling1D/2D, AveragePooling1D/2D and their global versions.

A pooling layer summarises each window of its input by its largest value (max)
or its mean (average), channel by channel; it has no weights. ``MaxPooling2D(2)``
halves the height and width of (batch, rows, cols, channels) images. Windows are
``pool_size`` wide and move by ``strides`` (default: ``pool_size``, so they do not
overlap). With ``padding="same"`` the windows that overhang the border only
count the positions inside the input (TensorFlow's rule).

Global pooling reduces each channel over all spatial positions:
(batch, steps, channels) or (batch, rows, cols, channels) -> (batch, channels),
or, with ``keepdims=True``, (batch, 1, channels) / (batch, 1, 1, channels).
"""
import tinytf as tf
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.layers.convolutional import (
    SpatialShapeMixin, conv_output_length, normalize_data_format, normalize_tuple,
)
from tinytf.keras.saving.object_registration import keras_export


class Pooling(SpatialShapeMixin, Layer):
    """What the windowed pooling layers share. ``rank``: spatial axes; ``pool_function``: the tf.nn op."""

    rank = None
    pool_function = None

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        cls = type(self).__name__
        self.pool_size = normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = self.pool_size if strides is None else normalize_tuple(strides, self.rank, "strides")
        self.padding = str(padding).lower()
        if self.padding not in ("valid", "same"):
            raise ValueError(f"{cls}: `padding` must be 'valid' or 'same'. Received: padding={padding!r}")
        self.data_format = normalize_data_format(data_format, cls)

    def call(self, inputs):
        if inputs.ndim != self.rank + 2:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the layer: expected ndim="
                             f"{self.rank + 2} (batch, {'spatial, ' * self.rank}channels), found ndim={inputs.ndim}. "
                             f"Full shape received: {tuple(inputs.shape)}")
        return self.pool_function(inputs, ksize=list(self.pool_size), strides=list(self.strides),
                                  padding=self.padding.upper())

    def _spatial_output_shape(self, input_shape):
        spatial = [conv_output_length(n, k, self.padding, s) for n, k, s in
                   zip(input_shape[1:-1], self.pool_size, self.strides)]
        return [input_shape[0]] + spatial + [input_shape[-1]]

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}


@keras_export("keras.layers.MaxPooling1D", "keras.layers.MaxPool1D")
class MaxPooling1D(Pooling):
    """The largest value of each window of steps: (batch, steps, channels) -> (batch, new_steps, channels)."""

    rank = 1
    pool_function = staticmethod(tf.nn.max_pool1d)

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format="channels_last", **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


@keras_export("keras.layers.AveragePooling1D", "keras.layers.AvgPool1D")
class AveragePooling1D(Pooling):
    """The mean of each window of steps: (batch, steps, channels) -> (batch, new_steps, channels)."""

    rank = 1
    pool_function = staticmethod(tf.nn.avg_pool1d)

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format="channels_last", **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


@keras_export("keras.layers.MaxPooling2D", "keras.layers.MaxPool2D")
class MaxPooling2D(Pooling):
    """The largest value of each window: (batch, rows, cols, channels) -> (batch, new_rows, new_cols, channels)."""

    rank = 2
    pool_function = staticmethod(tf.nn.max_pool2d)

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


@keras_export("keras.layers.AveragePooling2D", "keras.layers.AvgPool2D")
class AveragePooling2D(Pooling):
    """The mean of each window: (batch, rows, cols, channels) -> (batch, new_rows, new_cols, channels)."""

    rank = 2
    pool_function = staticmethod(tf.nn.avg_pool2d)

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


class GlobalPooling(Layer):
    """What the global pooling layers share. ``reduce``: tf.reduce_max or tf.reduce_mean."""

    rank = None
    reduce = None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = normalize_data_format(data_format, type(self).__name__)
        self.keepdims = bool(keepdims)

    def call(self, inputs):
        if inputs.ndim != self.rank + 2:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the layer: expected ndim="
                             f"{self.rank + 2} (batch, {'spatial, ' * self.rank}channels), found ndim={inputs.ndim}. "
                             f"Full shape received: {tuple(inputs.shape)}")
        return self.reduce(inputs, axis=list(range(1, self.rank + 1)), keepdims=self.keepdims)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


@keras_export("keras.layers.GlobalMaxPooling1D", "keras.layers.GlobalMaxPool1D")
class GlobalMaxPooling1D(GlobalPooling):
    """The largest value of each channel over all steps: (batch, steps, channels) -> (batch, channels)."""

    rank = 1
    reduce = staticmethod(tf.reduce_max)

    def __init__(self, data_format="channels_last", keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)


@keras_export("keras.layers.GlobalAveragePooling1D", "keras.layers.GlobalAvgPool1D")
class GlobalAveragePooling1D(GlobalPooling):
    """The mean of each channel over all steps: (batch, steps, channels) -> (batch, channels).

    (Keras's optional ``mask`` argument, which leaves padded steps out of the mean, is not supported.)"""

    rank = 1
    reduce = staticmethod(tf.reduce_mean)

    def __init__(self, data_format="channels_last", keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)


@keras_export("keras.layers.GlobalMaxPooling2D", "keras.layers.GlobalMaxPool2D")
class GlobalMaxPooling2D(GlobalPooling):
    """The largest value of each channel over the image: (batch, rows, cols, channels) -> (batch, channels)."""

    rank = 2
    reduce = staticmethod(tf.reduce_max)


@keras_export("keras.layers.GlobalAveragePooling2D", "keras.layers.GlobalAvgPool2D")
class GlobalAveragePooling2D(GlobalPooling):
    """The mean of each channel over the image: (batch, rows, cols, channels) -> (batch, channels)."""

    rank = 2
    reduce = staticmethod(tf.reduce_mean)


MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D = MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
