"""``keras.models``: Model, Sequential, the Functional class behind ``keras.Model(inputs, outputs)``,
and the functions that save, load and copy models (Keras 3 exports them here too)."""
import json

from tinytf.keras.models.cloning import clone_model
from tinytf.keras.models.functional import Functional
from tinytf.keras.models.model import Model
from tinytf.keras.models.sequential import Sequential
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.saving_api import load_model, save_model


def model_from_json(json_string, custom_objects=None):
    """The model (without weights) that ``model.to_json()`` described."""
    return serialization_lib.deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)


__all__ = ["Functional", "Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"]
