"""``WeightTracking``: the weights and sub-layers a layer holds (a base class of ``Layer``).

Nothing registers them: the weights of a layer are those ``add_weight`` created plus any
``tf.Variable`` held in an attribute; its sub-layers are the layers held in attributes, also
inside lists, tuples and dicts. Both are found by walking the attributes in the order they were
assigned, each time they are asked for, so ``layer.weights`` lists them in that order (trainable
ones first, as in tf.keras). A frozen layer (``trainable = False``, which reaches every layer
inside it) lists all its weights as non-trainable. Weights are named ``layer_name/weight_name``.

``WeightTracking`` leans on ``Layer`` for ``name``, ``built``, ``_dtype`` and ``add_loss``
(a weight regularizer's penalty).

Walking every layer's attributes several times per training step (for the trainable variables, the
losses, the added metrics) costs more than a small model's kernels, so ``fit``, ``evaluate`` and
``predict`` run inside ``remembered_walks()``: there each layer's walk is done once and reused, and
forgotten whenever a layer builds or adds a weight. (Keras traces its train step once per ``fit``; a
layer that a step stores in a new attribute without building is found by the next ``fit``.)
"""
import contextlib

import numpy as np

import tinytf as tf
from tinytf.keras import initializers, regularizers

# Attributes that hold bookkeeping, not sub-layers or weights.
_UNTRACKED = frozenset({"_inbound_nodes", "_outbound_nodes", "_own_weights", "_losses", "_callable_losses",
                        "_added_metrics", "_graph"})


_remembered = None  # {(what, id(layer), ...): (layer, answer)} inside remembered_walks(), else None


@contextlib.contextmanager
def remembered_walks():
    """Within this block, each layer's attributes are walked once (see the module docstring). Re-entrant."""
    global _remembered
    if _remembered is not None:
        yield
        return
    _remembered = {}
    try:
        yield
    finally:
        _remembered = None


def forget_walks():
    """The layer structure changed (a build, a new weight): walk again."""
    if _remembered:
        _remembered.clear()


def dedupe(variables):
    """The variables without repeats, in first-seen order."""
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result


def held_in_attributes(obj, types, skip=()):
    """The objects of ``types`` that ``obj``'s attributes hold, directly or inside lists, tuples and dicts,
    in assignment order, each once (``obj`` itself excluded; attributes named in ``skip`` not looked at).
    How layers find their weights and sub-layers, and metrics their variables and inner metrics."""
    found, seen = [], {id(obj)}

    def visit(value):
        if isinstance(value, types):
            if id(value) not in seen:
                seen.add(id(value))
                found.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    for key, value in vars(obj).items():
        if key not in skip:
            visit(value)
    return found


def add_weight_arguments(args, kwargs, order, name_first_order):
    """``add_weight``'s positional arguments turned into keywords: in Keras 3's ``order``, or in tf.keras 2's
    ``name_first_order`` when the first one is a name (``add_weight("kernel", shape=...)``). Layers and
    metrics (keras/metrics/metric.py) both take both."""
    order = name_first_order if args and isinstance(args[0], str) else order
    if len(args) > len(order):
        raise TypeError(f"add_weight() takes at most {len(order)} positional arguments ({len(args)} given)")
    for key, value in zip(order, args):
        if key in kwargs:
            raise TypeError(f"add_weight() got multiple values for argument '{key}'")
        kwargs[key] = value
    return kwargs


