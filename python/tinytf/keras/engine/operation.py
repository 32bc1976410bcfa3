"""``Operation``: the half of a layer that works on symbolic tensors (Keras 3 keeps it apart from Layer too).

Calling a layer on KerasTensors (``keras.Input`` and what layers return for them) records a graph
node instead of computing (``_symbolic_call``):

a. build the layer from the symbolic shapes (the batch axis is None);
b. infer the shapes and dtypes of the outputs by running ``call`` on zeros shaped like the inputs
   (``_infer_outputs``: unknown sizes are tried at 2, then 3);
c. record a Node (engine/node.py) and return new KerasTensors.

The nodes give a layer its place in a graph: ``layer.input``, ``layer.output``, ``input_shape``,
``output_shape`` read the layer's only call. ``Operation`` is a base class of ``Layer`` and leans on
it for ``name``, ``built``, ``_maybe_build(inputs)``, ``__call__`` and ``_clear_losses()``.
"""
import tinytf as tf
from tinytf import nest
from tinytf.keras.engine.call_context import add_note, call_context
from tinytf.keras.engine.keras_tensor import KerasTensor, as_tuple_shapes
from tinytf.keras.engine.node import Node


class Operation:
    """Symbolic calls, shape inference and the graph attributes of a layer."""

    def __init__(self):
        self._inbound_nodes = []  # this layer's calls on symbolic tensors, in order (a node's index is its place)
        self._outbound_nodes = []  # the later calls that consume its outputs

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
            outer_stack = call_context.training_stack
            call_context.training_stack = []  # the dummy call is a call of its own, outside any training
            try:
                results.append(self(concrete_inputs, *concrete_args, **concrete_kwargs))
            except Exception as err:
                add_note(err, f"(tinytf infers the output shape of layer '{self.name}' by calling it on zeros "
                               f"shaped like its symbolic inputs: {as_tuple_shapes(inputs)})")
                raise
            finally:
                call_context.training_stack = outer_stack
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
