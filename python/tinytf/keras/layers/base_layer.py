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

This file holds the call protocol: ``__call__`` (below, in numbered steps) builds the layer from
the first input's shape, passes ``training`` down to nested layers and, when the inputs are
symbolic (``keras.Input``), hands over to the symbolic call. The rest of a layer lives in its
base classes, one job each:

    engine/operation.py         Operation: symbolic calls, output-shape inference, layer.input/.output
    layers/weight_tracking.py   WeightTracking: add_weight, weights and sub-layers found in attributes
    layers/added_losses.py      AddedLosses: add_loss / losses, add_metric
"""
import inspect
import numbers

import numpy as np

import tinytf as tf
from tinytf import nest
from tinytf.keras import backend, dtype_policies, regularizers
from tinytf.keras.engine.call_context import add_layer_note, call_context, call_signature
from tinytf.keras.engine.keras_tensor import is_symbolic
from tinytf.keras.engine.operation import Operation
from tinytf.keras.layers.added_losses import AddedLosses
from tinytf.keras.layers.input_spec import assert_input_compatibility
from tinytf.keras.layers.weight_tracking import WeightTracking, forget_walks
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.Layer", "keras.layers.Layer")
class Layer(Operation, WeightTracking, AddedLosses):
    """The base class of every layer and model. Subclass it and write ``build`` and ``call``.

    Each base class sets up its own state: Operation the nodes, WeightTracking the weights,
    AddedLosses the losses and metrics of the latest call."""

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, autocast=True,
                 activity_regularizer=None, input_shape=None, input_dim=None, batch_input_shape=None,
                 batch_size=None, **kwargs):
        for key in ("weights", "input_length"):  # accepted by some Keras layers, unused here
            kwargs.pop(key, None)
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}")
        Operation.__init__(self)
        WeightTracking.__init__(self, trainable)
        AddedLosses.__init__(self)
        self.name = str(name) if name else backend.unique_object_name(self._default_name())
        self._dtype = tf.as_dtype(dtype_policies.get(dtype).variable_dtype)  # a name, a DType or Keras 3's policy
        self.built = False
        self.autocast = autocast
        self.dynamic = dynamic
        self.supports_masking = False
        self.stateful = False
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.input_spec = None  # an InputSpec (or a list of them) that __call__ checks the inputs against
        self._build_input_shape = None  # what the first call's inputs looked like (get_build_config)
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

    # ------------------------------------------------------------------ dtype
    @property
    def dtype(self):
        """The dtype of the layer's weights and computations, as a string ("float32")."""
        return self._dtype.name

    compute_dtype = dtype
    variable_dtype = dtype

    @property
    def dtype_policy(self):
        """Keras 3's ``DTypePolicy`` of the layer (tinytf computes and stores in one dtype)."""
        return dtype_policies.DTypePolicy(self.dtype)

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
        signature = call_signature(self)

        # 2. Resolve `training`: an explicit argument wins, then the value of the enclosing
        #    layer call (a model called with training=True runs its Dropout in training mode),
        #    then the default in call()'s signature.
        positional = signature.training_position is not None and len(args) > signature.training_position
        keyword = "training" in kwargs
        explicit = kwargs.pop("training") if keyword else (args[signature.training_position] if positional else None)
        stack = call_context.training_stack
        training = explicit
        if training is None and stack:
            training = stack[-1]
        if training is None:
            training = signature.training_default

        # 3. Check the inputs against the layer's input_spec (rank, known sizes): a wrong input
        #    gets an error naming the layer, before anything is built or computed.
        assert_input_compatibility(self.input_spec, inputs, self.name)

        # 4. Symbolic inputs (keras.Input and what layers return for them): record a graph node.
        #    (One concrete tensor and nothing else, the call of every training step, needs no search.)
        if not (isinstance(inputs, tf.Tensor) and not args and not kwargs) and is_symbolic([inputs, args, kwargs]):
            if keyword:
                kwargs["training"] = explicit
            return self._symbolic_call(inputs, args, kwargs)

        # 5. NumPy arrays become tensors; floating inputs take the layer's dtype.
        inputs = self._convert_inputs(inputs)

        # 6. Build the weights from the shape of the first inputs.
        self._maybe_build(inputs)

        # 7. Call, with `training` passed when call() takes it. The outermost call starts
        #    with empty `losses`: what add_loss() records belongs to the latest call.
        if signature.has_training and training is not None and not positional:
            kwargs["training"] = training
        if not stack:
            self._clear_losses()
        stack.append(training)
        try:
            outputs = self.call(inputs, *args, **kwargs)
        except Exception as err:
            add_layer_note(err, self, inputs)
            raise
        finally:
            stack.pop()

        # 8. Activity regularization adds a penalty on the outputs.
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
        if isinstance(inputs, tf.Tensor):  # the common case: one tensor, no structure to walk
            return self._convert_input(inputs)
        if isinstance(inputs, (list, tuple)) and inputs and all(
                isinstance(x, numbers.Number) or (isinstance(x, (list, tuple)) and x and isinstance(x[0], (numbers.Number, list)))
                for x in inputs):
            inputs = np.asarray(inputs)  # a nested Python list of numbers is one input
            if inputs.dtype.kind == "f":
                inputs = inputs.astype(np.float32)
        return nest.map_structure(self._convert_input, inputs)

    def _convert_input(self, x):
        """One input: a NumPy array becomes a tensor, a floating one of the layer's dtype (``autocast``)."""
        if isinstance(x, (np.ndarray, np.generic)):
            if x.dtype.kind == "f" and self.autocast:
                return tf.constant(x, dtype=self._dtype)
            return tf.convert_to_tensor(x)
        # (The engine's dtypes are compared first: the common case, a tensor of the layer's dtype, then
        # costs no Python call.)
        if isinstance(x, tf.Tensor) and self.autocast and x._dtype != self._dtype._core and x.dtype.is_floating:
            return tf.cast(x, self._dtype)
        return x

    def _maybe_build(self, inputs):
        if self.built:
            return
        shapes = input_shapes(inputs)
        self._build_input_shape = shapes
        self.build(shapes)
        self.built = True
        forget_walks()  # build may have made sub-layers or weights

    def build(self, input_shape):
        """Creates the weights, given the shape of the first inputs. Override it."""
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return None if not self.supports_masking else mask

    # ------------------------------------------------------------------ configuration
    def get_config(self):
        """The constructor arguments that rebuild this layer (without its weights), with Keras 3's keys:
        name, trainable, the dtype policy and the activity regularizer if any (an ``input_shape`` given to a
        first layer is not among them: a Sequential model keeps it as its InputLayer, as in Keras 3)."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": dtype_policies.serialize(self.dtype)}
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
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
        """Builds the layer from ``get_build_config()``'s output (what loading a saved model does)."""
        if config and not self.built:
            shape = _shape_from_config(config["input_shape"])
            self._build_input_shape = shape  # so that the layer saves its build_config again, as Keras 3's does
            self.build(shape)
            self.built = True

    def _saveable_attributes(self):
        """The attributes a saved file walks for sub-layers (keras/saving/weights_file.py): those the layer's
        own code set, not the bookkeeping every Layer has (Keras 3 skips the attributes of a bare Layer too)."""
        return [name for name in vars(self) if name not in _bare_layer_attributes()]

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


