"""``keras.utils``: plot_model, model_to_dot, the summary helpers, get_file, to_categorical, normalize,
Sequence/PyDataset, set_random_seed, Progbar, (un)pack_x_y_sample_weight, and (as in Keras) the registry
functions of keras.saving."""
from tinytf.keras.saving import (
    CustomObjectScope, custom_object_scope, deserialize_keras_object, get_custom_objects, get_registered_name,
    get_registered_object, register_keras_serializable, serialize_keras_object,
)
from tinytf.keras.utils import summary_utils
from tinytf.keras.utils.batch_utils import pack_x_y_sample_weight, unpack_x_y_sample_weight
from tinytf.keras.utils.file_utils import get_file
from tinytf.keras.utils.numerical_utils import normalize, to_categorical
from tinytf.keras.utils.progbar import Progbar
from tinytf.keras.utils.py_dataset import PyDataset, Sequence
from tinytf.keras.utils.rng_utils import set_random_seed
from tinytf.keras.utils.model_visualization import model_to_dot, plot_model

__all__ = ["CustomObjectScope", "Progbar", "PyDataset", "Sequence", "custom_object_scope", "deserialize_keras_object",
           "get_custom_objects", "get_file", "get_registered_name", "get_registered_object", "model_to_dot",
           "normalize", "pack_x_y_sample_weight", "plot_model", "register_keras_serializable",
           "serialize_keras_object", "set_random_seed", "summary_utils", "to_categorical", "unpack_x_y_sample_weight"]
