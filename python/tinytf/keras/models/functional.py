"""Functional models: ``keras.Model(inputs, outputs)`` over a graph of layer calls.

Building one (``map_graph``, as Keras does it):
1. walk backward from the outputs through each tensor's producing node
   (``_keras_history``) until the inputs: that is the graph;
2. give each node a depth (outputs 0, a node one more than the deepest node
   that consumes it) and order layers and nodes by decreasing depth (ties by
   the order the walk met them): inputs come first, outputs last;
3. check every node's inputs can be computed from the model's inputs.

Running one (``call``): put the input values in a table keyed by the
symbolic input tensors, then run the nodes in order, each calling its layer
on the values of its symbolic arguments, and read the outputs from the table.
"""
import collections

import numpy as np

import tinytf as tf
from tinytf import nest
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.layers.input_layer import InputLayer
from tinytf.keras.models.model import Model
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import CustomObjectScope, keras_export


def _build_map(inputs, outputs):
    """Nodes in post-order (each after the nodes it depends on) and each layer's first-visit index."""
    finished, in_progress = set(), set()
    nodes, layer_indices = [], {}
    input_ids = {id(t) for t in inputs}

    def visit(tensor):
        if tensor._keras_history is None:
            raise ValueError(f"Output tensors of a functional model must come from keras.Input and layers: "
                             f"{tensor!r} has no history")
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        if id(node) in finished:
            return
        if id(node) in in_progress:
            raise ValueError(f"The tensor {tensor!r} at layer '{layer.name}' is part of a cycle.")
        layer_indices.setdefault(id(layer), (len(layer_indices), layer))
        in_progress.add(id(node))
        if not node.is_input and id(tensor) not in input_ids:
            for parent in node.input_tensors:
                visit(parent)
        finished.add(id(node))
        in_progress.discard(id(node))
        nodes.append(node)

    for output in outputs:
        visit(output)
    return nodes, layer_indices


def map_graph(inputs, outputs):
    """(nodes in run order, layers in order) of the graph from `inputs` to `outputs` (flat lists)."""
    nodes_post_order, layer_indices = _build_map(inputs, outputs)
    node_set = {id(n) for n in nodes_post_order}
    node_depth, layer_depth = {}, {}
    for node in reversed(nodes_post_order):
        depth = node_depth.setdefault(id(node), 0)
        depth = max(depth, layer_depth.get(id(node.layer), 0))  # a shared layer takes its deepest use
        layer_depth[id(node.layer)] = depth
        node_depth[id(node)] = depth
        for parent in node.parent_nodes:
            if id(parent) in node_set:
                node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for tensor in inputs:  # inputs connected to no output still belong to the model
        layer = tensor._keras_history.layer
        if id(layer) not in layer_depth:
            node = tensor.node
            if node.is_input:
                layer_depth[id(layer)] = 0
                layer_indices[id(layer)] = (-1, layer)
                node_depth[id(node)] = 0
                nodes_post_order.append(node)

    by_id = {id(n): n for n in nodes_post_order}
    order = {id(n): i for i, n in enumerate(nodes_post_order)}
    nodes = sorted(by_id.values(), key=lambda n: (-node_depth[id(n)], order[id(n)]))
    layers = [layer for _, layer in sorted(layer_indices.values(), key=lambda p: (-layer_depth[id(p[1])], p[0]))]

    # every node's inputs must be computable from the model's inputs
    computable = {id(t) for t in inputs}
    done_layers = []
    for node in nodes:
        if node.is_input and not any(id(t) in computable for t in node.outputs):
            raise ValueError(
                f"Graph disconnected: cannot obtain value for tensor {node.outputs[0]!r} of input layer "
                f"'{node.layer.name}': it is not among the model's inputs. The following previous layers were "
                f"accessed without issue: {done_layers}. Did you pass all the keras.Input tensors the outputs "
                "depend on as `inputs`?")
        for tensor in node.input_tensors:
            if id(tensor) not in computable:
                raise ValueError(
                    f"Graph disconnected: cannot obtain value for tensor {tensor!r} at layer '{node.layer.name}'. "
                    f"The following previous layers were accessed without issue: {done_layers}. "
                    "Did you pass all the keras.Input tensors this output depends on as `inputs`?")
        done_layers.append(node.layer.name)
        for tensor in node.outputs:
            computable.add(id(tensor))

    names = collections.Counter(layer.name for layer in layers)
    for name, count in names.items():
        if count > 1:
            raise ValueError(f'The name "{name}" is used {count} times in the model. All layer names should be unique.')
    return nodes, layers


