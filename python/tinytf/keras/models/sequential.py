"""``keras.Sequential``: a plain stack of layers, each feeding the next.

Once the input shape is known (an ``Input`` as first element, ``input_shape=``
on the first layer, ``build(input_shape)``, or the first call on data) the
model also runs its layers on a symbolic input, once: that gives every layer
its ``input``/``output`` (so ``summary()`` shows output shapes and feature
extraction works as for functional models). Adding or popping a layer
rebuilds that graph.
"""
from tinytf import nest
from tinytf.keras import dtype_policies
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.layers.input_layer import Input, InputLayer
from tinytf.keras.models.functional import map_graph
from tinytf.keras.models.model import Model
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.Sequential", "keras.models.Sequential")
class Sequential(Model):
    """``Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])``."""

    def __init__(self, layers=None, name=None, trainable=True, **kwargs):
        Layer.__init__(self, name=name, trainable=trainable, **kwargs)
        self._stack = []  # the layers, an InputLayer first when the input shape is given
        self._graph = None  # (inputs, outputs, nodes) of the symbolic pass
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    # ------------------------------------------------------------------ the stack
    def add(self, layer, rebuild=True):
        """Appends a layer (or, first, a keras.Input)."""
        if isinstance(layer, KerasTensor) and layer._keras_history is not None and isinstance(
                layer._keras_history.layer, InputLayer):
            layer = layer._keras_history.layer
        if not isinstance(layer, Layer):
            raise TypeError(f"The added layer must be an instance of class Layer. Received: layer={layer!r} "
                            f"of type {type(layer)}.")
        if isinstance(layer, InputLayer) and self._stack:
            raise ValueError(f"Sequential model '{self.name}': an Input can only be the first element. "
                             f"The model already has layers {[l.name for l in self._stack]}.")
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(f"All layers added to a Sequential model should have unique names. Name '{layer.name}' "
                             "is already the name of a layer in this model. Update the `name` argument to pass a "
                             "unique name.")
        if not self._stack and not isinstance(layer, InputLayer) and layer._batch_input_shape is not None:
            self._stack.append(InputLayer(batch_shape=layer._batch_input_shape, dtype=layer.dtype))
        self._stack.append(layer)
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        """Removes the last layer."""
        layers = self.layers
        if not layers:
            raise TypeError("There are no layers in the model.")
        layer = layers[-1]
        self._stack.remove(layer)
        if rebuild:
            self._maybe_rebuild()
        return layer

    @property
    def layers(self):
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    _saves_layers_first = True  # in a saved weights file (keras/saving/weights_file.py), as Keras 3 does

    def _saveable_attributes(self):
        # `_stack` holds the InputLayer too, which Keras 3 does not save.
        return [name for name in super()._saveable_attributes() if name != "_stack"]

    def _sublayers(self):
        return self.layers

    # ------------------------------------------------------------------ building
    def _drop_graph(self):
        if self._graph is not None:
            for node in self._graph["nodes"]:
                if node in node.layer._inbound_nodes and not node.is_input:
                    node.layer._inbound_nodes.remove(node)
            self._graph = None

    def _maybe_rebuild(self):
        self._drop_graph()
        if self._stack and isinstance(self._stack[0], InputLayer):
            self.build(self._stack[0].batch_shape)
        elif self.built and self._build_input_shape is not None:
            self.build(self._build_input_shape)

    def build(self, input_shape=None):
        """Builds every layer for inputs of ``input_shape`` (batch axis included, e.g. (None, 3))."""
        if input_shape is None:
            if self._stack and isinstance(self._stack[0], InputLayer):
                input_shape = self._stack[0].batch_shape
            else:
                raise ValueError("You must provide an `input_shape` argument, e.g. model.build(input_shape=(None, 3)).")
        input_shape = tuple(input_shape)
        self._drop_graph()
        if self._stack and isinstance(self._stack[0], InputLayer):
            inputs = self._stack[0]._output_tensor
        else:
            inputs = Input(batch_shape=input_shape, dtype=getattr(self, "_input_dtype", None) or "float32")
        x = inputs
        for layer in self.layers:
            x = layer(x)
        nodes, _ = map_graph([inputs], nest.flatten(x))
        self._graph = {"inputs": [inputs], "outputs": nest.flatten(x), "output": x, "nodes": nodes}
        self._build_input_shape = input_shape
        self.built = True

    def _maybe_build(self, inputs):
        if self.built and self._graph is not None:
            return
        shape = getattr(inputs, "shape", None)
        if shape is None:
            self.built = True  # several inputs: run eagerly, no graph
            return
        self._input_dtype = getattr(inputs, "dtype", None)
        self.build((None,) + tuple(shape)[1:])

    # ------------------------------------------------------------------ running
    def call(self, inputs, training=None, mask=None):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x

    def _nodes_of(self, layer):
        if self._graph is None:
            return []
        ids = {id(n) for n in self._graph["nodes"]}
        return [n for n in layer._inbound_nodes if id(n) in ids]

    def _require_graph(self, what):
        if self._graph is None:
            raise AttributeError(f"Sequential model '{self.name}' has no {what} yet: give it an Input, "
                                 "call build(input_shape) or call it on data first.")
        return self._graph

    inputs = property(lambda self: list(self._require_graph("inputs")["inputs"]))
    outputs = property(lambda self: list(self._require_graph("outputs")["outputs"]))
    input = property(lambda self: self._require_graph("input")["inputs"][0])
    output = property(lambda self: self._require_graph("output")["output"])
    input_shape = property(lambda self: tuple(self.input.shape))
    output_shape = property(lambda self: tuple(self.output.shape))

    @property
    def input_names(self):
        return [self.input._keras_history.layer.name]

    @property
    def output_names(self):
        return [layer.name for layer in self.layers[-1:]]

    # ------------------------------------------------------------------ configuration
    def get_config(self):
        """Keras 3's config: the layers (an InputLayer first once the input shape is known) and the shape the
        model was built for."""
        stack = list(self._stack)
        if self._graph is not None and not (stack and isinstance(stack[0], InputLayer)):
            stack.insert(0, self._graph["inputs"][0]._keras_history.layer)  # the Input that build() made
        config = {"name": self.name, "trainable": self.trainable, "dtype": dtype_policies.serialize(self.dtype),
                  "layers": [serialization_lib.serialize_keras_object(layer) for layer in stack]}
        if self._build_input_shape is not None:
            config["build_input_shape"] = tuple(self._build_input_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        layers = serialization_lib.deserialize_keras_object(config["layers"], custom_objects=custom_objects)
        model = cls(layers, name=config.get("name"), trainable=config.get("trainable", True),
                    dtype=config.get("dtype"))
        if not model.built and config.get("build_input_shape") is not None:
            model.build(config["build_input_shape"])
        return model
