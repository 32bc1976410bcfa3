"""Normalization layers: BatchNormalization.

BatchNormalization keeps each feature (each channel, for images) near mean 0
and variance 1, then rescales it with learned ``gamma`` and ``beta``:

    output = gamma * (x - mean) / sqrt(variance + epsilon) + beta

Which mean and variance depends on the mode, as in Keras:

- ``training=True`` (what ``fit`` passes): the statistics of the current batch,
  over every axis but ``axis``, the variance being the biased one,
  sum((x - mean)^2) / n. The layer also moves its running estimates towards
  them: ``moving = moving * momentum + batch * (1 - momentum)``.
  One quirk is kept from tf.keras: on images (rank 4 or 5, channels on axis 1 or
  the last, float32) TensorFlow runs its "fused" kernel, which moves
  ``moving_variance`` towards the *unbiased* variance, sum((x - mean)^2) / (n - 1);
  other inputs move it towards the biased one.
- ``training=False`` or not given (a direct call, ``predict``, ``evaluate``):
  the running estimates ``moving_mean`` and ``moving_variance``.
- A frozen layer (``trainable = False``) always runs in inference mode, even
  when training: fine-tuning a pretrained model must not disturb its statistics.

The running estimates are weights (saved, restored, counted by ``summary``) but
non-trainable: the optimizer never sees them. On 64 channels the layer holds
4 * 64 = 256 parameters, 128 of them non-trainable.
"""
import numbers

import tinytf as tf
from tinytf.keras import initializers, regularizers
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.layers.BatchNormalization")
class BatchNormalization(Layer):
    """Normalizes the features along ``axis`` (default: the last, channels) with batch or moving statistics."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 synchronized=False, **kwargs):
        for key, unsupported in (("renorm", False), ("renorm_clipping", None), ("virtual_batch_size", None),
                                 ("adjustment", None)):
            if kwargs.pop(key, unsupported) != unsupported:
                raise ValueError(f"BatchNormalization: tinytf does not support `{key}`")
        kwargs.pop("renorm_momentum", None)  # used only with renorm
        fused = kwargs.pop("fused", None)  # TensorFlow's kernel choice: it only changes the moving variance
        super().__init__(**kwargs)
        self.fused = fused
        if isinstance(axis, (list, tuple)):
            self.axis = [int(a) for a in axis]
        elif isinstance(axis, numbers.Integral):
            self.axis = int(axis)
        else:
            raise TypeError(f"Expected an int or a list/tuple of ints for the argument 'axis', but received: {axis!r}")
        self._axis_argument = self.axis  # what get_config writes: Keras 3 keeps the axis as given (-1)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.synchronized = bool(synchronized)
        self.supports_masking = True

    def build(self, input_shape):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError(f"Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank (with "
                                 f"inputs.rank={rank}). Received: axis={self.axis}")
        self.axis = sorted({a % rank for a in axes})  # as Keras: positive axes, in a list, once built
        if 0 in self.axis:
            raise ValueError(f"BatchNormalization: axis={self.axis} includes the batch axis 0, whose statistics are "
                             "the ones being computed. Use the feature axis, e.g. axis=-1.")
        sizes = {a: input_shape[a] for a in self.axis}
        if any(d is None for d in sizes.values()):
            raise ValueError(f"Input has undefined `axis` dimension. Received input with shape {tuple(input_shape)} "
                             f"and axis={tuple(self.axis)}")
        # One parameter per feature: shape (channels,), or, for several axes, the input's rank with 1s elsewhere.
        if len(self.axis) == 1:
            param_shape = (sizes[self.axis[0]],)
        else:
            param_shape = tuple(sizes.get(i, 1) for i in range(rank))
        self._reduction_axes = [i for i in range(rank) if i not in self.axis]
        # Where tf.keras would run the fused kernel, whose moving variance is Bessel-corrected.
        self._unbiased_moving_variance = (self.fused is not False and rank in (4, 5)
                                          and self.axis in ([1], [rank - 1])
                                          and self.dtype in ("float16", "bfloat16", "float32"))
        # How the parameters broadcast against the inputs (only needed when axis is not the last one).
        self._broadcast_shape = None
        if len(self.axis) == 1 and self.axis[0] != rank - 1:
            self._broadcast_shape = [sizes[i] if i in sizes else 1 for i in range(rank)]
        self.gamma = self.add_weight(name="gamma", shape=param_shape, initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight(name="beta", shape=param_shape, initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        self.moving_mean = self.add_weight(name="moving_mean", shape=param_shape,
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight(name="moving_variance", shape=param_shape,
                                               initializer=self.moving_variance_initializer, trainable=False)
        self.built = True

    def _broadcast(self, value):
        return value if value is None or self._broadcast_shape is None else tf.reshape(value, self._broadcast_shape)

    def call(self, inputs, training=None):
        if not self.trainable:
            training = False  # a frozen layer keeps using (and keeping) its moving statistics
        if training:
            mean = tf.reduce_mean(inputs, axis=self._reduction_axes, keepdims=True)
            variance = tf.reduce_mean(tf.square(inputs - mean), axis=self._reduction_axes, keepdims=True)
            param_shape = self.moving_mean.shape.as_list()
            mean, variance = tf.reshape(mean, param_shape), tf.reshape(variance, param_shape)
            self._update_moving_average(self.moving_mean, mean)
            if self._unbiased_moving_variance:
                n = inputs.shape.num_elements() // self.moving_variance.shape.num_elements()
                self._update_moving_average(self.moving_variance, variance * (n / max(n - 1, 1)))
            else:
                self._update_moving_average(self.moving_variance, variance)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        # gamma * (x - mean) / sqrt(variance + epsilon) + beta, as tf.nn.batch_normalization computes it:
        # x * multiplier + (beta - mean * multiplier).
        multiplier = tf.math.rsqrt(self._broadcast(variance) + self.epsilon)
        if self.gamma is not None:
            multiplier = multiplier * self._broadcast(self.gamma)
        shift = -self._broadcast(mean) * multiplier
        if self.beta is not None:
            shift = shift + self._broadcast(self.beta)
        return inputs * multiplier + shift

    def _update_moving_average(self, variable, value):
        """moving = moving * momentum + value * (1 - momentum); not part of any gradient."""
        value = tf.stop_gradient(value)
        variable.assign(variable * self.momentum + value * (1.0 - self.momentum))

    def _infer_outputs(self, inputs, args, kwargs):
        # Shape inference runs `call` on zeros; with an explicit training=True that would pull the
        # moving statistics towards those zeros. Put them back afterwards.
        saved = [(v, v.numpy()) for v in (getattr(self, "moving_mean", None), getattr(self, "moving_variance", None))
                 if v is not None]
        try:
            return super()._infer_outputs(inputs, args, kwargs)
        finally:
            for variable, value in saved:
                variable.assign(value)

    def get_config(self):
        return {**super().get_config(), "axis": self._axis_argument, "momentum": self.momentum, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
                "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": None, "gamma_constraint": None, "synchronized": self.synchronized, "renorm": False,
                "renorm_clipping": None, "renorm_momentum": 0.99}
