"""Keras 3's weights file: ``model.weights.h5`` inside a ``.keras`` zip, or a ``.weights.h5`` of its own.

An HDF5 file (written with h5py) with one group per object that has state, named after where the
object sits in the model, and inside it a ``vars`` group (attribute ``name`` = the object's name)
holding one dataset per variable, ``"0"``, ``"1"``...:

    vars                                   the model's own variables (usually none)
    layers/dense/vars/0, .../1             a Sequential's first Dense: kernel, bias
    layers/dense_1/vars/0                  the next Dense (numbered by class, not by layer name)
    layers/lstm/cell/vars/0..2             an LSTM's cell: kernel, recurrent_kernel, bias
    optimizer/vars/0..                     iterations, learning rate, then the slots

Where an object sits follows Keras 3's walk (``saving_lib._walk_saveable``), so that each library
reads the other's files:

1. a Sequential or functional model first walks its ``layers``;
2. then every attribute of the object that holds a layer, an optimizer, or a list/tuple/dict of
   them, in sorted order with private (``_x``) names last; the framework's own bookkeeping is not
   walked (``_saveable_attributes()`` of layers and models says which names are walked);
3. an object inside a list is named after its class in snake case (``dense``, ``dense_1``...), a
   list inside a list ``container``, ``container_1``...;
4. an object reached twice is saved once, under the first path.

An object with state is one that has ``save_own_variables(store)`` / ``load_own_variables(store)``
(Keras 3's methods: layers, models and optimizers have them; a user's layer may override them),
where ``store`` is a dict ``{"0": array, ...}``.
"""
import io
import re
import warnings

import numpy as np


def _h5py():
    import h5py  # imported on first use: it adds ~0.2 s to `import tinytf`
    return h5py


# ---------------------------------------------------------------- where each object sits
def saveables(model):
    """``[(path, object)]`` for every object with state inside ``model`` (itself first), in Keras 3's order."""
    found, visited = [], set()

    def visit(obj, path):
        if id(obj) in visited:
            return
        visited.add(id(obj))
        found.append((path, obj))
        for name, child in _children(obj):
            visit_value(child, _join(path, name), set())

    def visit_value(value, path, containers):
        if has_state(value):
            visit(value, path)
        elif isinstance(value, (list, tuple, dict)) and id(value) not in containers:
            containers.add(id(value))
            used = {}
            for item in (value.values() if isinstance(value, dict) else value):
                if has_state(item):
                    visit(item, _join(path, _unique(keras_snake_case(type(item).__name__), used)))
                elif isinstance(item, (list, tuple, dict)):
                    visit_value(item, _join(path, _unique("container", used)), containers)

    visit(model, "")
    return found


def has_state(value):
    return hasattr(value, "save_own_variables") and not isinstance(value, type)


def _children(obj):
    """``(attribute name, value)`` pairs Keras 3 walks below ``obj`` (steps 1 and 2 of the module doc)."""
    if getattr(obj, "_saves_layers_first", False):
        yield "layers", obj.layers
    names = obj._saveable_attributes() if hasattr(obj, "_saveable_attributes") else []
    for name in sorted(set(names), key=lambda n: "~" + n if n.startswith("_") else n):
        try:
            value = getattr(obj, name)
        except Exception:  # noqa: BLE001 - as Keras: an attribute that cannot be read holds nothing to save
            continue
        yield name, value


def _join(path, name):
    return f"{path}/{name}" if path else name


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def keras_snake_case(name):
    """Keras 3's ``naming.to_snake_case`` (``BatchNormalization`` -> ``batch_normalization``), which names
    objects in lists. (Layer names follow tf.keras 2's slightly different rule, ``backend.to_snake_case``.)"""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


# ---------------------------------------------------------------- writing
def write(model, fileobj):
    """Writes the state of ``model`` (and of everything inside it) into ``fileobj`` as an HDF5 file."""
    with _h5py().File(fileobj, "w") as h5:
        for path, obj in saveables(model):
            store = {}
            obj.save_own_variables(store)
            group = h5.create_group(_join(path, "vars"))
            name = getattr(obj, "name", None)
            if isinstance(name, str):
                group.attrs["name"] = name
            for key, value in store.items():
                group[key] = np.asarray(value)


def to_bytes(model):
    buffer = io.BytesIO()
    write(model, buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading
def load(model, fileobj, where, skip_mismatch=False):
    """Sets the state of ``model`` from the HDF5 file ``fileobj`` (``where`` names it in errors).

    Everything is read and checked first (the number of variables of each layer, each shape); only
    then is anything assigned, so a file that does not fit leaves the model as it was. With
    ``skip_mismatch`` an object that does not fit keeps its state, with a warning, and the rest loads."""
    h5py = _h5py()
    try:
        h5 = h5py.File(fileobj, "r")
    except OSError as err:
        raise ValueError(f"{where} is not an HDF5 weights file that Keras wrote (h5py: {err}).") from None
    with h5:
        if "vars" not in h5 and "layers" not in h5 and "_layer_checkpoint_dependencies" not in h5:
            raise ValueError(f"{where} is an HDF5 file, but not one of Keras 3's weights files: it has no `vars` or "
                             f"`layers` group (its top-level keys: {sorted(h5.keys())[:10]}). tf.keras 2's legacy "
                             "`.h5` files are not supported: load them with tf.keras and save them again as `.keras`.")
        entries = [(path, obj, _read_group(h5, path)) for path, obj in saveables(model)]
    fitting = []
    for path, obj, store in entries:
        check = getattr(obj, "_check_own_variables", None)
        try:
            if check is not None:
                check(store, _join(path, "vars"))
        except ValueError as err:
            if not skip_mismatch:
                raise ValueError(f"The weights in {where} do not fit the model: {err}") from None
            warnings.warn(f"Skipping loading weights for '{getattr(obj, 'name', path)}' due to mismatch: {err}",
                          stacklevel=4)
            continue
        fitting.append((obj, store))
    for obj, store in fitting:
        obj.load_own_variables(store)


def _read_group(h5, path):
    """``{"0": array, ...}`` of the ``vars`` group at ``path`` ({} if the file has none there)."""
    group_path = _join(path, "vars")
    if group_path not in h5 and path.startswith("layers") and "_layer_checkpoint_dependencies" in h5:
        # Keras 2.13-2.15 wrote `layers` as `_layer_checkpoint_dependencies`.
        group_path = _join(path.replace("layers", "_layer_checkpoint_dependencies"), "vars")
    if group_path not in h5:
        return {}
    group = h5[group_path]
    return {key: np.asarray(group[key]) for key in group}
