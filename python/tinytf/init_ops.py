"""TensorFlow's initializers: ``tf.zeros_initializer()``, ``tf.random_normal_initializer(stddev=0.01)``...

    layers.Dense(64, kernel_initializer=tf.random_normal_initializer(stddev=0.01),
                 bias_initializer=tf.zeros_initializer())

Each is an object called as ``init(shape, dtype=tf.float32)`` that returns a
tensor; Keras layers accept them wherever they accept an initializer. Seeds
follow TensorFlow 2: with ``seed=`` an initializer returns the same values at
every call (drawn from NumPy's generator seeded with it); without, it draws
from ``tf.random`` (reproducible under ``tf.random.set_seed``). The numbers
are tinytf's own, not TensorFlow's. Keras's ``keras.initializers`` are the
same ideas with Keras's names and defaults.
"""
import numpy as np

from tinytf import dtypes as _dtypes
from tinytf import random as _random
from tinytf._convert import constant as _constant
from tinytf.array_ops import ones as _ones
from tinytf.array_ops import zeros as _zeros


def random_normal(shape, mean, stddev, dtype, seed):
    """N(mean, stddev^2) samples: fixed by ``seed`` when given, else from ``tf.random``."""
    if seed is None:
        return _random.normal(shape, mean=mean, stddev=stddev, dtype=dtype)
    values = np.random.default_rng(seed).normal(mean, stddev, size=tuple(shape))
    return _constant(values.astype(dtype.as_numpy_dtype))


def random_uniform(shape, minval, maxval, dtype, seed):
    """U[minval, maxval) samples (integers for integer dtypes): fixed by ``seed`` when given, else ``tf.random``."""
    if seed is None:
        return _random.uniform(shape, minval=minval, maxval=maxval, dtype=dtype)
    rng = np.random.default_rng(seed)
    if dtype.is_integer:
        values = rng.integers(minval, maxval, size=tuple(shape))
    else:
        values = rng.uniform(minval, maxval, size=tuple(shape))
    return _constant(values.astype(dtype.as_numpy_dtype))


class Initializer:
    """Base class: ``initializer(shape, dtype=tf.float32)`` returns a tensor of that shape."""

    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define __call__(shape, dtype)")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_kwargs(kwargs):
    if kwargs:
        raise TypeError(f"Keyword argument should be one of ['partition_shape', 'partition_offset']. Received: "
                        f"{', '.join(kwargs)} (tinytf does not partition variables)")


class Zeros(Initializer):
    """All zeros (``tf.zeros_initializer()``)."""

    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        _check_kwargs(kwargs)
        return _zeros(shape, dtype=_dtypes.as_dtype(dtype))


class Ones(Initializer):
    """All ones (``tf.ones_initializer()``)."""

    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        _check_kwargs(kwargs)
        return _ones(shape, dtype=_dtypes.as_dtype(dtype))


class Constant(Initializer):
    """``value`` (a number, or values with as many elements as the shape) as a tensor of ``shape``."""

    def __init__(self, value=0):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(f"Invalid type for initial value: {type(value).__name__} (expected Python scalar, list "
                            f"or tuple of values, or numpy.ndarray).")
        self.value = value

    def __call__(self, shape, dtype=None, **kwargs):
        _check_kwargs(kwargs)
        return _constant(self.value, dtype=None if dtype is None else _dtypes.as_dtype(dtype), shape=shape)

    def get_config(self):
        return {"value": self.value}


class RandomNormal(Initializer):
    """Normal samples with ``mean`` and ``stddev`` (``tf.random_normal_initializer``)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        _check_kwargs(kwargs)
        dtype = _dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise ValueError(f"Argument `dtype` is expected to be floating point. Received: {dtype}.")
        return random_normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(Initializer):
    """Uniform samples in [minval, maxval) (``tf.random_uniform_initializer``); integer dtypes too."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        _check_kwargs(kwargs)
        dtype = _dtypes.as_dtype(dtype)
        if dtype.is_bool:
            raise ValueError(f"Argument `dtype` is expected to be floating point or integer. Received: {dtype}.")
        return random_uniform(shape, self.minval, self.maxval, dtype, self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


# TensorFlow's names for them.
zeros_initializer, ones_initializer, constant_initializer = Zeros, Ones, Constant
random_normal_initializer, random_uniform_initializer = RandomNormal, RandomUniform
