"""``keras.saving.save_model`` / ``load_model`` / ``save_weights`` / ``load_weights``: which file goes where.

    model.save("model.keras")                         # a whole model: Keras 3's .keras zip
    model = keras.models.load_model("model.keras")    # ... back, compiled, optimizer state included
    model.save_weights("model.weights.h5")            # the weights (and optimizer state) alone
    model.load_weights("model.weights.h5")            # ... into a model of the same architecture

The formats themselves are in saving_lib.py. tinytf reads and writes Keras 3's two formats only;
the file name picks the format, as in Keras 3, and anything else is refused with Keras 3's message:
tf.keras 2's legacy HDF5 files (``model.h5``, whole models or weights) and TensorFlow's SavedModel
folders are not supported.
"""
import io
import os

from tinytf.keras.saving import saving_lib

_LEGACY_H5 = ("tinytf reads and writes Keras 3's formats only: `.keras` for whole models and `.weights.h5` for "
              "weights. The legacy HDF5 format of tf.keras 2 (`.h5`/`.hdf5` files) is not supported: open the file "
              "with tf.keras (or Keras 3) and save it again as `.keras`. Received: filepath={}")


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves ``model`` as a ``.keras`` file (``model.save(filepath)`` is the same)."""
    kwargs.pop("include_optimizer", None)  # a .keras file always holds the optimizer, as in Keras 3
    save_format = kwargs.pop("save_format", None)
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs.keys())}")
    if isinstance(filepath, io.IOBase):
        saving_lib.save_model(model, filepath)
        return
    path = os.fspath(filepath)
    if save_format and not path.endswith((".keras", ".h5", ".hdf5")):
        raise ValueError("The `save_format` argument is deprecated in Keras 3. Please remove this argument and pass a "
                         f"file path with either `.keras` or `.h5` extension.Received: save_format={save_format}")
    if path.endswith((".h5", ".hdf5")):
        raise ValueError(_LEGACY_H5.format(path))
    if not path.endswith(".keras"):
        raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` extension for the native "
                         "Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` if you want to "
                         "export a SavedModel for use with TFLite/TFServing/etc. "
                         f"Received: filepath={path}.")
    if zipped is False:
        raise ValueError(f"tinytf saves `.keras` files as zip archives only (zipped=True). Received: zipped={zipped}")
    if os.path.exists(path) and not overwrite and not _ask_to_overwrite(path):
        return
    saving_lib.save_model(model, path)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model saved in a ``.keras`` file, with its weights and (``compile=True``) its compile
    configuration and optimizer state.

    ``custom_objects`` ({"MyLayer": MyLayer}) names the custom classes and functions the file uses
    that were not registered with ``@keras.saving.register_keras_serializable()``."""
    if isinstance(filepath, io.IOBase):
        return saving_lib.load_model(filepath, custom_objects, compile, safe_mode)
    path = os.fspath(filepath)
    if path.endswith(".keras"):
        if not os.path.isfile(path):
            raise ValueError(f"File not found: filepath={path}. Please ensure the file is an accessible `.keras` "
                             "zip file.")
        return saving_lib.load_model(path, custom_objects, compile, safe_mode)
    if path.endswith((".h5", ".hdf5")):
        raise ValueError(_LEGACY_H5.format(path))
    raise ValueError(f"File format not supported: filepath={path}. tinytf, like Keras 3, loads whole models from "
                     "`.keras` files (tf.keras 2's `.h5` files are not supported). Note that the legacy SavedModel "
                     "format is not supported by `load_model()` either.")


def save_weights(model, filepath, overwrite=True, max_shard_size=None):
    """Saves the weights (and the optimizer's state) of ``model`` to a ``.weights.h5`` file."""
    path = os.fspath(filepath)
    if max_shard_size is not None:
        raise ValueError(f"tinytf writes one `.weights.h5` file; sharded weights (max_shard_size) are not supported. "
                         f"Received: max_shard_size={max_shard_size}")
    if not path.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={path}")
    if os.path.exists(path) and not overwrite and not _ask_to_overwrite(path):
        return
    saving_lib.save_weights_only(model, path)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads weights saved by ``save_weights`` (``.weights.h5``) or ``save`` (``.keras``) into ``model``."""
    path = os.fspath(filepath)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    if path.endswith((".keras", ".weights.h5")):
        saving_lib.load_weights_only(model, path, skip_mismatch=skip_mismatch)
    elif path.endswith((".h5", ".hdf5")):
        raise ValueError(_LEGACY_H5.format(path))
    else:
        raise ValueError(f"File format not supported: filepath={path}. Keras 3 (and tinytf) only supports V3 `.keras` "
                         "files and `.weights.h5` files.")


def _ask_to_overwrite(path):
    """Keras's prompt when ``overwrite=False`` and the file exists: True to go on."""
    answer = input(f"[WARNING] {path} already exists - overwrite? [y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True
