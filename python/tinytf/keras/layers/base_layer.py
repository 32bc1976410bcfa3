"""``keras.layers.Layer``: state (weights) plus a computation (``call``).

A layer is written in three methods, as in Keras:

    class SimpleDense(keras.layers.Layer):
        def __init__(self, units, activation=None):
            super().__init__()
            self.units = units
            self.activation = activation

        def build(self, input_shape):            # runs once, on the first call
            self.W = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")
            self.b = self.add_weight(shape=(self.units,), initializer="zeros")

        def call(self, inputs):                   # runs on every call
            y = tf.matmul(inputs, self.W) + self.b
            return self.activation(y) if self.activation is not None else y

``__call__`` (below, in numbered steps) does the rest: it builds the layer
from the first input's shape, passes ``training`` down to nested layers,
and, when the inputs are symbolic (``keras.Input``), records a graph node
instead of computing (see engine/keras_tensor.py and models/functional.py).

Weight tracking needs no registration: the weights a layer owns are those
``add_weight`` created and any ``tf.Variable`` held in an attribute; its
sub-layers are the layers held in attributes, also inside lists, tuples and
dicts. Both are found by walking the layer's attributes in the order they
were assigned, so ``layer.weights`` lists them in that order (trainable
ones first, as in tf.keras).
"""
import inspect
import numbers
import threading

import numpy as np

import tinytf as tf
from tinytf.keras import backend, initializers, regularizers
from tinytf import nest
from tinytf.keras.engine.keras_tensor import KerasTensor, Node, is_symbolic
from tinytf.keras.saving.object_registration import keras_export

# Attributes that hold bookkeeping, not sub-layers or weights.
_UNTRACKED = frozenset({"_inbound_nodes", "_outbound_nodes", "_own_weights", "_losses", "_callable_losses",
                        "_added_metrics", "_graph"})


class _CallContext(threading.local):
    """The stack of layer calls in progress, each with its resolved `training` value."""

    def __init__(self):
        self.training_stack = []


_call_context = _CallContext()


class _CallSignature:
    """What ``call`` accepts, looked up once per class."""

    def __init__(self, call):
        params = list(inspect.signature(call).parameters.values())
        names = [p.name for p in params]
        self.has_training = "training" in names
        self.has_mask = "mask" in names
        self.training_default = None
        self.training_position = None  # index among the arguments after `inputs`
        if self.has_training:
            param = params[names.index("training")]
            if param.default is not inspect.Parameter.empty:
                self.training_default = param.default
            if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
                self.training_position = names.index("training") - 1


_signatures = {}


def _call_signature(layer):
    cls = type(layer)
    if cls not in _signatures:
        _signatures[cls] = _CallSignature(layer.call)
    return _signatures[cls]


def _shape_structure(structure):
    """The TensorShape of each tensor in a structure (what ``build`` receives)."""
    return nest.map_structure(lambda x: tf.TensorShape(x.shape) if hasattr(x, "shape") else None, structure)


