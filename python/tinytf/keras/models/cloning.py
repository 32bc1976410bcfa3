"""``keras.models.clone_model``: the same architecture with new layers (new, freshly initialised weights).

    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())     # if the clone should start where the model is

As in Keras 3: each layer is rebuilt from its config (``clone_function`` may do something else,
e.g. return the layer itself to share it); a Sequential model becomes a new Sequential of the
clones, a functional model is rebuilt by replaying its graph on new Inputs (or on
``input_tensors``), and a subclassed model is rebuilt from its own config.
"""
from tinytf import nest
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.layers.input_layer import Input, InputLayer
from tinytf.keras.models.functional import Functional
from tinytf.keras.models.sequential import Sequential
from tinytf.keras.saving import serialization_lib


def clone_model(model, input_tensors=None, clone_function=None, call_function=None, recursive=False, **kwargs):
    """A new model of the same class and architecture, with new layers (weights are not copied).

    ``clone_function(layer)`` makes each new layer (default: ``layer.__class__.from_config(layer.get_config())``);
    ``input_tensors`` (functional and Sequential models) are the new model's inputs."""
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s) for clone_model: {sorted(kwargs)}")
    if call_function is not None:
        raise ValueError("clone_model(call_function=...) is not supported by tinytf: pass a `clone_function` "
                         "instead, or rebuild the functional model yourself from its layers.")
    clone_function = clone_function or _clone_layer
    if recursive:  # nested Sequential/functional models are cloned layer by layer too
        outer = clone_function

        def clone_function(layer):
            if isinstance(layer, (Sequential, Functional)):
                return clone_model(layer, clone_function=outer, recursive=True)
            return outer(layer)

    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_function)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone_function)
    if input_tensors is not None or clone_function is not _clone_layer:
        raise ValueError(f"Arguments `clone_function` and `input_tensors` are only supported for Sequential models "
                         f"or Functional models. Received model of type '{type(model).__name__}'.")
    config = serialization_lib.serialize_keras_object(model)
    return serialization_lib.deserialize_keras_object(config)


def _clone_layer(layer):
    return layer.__class__.from_config(layer.get_config())


def _clone_sequential(model, input_tensors, clone_function):
    layers = [clone_function(layer) for layer in model.layers]
    first = model._stack[0] if model._stack and isinstance(model._stack[0], InputLayer) else None
    if input_tensors is not None:
        inputs = nest.flatten(input_tensors)
        if len(inputs) != 1:
            raise ValueError(f"To clone a Sequential model, pass one input tensor. Received: {input_tensors}")
        layers = [inputs[0]] + layers
    elif first is not None:
        layers = [Input(batch_shape=first.batch_shape, dtype=first.dtype, name=first.name)] + layers
    clone = Sequential(layers, name=model.name, trainable=model.trainable)
    if not clone.built and model.built and model._build_input_shape is not None:
        clone.build(model._build_input_shape)
    return clone


def _clone_functional(model, input_tensors, clone_function):
    """Replays the graph of ``model`` node by node on new inputs, with each layer replaced by its clone."""
    if input_tensors is not None:
        new_inputs = nest.flatten(input_tensors)
        if len(new_inputs) != len(model.inputs):
            raise ValueError(f"The model has {len(model.inputs)} inputs; {len(new_inputs)} input tensors were given.")
    else:
        new_inputs = [Input(batch_shape=tuple(t.shape), dtype=t.dtype, name=t._keras_history.layer.name)
                      for t in model.inputs]
    new_tensor = {id(old): new for old, new in zip(model.inputs, new_inputs)}
    clones = {}

    def lookup(x):
        return new_tensor[id(x)] if isinstance(x, KerasTensor) else x

    for node in model._graph_nodes:
        if node.is_input:
            continue
        layer = node.layer
        if id(layer) not in clones:
            clones[id(layer)] = clone_function(layer)
        outputs = clones[id(layer)](*nest.map_structure(lookup, node.call_args),
                                    **nest.map_structure(lookup, node.call_kwargs))
        for old, new in zip(nest.flatten(node.output_structure), nest.flatten(outputs)):
            if isinstance(old, KerasTensor):
                new_tensor[id(old)] = new
    inputs = nest.pack_sequence_as(model._input_structure, new_inputs) if isinstance(
        model._input_structure, (list, tuple, dict)) else new_inputs[0]
    outputs = nest.map_structure(lookup, model._output_structure)
    return Functional(inputs, outputs, name=model.name, trainable=model.trainable)
