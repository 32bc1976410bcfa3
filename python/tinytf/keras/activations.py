"""Activation functions, by name or as callables: ``Dense(64, activation="relu")``.

``get(identifier)`` turns a name, a callable or None (linear) into a
function; ``serialize(fn)`` gives the name back for ``get_config``.
"""
import types

import tinytf as tf
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export, public_objects


@keras_export("keras.activations.relu")
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """max(x, 0); with options: a slope below threshold and a ceiling at max_value."""
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return tf.nn.relu(x)
    x = tf.convert_to_tensor(x)
    if threshold != 0.0:
        y = tf.where(x > threshold, x, tf.zeros_like(x))
    else:
        y = tf.nn.relu(x)
    if max_value is not None:
        y = tf.minimum(y, tf.constant(float(max_value), dtype=x.dtype))
    if negative_slope != 0.0:
        y = y + negative_slope * tf.minimum(x - threshold, tf.zeros_like(x))
    return y


@keras_export("keras.activations.leaky_relu")
def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(x, alpha=negative_slope)


@keras_export("keras.activations.relu6")
def relu6(x):
    return tf.nn.relu6(x)


@keras_export("keras.activations.sigmoid")
def sigmoid(x):
    """1 / (1 + exp(-x)). The output carries its logits (``_keras_logits``) for the crossentropy losses."""
    return _with_logits(tf.sigmoid(x), x)


@keras_export("keras.activations.softmax")
def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) along axis. The output carries its logits (``_keras_logits``) for the crossentropy
    losses."""
    return _with_logits(tf.nn.softmax(x, axis=axis), x)


def _with_logits(output, logits):
    """Keras's trick: a crossentropy loss given this output computes from the logits instead, stably
    (keras/losses/probabilistic.py). Tensors take the attribute; anything else goes without."""
    try:
        output._keras_logits = logits
    except AttributeError:
        pass
    return output


@keras_export("keras.activations.log_softmax")
def log_softmax(x, axis=-1):
    return tf.nn.log_softmax(x, axis=axis)


@keras_export("keras.activations.tanh")
def tanh(x):
    return tf.tanh(x)


@keras_export("keras.activations.linear")
def linear(x):
    """The identity: what ``activation=None`` means."""
    return x


@keras_export("keras.activations.elu")
def elu(x, alpha=1.0):
    """x if x > 0 else alpha * (exp(x) - 1)."""
    if alpha == 1.0:
        return tf.nn.elu(x)
    y = tf.nn.elu(x)
    return tf.nn.relu(y) + alpha * tf.minimum(y, tf.zeros_like(y))


@keras_export("keras.activations.selu")
def selu(x):
    return tf.nn.selu(x)


@keras_export("keras.activations.gelu")
def gelu(x, approximate=False):
    return tf.nn.gelu(x, approximate=approximate)


@keras_export("keras.activations.softplus")
def softplus(x):
    return tf.nn.softplus(x)


@keras_export("keras.activations.softsign")
def softsign(x):
    """x / (|x| + 1)."""
    return x / (tf.abs(x) + 1.0)


@keras_export("keras.activations.silu", "keras.activations.swish")
def silu(x):
    """x * sigmoid(x), also called swish."""
    return x * tf.sigmoid(x)


swish = silu


@keras_export("keras.activations.exponential")
def exponential(x):
    return tf.exp(x)


@keras_export("keras.activations.hard_sigmoid")
def hard_sigmoid(x):
    """relu6(x + 3) / 6, Keras 3's piecewise-linear sigmoid."""
    return tf.nn.relu6(x + 3.0) / 6.0


_BY_NAME = public_objects("keras.activations")  # "relu" -> relu, ...


def get(identifier):
    """A name ("relu"), a config dict, a callable, or None (linear) -> the activation function."""
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        identifier = serialization_lib.deserialize_keras_object(identifier)
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown activation function: '{identifier}'. Known ones: {', '.join(sorted(_BY_NAME))}, "
                             "or pass a callable.")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier!r}")


def serialize(activation):
    """A built-in activation's name ("relu"), as Keras 3 writes it in layer configs; Keras 3's config
    dict for anything else (a registered function is named "package>name")."""
    config = serialization_lib.serialize_keras_object(activation)
    if not isinstance(activation, types.FunctionType):
        return config
    if config["config"] in _BY_NAME:  # a function named like a built-in is saved by that name, as in Keras 3
        return config["config"]
    return config


def deserialize(config, custom_objects=None):
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, module_objects=_BY_NAME)
