"""What ``Layer.__call__`` keeps track of while layers call layers.

- ``training_stack``: the layer calls in progress on this thread, each with the ``training``
  value it resolved, so a layer called inside a model called with ``training=True`` (Dropout,
  BatchNormalization) runs in training mode without being told.
- ``call_signature(layer)``: what the layer's ``call`` accepts (a ``training`` argument? a
  ``mask``?), read once per class.
- ``add_layer_note``: an error raised inside ``call`` gets a note naming the layer and the
  shapes it was called on.
"""
import inspect
import threading

from tinytf import nest


class _CallContext(threading.local):
    def __init__(self):
        self.training_stack = []


call_context = _CallContext()


class CallSignature:
    """What ``call`` accepts, looked up once per class."""

    def __init__(self, call):
        params = list(inspect.signature(call).parameters.values())
        names = [p.name for p in params]
        self.has_training = "training" in names
        self.has_mask = "mask" in names
        self.training_default = None
        self.training_position = None  # index among the arguments after `inputs`
        if self.has_training:
            param = params[names.index("training")]
            if param.default is not inspect.Parameter.empty:
                self.training_default = param.default
            if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
                self.training_position = names.index("training") - 1


_signatures = {}


def call_signature(layer):
    cls = type(layer)
    if cls not in _signatures:
        _signatures[cls] = CallSignature(layer.call)
    return _signatures[cls]


def add_note(err, note):
    if hasattr(err, "add_note"):  # Python 3.11 and later
        err.add_note(note)


def add_layer_note(err, layer, inputs):
    """Notes on ``err`` which layer's call raised it, once (the innermost layer)."""
    if getattr(err, "_tinytf_layer_noted", False):
        return
    try:
        err._tinytf_layer_noted = True
    except AttributeError:
        pass
    shapes = nest.map_structure(lambda x: tuple(x.shape) if hasattr(x, "shape") else type(x).__name__, inputs)
    add_note(err, f"(raised in {type(layer).__name__}.call() of layer '{layer.name}', called on inputs of shape {shapes})")
