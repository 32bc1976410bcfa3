"""``KerasTensor``: a symbolic tensor, a shape and a dtype with no values.

``keras.Input(shape=(3,))`` returns one, of shape (None, 3): the batch axis is unknown. Calling a
layer on KerasTensors computes nothing; it records a Node (engine/node.py) and returns new
KerasTensors for its outputs. Every KerasTensor knows where it came from: ``_keras_history`` is
(layer, node_index, tensor_index), the node being ``layer._inbound_nodes[node_index]``.

Python operators on KerasTensors (``x + 1``, ``x[:, 0]``) create layers, as in tf.keras.
"""
import operator

import tinytf as tf
from tinytf import nest
from tinytf.keras import backend

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
    """True if any leaf of ``structure`` is a KerasTensor."""
    return any(isinstance(x, KerasTensor) for x in nest.flatten(structure))


def as_tuple_shapes(structure):
    """KerasTensors -> shape tuples such as (None, 64), in the same structure (for printing)."""
    if isinstance(structure, KerasTensor):
        return tuple(structure.shape)
    if isinstance(structure, dict):
        return {k: as_tuple_shapes(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [as_tuple_shapes(v) for v in structure]
    return structure
