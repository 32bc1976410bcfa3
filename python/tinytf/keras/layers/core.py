"""Core layers: Dense, Activation, Embedding, Lambda (and the layer behind operators on symbolic tensors)."""
import tinytf as tf
from tinytf.keras import activations, initializers, regularizers
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.layers.input_spec import InputSpec
from tinytf.keras.saving.object_registration import get_registered_object, keras_export


@keras_export("keras.layers.Dense")
class Dense(Layer):
    """``activation(inputs @ kernel + bias)``: a fully connected layer.

    On inputs of rank > 2 the kernel applies to the last axis: (batch, d0, in) -> (batch, d0, units)."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, quantization_config=None, **kwargs):
        _refuse_quantization(self, quantization_config, kwargs)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        if self.units <= 0:
            raise ValueError(f"Received an invalid value for `units`, expected a positive integer. Received: units={units}")
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        last_dim = input_shape[-1]
        if last_dim is None:
            raise ValueError(f"The last dimension of the inputs to a Dense layer should be defined. Found None. "
                             f"Full input shape received: {tuple(input_shape)}")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})  # later calls must bring as many features
        self.kernel = self.add_weight(name="kernel", shape=(last_dim, self.units), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        # (DTypes are singletons, so `is not` compares them; `@` reads the kernel inside the one C++ call:
        # this runs once per layer per batch, and every Python call here counts, see BENCHMARKS.md.)
        if inputs.dtype is not self.kernel.dtype:  # integer inputs, say
            inputs = tf.cast(inputs, self.kernel.dtype)
        if inputs.ndim == 2:
            outputs = inputs @ self.kernel
        else:  # apply to the last axis of (batch, ..., in)
            lead = list(inputs.shape[:-1])
            flat = tf.reshape(inputs, [-1, inputs.shape[-1]])
            outputs = tf.reshape(tf.matmul(flat, self.kernel), lead + [self.units])
        if self.use_bias:
            outputs = outputs + self.bias
        return self.activation(outputs)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": None, "bias_constraint": None, "quantization_config": None}


@keras_export("keras.layers.Activation")
class Activation(Layer):
    """Applies an activation function: ``Activation("relu")``."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


@keras_export("keras.layers.Embedding")
class Embedding(Layer):
    """Turns integer indices into dense vectors: row ``i`` of an (input_dim, output_dim) table.

    ``mask_zero=True`` marks index 0 as padding: ``compute_mask`` returns ``inputs != 0``."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 quantization_config=None, **kwargs):
        _refuse_quantization(self, quantization_config, kwargs)
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        if self.input_dim <= 0 or self.output_dim <= 0:
            raise ValueError(f"Both `input_dim` and `output_dim` should be positive, "
                             f"Received input_dim = {input_dim} and output_dim = {output_dim}")
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = embeddings_constraint
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.input_length = input_length
        self.autocast = False

    def build(self, input_shape=None):
        self.embeddings = self.add_weight(name="embeddings", shape=(self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_integer:
            inputs = tf.cast(inputs, "int32")
        return tf.gather(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return tf.not_equal(inputs, tf.zeros_like(inputs))

    def get_config(self):
        config = {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                  "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                  "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
                  "activity_regularizer": regularizers.serialize(self.activity_regularizer),
                  "embeddings_constraint": None, "mask_zero": self.mask_zero, "quantization_config": None}
        if self.input_length is not None:
            config["input_length"] = self.input_length
        return config


def _refuse_quantization(layer, quantization_config, kwargs):
    """Keras 3 writes `quantization_config` (None) into Dense and Embedding configs; tinytf has no quantized layers."""
    kwargs.pop("lora_rank", None)
    kwargs.pop("lora_alpha", None)
    if quantization_config is not None:
        raise ValueError(f"{type(layer).__name__}: tinytf does not support quantized layers (received "
                         f"quantization_config={quantization_config!r}).")


@keras_export("keras.layers.Lambda")
class Lambda(Layer):
    """Wraps an expression as a layer: ``Lambda(lambda x: x ** 2)``. Its config cannot hold the function."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self.arguments = dict(arguments or {})
        self._output_shape = output_shape

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def get_config(self):
        return {**super().get_config(), "function": getattr(self.function, "__name__", repr(self.function)),
                "arguments": self.arguments}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        name = config.pop("function")
        function = get_registered_object(name, custom_objects)
        if function is None:
            raise ValueError(f"Lambda layer '{config.get('name')}': cannot rebuild function {name!r} from a config; "
                             "pass it in custom_objects (or register it with "
                             "@keras.saving.register_keras_serializable()).")
        return cls(function, **config)


class TFOpLambda(Layer):
    """The layer Python operators create on symbolic tensors (``x + 1``, ``x[:, 0]``), as tf.keras does."""

    def __init__(self, function, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.function = function
        self.autocast = False

    def _default_name(self):
        return "tf_op_lambda"

    def call(self, *args):
        return self.function(*args)

    def get_config(self):
        return {**super().get_config(), "function": self.name}


KerasTensor.operator_layer_class = TFOpLambda
