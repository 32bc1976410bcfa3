"""``keras.saving``: the object registry and (de)serialization, as in Keras 3.

    object_registration.py  register_keras_serializable, custom_object_scope, get_registered_name/object,
                            and keras_export, which built-in layers, models, initializers... register with
    serialization_lib.py    serialize_keras_object / deserialize_keras_object: objects <-> Keras 3's config dicts
    saving_api.py           save_model, load_model, save_weights, load_weights: which file name means what
    saving_lib.py           the .keras zip (config.json, metadata.json, model.weights.h5) and .weights.h5 files
    weights_file.py         the weights file's HDF5 layout: which object's variables go where (Keras 3's walk)
    atomic_file.py          atomic_write: every file appears whole under its name, or not at all

This floor sits below the layers and models: they register into it, it imports none of them (saving
and loading call the methods objects have: get_config, save_own_variables, compile_from_config...).
"""
from tinytf.keras.saving.object_registration import (
    CustomObjectScope, custom_object_scope, get_custom_objects, get_registered_name, get_registered_object,
    register_keras_serializable,
)
from tinytf.keras.saving.saving_api import load_model, load_weights, save_model, save_weights
from tinytf.keras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

__all__ = ["CustomObjectScope", "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
           "get_registered_name", "get_registered_object", "load_model", "load_weights", "register_keras_serializable",
           "save_model", "save_weights", "serialize_keras_object"]
