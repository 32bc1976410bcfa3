"""``serialize_keras_object`` / ``deserialize_keras_object``: objects <-> config dicts, in Keras 3's format.

An object with ``get_config()`` (a layer, a model, an initializer...) becomes

    {"module": "keras.layers", "class_name": "Dense", "config": {...get_config()...},
     "registered_name": None, "build_config": {"input_shape": (None, 4)}}

- a built-in (``keras_export``) gives its public module and name, with ``registered_name`` None
  (Functional, which Keras 3 does not export, gives ``keras.src.models.functional`` and "Functional");
- any other class gives its Python module (None for ``__main__``) and its ``registered_name``:
  ``"package>Name"`` if it was registered (``register_keras_serializable``), else the class name;
- ``build_config`` (``get_build_config()``) is there once a layer is built, ``compile_config``
  (``get_compile_config()``) once a model is compiled.

A function becomes ``{"module": "builtins", "class_name": "function", "config": "relu",
"registered_name": "function"}`` (Keras 3 writes exactly that). Other values: str, int, float, bool
and None stay as they are; lists, tuples and dicts are serialized item by item; tensors, NumPy
arrays, symbolic tensors, slices, bytes and Ellipsis become ``{"class_name": "__tensor__", ...}``
and friends. ``deserialize_keras_object`` undoes each rule; it finds a class by its registered
name first (custom objects), then by its public name (built-ins).
"""
import types

import numpy as np

import tinytf as tf
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.saving import object_registration
from tinytf.keras.saving.object_registration import CustomObjectScope

PLAIN_TYPES = (str, int, float, bool)

# Where a function saved as {"module": "builtins", "class_name": "function", "config": "relu"} is looked for.
BUILTIN_MODULES = ("activations", "constraints", "initializers", "losses", "metrics", "optimizers", "regularizers")


# ---------------------------------------------------------------- serializing
def serialize_keras_object(obj):
    """The config dict (or plain value) that describes ``obj``; ``deserialize_keras_object`` rebuilds it."""
    if obj is None or isinstance(obj, PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(item) for item in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return serialize_dict(obj)
    value = _serialize_value(obj)
    if value is not _NOT_A_VALUE:
        return value
    if isinstance(obj, types.FunctionType):
        if obj.__name__ == "<lambda>":
            raise ValueError(f"Cannot serialize a lambda ({obj!r}): tinytf does not write Python code into configs. "
                             "Define the function with `def` and decorate it with "
                             "@keras.saving.register_keras_serializable().")
        return {"module": "builtins", "class_name": "function",
                "config": object_registration.get_registered_name(obj), "registered_name": "function"}
    if not hasattr(obj, "get_config") or isinstance(obj, type):
        raise TypeError(f"Cannot serialize object {obj!r} of type {type(obj).__name__}. To be serializable, a class "
                        "must implement the `get_config()` method (returning its constructor arguments).")
    config = obj.get_config()
    if not isinstance(config, dict):
        raise TypeError(f"The `get_config()` method of {obj!r} should return a dict. It returned: {config!r}")
    envelope = class_envelope(type(obj), serialize_dict(config))
    for key, method in (("build_config", "get_build_config"), ("compile_config", "get_compile_config")):
        extra = getattr(obj, method)() if hasattr(obj, method) else None
        if extra is not None:
            envelope[key] = serialize_dict(extra)
    return envelope


def serialize_dict(obj):
    return {key: serialize_keras_object(value) for key, value in obj.items()}


def class_envelope(cls, inner_config):
    """``{"module", "class_name", "config", "registered_name"}`` for an instance of ``cls``."""
    public_name = object_registration.get_name_from_symbol(cls)
    if public_name is not None:
        module, _, class_name = public_name.rpartition(".")
        # A built-in that Keras 3 does not export (Functional) goes by its module path and its name.
        registered_name = class_name if module.startswith("keras.src.") else None
        return {"module": module, "class_name": class_name, "config": inner_config, "registered_name": registered_name}
    module = cls.__module__
    return {"module": None if module == "__main__" else module, "class_name": cls.__name__, "config": inner_config,
            "registered_name": object_registration.get_registered_name(cls)}


_NOT_A_VALUE = object()


def _serialize_value(obj):
    """The config of a value that is not a Keras object (a tensor, an array...), or _NOT_A_VALUE."""
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {"start": serialize_keras_object(obj.start),
                                                      "stop": serialize_keras_object(obj.stop),
                                                      "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, KerasTensor):
        history = obj._keras_history
        return {"class_name": "__keras_tensor__",
                "config": {"shape": tuple(obj.shape), "dtype": obj.dtype.name,
                           "keras_history": [history.layer.name, history.node_index, history.tensor_index]
                           if history else None}}
    if isinstance(obj, tf.TensorShape):
        return obj.as_list()
    if isinstance(obj, (tf.Tensor, tf.Variable)):
        return {"class_name": "__tensor__", "config": {"value": obj.numpy().tolist(), "dtype": obj.dtype.name}}
    if type(obj).__module__ == np.__name__:
        if isinstance(obj, np.ndarray) and obj.ndim > 0:
            return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
        return obj.item()  # NumPy scalars are plain numbers
    if isinstance(obj, tf.DType):
        return obj.name
    return _NOT_A_VALUE


# ---------------------------------------------------------------- deserializing
def deserialize_keras_object(config, custom_objects=None, safe_mode=True, module_objects=None):
    """The object ``config`` describes (the inverse of ``serialize_keras_object``).

    ``custom_objects`` ({"MyLayer": MyLayer}) names classes and functions nobody registered;
    ``module_objects`` is a library's own table of short names, which also lets tf.keras 2's
    short forms through ("relu", {"class_name": "GlorotUniform", "config": {}})."""
    custom_objects = {**(custom_objects or {}), **object_registration.custom_scope_objects(),
                      **object_registration.get_custom_objects()}
    if config is None:
        return None
    if isinstance(config, str) and config in custom_objects:  # a function saved by its name
        return custom_objects[config]
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(item, custom_objects) for item in config]
    if module_objects is not None:
        config = _expand_short_form(config, module_objects, custom_objects)
        if not isinstance(config, (dict, *PLAIN_TYPES)):
            return config  # the short form named the object itself
    if isinstance(config, PLAIN_TYPES):
        return config
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config!r}")
    if "class_name" not in config or "config" not in config:  # a plain dict of values
        return {key: deserialize_keras_object(value, custom_objects) for key, value in config.items()}

    class_name = config["class_name"]
    inner = config["config"] if config["config"] is not None else {}
    if class_name.startswith("__") and class_name.endswith("__"):
        return _deserialize_value(class_name, inner, custom_objects)
    module = config.get("module")
    if class_name == "function":
        if not isinstance(inner, str):
            raise TypeError(f"Expected 'config' to be a function name (a str), got {inner!r}. Full config: {config}")
        return _retrieve_class_or_fn(inner, None, module, "function", config, custom_objects)
    if not isinstance(inner, dict):
        raise TypeError(f"Expected 'config' to be a dict for {class_name}, got {type(inner).__name__}. "
                        f"Full config: {config}")
    cls = _retrieve_class_or_fn(class_name, config.get("registered_name", class_name), module, "class", config,
                                custom_objects)
    if isinstance(cls, types.FunctionType):
        return cls
    if not hasattr(cls, "from_config"):
        raise TypeError(f"Unable to reconstruct an instance of '{class_name}' because the class is missing a "
                        f"`from_config()` method. Full object config: {config}")
    # Inside the scope, objects that from_config deserializes (a layer's initializers, a model's
    # layers) find the same custom objects.
    with CustomObjectScope(custom_objects):
        try:
            instance = cls.from_config(inner)
        except TypeError as err:
            raise TypeError(f"{cls.__name__} could not be deserialized properly: {err}. Please ensure that the "
                            "objects get_config() returns (layers, initializers...) are deserialized again in "
                            f"from_config().\n\nconfig={config}") from err
        build_config = config.get("build_config")
        if build_config and not instance.built:
            instance.build_from_config(build_config)
            instance.built = True
        compile_config = config.get("compile_config")
        if compile_config and hasattr(instance, "compile_from_config"):  # models, once the trainers define it
            instance.compile_from_config(compile_config)
    return instance


