"""Weight initializers, as classes (``GlorotUniform(seed=1)``) or names (``"glorot_uniform"``).

Reproducibility: without a seed an initializer draws from ``tf.random``, so
``tf.random.set_seed(s)`` makes a whole program's initial weights repeat
from run to run. With ``seed=`` an initializer gives the same values at
every call (as in Keras); those come from NumPy's generator seeded with it.
Values are tinytf's own, not TensorFlow's numbers for the same seed.
"""
import math

import numpy as np

import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export, public_objects


def _dtype(dtype):
    return tf.as_dtype(dtype or backend.floatx())


def _normal(shape, mean, stddev, dtype, seed):
    if seed is None:
        return tf.random.normal(shape, mean=mean, stddev=stddev, dtype=dtype)
    values = np.random.default_rng(seed).normal(mean, stddev, size=shape)
    return tf.constant(values.astype(dtype.as_numpy_dtype))


def _uniform(shape, minval, maxval, dtype, seed):
    if seed is None:
        return tf.random.uniform(shape, minval=minval, maxval=maxval, dtype=dtype)
    values = np.random.default_rng(seed).uniform(minval, maxval, size=shape)
    return tf.constant(values.astype(dtype.as_numpy_dtype))


def _truncated_normal(shape, mean, stddev, dtype, seed):
    """N(mean, stddev) with values beyond two standard deviations drawn again."""
    if seed is not None:
        rng = np.random.default_rng(seed)
        values = rng.standard_normal(size=shape)
        bad = np.abs(values) > 2
        while bad.any():
            values[bad] = rng.standard_normal(size=int(bad.sum()))
            bad = np.abs(values) > 2
        return tf.constant((mean + stddev * values).astype(dtype.as_numpy_dtype))
    values = tf.random.normal(shape, dtype=dtype)
    for _ in range(100):  # each round redraws ~4.6% of what is left
        bad = tf.abs(values) > 2.0
        if not bool(tf.reduce_any(bad)):
            break
        values = tf.where(bad, tf.random.normal(shape, dtype=dtype), values)
    return values * stddev + mean


def compute_fans(shape, input_axes=None, output_axes=None):
    """(fan_in, fan_out) of a weight shape: a Dense kernel (in, out), a conv kernel (..., in, out); or, when
    both are given, the products of the sizes along ``input_axes`` and ``output_axes`` (Keras 3)."""
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return int(np.prod([shape[a] for a in input_axes])), int(np.prod([shape[a] for a in output_axes]))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = int(np.prod(shape[:-2]))
    return shape[-2] * receptive_field, shape[-1] * receptive_field


@keras_export("keras.Initializer", "keras.initializers.Initializer")
class Initializer:
    """Base class: ``initializer(shape, dtype=None)`` returns a tensor of that shape."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(shape, dtype=None)")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@keras_export("keras.initializers.Zeros", "keras.initializers.zeros")
class Zeros(Initializer):
    def __call__(self, shape, dtype=None):
        return tf.zeros(shape, dtype=_dtype(dtype))


@keras_export("keras.initializers.Ones", "keras.initializers.ones")
class Ones(Initializer):
    def __call__(self, shape, dtype=None):
        return tf.ones(shape, dtype=_dtype(dtype))


@keras_export("keras.initializers.Constant", "keras.initializers.constant")
class Constant(Initializer):
    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        value = np.asarray(self.value, dtype=dtype.as_numpy_dtype)
        return tf.constant(np.broadcast_to(value, tuple(shape)).copy())

    def get_config(self):
        value = self.value
        return {"value": value.tolist() if isinstance(value, np.ndarray) else value}


@keras_export("keras.initializers.RandomNormal", "keras.initializers.random_normal")
class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return _normal(shape, self.mean, self.stddev, _dtype(dtype), self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


@keras_export("keras.initializers.RandomUniform", "keras.initializers.random_uniform")
class RandomUniform(Initializer):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None):
        return _uniform(shape, self.minval, self.maxval, _dtype(dtype), self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


@keras_export("keras.initializers.TruncatedNormal", "keras.initializers.truncated_normal")
class TruncatedNormal(Initializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return _truncated_normal(shape, self.mean, self.stddev, _dtype(dtype), self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


@keras_export("keras.initializers.VarianceScaling", "keras.initializers.variance_scaling")
class VarianceScaling(Initializer):
    """Samples with variance scale / n, n = fan_in, fan_out or their average.

    The family behind glorot_* (scale 1, fan_avg), he_* (scale 2, fan_in)
    and lecun_* (scale 1, fan_in)."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, input_axes=None,
                 output_axes=None):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode!r} (expected fan_in, fan_out or fan_avg)")
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("truncated_normal", "untruncated_normal", "uniform"):
            raise ValueError(f"Invalid `distribution` argument: {distribution!r}")
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.input_axes, self.output_axes = input_axes, output_axes

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        if self.distribution == "truncated_normal":
            # 0.879... is the stddev of a unit normal truncated to [-2, 2]
            return _truncated_normal(shape, 0.0, math.sqrt(variance) / 0.87962566103423978, dtype, self.seed)
        if self.distribution == "untruncated_normal":
            return _normal(shape, 0.0, math.sqrt(variance), dtype, self.seed)
        limit = math.sqrt(3.0 * variance)
        return _uniform(shape, -limit, limit, dtype, self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "input_axes": self.input_axes, "output_axes": self.output_axes}


