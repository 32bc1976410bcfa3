"""Layers that merge a list of inputs: Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum.

Each has a function form too: ``layers.concatenate([a, b])`` is ``layers.Concatenate()([a, b])``.
"""
import functools

import tinytf as tf
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.saving.object_registration import keras_export


def _shapes_text(shapes):
    return [tuple(s) for s in shapes]


class _Merge(Layer):
    """Element-wise merge of same-shaped (or broadcastable) inputs."""

    _min_inputs = 2

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or isinstance(input_shape, tf.TensorShape) or \
                len(input_shape) < self._min_inputs:
            raise ValueError(f"A merge layer ({type(self).__name__}) should be called on a list of at least "
                             f"{self._min_inputs} inputs. Got: {input_shape}")
        ranks = {len(s) for s in input_shape}
        if len(ranks) == 1:
            for dims in zip(*[list(s)[1:] for s in input_shape]):
                known = {d for d in dims if d is not None and d != 1}
                if len(known) > 1:
                    raise ValueError(f"Inputs to {type(self).__name__} have incompatible shapes: "
                                     f"{_shapes_text(input_shape)}")
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"A merge layer ({type(self).__name__}) should be called on a list of inputs. "
                             f"Received: inputs={inputs!r}")
        return self._merge(list(inputs))

    def _merge(self, inputs):
        raise NotImplementedError(f"{type(self).__name__} is a merge layer base: subclasses define _merge(inputs)")


@keras_export("keras.layers.Add")
class Add(_Merge):
    """inputs[0] + inputs[1] + ..."""

    def _merge(self, inputs):
        return functools.reduce(lambda a, b: a + b, inputs)


@keras_export("keras.layers.Subtract")
class Subtract(_Merge):
    """inputs[0] - inputs[1] (exactly two inputs)."""

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: {input_shape}")
        super().build(input_shape)

    def _merge(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: {len(inputs)}")
        return inputs[0] - inputs[1]


@keras_export("keras.layers.Multiply")
class Multiply(_Merge):
    def _merge(self, inputs):
        return functools.reduce(lambda a, b: a * b, inputs)


@keras_export("keras.layers.Average")
class Average(_Merge):
    def _merge(self, inputs):
        return functools.reduce(lambda a, b: a + b, inputs) / float(len(inputs))


@keras_export("keras.layers.Maximum")
class Maximum(_Merge):
    def _merge(self, inputs):
        return functools.reduce(tf.maximum, inputs)


@keras_export("keras.layers.Minimum")
class Minimum(_Merge):
    def _merge(self, inputs):
        return functools.reduce(tf.minimum, inputs)


@keras_export("keras.layers.Concatenate")
class Concatenate(Layer):
    """Joins a list of inputs along ``axis`` (default: the last); the other axes must match."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.supports_masking = True

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or isinstance(input_shape, tf.TensorShape) or len(input_shape) < 1:
            raise ValueError(f"A `Concatenate` layer should be called on a list of at least 1 input. "
                             f"Received: input_shape={input_shape}")
        shapes = [list(s) for s in input_shape]
        ranks = {len(s) for s in shapes}
        if len(ranks) > 1:
            raise ValueError("A `Concatenate` layer requires inputs with matching shapes except for the concatenation "
                             f"axis. Received: input_shape={_shapes_text(input_shape)}")
        rank = ranks.pop()
        axis = self.axis % rank if rank else 0
        for i, dims in enumerate(zip(*shapes)):
            if i == axis:
                continue
            known = {d for d in dims if d is not None}
            if len(known) > 1:
                raise ValueError("A `Concatenate` layer requires inputs with matching shapes except for the "
                                 f"concatenation axis. Received: input_shape={_shapes_text(input_shape)}")
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"A `Concatenate` layer should be called on a list of inputs. Received: inputs={inputs!r}")
        return tf.concat(list(inputs), axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of ``Concatenate``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    return Minimum(**kwargs)(inputs)
