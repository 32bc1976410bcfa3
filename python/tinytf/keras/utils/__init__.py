"""``keras.utils``: plot_model, model_to_dot, the summary helpers, and (as in Keras) the registry
functions of keras.saving."""
from tinytf.keras.saving import (
    CustomObjectScope, custom_object_scope, deserialize_keras_object, get_custom_objects, get_registered_name,
    get_registered_object, register_keras_serializable, serialize_keras_object,
)
from tinytf.keras.utils import summary_utils
from tinytf.keras.utils.model_visualization import model_to_dot, plot_model

__all__ = ["CustomObjectScope", "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
           "get_registered_name", "get_registered_object", "model_to_dot", "plot_model", "register_keras_serializable",
           "serialize_keras_object", "summary_utils"]
