"""``keras.Model``: a layer with a name, sub-layers, ``summary()``, and the training methods
(``compile``, ``fit``, ``evaluate``, ``predict``...) it inherits from ``Trainer`` (keras/trainers/).

Three ways to make one, as in Keras:

- functional: ``keras.Model(inputs, outputs)`` returns a Functional (functional.py);
- Sequential (sequential.py): a stack of layers;
- subclassing: layers in ``__init__``, the forward pass in ``call``; the
  weights are created by the first call (or by ``build(input_shape)``).

A subclass that calls ``super().__init__(inputs=..., outputs=...)`` becomes
functional, as in Keras: its class is swapped for one that also inherits
from Functional.
"""
import json

import tinytf as tf
from tinytf import nest
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.layers.base_layer import Layer, input_shapes
from tinytf.keras.saving import saving_api, serialization_lib
from tinytf.keras.saving.object_registration import keras_export
from tinytf.keras.trainers.trainer import Trainer
from tinytf.keras.utils import summary_utils


def _is_functional_args(args, kwargs):
    if "inputs" in kwargs and "outputs" in kwargs:
        return True
    if len(args) >= 2 and any(isinstance(x, KerasTensor) for x in nest.flatten(args[:2])):
        return True
    return len(args) == 1 and "outputs" in kwargs


_functional_subclasses = {}


def _functional_subclass(cls):
    """``cls`` with Functional mixed in (for subclasses initialised with inputs and outputs)."""
    if cls not in _functional_subclasses:
        _functional_subclasses[cls] = type(cls.__name__, (cls, Model.functional_class), {"__module__": cls.__module__})
    return _functional_subclasses[cls]


@keras_export("keras.Model", "keras.models.Model")
class Model(Trainer, Layer):
    """A layer that groups layers, and can be trained. ``keras.Model(inputs, outputs)`` builds a functional model."""

    # The class keras.Model(inputs, outputs) returns. functional.py defines it as a subclass of
    # Model and fills this in, so this file need not import it back.
    functional_class = None

    def __new__(cls, *args, **kwargs):
        if cls is Model and _is_functional_args(args, kwargs):
            return object.__new__(Model.functional_class)
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        functional = Model.functional_class
        if _is_functional_args(args, kwargs) and not isinstance(self, functional):
            self.__class__ = _functional_subclass(type(self))
            functional.__init__(self, *args, **kwargs)
            return
        if args:
            raise TypeError(f"Model.__init__ got unexpected positional arguments {args}: a subclassed model "
                            "takes only keyword arguments such as name=; a functional one takes inputs and outputs.")
        Layer.__init__(self, **kwargs)

    # ------------------------------------------------------------------ building
    def _maybe_build(self, inputs):
        if self.built:
            return
        if type(self).build is Model.build:  # no build of its own: the first call creates the weights
            self._build_input_shape = input_shapes(inputs)
            self.built = True
            return
        super()._maybe_build(inputs)

    def build(self, input_shape=None):
        """Creates the weights by calling the model on zeros of ``input_shape`` (None entries -> 1)."""
        if self.built:
            return
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument to build() a subclassed model, "
                             "e.g. model.build((None, 3)).")

        def is_shape(x):
            return isinstance(x, tf.TensorShape) or (isinstance(x, (list, tuple)) and all(
                d is None or isinstance(d, int) for d in x))

        def zeros(shape):
            return tf.zeros([1 if d is None else int(d) for d in shape], dtype=self._dtype)

        if is_shape(input_shape):
            dummy = zeros(input_shape)
        elif isinstance(input_shape, dict):
            dummy = {k: zeros(v) for k, v in input_shape.items()}
        else:
            dummy = [zeros(s) for s in input_shape]
        self.__call__(dummy, training=False)
        self._clear_losses()
        self._build_input_shape = input_shape

    def _assert_weights_created(self):
        # tf.keras's rule: only a model class that defines build() itself (Sequential, or a subclass
        # with a build method) raises; a subclassed model whose call() creates the weights has none
        # yet, and its weights are [].
        if "build" in type(self).__dict__ and not self.built:
            raise ValueError(
                f"Weights for model '{self.name}' have not yet been created. Weights are created when the model "
                "is first called on inputs or `build()` is called with an `input_shape`.")

    @property
    def weights(self):
        self._assert_weights_created()
        return super().weights

    @property
    def trainable_weights(self):
        self._assert_weights_created()
        return super().trainable_weights

    @property
    def non_trainable_weights(self):
        self._assert_weights_created()
        return super().non_trainable_weights

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    # ------------------------------------------------------------------ layers
    @property
    def layers(self):
        """The layers directly inside the model (for a functional model: in graph order, inputs first)."""
        return list(self._sublayers())

    def get_layer(self, name=None, index=None):
        """A layer by its name (or by its index in ``layers``)."""
        if index is not None and name is not None:
            raise ValueError(f"Provide only a layer name or a layer index. Received: index={index}, name={name}.")
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    # ------------------------------------------------------------------ printing
    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False,
                layer_range=None):
        """Prints the classic tf.keras table of layers, output shapes and parameter counts."""
        if not self.built:
            raise ValueError("This model has not yet been built. Build the model first by calling `build()` or by "
                             "calling the model on a batch of data.")
        summary_utils.print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                                    expand_nested=expand_nested, show_trainable=show_trainable,
                                    layer_range=layer_range)

    # ------------------------------------------------------------------ saving (keras/saving/)
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model (architecture, weights, compile configuration, optimizer state) as a ``.keras``
        file, Keras 3's zip: ``model.save("my_model.keras")``; ``keras.models.load_model`` reads it back."""
        saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Saves the weights (and the optimizer's state) to a ``.weights.h5`` file."""
        saving_api.save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights from a ``.weights.h5`` (or ``.keras``) file into this model, whose architecture must
        match; nothing changes unless every weight fits."""
        saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs):
        """The model's config as a JSON string (``keras.models.model_from_json`` rebuilds the model, without
        its weights). ``kwargs`` go to ``json.dumps``."""
        return json.dumps(serialization_lib.serialize_keras_object(self), **kwargs)

    def _saveable_attributes(self):
        # Keras 3 walks a model's `layers` among its attributes (Sequential and Functional walk it first).
        return super()._saveable_attributes() + ["layers"]

    def get_config(self):
        return Layer.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "layers" in config and "input_layers" in config:  # a functional model's config
            functional = Model.functional_class
            return functional.from_config.__func__(functional if cls is Model else cls, config, custom_objects)
        return cls(**config)

    _base_get_config = True  # a subclass that does not override get_config must, if it takes arguments
