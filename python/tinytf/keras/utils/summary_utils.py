"""``model.summary()``: the classic tf.keras table.

    Model: "sequential"
    _________________________________________________________________
     Layer (type)                Output Shape              Param #
    =================================================================
     dense (Dense)               (None, 64)                256
    ...
    Total params: 906 (3.54 KB)

A chain of layers gets three columns (65 characters wide); a functional
model with branches or several inputs gets a fourth, "Connected to",
naming each input as ``layer[node_index][tensor_index]`` (98 wide). Cells
too long for their column wrap onto the next lines, preferably after
"),", "},", "]," or "',". The layout follows tf.keras 2's
``layer_utils.print_summary`` so the text matches the textbooks.
"""
import numpy as np

from tinytf.keras.engine.keras_tensor import as_tuple_shapes
from tinytf.keras.layers.input_layer import InputLayer


def count_params(weights):
    unique = {id(w): w for w in weights}.values()
    return int(sum(int(np.prod(w.shape.as_list())) for w in unique))


def weight_memory_size(weights):
    unique = {id(w): w for w in weights}.values()
    return int(sum(int(np.prod(w.shape.as_list())) * w.dtype.size for w in unique))


def readable_memory_size(size):
    """906 * 4 bytes -> '3.54 KB'."""
    units = ["Byte", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {units[-1]}"


def _nodes(model, layer):
    if hasattr(model, "_nodes_of"):
        return model._nodes_of(layer)
    return []


def _output_shape(model, layer):
    """The output shape of `layer` in `model`'s graph, '[(None, 3)]' for inputs, 'multiple' when unknown."""
    nodes = _nodes(model, layer)
    if not nodes:
        return "multiple"
    shapes = [as_tuple_shapes(node.output_structure) for node in nodes]
    if any(s != shapes[0] for s in shapes):
        return "multiple"
    if isinstance(layer, InputLayer):
        return [shapes[0]]
    return shapes[0]


def _is_sequential_like(model):
    if not hasattr(model, "_graph_nodes"):  # only a functional model can branch
        return True
    depths = {}
    for node in model._graph_nodes:
        depths.setdefault(_depth_key(model, node), []).append(node)
    for nodes in depths.values():
        if len(nodes) > 1 or (len(nodes) == 1 and len(nodes[0].input_tensors) > 1):
            return False
    for layer in model.layers:  # a shared layer makes it a graph
        if len(_nodes(model, layer)) > 1:
            return False
    return True


def _depth_key(model, node):
    """Depth of a node: its distance (in calls) from the furthest output."""
    cache = model.__dict__.setdefault("_summary_depths", {})
    if not cache:
        for n in reversed(model._graph_nodes):
            depth = cache.setdefault(id(n), 0)
            for parent in n.parent_nodes:
                cache[id(parent)] = max(cache.get(id(parent), 0), depth + 1)
    return cache.get(id(node), 0)


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Prints the table; ``print_fn`` receives each line (default: print)."""
    if print_fn is None:
        print_fn = print
    model.__dict__.pop("_summary_depths", None)
    sequential_like = _is_sequential_like(model)
    if sequential_like:
        line_length = line_length or 65
        positions = positions or [0.45, 0.85, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [0.3, 0.6, 0.70, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    positions = list(positions)
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    if show_trainable:
        line_length += 11
        positions.append(line_length)
        headers.append("Trainable")

    def print_row(fields, nested_level=0):
        left = [str(x) for x in fields]
        while any(left):
            line = ""
            for col in range(len(left)):
                start = positions[col - 1] if col > 0 else 0
                end = positions[col]
                space = 2 if col != len(positions) - 1 else 0  # two spaces between columns
                cutoff = end - start - space
                if col != len(positions) - 1:
                    cutoff -= 1  # every column but the last starts one space in
                if col == 0:
                    cutoff -= nested_level
                fits = left[col][:cutoff]
                breaks = [fits.find(b) + len(b) for b in ("),", "},", "],", "',") if fits.find(b) >= 0]
                if breaks:  # wrap after the end of a tuple, dict, list or quoted name
                    cutoff = min(breaks)
                    fits = fits[:cutoff]
                if col == 0:
                    line += "|" * nested_level + " "
                line += fits
                line += " " * space if space else ""
                left[col] = left[col][cutoff:]
                if nested_level and col == len(positions) - 1:
                    line += " " * (positions[col] - len(line) - nested_level)
                else:
                    line += " " * (positions[col] - len(line))
            line += "|" * nested_level
            print_fn(line)

    def connections(layer):
        result = []
        for node in _nodes(model, layer):
            for inbound_layer, node_index, tensor_index in node.iterate_inbound():
                result.append(f"{inbound_layer.name}[{node_index}][{tensor_index}]")
        return result

    def params(layer):
        if not layer.built and not hasattr(layer, "_graph_nodes"):
            return "0 (unused)"
        return layer.count_params()

    def print_layer(layer, nested_level=0, is_last=False):
        fields = [f"{layer.name} ({type(layer).__name__})", _output_shape(model, layer), params(layer)]
        if not sequential_like:
            fields.append(connections(layer))
        if show_trainable:
            fields.append("Y" if layer.trainable else "N")
        print_row(fields, nested_level)
        if expand_nested and getattr(layer, "layers", None):
            print_fn("|" * (nested_level + 1) + "\u00af" * (line_length - 2 * nested_level - 2) + "|" * (nested_level + 1))
            inner = layer.layers
            for i, sub in enumerate(inner):
                print_layer(sub, nested_level + 1, i == len(inner) - 1)
            print_fn("|" * nested_level + "\u00af" * (line_length - 2 * nested_level) + "|" * nested_level)
        if not is_last:
            print_fn("|" * nested_level + " " * (line_length - 2 * nested_level) + "|" * nested_level)

    layers = model.layers
    if layer_range is not None:
        names = [layer.name for layer in layers]
        start = names.index(layer_range[0])
        end = len(names) - 1 - names[::-1].index(layer_range[1])
        layers = layers[start:end + 1]

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    print_row(headers)
    print_fn("=" * line_length)
    for layer in layers:
        print_layer(layer)
    print_fn("=" * line_length)
    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    trainable_count, non_trainable_count = count_params(trainable), count_params(non_trainable)
    trainable_size, non_trainable_size = weight_memory_size(trainable), weight_memory_size(non_trainable)
    print_fn(f"Total params: {trainable_count + non_trainable_count} "
             f"({readable_memory_size(trainable_size + non_trainable_size)})")
    print_fn(f"Trainable params: {trainable_count} ({readable_memory_size(trainable_size)})")
    print_fn(f"Non-trainable params: {non_trainable_count} ({readable_memory_size(non_trainable_size)})")
    print_fn("_" * line_length)


