"""Symbolic tensors and the nodes that connect them.

``keras.Input(shape=(3,))`` returns a KerasTensor: a shape (with None for
the batch axis), a dtype, and no values. Calling a layer on KerasTensors
does not compute anything; it records a Node (which layer, called on which
tensors, with which other arguments) and returns new KerasTensors for its
outputs. ``keras.Model(inputs, outputs)`` later walks these nodes backward
from the outputs to find the graph (see functional.py).

Every KerasTensor knows where it came from: ``_keras_history`` is
(layer, node_index, tensor_index) - the node is ``layer._inbound_nodes[node_index]``.
"""
import collections
import operator

import tinytf as tf
from tinytf import nest
from tinytf.keras import backend

KerasHistory = collections.namedtuple("KerasHistory", ["layer", "node_index", "tensor_index"])


class KerasTensor:
    """A symbolic tensor: shape and dtype only. Feed it to layers to build a model."""

    # The layer class that Python operators on KerasTensors create (``x + 1`` calls a TFOpLambda
    # layer, as in tf.keras). layers/core.py defines it and fills this in: the engine floor sits
    # below the layers and cannot import them.
    operator_layer_class = None

    def __init__(self, shape, dtype="float32", name=None):
        self.shape = tf.TensorShape(shape)
        self.dtype = tf.as_dtype(dtype)
        self.name = name
        self._keras_history = None

    ndim = property(lambda self: len(self.shape))

    @property
    def node(self):
        layer, node_index, _ = self._keras_history
        return layer._inbound_nodes[node_index]

    def get_shape(self):
        return self.shape

    def __repr__(self):
        where = f" (created by layer '{self._keras_history.layer.name}')" if self._keras_history else ""
        return f"<KerasTensor: shape={self.shape} dtype={self.dtype.name}{where}>"

    def __len__(self):
        raise TypeError("len() of a symbolic Keras tensor is not defined: its batch size is unknown "
                        f"(shape {self.shape}). Use .shape instead.")

    def __iter__(self):
        raise TypeError(f"A symbolic Keras tensor (shape {self.shape}) cannot be iterated over.")

    def __bool__(self):
        raise TypeError("A symbolic Keras tensor has no value: it cannot be used as a Python bool "
                        "(no `if` on it while building a functional model).")

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            f"A symbolic Keras tensor {self!r} has no values: it only describes what a layer will receive. "
            "Call the model on real data (NumPy arrays or tensors) to get numbers.")

    def __tf_tensor__(self, dtype=None, name=None):
        raise TypeError(
            f"A tf op was given a symbolic Keras tensor {self!r}. In tinytf, tf.* functions need real tensors: "
            "put the computation in a layer (a Layer subclass, or keras.layers.Lambda(lambda x: ...)) "
            "and call that layer on the symbolic tensor. Python operators (+, -, *, /, @, [..]) work directly.")

    __hash__ = object.__hash__


def _operator(fn, name, reverse=False):
    def method(self, *args):
        layer = KerasTensor.operator_layer_class(fn if not reverse else (lambda x, y: fn(y, x)),
                                                 name=backend.unique_object_name(name))
        return layer(self, *args)

    return method


for _name, _fn in [("add", operator.add), ("sub", operator.sub), ("mul", operator.mul),
                   ("truediv", operator.truediv), ("matmul", operator.matmul), ("pow", operator.pow),
                   ("floordiv", operator.floordiv), ("mod", operator.mod)]:
    setattr(KerasTensor, f"__{_name}__", _operator(_fn, f"tf.__operators__.{_name}"))
    setattr(KerasTensor, f"__r{_name}__", _operator(_fn, f"tf.__operators__.r{_name}", reverse=True))
for _name, _fn in [("neg", operator.neg), ("abs", operator.abs), ("getitem", operator.getitem),
                   ("lt", operator.lt), ("le", operator.le), ("gt", operator.gt), ("ge", operator.ge)]:
    setattr(KerasTensor, f"__{_name}__", _operator(_fn, f"tf.__operators__.{_name}"))


def is_symbolic(structure):
    return any(isinstance(x, KerasTensor) for x in nest.flatten(structure))


class Node:
    """One call of a layer on symbolic tensors: ``layer(*call_args, **call_kwargs) -> outputs``.

    call_args / call_kwargs keep the KerasTensors in place (and any other
    argument as given), so running the graph means substituting values for
    them and calling the layer again. Appending itself to
    ``layer._inbound_nodes`` gives the node its index."""

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