def _expand_short_form(config, module_objects, custom_objects):
    """A short form ("relu", or a dict without "module") as a full config, or the object it names."""
    if isinstance(config, str):
        name, inner = config, None
    elif isinstance(config, dict) and "class_name" in config and "module" not in config:
        name, inner = config["class_name"], config.get("config")
        if name in custom_objects or config.get("registered_name") in custom_objects:
            return config
    else:
        return config
    obj = module_objects.get(name)
    if obj is None:
        return config
    if isinstance(obj, types.FunctionType):
        return obj
    return class_envelope(obj, inner if inner is not None else {})


def _deserialize_value(class_name, inner, custom_objects):
    if class_name == "__keras_tensor__":
        tensor = KerasTensor(inner["shape"], dtype=inner["dtype"])
        tensor._pre_serialization_keras_history = inner["keras_history"]
        return tensor
    if class_name == "__tensor__":
        return tf.constant(np.asarray(inner["value"], dtype=inner["dtype"]))
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        return slice(*(deserialize_keras_object(inner[key], custom_objects) for key in ("start", "stop", "step")))
    if class_name == "__lambda__":
        raise ValueError("This config holds a Python lambda (Keras saved its bytecode). tinytf does not load code "
                         "from configs, even with safe_mode=False: define the function with `def`, decorate it with "
                         "@keras.saving.register_keras_serializable() or pass it in `custom_objects`.")
    raise TypeError(f"Unknown special value '{class_name}' in a config (config={inner!r}).")


def _retrieve_class_or_fn(name, registered_name, module, obj_type, full_config, custom_objects):
    """The class or function a config names: a custom object first, then a Keras built-in."""
    found = object_registration.get_registered_object(name if obj_type == "function" else registered_name,
                                                      custom_objects)
    if found is not None:
        return found
    if module and (module == "keras" or module.startswith("keras.")):
        found = object_registration.get_symbol_from_name(f"{module}.{name}")
        if found is not None:
            return found
    if obj_type == "function" and module == "builtins":  # a built-in function saved by its name
        for builtin_module in BUILTIN_MODULES:
            found = object_registration.get_symbol_from_name(f"keras.{builtin_module}.{name}")
            if found is not None:
                return found
    raise TypeError(f"Could not locate {obj_type} '{name}'. Make sure custom classes and functions are decorated "
                    "with `@keras.saving.register_keras_serializable()` (and imported before loading), or pass "
                    f"them in `custom_objects`, e.g. custom_objects={{'{name}': {name}}}. "
                    f"Full object config: {full_config}")
