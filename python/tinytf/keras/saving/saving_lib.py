"""The ``.keras`` file and the ``.weights.h5`` file, in Keras 3's layout.

A ``.keras`` file is a zip archive (members stored uncompressed, as Keras writes them) of

    metadata.json       {"keras_version": ..., "date_saved": "2026-01-31@12:00:00"}
    config.json         serialize_keras_object(model): the architecture, build_config, compile_config
    model.weights.h5    the weights and the optimizer's state (weights_file.py)

Loading reads and checks everything it can before it builds anything: a file that is not a zip, a
zip that is not a model, a truncated archive or a weights file that does not fit the architecture
raise a ValueError naming the file and what is wrong. Writing goes through ``atomic_write``: the
archive is complete under its final name, or the old file is still there.

saving_api.py holds the public functions (file-name checks, Keras's messages); this file the formats.
"""
import datetime
import io
import json
import os
import warnings
import zipfile

from tinytf.keras.saving import serialization_lib, weights_file
from tinytf.keras.saving.atomic_file import atomic_write

CONFIG = "config.json"
METADATA = "metadata.json"
WEIGHTS = "model.weights.h5"

# The Keras version whose files the tests compare with (tests/fixtures/keras3_models/); Keras 3 does
# not read it back, it is there for people.
KERAS_VERSION = "3.15.1"


# ---------------------------------------------------------------- .keras
def save_model(model, filepath):
    """Writes ``model`` to ``filepath`` (a path, atomically; or a binary file object) as a ``.keras`` archive."""
    if not model.built:
        warnings.warn("You are saving a model that has not yet been built. It might not contain any weights yet. "
                      "Consider building the model first by calling it on some data.", stacklevel=3)
    # Everything that can fail (a config that cannot be serialized) fails before the file is touched.
    config_json = json.dumps(serialization_lib.serialize_keras_object(model))
    metadata_json = json.dumps({"keras_version": KERAS_VERSION,
                                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")})
    weights = weights_file.to_bytes(model)
    if isinstance(filepath, io.IOBase):
        _write_archive(filepath, metadata_json, config_json, weights)
        return
    with atomic_write(filepath) as f:
        _write_archive(f, metadata_json, config_json, weights)


def _write_archive(fileobj, metadata_json, config_json, weights):
    with zipfile.ZipFile(fileobj, "w") as archive:
        archive.writestr(METADATA, metadata_json)
        archive.writestr(CONFIG, config_json)
        archive.writestr(WEIGHTS, weights)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model of a ``.keras`` archive, with its weights, compiled (unless ``compile=False``) with its
    optimizer's state."""
    config, weights = _read_archive(filepath, need_config=True)
    if not compile:
        config["compile_config"] = None
    model = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
    weights_file.load(model, io.BytesIO(weights), where=f"{_name(filepath)} (its {WEIGHTS})")
    return model


def _read_archive(filepath, need_config):
    """(config dict or None, weights bytes) of a ``.keras`` archive, with clear errors for anything else."""
    name = _name(filepath)
    try:
        with zipfile.ZipFile(filepath, "r") as archive:
            members = archive.namelist()
            missing = [member for member in ((CONFIG, WEIGHTS) if need_config else (WEIGHTS,)) if member not in members]
            if missing:
                raise ValueError(f"{name} is a zip archive but not a Keras model: it has no {' or '.join(missing)} "
                                 f"(it holds {members[:8]}). A `.keras` file holds {CONFIG}, {METADATA} and {WEIGHTS}.")
            config = json.loads(archive.read(CONFIG)) if need_config else None
            weights = archive.read(WEIGHTS)
    except zipfile.BadZipFile as err:
        raise ValueError(f"{name} is not a `.keras` file that Keras or tinytf wrote: {err} (a `.keras` file is a zip "
                         "archive; this one is not a zip, or it was truncated, e.g. by a copy or a save that did not "
                         "finish).") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"{name}: its {CONFIG} is not valid JSON ({err}).") from None
    if need_config and not (isinstance(config, dict) and "class_name" in config and "config" in config):
        raise ValueError(f"{name}: its {CONFIG} does not describe a Keras object (no class_name/config).")
    return config, weights


# ---------------------------------------------------------------- .weights.h5
def save_weights_only(model, filepath):
    """Writes the state of ``model`` (weights, optimizer) to a ``.weights.h5`` file, atomically."""
    if not model.built:
        raise ValueError("You are saving a model that has not yet been built. Try building the model first by "
                         "calling it on some data or by using `build()`.")
    weights = weights_file.to_bytes(model)
    with atomic_write(filepath) as f:
        f.write(weights)


def load_weights_only(model, filepath, skip_mismatch=False):
    """Sets the state of a built ``model`` from a ``.weights.h5`` file or from the weights of a ``.keras`` file."""
    if not model.built:
        raise ValueError("You are loading weights into a model that has not yet been built. Try building the model "
                         "first by calling it on some data or by using `build()`.")
    path = os.fspath(filepath)
    where = _name(path)
    if path.endswith(".keras"):
        _, weights = _read_archive(path, need_config=False)
        source, where = io.BytesIO(weights), f"{where} (its {WEIGHTS})"
    else:
        if not os.path.exists(path):
            raise FileNotFoundError(f"No such weights file: {path}")
        with open(path, "rb") as f:
            source = io.BytesIO(f.read())
    weights_file.load(model, source, where=where, skip_mismatch=skip_mismatch)


def _name(filepath):
    return f"'{os.fspath(filepath)}'" if not isinstance(filepath, io.IOBase) else "The file object"