_BARE_LAYER_ATTRIBUTES = []


def _bare_layer_attributes():
    """The instance attributes every Layer has (those of a bare ``Layer``), found once."""
    if not _BARE_LAYER_ATTRIBUTES:
        _BARE_LAYER_ATTRIBUTES.append(frozenset(vars(Layer(name="bare_layer"))))
    return _BARE_LAYER_ATTRIBUTES[0]


def input_shapes(structure):
    """The TensorShape of each tensor in a structure (what ``build`` receives)."""
    return nest.map_structure(lambda x: tf.TensorShape(x.shape) if hasattr(x, "shape") else None, structure)


def _shape_config(shape):
    """TensorShapes and shape tuples as tuples, inside the lists and dicts that hold several."""
    if isinstance(shape, tf.TensorShape):
        return tuple(shape)
    if isinstance(shape, dict):
        return {key: _shape_config(value) for key, value in shape.items()}
    if all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    return [_shape_config(s) for s in shape]


def _shape_from_config(shape):
    """A build_config's shapes (JSON lists) as TensorShapes, inside the lists and dicts that hold several."""
    if shape is None:
        return None
    if isinstance(shape, dict):
        return {key: _shape_from_config(value) for key, value in shape.items()}
    if all(d is None or isinstance(d, int) for d in shape):
        return tf.TensorShape(list(shape))
    return [_shape_from_config(s) for s in shape]


_BASE_INIT_ARGS = frozenset(inspect.signature(Layer.__init__).parameters) | {"args", "kwargs"}


def _extra_init_args(cls):
    if cls.__init__ is Layer.__init__:
        return []
    params = inspect.signature(cls.__init__).parameters.values()
    return [p.name for p in params if p.name not in _BASE_INIT_ARGS
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
