"""``keras.saving``: the object registry and (de)serialization, as in Keras 3.

    object_registration.py  register_keras_serializable, custom_object_scope, get_registered_name/object,
                            and keras_export, which built-in layers, models, initializers... register with
    serialization_lib.py    serialize_keras_object / deserialize_keras_object: objects <-> Keras 3's config dicts

This floor sits below the layers and models: they register into it, it imports none of them.
"""
from tinytf.keras.saving.object_registration import (
    CustomObjectScope, custom_object_scope, get_custom_objects, get_registered_name, get_registered_object,
    register_keras_serializable,
)
from tinytf.keras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

__all__ = ["CustomObjectScope", "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
           "get_registered_name", "get_registered_object", "register_keras_serializable", "serialize_keras_object"]