def as_tuple_shapes(structure):
    """KerasTensors -> shape tuples such as (None, 64), in the same structure (for printing)."""
    if isinstance(structure, KerasTensor):
        return tuple(structure.shape)
    if isinstance(structure, dict):
        return {k: as_tuple_shapes(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [as_tuple_shapes(v) for v in structure]
    return structure


def _dedupe(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result


@keras_export("keras.Layer", "keras.layers.Layer")
class Layer:
    """The base class of every layer and model. Subclass it and write ``build`` and ``call``."""

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, autocast=True,
                 activity_regularizer=None, input_shape=None, input_dim=None, batch_input_shape=None,
                 batch_size=None, **kwargs):
        for key in ("weights", "input_length"):  # accepted by some Keras layers, unused here
            kwargs.pop(key, None)
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}")
        self.name = str(name) if name else backend.unique_object_name(self._default_name())
        self._trainable = bool(trainable)
        self._dtype = tf.as_dtype(dtype if dtype is not None else backend.floatx())
        self.built = False
        self.autocast = autocast
        self.dynamic = dynamic
        self.supports_masking = False
        self.stateful = False
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._own_weights = []
        self._losses = []
        self._callable_losses = []
        self._added_metrics = []
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._build_input_shape = None
        # `input_shape=(3,)` on a first layer lets a Sequential model build right away.
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if batch_input_shape is not None:
            self._batch_input_shape = tuple(batch_input_shape)
        elif input_shape is not None:
            shape = (input_shape,) if isinstance(input_shape, int) else tuple(input_shape)
            self._batch_input_shape = (batch_size,) + shape
        else:
            self._batch_input_shape = None

    def _default_name(self):
        return backend.to_snake_case(type(self).__name__)

    # ------------------------------------------------------------------ dtype and trainable
    @property
    def dtype(self):
        """The dtype of the layer's weights and computations, as a string ("float32")."""
        return self._dtype.name

    compute_dtype = dtype
    variable_dtype = dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        """Freezing a layer freezes everything inside it."""
        value = bool(value)
        for layer in self._flatten_layers(include_self=True):
            layer._trainable = value

    # ------------------------------------------------------------------ the call
    def __call__(self, *args, **kwargs):
        self._check_super_init_called()
        # 1. Separate `inputs` (the first argument) from the other arguments.
        if args:
            inputs, args = args[0], args[1:]
        elif "inputs" in kwargs:
            inputs = kwargs.pop("inputs")
        else:
            raise TypeError(f"Layer '{self.name}' was called without inputs: call it as layer(inputs).")
        signature = _call_signature(self)

        # 2. Resolve `training`: an explicit argument wins, then the value of the enclosing
        #    layer call (a model called with training=True runs its Dropout in training mode),
        #    then the default in call()'s signature.
        positional = signature.training_position is not None and len(args) > signature.training_position
        keyword = "training" in kwargs
        explicit = kwargs.pop("training") if keyword else (args[signature.training_position] if positional else None)
        stack = _call_context.training_stack
        training = explicit
        if training is None and stack:
            training = stack[-1]
        if training is None:
            training = signature.training_default

        # 3. Symbolic inputs (keras.Input and what layers return for them): record a graph node.
        if is_symbolic([inputs, args, kwargs]):
            if keyword:
                kwargs["training"] = explicit
            return self._symbolic_call(inputs, args, kwargs)

        # 4. NumPy arrays become tensors; floating inputs take the layer's dtype.
        inputs = self._convert_inputs(inputs)

        # 5. Build the weights from the shape of the first inputs.
        self._maybe_build(inputs)

        # 6. Call, with `training` passed when call() takes it. The outermost call starts
        #    with empty `losses`: what add_loss() records belongs to the latest call.
        if signature.has_training and training is not None and not positional:
            kwargs["training"] = training
        if not stack:
            self._clear_losses()
        stack.append(training)
        try:
            outputs = self.call(inputs, *args, **kwargs)
        except Exception as err:
            _add_layer_note(err, self, inputs)
            raise
        finally:
            stack.pop()

        # 7. Activity regularization adds a penalty on the outputs.
        if self.activity_regularizer is not None:
            for output in nest.flatten(outputs):
                batch = float(output.shape[0]) if output.ndim else 1.0
                self.add_loss(self.activity_regularizer(output) / batch)
        return outputs

    def call(self, inputs, *args, **kwargs):
        """The computation. Override it; the default returns the inputs unchanged."""
        return inputs

    def _check_super_init_called(self):
        if "_own_weights" not in vars(self):
            raise RuntimeError(
                f"It looks like you are subclassing `Layer` ({type(self).__name__}) and forgot to call "
                "`super().__init__()`. Always start your `__init__` with `super().__init__(**kwargs)`.")

    def _convert_inputs(self, inputs):
        if isinstance(inputs, (list, tuple)) and inputs and all(
                isinstance(x, numbers.Number) or (isinstance(x, (list, tuple)) and x and isinstance(x[0], (numbers.Number, list)))
                for x in inputs):
            inputs = np.asarray(inputs)  # a nested Python list of numbers is one input
            if inputs.dtype.kind == "f":
                inputs = inputs.astype(np.float32)

        def convert(x):
            if isinstance(x, (np.ndarray, np.generic)):
                if x.dtype.kind == "f" and self.autocast:
                    return tf.constant(x, dtype=self._dtype)
                return tf.convert_to_tensor(x)
            if isinstance(x, tf.Tensor) and self.autocast and x.dtype.is_floating and x.dtype != self._dtype:
                return tf.cast(x, self._dtype)
            return x

        return nest.map_structure(convert, inputs)

    def _maybe_build(self, inputs):
        if self.built:
            return
        shapes = _shape_structure(inputs)
        self._build_input_shape = shapes
        self.build(shapes)
        self.built = True

    def build(self, input_shape):
        """Creates the weights, given the shape of the first inputs. Override it."""
        self.built = True

    # ------------------------------------------------------------------ symbolic calls
    def _symbolic_call(self, inputs, args, kwargs):
        """Calls on KerasTensors: build, infer the output shapes, record a Node."""
        # a. Build from the symbolic shapes (the batch axis is None).
        if not self.built:
            self._maybe_build(nest.map_structure(
                lambda x: x if isinstance(x, KerasTensor) else tf.convert_to_tensor(x), inputs))
        # b. Infer the outputs' shapes and dtypes.
        outputs = self._infer_outputs(inputs, args, kwargs)
        # c. Record who produced them, from what.
        Node(self, (inputs,) + tuple(args), kwargs, outputs)
        return outputs

    def _infer_outputs(self, inputs, args, kwargs):
        """Runs ``call`` on zeros shaped like the symbolic inputs to learn the output shapes.

        Unknown dimensions (the batch axis) are tried at two sizes, 2 and 3; an
        output dimension that follows them is unknown (None) too, one that
        stays put is fixed. This works for any layer, custom ones included,
        without asking each to write a shape rule; the price is two small
        forward passes per layer when a model is built."""
        structure = [inputs, list(args), kwargs]
        symbolic = [x for x in nest.flatten(structure) if isinstance(x, KerasTensor)]
        sizes = (2, 3) if any(None in x.shape.as_list() for x in symbolic) else (2,)
        results = []
        for size in sizes:
            def zeros(x, size=size):
                if isinstance(x, KerasTensor):
                    return tf.zeros([size if d is None else d for d in x.shape], dtype=x.dtype)
                return x

            concrete_inputs, concrete_args, concrete_kwargs = nest.map_structure(zeros, structure)
            outer_stack = _call_context.training_stack
            _call_context.training_stack = []  # the dummy call is a call of its own, outside any training
            try:
                results.append(self(concrete_inputs, *concrete_args, **concrete_kwargs))
            except Exception as err:
                _add_note(err, f"(tinytf infers the output shape of layer '{self.name}' by calling it on zeros "
                               f"shaped like its symbolic inputs: {as_tuple_shapes(inputs)})")
                raise
            finally:
                _call_context.training_stack = outer_stack
        self._clear_losses()  # what the zero inputs added is meaningless

        def to_symbolic(*values):
            first = values[0]
            if not hasattr(first, "shape") or not hasattr(first, "dtype"):
                return first
            dims = [a if all(v.shape[i] == a for v in values) else None for i, a in enumerate(first.shape)]
            return KerasTensor(dims, first.dtype, name=self.name)

        flat = [nest.flatten(r) for r in results]
        leaves = [to_symbolic(*vals) for vals in zip(*flat)]
        return nest.pack_sequence_as(results[0], leaves)

    def compute_output_shape(self, input_shape):
        """The output shape for an input shape, found by calling the layer on zeros (see _infer_outputs)."""
        def symbolic(shape):
            return KerasTensor(shape, self._dtype)

        if isinstance(input_shape, (list, tuple)) and input_shape and isinstance(input_shape[0], (list, tuple, tf.TensorShape)):
            inputs = [symbolic(s) for s in input_shape]
        else:
            inputs = symbolic(input_shape)
        if not self.built:
            self._maybe_build(inputs)
        outputs = self._infer_outputs(inputs, (), {})
        return nest.map_structure(lambda t: t.shape if isinstance(t, KerasTensor) else t, outputs)

    def compute_mask(self, inputs, mask=None):
        return None if not self.supports_masking else mask

    # ------------------------------------------------------------------ weights
    def add_weight(self, *args, **kwargs):
        """Creates a weight (a tf.Variable) owned by this layer and returns it.

        ``add_weight(shape=None, initializer="glorot_uniform", dtype=None, trainable=True,
        regularizer=None, constraint=None, name=None)``; the tf.keras 2 order with the
        name first (``add_weight("kernel", shape=...)``) is accepted too."""
        if args and isinstance(args[0], str):
            order = ("name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint")
        else:
            order = ("shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint",
                     "aggregation", "name")
        if len(args) > len(order):
            raise TypeError(f"add_weight() takes at most {len(order)} positional arguments ({len(args)} given)")
        for key, value in zip(order, args):
            if key in kwargs:
                raise TypeError(f"add_weight() got multiple values for argument '{key}'")
            kwargs[key] = value
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
        variable.constraint = constraint
        self._own_weights.append(variable)
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            self._callable_losses.append(lambda v=variable: regularizer(v))
        return variable

    def _tracked(self):
        """(sub-layers, variables) held in attributes, also inside lists/tuples/dicts, in assignment order."""
        layers, variables, seen = [], [], {id(self)}

        def visit(value):
            if isinstance(value, Layer):
                if id(value) not in seen:
                    seen.add(id(value))
                    layers.append(value)
            elif isinstance(value, tf.Variable):
                if id(value) not in seen:
                    seen.add(id(value))
                    variables.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    visit(item)
            elif isinstance(value, dict):
                for item in value.values():
                    visit(item)

        for key, value in vars(self).items():
            if key not in _UNTRACKED:
                visit(value)
        return layers, variables

    def _sublayers(self):
        """The layers directly inside this one."""
        return self._tracked()[0]

    def _own_variables(self):
        return _dedupe(self._own_weights + self._tracked()[1])

    def _flatten_layers(self, include_self=True, recursive=True):
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

    @property
    def trainable_weights(self):
        """The weights an optimizer should update: none if the layer is frozen."""
        if not self.trainable:
            return []
        result = [v for v in self._own_variables() if v.trainable]
        for layer in self._sublayers():
            result += layer.trainable_weights
        return _dedupe(result)

    @property
    def non_trainable_weights(self):
        """The weights an optimizer leaves alone: all of them if the layer is frozen."""
        if not self.trainable:
            return self._all_weights()
        result = [v for v in self._own_variables() if not v.trainable]
        for layer in self._sublayers():
            result += layer.non_trainable_weights
        return _dedupe(result)

    def _all_weights(self):
        result = list(self._own_variables())
        for layer in self._sublayers():
            result += layer._all_weights()
        return _dedupe(result)

    @property
    def weights(self):
        """All the layer's weights: trainable ones first, as tf.keras lists them."""
        return _dedupe(self.trainable_weights + self.non_trainable_weights)

    variables = property(lambda self: self.weights)
    trainable_variables = property(lambda self: self.trainable_weights)
    non_trainable_variables = property(lambda self: self.non_trainable_weights)

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

    def count_params(self):
        """The number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't built. "
                f"You can build it manually via: `{self.name}.build(batch_input_shape)`.")
        return int(sum(int(np.prod(w.shape.as_list())) for w in self.weights))

    # ------------------------------------------------------------------ losses and metrics
    def add_loss(self, loss):
        """Adds a loss term (a scalar tensor, or a zero-argument callable) to ``losses``.

        Called inside ``call``, the term belongs to that call: the next outermost
        call starts afresh, as in Keras."""
        if callable(loss) and not isinstance(loss, (tf.Tensor, tf.Variable)):
            self._callable_losses.append(loss)
        else:
            self._losses.append(loss if isinstance(loss, tf.Tensor) else tf.convert_to_tensor(loss, dtype_hint=self._dtype))

    @property
    def losses(self):
        """The losses added by this layer and the layers inside it (regularization penalties included)."""
        result = []
        for layer in self._flatten_layers(include_self=True):
            result += layer._losses
            result += [fn() for fn in layer._callable_losses]
        return result

    def _clear_losses(self):
        for layer in self._flatten_layers(include_self=True):
            layer._losses = []
            layer._added_metrics = []

    def add_metric(self, value, name=None, aggregation="mean"):
        """Records a value to report as a metric (averaged over an epoch by ``fit``).

        Like losses, what a call records is replaced by the next call's. The training
        loop reads them with ``_collect_added_metrics()``: a list of dicts
        {"name", "value", "aggregation"}."""
        if name is None:
            raise ValueError("Please provide a name for your metric like "
                             "`self.add_metric(tf.reduce_sum(inputs), name='mean_activation')`")
        if aggregation not in ("mean", None):
            raise ValueError(f"add_metric: aggregation must be 'mean' (or None), got {aggregation!r}")
        self._added_metrics.append({"name": name, "value": value, "aggregation": aggregation})

    def _collect_added_metrics(self):
        result = []
        for layer in self._flatten_layers(include_self=True):
            result += layer._added_metrics
        return result

    # ------------------------------------------------------------------ graph attributes
    def _node_attribute(self, attr):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer '{self.name}' has no inbound nodes: it was never called on a symbolic "
                                 f"tensor (keras.Input), so it has no `{attr}`. `{attr}` exists for layers of "
                                 "functional and Sequential models.")
        if len(self._inbound_nodes) > 1:
            raise AttributeError(f"Layer '{self.name}' has multiple inbound nodes, hence the notion of "
                                 f"\"layer {attr}\" is ill-defined. Use `get_{attr}_at(node_index)` instead.")
        return self._get_node_attribute_at(0, attr)

    def _get_node_attribute_at(self, node_index, attr):
        node = self._inbound_nodes[node_index]
        return node.call_args[0] if attr == "input" else node.output_structure

    input = property(lambda self: self._node_attribute("input"), doc="The symbolic input of the layer's only call.")
    output = property(lambda self: self._node_attribute("output"), doc="The symbolic output of the layer's only call.")

    def get_input_at(self, node_index):
        return self._get_node_attribute_at(node_index, "input")

    def get_output_at(self, node_index):
        return self._get_node_attribute_at(node_index, "output")

    def _shape_attribute(self, attr):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer '{self.name}' has never been called and thus has no defined {attr} shape.")
        shapes = [as_tuple_shapes(self._get_node_attribute_at(i, attr)) for i in range(len(self._inbound_nodes))]
        if any(s != shapes[0] for s in shapes):
            raise AttributeError(f"The layer '{self.name}' has multiple inbound nodes with different {attr} shapes.")
        return shapes[0]

    input_shape = property(lambda self: self._shape_attribute("input"))
    output_shape = property(lambda self: self._shape_attribute("output"))

    # ------------------------------------------------------------------ configuration
    def get_config(self):
        """The constructor arguments that rebuild this layer (without its weights)."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        defining = next(c for c in type(self).__mro__ if "get_config" in vars(c))
        if defining is Layer or vars(defining).get("_base_get_config", False):
            extra = _extra_init_args(type(self))
            if extra:
                raise NotImplementedError(
                    f"Layer {type(self).__name__} has arguments {extra} in `__init__` and therefore must "
                    "override `get_config()`: return a dict of them, e.g. "
                    "`return {**super().get_config(), 'units': self.units}`.")
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_build_config(self):
        """``{"input_shape": ...}`` once built (what ``build_from_config`` needs), else None."""
        if self._build_input_shape is None:
            return None
        return {"input_shape": _shape_config(self._build_input_shape)}

    def build_from_config(self, config):
        if config and not self.built:
            self.build(config["input_shape"])
            self.built = True

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _shape_config(shape):
    """TensorShapes and shape tuples as tuples, inside the lists and dicts that hold several."""
    if isinstance(shape, tf.TensorShape):
        return tuple(shape)
    if isinstance(shape, dict):
        return {key: _shape_config(value) for key, value in shape.items()}
    if all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    return [_shape_config(s) for s in shape]


_BASE_INIT_ARGS = frozenset(inspect.signature(Layer.__init__).parameters) | {"args", "kwargs"}


def _extra_init_args(cls):
    if cls.__init__ is Layer.__init__:
        return []
    params = inspect.signature(cls.__init__).parameters.values()
    return [p.name for p in params if p.name not in _BASE_INIT_ARGS
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _add_note(err, note):
    if hasattr(err, "add_note"):
        err.add_note(note)


def _add_layer_note(err, layer, inputs):
    if getattr(err, "_tinytf_layer_noted", False):
        return
    try:
        err._tinytf_layer_noted = True
    except AttributeError:
        pass
    shapes = nest.map_structure(lambda x: tuple(x.shape) if hasattr(x, "shape") else type(x).__name__, inputs)
    _add_note(err, f"(raised in {type(layer).__name__}.call() of layer '{layer.name}', called on inputs of shape {shapes})")
