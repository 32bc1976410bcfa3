"""``keras.DTypePolicy``: the dtype a layer computes in and keeps its weights in, as Keras 3 names it.

Every layer config Keras 3 writes holds its policy, ``"dtype": {"module": "keras", "class_name":
"DTypePolicy", "config": {"name": "float32"}, "registered_name": None}``, and tinytf writes the same so
that its files load in Keras. tinytf has one precision per layer: a policy is named after a dtype
("float32", "float64"), and compute and variable dtypes are that dtype. Keras's mixed-precision
policies (``"mixed_float16"``) are refused with a clear error.
"""
import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.DTypePolicy", "keras.dtype_policies.DTypePolicy")
class DTypePolicy:
    """``DTypePolicy("float32")``: a layer's compute and variable dtype."""

    def __init__(self, name=None):
        name = backend.floatx() if name is None else name
        if not isinstance(name, str):
            raise TypeError(f"'name' must be a string, such as 'float32'. Received: name={name} (of type "
                            f"{type(name)})")
        if name.startswith("mixed_"):
            raise ValueError(f"tinytf does not support mixed precision: received the dtype policy '{name}'. Use "
                             "'float32' (or 'float64').")
        self._name = tf.as_dtype(name).name

    name = property(lambda self: self._name)
    compute_dtype = property(lambda self: self._name)
    variable_dtype = property(lambda self: self._name)
    quantization_mode = None

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


def get(identifier):
    """A DTypePolicy from None (floatx), a dtype name or ``tf.DType``, a policy, or a policy's config dict."""
    if identifier is None:
        return DTypePolicy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        policy = serialization_lib.deserialize_keras_object(identifier)
        if not isinstance(policy, DTypePolicy):
            raise ValueError(f"Cannot interpret {identifier!r} as a dtype policy.")
        return policy
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    return DTypePolicy(tf.as_dtype(identifier).name)  # tf.float32, np.float32, np.dtype("float64")...


def serialize(policy):
    """Keras 3's config dict of a policy (what a layer config holds under "dtype")."""
    return serialization_lib.serialize_keras_object(get(policy))
