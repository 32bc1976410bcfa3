"""Convolution layers: Conv1D, Conv2D (channels last).

A convolution slides a small kernel over the spatial axes of its input: at each
position the output is the dot product of the window with the kernel, one per
filter. ``Conv2D(32, 3)`` on (batch, 28, 28, 1) images holds a kernel of shape
(3, 3, 1, 32) and a bias of shape (32,): 3 * 3 * 1 * 32 + 32 = 320 parameters.

The arithmetic is the engine's (``tf.nn.conv2d``, im2col + GEMM; Conv1D is a
Conv2D of height 1); these layers only keep the weights and the options.
Output sizes, per spatial axis, with kernel k, stride s, dilation d:

    padding="valid":  ceil((n - (k - 1) * d) / s)
    padding="same":   ceil(n / s)            (zeros added around the input)
    padding="causal": n  (Conv1D only: zeros added on the left, so step t sees steps <= t)
"""
import numbers

import tinytf as tf
from tinytf.keras import activations, backend, initializers, regularizers
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.saving.object_registration import keras_export


def normalize_tuple(value, n, name):
    """``3`` -> (3, 3); ``(3, 2)`` -> (3, 2); anything else is a ValueError naming the argument."""
    if isinstance(value, int):
        values = (value,) * n
    else:
        try:
            values = tuple(int(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {name}={value!r}") \
                from None
    if len(values) != n or any(v <= 0 for v in values):
        raise ValueError(f"The `{name}` argument must be a tuple of {n} positive integers (or one integer). "
                         f"Received: {name}={value!r}")
    return values


def normalize_data_format(data_format, layer):
    """Only channels-last data is supported: say so, and how to get it."""
    data_format = data_format or backend.image_data_format()
    if data_format == "channels_first":
        raise ValueError(f"{layer}: tinytf supports data_format='channels_last' only (inputs shaped "
                         "(batch, ..., channels)); got data_format='channels_first'. Transpose the inputs with "
                         "tf.transpose (e.g. perm=[0, 2, 3, 1] for images) and drop the data_format argument.")
    if data_format != "channels_last":
        raise ValueError(f"{layer}: data_format must be 'channels_last' or 'channels_first', got {data_format!r}")
    return data_format


def conv_output_length(length, window, padding, stride, dilation=1):
    """The output size of one spatial axis (None stays None), for convolutions and pooling alike."""
    if length is None:
        return None
    span = (window - 1) * dilation + 1  # the window, dilation included
    if padding == "valid":
        return max(0, (length - span) // stride + 1)
    return (length + stride - 1) // stride  # "same" and "causal"


class SpatialShapeMixin:
    """Output shapes by formula where the spatial sizes are unknown.

    tinytf learns a layer's output shape by calling it on zeros (docs/keras.md); an unknown
    spatial size, as in ``keras.Input(shape=(None, 4))``, is tried at 2 and 3 steps, smaller
    than most windows. For those inputs these layers use ``conv_output_length`` instead."""

    def _spatial_output_shape(self, input_shape):
        raise NotImplementedError(f"{type(self).__name__} must define _spatial_output_shape(input_shape)")

    def _infer_outputs(self, inputs, args, kwargs):
        if (isinstance(inputs, KerasTensor) and not args and inputs.shape.rank == self.rank + 2
                and None in inputs.shape.as_list()[1:-1]):
            return KerasTensor(self._spatial_output_shape(inputs.shape.as_list()), self._dtype, name=self.name)
        return super()._infer_outputs(inputs, args, kwargs)


class Conv(SpatialShapeMixin, Layer):
    """What Conv1D and Conv2D share: options, weights, config. ``rank`` is the number of spatial axes."""

    rank = None
    _paddings = ("valid", "same")

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1, groups=1,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        cls = type(self).__name__
        if not isinstance(filters, numbers.Integral) or filters <= 0:
            raise ValueError(f"Invalid value for argument `filters`. Expected a strictly positive value. "
                             f"Received filters={filters}.")
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        self.padding = str(padding).lower()
        if self.padding not in self._paddings:
            raise ValueError(f"{cls}: `padding` must be one of {self._paddings}. Received: padding={padding!r}")
        self.data_format = normalize_data_format(data_format, cls)
        if groups != 1:
            raise ValueError(f"{cls}: tinytf supports groups=1 only (ordinary convolution), got groups={groups}")
        self.groups = 1
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                             f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}")
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint

    def build(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the layer: expected ndim="
                             f"{self.rank + 2} (batch, {'spatial, ' * self.rank}channels), found ndim="
                             f"{len(input_shape)}. Full shape received: {tuple(input_shape)}")
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"The channel dimension of the inputs to {type(self).__name__} should be defined. "
                             f"Found None. Full input shape received: {tuple(input_shape)}")
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (channels, self.filters),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        if inputs.dtype != self.kernel.dtype:
            inputs = tf.cast(inputs, self.kernel.dtype)
        outputs = self.convolution(inputs)
        if self.use_bias:
            outputs = outputs + self.bias
        return self.activation(outputs)

    def convolution(self, inputs):
        raise NotImplementedError(f"{type(self).__name__} is the convolution base: Conv1D and Conv2D define convolution()")

    def _spatial_output_shape(self, input_shape):
        spatial = [conv_output_length(n, k, self.padding, s, d) for n, k, s, d in
                   zip(input_shape[1:-1], self.kernel_size, self.strides, self.dilation_rate)]
        return [input_shape[0]] + spatial + [self.filters]

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": regularizers.serialize(self.activity_regularizer),
                "kernel_constraint": None, "bias_constraint": None}


@keras_export("keras.layers.Conv1D", "keras.layers.Convolution1D")
class Conv1D(Conv):
    """1-D convolution over sequences: (batch, steps, channels) -> (batch, new_steps, filters).

    ``padding="causal"`` pads ``(kernel_size - 1) * dilation_rate`` zeros on the left only,
    so output step t depends on input steps <= t (WaveNet-style temporal models)."""

    rank = 1
    _paddings = ("valid", "same", "causal")

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", dilation_rate=1,
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, groups=groups, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)

    def convolution(self, inputs):
        padding = self.padding
        if padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            if left:
                zeros = tf.zeros([inputs.shape[0], left, inputs.shape[2]], dtype=inputs.dtype)
                inputs = tf.concat([zeros, inputs], axis=1)
            padding = "valid"
        return tf.nn.conv1d(inputs, self.kernel, stride=self.strides[0], padding=padding.upper(),
                            dilations=self.dilation_rate[0])


@keras_export("keras.layers.Conv2D", "keras.layers.Convolution2D")
class Conv2D(Conv):
    """2-D convolution over images: (batch, rows, cols, channels) -> (batch, new_rows, new_cols, filters)."""

    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1),
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, groups=groups, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)

    def convolution(self, inputs):
        return tf.nn.conv2d(inputs, self.kernel, strides=list(self.strides), padding=self.padding.upper(),
                            dilations=list(self.dilation_rate))


Convolution1D, Convolution2D = Conv1D, Conv2D
