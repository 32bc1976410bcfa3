"""``Node``: one call of a layer on symbolic tensors, the link between a layer and its KerasTensors.

``layer(x)`` on a KerasTensor ``x`` records ``Node(layer, (x,), {}, outputs)``: the node keeps
the call's arguments (KerasTensors left in place) and its outputs, appends itself to
``layer._inbound_nodes`` (its position there is its ``node_index``) and stamps each output with
``_keras_history = (layer, node_index, tensor_index)``. Following those histories backward from
a model's outputs finds the whole graph (models/functional.py).
"""
import collections

from tinytf import nest
from tinytf.keras.engine.keras_tensor import KerasTensor

KerasHistory = collections.namedtuple("KerasHistory", ["layer", "node_index", "tensor_index"])


class Node:
    """One call of a layer on symbolic tensors: ``layer(*call_args, **call_kwargs) -> outputs``.

    Running the graph means substituting values for the KerasTensors in call_args /
    call_kwargs and calling the layer again."""

    def __init__(self, layer, call_args=(), call_kwargs=None, outputs=None):
        self.layer = layer
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.input_tensors = [x for x in nest.flatten([self.call_args, self.call_kwargs]) if isinstance(x, KerasTensor)]
        self.output_structure = outputs
        self.outputs = [x for x in nest.flatten(outputs) if isinstance(x, KerasTensor)]
        self.parent_nodes = [t.node for t in self.input_tensors if t._keras_history is not None]
        node_index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for parent in self.parent_nodes:
            parent.layer._outbound_nodes.append(self)
        for i, tensor in enumerate(self.outputs):
            tensor._keras_history = KerasHistory(layer, node_index, i)

    @property
    def is_input(self):
        return not self.input_tensors

    def iterate_inbound(self):
        """(layer, node_index, tensor_index) of each input tensor."""
        return [tuple(t._keras_history) for t in self.input_tensors]

    def __repr__(self):
        return f"<Node of layer '{self.layer.name}': {len(self.input_tensors)} input(s) -> {len(self.outputs)} output(s)>"
