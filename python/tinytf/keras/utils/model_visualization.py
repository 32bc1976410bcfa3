"""``keras.utils.plot_model``: draws the layer graph with Graphviz's ``dot`` program.

``model_to_dot`` writes the graph in the DOT language (one box per layer,
one arrow per connection); ``plot_model`` hands that text to ``dot``, which
renders it to PNG, SVG, PDF or JPEG by the file's extension. Install
Graphviz with ``apt-get install graphviz`` (Debian/Ubuntu), ``brew install
graphviz`` (macOS) or ``conda install graphviz``; no Python package is needed.
"""
import os
import shutil
import subprocess

from tinytf.keras.engine.keras_tensor import as_tuple_shapes
from tinytf.keras.layers.input_layer import InputLayer

_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif",
            ".dot": "dot"}


def _quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _record_escape(text):
    for ch in "{}|<>":
        text = text.replace(ch, "\\" + ch)
    return text


def _shapes(structure):
    shapes = as_tuple_shapes(structure)
    return str(shapes if isinstance(shapes, list) else [shapes])


def _graph_layers(model):
    if hasattr(model, "_graph_layers"):
        return list(model._graph_layers)
    graph = getattr(model, "_graph", None)
    if isinstance(graph, dict):  # Sequential: show its input too
        return [graph["inputs"][0]._keras_history.layer] + model.layers
    return model.layers


def _nodes_of(model, layer):
    if hasattr(model, "_nodes_of"):
        return model._nodes_of(layer)
    if isinstance(layer, InputLayer):
        return layer._inbound_nodes[:1]
    return []


def model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True, rankdir="TB",
                 expand_nested=False, dpi=96, show_layer_activations=False, show_trainable=False, **kwargs):
    """The model's layer graph as DOT source text."""
    layers = _graph_layers(model)
    ids = {id(layer): f"layer_{i}" for i, layer in enumerate(layers)}
    lines = [f"digraph {_quote(model.name)} {{", f"  graph [rankdir={rankdir}, dpi={int(dpi)}];",
             '  node [shape=record, fontname="Helvetica"];']
    for layer in layers:
        label = f"{layer.name}: {type(layer).__name__}" if show_layer_names else type(layer).__name__
        if show_layer_activations and hasattr(layer, "activation"):
            label += f"({getattr(layer.activation, '__name__', layer.activation)})"
        label = _record_escape(label)
        if show_dtype:
            label += "|" + _record_escape(layer.dtype)
        if show_shapes:
            nodes = _nodes_of(model, layer)
            if nodes:
                node = nodes[0]
                inputs = _shapes(node.call_args[0]) if not node.is_input else _shapes(node.output_structure)
                outputs = _shapes(node.output_structure)
            else:
                inputs = outputs = "multiple"
            label += "|{input:|output:}|{{" + _record_escape(inputs) + "}|{" + _record_escape(outputs) + "}}"
        if show_trainable:
            label += "|" + ("Trainable" if layer.trainable else "Frozen")
        lines.append(f"  {ids[id(layer)]} [label={_quote(label)}];")
    for layer in layers:
        for node in _nodes_of(model, layer):
            for tensor in node.input_tensors:
                source = tensor._keras_history.layer
                if id(source) in ids:
                    lines.append(f"  {ids[id(source)]} -> {ids[id(layer)]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False, show_layer_names=True, rankdir="TB",
               expand_nested=False, dpi=96, layer_range=None, show_layer_activations=False, show_trainable=False,
               **kwargs):
    """Draws the model's layers and their connections into ``to_file`` (.png, .svg, .pdf, .jpg or .dot)."""
    if not model.built:
        raise ValueError("This model has not yet been built. Build the model first by calling `build()` or by "
                         "calling the model on a batch of data.")
    source = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype, show_layer_names=show_layer_names,
                          rankdir=rankdir, expand_nested=expand_nested, dpi=dpi,
                          show_layer_activations=show_layer_activations, show_trainable=show_trainable)
    extension = os.path.splitext(str(to_file))[1].lower()
    fmt = _FORMATS.get(extension, "png")
    if fmt == "dot":
        with open(to_file, "w") as f:
            f.write(source)
        return None
    dot = shutil.which("dot")
    if dot is None:
        raise ImportError(
            "plot_model needs Graphviz's `dot` program, which was not found on PATH. Install Graphviz "
            "(`apt-get install graphviz` on Debian/Ubuntu, `brew install graphviz` on macOS, "
            "`conda install graphviz`), or save the graph as text with to_file='model.dot'.")
    result = subprocess.run([dot, f"-T{fmt}", "-o", str(to_file)], input=source.encode(), capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"Graphviz dot failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
    try:  # in a notebook, show the picture, as Keras does
        from IPython import get_ipython
        if fmt in ("png", "jpg") and get_ipython() is not None:
            from IPython.display import Image
            return Image(filename=to_file)
    except ImportError:
        pass
    return None


