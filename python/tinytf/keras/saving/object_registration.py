"""Which names stand for which classes and functions in a saved config, as in Keras 3.

Two registries, both filled by the objects themselves when their module is imported:

- built-ins: ``@keras_export("keras.layers.Dense")`` records the name Keras 3 writes for a
  built-in object (its public API name: ``"module": "keras.layers", "class_name": "Dense"``) and
  finds the object again from it. In Keras the same decorator also generates the public
  namespace; in tinytf the namespaces are the packages' ``__init__.py`` files.
- custom objects: ``@keras.saving.register_keras_serializable(package="my_package")`` records a
  user's class or function under ``"my_package>MyLayer"`` (its ``registered_name``).

``custom_object_scope({"MyLayer": MyLayer})`` makes more names known inside a ``with`` block
(per thread), for loading a config that names classes nobody registered.
"""
import inspect
import threading

_PUBLIC_OBJECTS = {}  # "keras.layers.Dense" -> Dense
_PUBLIC_NAMES = {}  # Dense -> "keras.layers.Dense" (the first name it was exported under)
_GLOBAL_CUSTOM_OBJECTS = {}  # "my_package>MyLayer" -> MyLayer
_GLOBAL_CUSTOM_NAMES = {}  # MyLayer -> "my_package>MyLayer"


def keras_export(*names):
    """Class/function decorator: the object is the built-in Keras 3 knows by ``names``.

    The first name is the one serialization writes; every name finds the object back
    (``Conv2D`` is also ``keras.layers.Convolution2D``)."""
    def decorator(obj):
        for name in names:
            _PUBLIC_OBJECTS[name] = obj
        _PUBLIC_NAMES.setdefault(obj, names[0])
        return obj

    return decorator


def get_symbol_from_name(name):
    """The built-in exported as ``name`` ("keras.layers.Dense"), or None."""
    return _PUBLIC_OBJECTS.get(name)


def get_name_from_symbol(obj):
    """The name a built-in was exported under ("keras.layers.Dense"), or None for anything else."""
    try:
        return _PUBLIC_NAMES.get(obj)
    except TypeError:  # an unhashable object is no built-in
        return None


def public_objects(module):
    """{short name: object} for every built-in exported under ``module`` ("keras.activations")."""
    prefix = module + "."
    return {name[len(prefix):]: obj for name, obj in _PUBLIC_OBJECTS.items()
            if name.startswith(prefix) and "." not in name[len(prefix):]}


def register_keras_serializable(package="Custom", name=None):
    """Decorator: saved configs name the class or function ``"package>name"`` and loading finds it.

        @keras.saving.register_keras_serializable(package="my_package")
        class MyDense(keras.layers.Layer): ...

        keras.saving.get_registered_name(MyDense)   # 'my_package>MyDense'

    A class needs ``get_config()`` (its constructor arguments) to be serializable."""
    def decorator(obj):
        registered_name = f"{package}>{name if name is not None else obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(f"Cannot register a class that does not have a get_config() method: {obj.__name__} "
                             "(it should return the constructor arguments that rebuild an instance).")
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered_name
        return obj

    return decorator


def get_registered_name(obj):
    """``"package>name"`` for a registered object, else its ``__name__``."""
    return _GLOBAL_CUSTOM_NAMES.get(obj, obj.__name__)


class _Scopes(threading.local):
    def __init__(self):
        self.custom_objects = {}


_scopes = _Scopes()


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The class or function known as ``name``, or None.

    Looked up, in this order: the enclosing ``custom_object_scope``s, the registered objects,
    ``custom_objects`` (usually from the user), ``module_objects`` (a library's own table)."""
    for table in (_scopes.custom_objects, _GLOBAL_CUSTOM_OBJECTS, custom_objects or {}, module_objects or {}):
        if name in table:
            return table[name]
    return None


def get_custom_objects():
    """The live dict of registered custom objects (``custom_object_scope`` entries are not in it)."""
    return _GLOBAL_CUSTOM_OBJECTS


def custom_scope_objects():
    """The objects the enclosing ``custom_object_scope``s make known (a copy)."""
    return dict(_scopes.custom_objects)


class CustomObjectScope:
    """``with custom_object_scope({"MyLayer": MyLayer}):`` makes those names known to deserialization."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})
        self._outer = None

    def __enter__(self):
        self._outer = _scopes.custom_objects
        _scopes.custom_objects = {**self._outer, **self.custom_objects}
        return self

    def __exit__(self, *exc_info):
        _scopes.custom_objects = self._outer


custom_object_scope = CustomObjectScope