def _variance_scaling_preset(class_name, scale, mode, distribution, doc):
    def __init__(self, seed=None, input_axes=None, output_axes=None):
        VarianceScaling.__init__(self, scale=scale, mode=mode, distribution=distribution, seed=seed,
                                 input_axes=input_axes, output_axes=output_axes)

    def get_config(self):
        return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}

    cls = type(class_name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config, "__doc__": doc,
                                                "__module__": __name__})
    return keras_export(f"keras.initializers.{class_name}", f"keras.initializers.{backend.to_snake_case(class_name)}")(cls)


GlorotUniform = _variance_scaling_preset("GlorotUniform", 1.0, "fan_avg", "uniform",
                                         "U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)). The default kernel initializer.")
GlorotNormal = _variance_scaling_preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal",
                                        "Truncated normal with stddev sqrt(2 / (fan_in + fan_out)).")
HeNormal = _variance_scaling_preset("HeNormal", 2.0, "fan_in", "truncated_normal",
                                    "Truncated normal with stddev sqrt(2 / fan_in).")
HeUniform = _variance_scaling_preset("HeUniform", 2.0, "fan_in", "uniform",
                                     "U(-limit, limit), limit = sqrt(6 / fan_in).")
LecunNormal = _variance_scaling_preset("LecunNormal", 1.0, "fan_in", "truncated_normal",
                                       "Truncated normal with stddev sqrt(1 / fan_in).")
LecunUniform = _variance_scaling_preset("LecunUniform", 1.0, "fan_in", "uniform",
                                        "U(-limit, limit), limit = sqrt(3 / fan_in).")


@keras_export("keras.initializers.Orthogonal", "keras.initializers.orthogonal")
class Orthogonal(Initializer):
    """A (semi-)orthogonal matrix from the QR decomposition of a normal sample, times gain."""

    def __init__(self, gain=1.0, seed=None):
        self.gain, self.seed = gain, seed

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        if len(shape) < 2:
            raise ValueError(f"The tensor to initialize must be at least two-dimensional. Received: shape={tuple(shape)}")
        rows = int(np.prod(shape[:-1]))
        cols = int(shape[-1])
        sample = np.asarray(_normal((max(rows, cols), min(rows, cols)), 0.0, 1.0, tf.float64, self.seed))
        q, r = np.linalg.qr(sample)
        q = q * np.sign(np.diag(r))  # makes the decomposition unique
        if rows < cols:
            q = q.T
        return tf.constant((self.gain * q.reshape(tuple(shape))).astype(dtype.as_numpy_dtype))

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed}


@keras_export("keras.initializers.Identity", "keras.initializers.identity")
class Identity(Initializer):
    """gain times the identity matrix (2-D shapes only)."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError(f"Identity matrix initializer can only be used for 2D matrices. Received: shape={tuple(shape)}")
        return self.gain * tf.eye(shape[0], shape[1], dtype=_dtype(dtype))

    def get_config(self):
        return {"gain": self.gain}


# Lower-case aliases, as Keras exports them (keras.initializers.glorot_uniform is the class).
zeros, ones, constant = Zeros, Ones, Constant
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
variance_scaling, orthogonal, identity = VarianceScaling, Orthogonal, Identity
glorot_uniform, glorot_normal, he_normal, he_uniform = GlorotUniform, GlorotNormal, HeNormal, HeUniform
lecun_normal, lecun_uniform = LecunNormal, LecunUniform

# The names get() and deserialize() accept: the exported ones ("GlorotUniform", "glorot_uniform") and
# tf.keras's short aliases.
_BY_NAME = {**public_objects("keras.initializers"), "normal": RandomNormal, "uniform": RandomUniform}


def get(identifier):
    """A name ("he_normal"), a class, an instance, a config dict or a callable -> an initializer."""
    if identifier is None:
        return None
    if isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown initializer: '{identifier}'. Known ones: {', '.join(sorted(_BY_NAME))}")
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if callable(identifier):
        return identifier  # any f(shape, dtype=None)
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")


def serialize(initializer):
    """Keras 3's config dict ({"module": "keras.initializers", "class_name": "GlorotUniform", ...})."""
    return serialization_lib.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, module_objects=_BY_NAME)