class WeightTracking:
    """add_weight, the weight lists, get/set_weights, count_params, and freezing."""

    def __init__(self, trainable=True):
        self._own_weights = []  # what add_weight created, in order
        self._trainable = bool(trainable)

    # ------------------------------------------------------------------ creating weights
    def add_weight(self, *args, **kwargs):
        """Creates a weight (a tf.Variable) owned by this layer and returns it.

        ``add_weight(shape=None, initializer="glorot_uniform", dtype=None, trainable=True,
        regularizer=None, constraint=None, name=None)``; the tf.keras 2 order with the
        name first (``add_weight("kernel", shape=...)``) is accepted too."""
        kwargs = add_weight_arguments(
            args, kwargs, order=("shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint",
                                 "aggregation", "name"),
            name_first_order=("name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint"))
        return self._add_weight(**kwargs)

    add_variable = add_weight

    def _add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True, regularizer=None,
                    constraint=None, aggregation=None, name=None, **unused):
        self._check_super_init_called()
        shape = () if shape is None else ((shape,) if isinstance(shape, int) else tuple(shape))
        if any(d is None for d in shape):
            raise ValueError(f"Can't create weight '{name}' of layer '{self.name}' with an unknown dimension: "
                             f"shape={shape}. Build the layer with a fully known input shape (except the batch axis).")
        shape = tuple(int(d) for d in shape)
        dtype = tf.as_dtype(dtype if dtype is not None else self._dtype)
        if initializer is None:
            initializer = "glorot_uniform" if dtype.is_floating else "zeros"
        init = initializers.get(initializer)
        value = init(shape, dtype=dtype)
        value = tf.convert_to_tensor(value) if not isinstance(value, tf.Tensor) else value
        if value.dtype != dtype:
            value = tf.cast(value, dtype)
        if tuple(value.shape) != shape:
            raise ValueError(f"Initializer {initializer!r} returned shape {tuple(value.shape)} for weight '{name}' "
                             f"of layer '{self.name}', expected {shape}")
        variable = tf.Variable(value, trainable=True if trainable is None else bool(trainable),
                               name=f"{self.name}/{name or 'Variable'}", dtype=dtype)
        variable.path = f"{self.name}/{name or 'Variable'}"  # Keras 3's path; optimizers name slots after it
        variable.constraint = constraint
        self._own_weights.append(variable)
        forget_walks()
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:  # a penalty on the variable's current value, each time losses are read
            self.add_loss(lambda v=variable: regularizer(v))
        return variable

    # ------------------------------------------------------------------ finding weights and sub-layers
    def _remember(self, key, compute):
        """compute(), or inside remembered_walks() its answer from the first time this layer was asked."""
        if _remembered is None:
            return compute()
        key = (key, id(self))
        entry = _remembered.get(key)
        if entry is None:  # the entry holds the layer, so that its id stays its own until the block ends
            entry = _remembered[key] = (self, compute())
        return entry[1]

    def _tracked(self):
        """(sub-layers, variables) held in attributes, also inside lists/tuples/dicts, in assignment order."""
        return self._remember("walk", self._walk_attributes)

    def _walk_attributes(self):
        found = held_in_attributes(self, (WeightTracking, tf.Variable), skip=_UNTRACKED)
        return ([v for v in found if isinstance(v, WeightTracking)],
                [v for v in found if isinstance(v, tf.Variable)])

    def _sublayers(self):
        """The layers directly inside this one."""
        return self._tracked()[0]

    def _own_variables(self):
        return dedupe(self._own_weights + self._tracked()[1])

    def _flatten_layers(self, include_self=True, recursive=True):
        return list(self._remember(("flatten", include_self, recursive),
                                   lambda: self._walk_layers(include_self, recursive)))

    def _walk_layers(self, include_self, recursive):
        result, seen = [], set()

        def visit(layer, top):
            if id(layer) in seen:
                return
            seen.add(id(layer))
            if not top or include_self:
                result.append(layer)
            if top or recursive:
                for sub in layer._sublayers():
                    visit(sub, False)

        visit(self, True)
        return result

    # ------------------------------------------------------------------ the weight lists
    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        """Freezing a layer freezes everything inside it."""
        value = bool(value)
        for layer in self._flatten_layers(include_self=True):
            layer._trainable = value
        forget_walks()  # the remembered weight lists change

    @property
    def trainable_weights(self):
        """The weights an optimizer should update: none if the layer is frozen."""
        return list(self._remember("trainable", self._find_trainable_weights))

    def _find_trainable_weights(self):
        if not self.trainable:
            return []
        result = [v for v in self._own_variables() if v.trainable]
        for layer in self._sublayers():
            result += layer.trainable_weights
        return dedupe(result)

    @property
    def non_trainable_weights(self):
        """The weights an optimizer leaves alone: all of them if the layer is frozen."""
        if not self.trainable:
            return self._all_weights()
        result = [v for v in self._own_variables() if not v.trainable]
        for layer in self._sublayers():
            result += layer.non_trainable_weights
        return dedupe(result)

    def _all_weights(self):
        result = list(self._own_variables())
        for layer in self._sublayers():
            result += layer._all_weights()
        return dedupe(result)

    @property
    def weights(self):
        """All the layer's weights: trainable ones first, as tf.keras lists them."""
        return dedupe(self.trainable_weights + self.non_trainable_weights)

    variables = property(lambda self: self.weights)
    trainable_variables = property(lambda self: self.trainable_weights)
    non_trainable_variables = property(lambda self: self.non_trainable_weights)

    # ------------------------------------------------------------------ values
    def get_weights(self):
        """The weights' values as a list of NumPy arrays (copies), in ``weights`` order."""
        return [np.array(w.numpy()) for w in self.weights]

    def set_weights(self, weights):
        """Sets the weights from NumPy arrays given in ``weights`` order; the shapes must match."""
        params = self.weights
        weights = list(weights)
        if len(params) != len(weights):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list of length "
                f"{len(weights)}, but the layer was expecting {len(params)} weights"
                + (" (it is not built yet: call it on data or build() it first)." if not params and not self.built
                   else f": {[tuple(p.shape) for p in params]}."))
        values = []
        for param, value in zip(params, weights):
            array = np.asarray(value)
            if tuple(array.shape) != tuple(param.shape):
                raise ValueError(
                    f"Layer '{self.name}' weight shape {tuple(param.shape)} is not compatible with provided weight "
                    f"shape {tuple(array.shape)} (weight '{param.name}').")
            values.append(array.astype(param.dtype.as_numpy_dtype))
        for param, array in zip(params, values):  # only after every shape was checked
            param.assign(array)

    # ------------------------------------------------------------------ saved state (Keras 3's methods)
    def _saved_variables(self):
        """This layer's own variables (not its sub-layers'), as Keras 3 saves them: trainable ones, then
        the others, each group in creation order (``keras/saving/weights_file.py`` stores them as 0, 1...)."""
        own = self._own_variables()
        return [v for v in own if v.trainable] + [v for v in own if not v.trainable]

    def save_own_variables(self, store):
        """Puts the values of this layer's own variables into ``store`` under "0", "1"... (override it, with
        ``load_own_variables``, to save state that is not in variables)."""
        for i, variable in enumerate(self._saved_variables()):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Sets this layer's own variables from ``store`` (what ``save_own_variables`` wrote)."""
        self._check_own_variables(store)
        for i, variable in enumerate(self._saved_variables()):
            variable.assign(np.asarray(store[str(i)]).astype(variable.dtype.as_numpy_dtype))

    def _check_own_variables(self, store, where="the store"):
        """Raises a ValueError, naming the layer, the weight and both shapes, unless ``store`` fits."""
        variables = self._saved_variables()
        if len(store) != len(variables):
            raise ValueError(f"Layer '{self.name}' expected {len(variables)} variables, but received {len(store)} "
                             f"variables during loading (from {where}). Expected: {[v.name for v in variables]}")
        for i, variable in enumerate(variables):
            saved = np.shape(store[str(i)])
            if tuple(saved) != tuple(variable.shape):
                raise ValueError(f"Layer '{self.name}': weight '{variable.name}' has shape {tuple(variable.shape)}, "
                                 f"but the saved value ({where}/{i}) has shape {tuple(saved)}.")

    def count_params(self):
        """The number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't built. "
                f"You can build it manually via: `{self.name}.build(batch_input_shape)`.")
        return int(sum(int(np.prod(w.shape.as_list())) for w in self.weights))
