"""The few ``keras.backend`` helpers Keras programs use: names, floatx, epsilon, clear_session.

Layer names come from here: ``dense``, ``dense_1``, ... one counter per
prefix, reset by ``clear_session()``.
"""
import collections
import re

_name_counts = collections.defaultdict(int)
_floatx = "float32"
_epsilon = 1e-7
_image_data_format = "channels_last"


def to_snake_case(name):
    """``SimpleDense`` -> ``simple_dense``, ``Conv2D`` -> ``conv2d`` (Keras's rule)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    snake = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return snake if snake[0] != "_" else "private" + snake


def get_uid(prefix=""):
    """1, 2, 3, ... per prefix (``Input`` layers are named ``input_1``, ``input_2``...)."""
    _name_counts[prefix] += 1
    return _name_counts[prefix]


def unique_object_name(prefix, zero_based=True):
    """``prefix`` the first time, then ``prefix_1``, ``prefix_2``..."""
    number = _name_counts[prefix]
    _name_counts[prefix] += 1
    if not zero_based:
        number += 1
    return f"{prefix}_{number}" if number else prefix


def clear_session():
    """Forgets the layer-name counters: the next Dense is ``dense`` again."""
    _name_counts.clear()


def floatx():
    return _floatx


def set_floatx(value):
    global _floatx
    if value not in ("float32", "float64"):
        raise ValueError(f"Unknown floatx type: {value!r} (tinytf supports 'float32' and 'float64')")
    _floatx = value


def epsilon():
    return _epsilon


def set_epsilon(value):
    global _epsilon
    _epsilon = float(value)


def image_data_format():
    return _image_data_format


def set_image_data_format(data_format):
    global _image_data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"Unknown data_format: {data_format!r}")
    _image_data_format = data_format