@keras_export("keras.src.models.functional.Functional")
class Functional(Model):
    """A model defined by its symbolic inputs and outputs. Create it with ``keras.Model(inputs, outputs)``."""

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        Layer.__init__(self, name=name, trainable=trainable, **kwargs)
        self.autocast = False  # each input is converted to its own Input's dtype instead
        for tensor in nest.flatten(inputs) + nest.flatten(outputs):
            if not isinstance(tensor, KerasTensor):
                raise ValueError(f"All `inputs` and `outputs` of a functional model should be symbolic tensors "
                                 f"(from keras.Input and layers). Received: {tensor!r}")
        self._input_structure = inputs
        self._output_structure = outputs
        self._inputs = nest.flatten(inputs)
        self._outputs = nest.flatten(outputs)
        self._graph_nodes, self._graph_layers = map_graph(self._inputs, self._outputs)
        self._graph_node_ids = {id(n) for n in self._graph_nodes}
        self.built = True

    def _default_name(self):
        return "model" if type(self) is Functional else super()._default_name()

    _saves_layers_first = True  # in a saved weights file (keras/saving/weights_file.py), as Keras 3 does

    # ------------------------------------------------------------------ graph views
    def _sublayers(self):
        extra = [layer for layer in super()._sublayers() if all(layer is not g for g in self._graph_layers)]
        return list(self._graph_layers) + extra

    inputs = property(lambda self: list(self._inputs))
    outputs = property(lambda self: list(self._outputs))

    @property
    def input(self):
        """The symbolic input(s), in the structure given to the constructor."""
        return self._input_structure

    @property
    def output(self):
        return self._output_structure

    @property
    def input_names(self):
        return [t._keras_history.layer.name for t in self._inputs]

    @property
    def output_names(self):
        """The names of the layers that produce the outputs, in ``outputs`` order (a dict's sorted keys)."""
        return [t._keras_history.layer.name for t in self._outputs]

    @property
    def input_shape(self):
        shapes = [tuple(t.shape) for t in self._inputs]
        return shapes[0] if len(shapes) == 1 and not isinstance(self._input_structure, (list, dict)) else shapes

    @property
    def output_shape(self):
        shapes = [tuple(t.shape) for t in self._outputs]
        return shapes[0] if len(shapes) == 1 and not isinstance(self._output_structure, (list, dict)) else shapes

    def _nodes_of(self, layer):
        """The calls of `layer` that belong to this model's graph."""
        return [n for n in layer._inbound_nodes if id(n) in self._graph_node_ids]

    # ------------------------------------------------------------------ running
    def _standardize_inputs(self, inputs):
        """Input values as a flat list matching self._inputs, each converted to its Input's dtype."""
        names = self.input_names
        if isinstance(inputs, dict):
            # The keys in the order of self._inputs: nest's order (sorted) for a dict of inputs.
            structure = self._input_structure
            keys = nest.flatten({k: k for k in structure}) if isinstance(structure, dict) else names
            missing = [k for k in keys if k not in inputs]
            if missing:
                raise ValueError(f"Missing data for input {missing[0]!r}. You passed a data dictionary with keys "
                                 f"{list(inputs)}. Expected the following keys: {keys}")
            values = [inputs[k] for k in keys]
        elif isinstance(inputs, (list, tuple)) and (len(self._inputs) > 1 or isinstance(self._input_structure, (list, tuple))):
            values = list(inputs)
            if len(values) != len(self._inputs):
                raise ValueError(f"Layer '{self.name}' expects {len(self._inputs)} input(s), but it received "
                                 f"{len(values)} input tensors. Expected inputs: {names}")
        else:
            if len(self._inputs) != 1:
                raise ValueError(f"Layer '{self.name}' expects {len(self._inputs)} inputs ({names}), but it received "
                                 "1 input tensor: pass a list, or a dict keyed by input name.")
            values = [inputs]
        result = []
        for i, (spec, value) in enumerate(zip(self._inputs, values)):
            value = _to_dtype(value, spec.dtype)
            expected = spec.shape.as_list()
            found = list(value.shape)
            if len(found) != len(expected) or any(e is not None and e != f for e, f in zip(expected, found)):
                raise ValueError(f"Input {i} of layer '{self.name}' is incompatible with the layer: expected "
                                 f"shape={spec.shape}, found shape={tf.TensorShape(found)}")
            result.append(value)
        return result

    def call(self, inputs, training=None, mask=None):
        values = {}
        for spec, value in zip(self._inputs, self._standardize_inputs(inputs)):
            values[id(spec)] = value

        def lookup(x):
            return values[id(x)] if isinstance(x, KerasTensor) else x

        for node in self._graph_nodes:
            if node.is_input or all(id(t) in values for t in node.outputs):
                continue
            args = nest.map_structure(lookup, node.call_args)
            kwargs = nest.map_structure(lookup, node.call_kwargs)
            outputs = node.layer(*args, **kwargs)
            for symbolic, value in zip(nest.flatten(node.output_structure), nest.flatten(outputs)):
                if isinstance(symbolic, KerasTensor):
                    values[id(symbolic)] = value
        return nest.map_structure(lookup, self._output_structure)

    # ------------------------------------------------------------------ configuration
    def get_config(self):
        """The graph as data, in Keras 3's format: each layer's config with, per call of it in this model,
        its arguments (KerasTensors as ``__keras_tensor__`` configs whose ``keras_history`` is
        [layer name, index of the call among this model's calls of that layer, output index]); then where
        the inputs and outputs come from, as [layer name, call index, output index]."""
        def history(tensor, functional_offset=0):
            layer, node_index, tensor_index = tensor._keras_history
            node = layer._inbound_nodes[node_index]
            kept = [n for n in self._nodes_of(layer)]
            offset = functional_offset if isinstance(layer, Functional) else 0
            return [layer.name, kept.index(node) + offset, tensor_index]

        def output_history(tensor):
            # In input_layers/output_layers (not in call arguments) Keras 3 counts the calls of a nested
            # functional model from 1, for the node tf.keras 2 gave each model of its own.
            return history(tensor, functional_offset=1)

        def serialize_argument(x):
            if not isinstance(x, KerasTensor):
                return serialization_lib.serialize_keras_object(x)
            return {"class_name": "__keras_tensor__",
                    "config": {"shape": list(x.shape), "dtype": x.dtype.name, "keras_history": history(x)}}

        layer_configs = []
        for layer in self._graph_layers:
            entry = serialization_lib.serialize_keras_object(layer)
            entry["name"] = layer.name
            entry["inbound_nodes"] = [
                {"args": nest.map_structure(serialize_argument, list(n.call_args)),
                 "kwargs": nest.map_structure(serialize_argument, n.call_kwargs)}
                for n in self._nodes_of(layer) if not n.is_input]
            layer_configs.append(entry)
        return {"name": self.name, "trainable": self.trainable, "layers": layer_configs,
                "input_layers": nest.map_structure(output_history, self._input_structure),
                "output_layers": nest.map_structure(output_history, self._output_structure)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        with CustomObjectScope(custom_objects):
            return cls._from_config(config)

    @classmethod
    def _from_config(cls, config):
        """Keras 3's ``functional_from_config``: make every layer, then replay the calls, each layer's in their
        order, as soon as the tensors they take exist; then pick the inputs and outputs."""
        layers, pending = {}, {}
        for entry in config["layers"]:
            layer = serialization_lib.deserialize_keras_object(entry)
            layers[entry["name"]] = layer
            pending[entry["name"]] = list(entry.get("inbound_nodes", []))

        def tensor_at(name, node_index, tensor_index, functional_offset=0):
            """The output of a call replayed so far, or None if that call has not been replayed yet."""
            if name not in layers:
                raise ValueError(f"Cannot rebuild the functional model '{config.get('name')}': a call takes a tensor "
                                 f"of layer '{name}', which is not among its layers.")
            layer = layers[name]
            node_index -= functional_offset if isinstance(layer, Functional) else 0
            nodes = layer._inbound_nodes
            return nodes[node_index].outputs[tensor_index] if node_index < len(nodes) else None

        def revive(data):
            """The call's arguments with real KerasTensors, or None if one of them does not exist yet."""
            args = serialization_lib.deserialize_keras_object(data["args"])
            kwargs = serialization_lib.deserialize_keras_object(data["kwargs"])
            found = []

            def swap(x):
                if isinstance(x, KerasTensor):
                    x = tensor_at(*x._pre_serialization_keras_history)
                    found.append(x is not None)
                return x

            args, kwargs = nest.map_structure(swap, args), nest.map_structure(swap, kwargs)
            return (args, kwargs) if all(found) else None

        while any(pending.values()):
            progress = False
            for name, calls in pending.items():
                while calls:
                    arguments = revive(calls[0])
                    if arguments is None:
                        break
                    layers[name](*arguments[0], **arguments[1])
                    calls.pop(0)
                    progress = True
            if not progress:
                raise ValueError("Invalid Functional model configuration. The graph of the Functional model either has "
                                 f"loops or disconnected nodes: layers {[n for n, c in pending.items() if c]} cannot "
                                 "be called.")

        def tensors(refs):
            if isinstance(refs, list) and len(refs) == 3 and isinstance(refs[0], str):
                return tensor_at(*refs, functional_offset=1)
            if isinstance(refs, dict):
                return {key: tensors(value) for key, value in refs.items()}
            return [tensors(value) for value in refs]

        return cls(inputs=tensors(config["input_layers"]), outputs=tensors(config["output_layers"]),
                   name=config.get("name"), trainable=config.get("trainable", True))


Model.functional_class = Functional


def _to_dtype(value, dtype):
    """An input value as a tensor of the Input's dtype (NumPy float64 data into a float32 model, say)."""
    if isinstance(value, tf.Variable):
        value = value.read_value()
    if isinstance(value, tf.Tensor):
        return value if value.dtype == dtype else tf.cast(value, dtype)
    array = np.asarray(value)
    if array.dtype != dtype.as_numpy_dtype:
        array = array.astype(dtype.as_numpy_dtype)
    return tf.convert_to_tensor(array)
