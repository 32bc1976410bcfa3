"""Activation functions, by name or as callables: ``Dense(64, activation="relu")``.

``get(identifier)`` turns a name, a callable or None (linear) into a
function; ``serialize(fn)`` gives the name back for ``get_config``.
"""
import tinytf as tf


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


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(x, alpha=negative_slope)


def relu6(x):
    return tf.nn.relu6(x)


def sigmoid(x):
    return tf.sigmoid(x)


def softmax(x, axis=-1):
    return tf.nn.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return tf.nn.log_softmax(x, axis=axis)


def tanh(x):
    return tf.tanh(x)


def linear(x):
    """The identity: what ``activation=None`` means."""
    return x


def elu(x, alpha=1.0):
    """x if x > 0 else alpha * (exp(x) - 1)."""
    if alpha == 1.0:
        return tf.nn.elu(x)
    y = tf.nn.elu(x)
    return tf.nn.relu(y) + alpha * tf.minimum(y, tf.zeros_like(y))


def selu(x):
    return tf.nn.selu(x)


def gelu(x, approximate=False):
    return tf.nn.gelu(x, approximate=approximate)


def softplus(x):
    return tf.nn.softplus(x)


def softsign(x):
    """x / (|x| + 1)."""
    return x / (tf.abs(x) + 1.0)


def silu(x):
    """x * sigmoid(x), also called swish."""
    return x * tf.sigmoid(x)


swish = silu


def exponential(x):
    return tf.exp(x)


def hard_sigmoid(x):
    """relu6(x + 3) / 6, Keras 3's piecewise-linear sigmoid."""
    return tf.nn.relu6(x + 3.0) / 6.0


_BY_NAME = {f.__name__: f for f in (relu, leaky_relu, relu6, sigmoid, softmax, log_softmax, tanh, linear, elu,
                                    selu, gelu, softplus, softsign, silu, exponential, hard_sigmoid)}
_BY_NAME["swish"] = silu


def get(identifier):
    """A name ("relu"), a callable, or None (linear) -> the activation function."""
    if identifier is None:
        return linear
    if isinstance(identifier, dict):  # {"class_name": ..., "config": ...} from a saved config
        identifier = identifier.get("config", identifier.get("class_name"))
        if isinstance(identifier, dict):
            identifier = identifier.get("name")
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown activation function: '{identifier}'. Known ones: {', '.join(sorted(_BY_NAME))}, "
                             "or pass a callable.")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier!r}")


def serialize(activation):
    """The name of an activation (for get_config); a callable of our own keeps its __name__."""
    if activation is None:
        return "linear"
    return getattr(activation, "__name__", repr(activation))


def deserialize(config, custom_objects=None):
    if custom_objects and isinstance(config, str) and config in custom_objects:
        return custom_objects[config]
    return get(config)
