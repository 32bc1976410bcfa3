"""What a batch of training data is: ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``.

``keras.utils.unpack_x_y_sample_weight`` is what a custom ``train_step`` uses to accept all of them:

    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)

(The trainer's data adapters, keras/trainers/data_adapters/, make batches with ``pack_x_y_sample_weight``.)
"""
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.utils.unpack_x_y_sample_weight")
def unpack_x_y_sample_weight(data):
    """``(x, y, sample_weight)`` from a batch ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``
    (None for what the batch lacks)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, found a "
                     f"tuple of {len(data)} elements: {describe(data)}")


@keras_export("keras.utils.pack_x_y_sample_weight")
def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch for ``x``, ``y`` and ``sample_weight`` (the inverse of ``unpack_x_y_sample_weight``):
    ``x`` alone (a tuple ``x`` as ``(x,)``), ``(x, y)`` or ``(x, y, sample_weight)``."""
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return x, y
    return x, y, sample_weight


def describe(data):
    """A short picture of a batch for error messages: each array or tensor by type and shape."""
    if isinstance(data, (list, tuple)):
        return type(data)(describe(v) for v in data)
    if isinstance(data, dict):
        return {k: describe(v) for k, v in data.items()}
    if data is None:
        return "None"
    shape = getattr(data, "shape", None)
    return f"{type(data).__name__}(shape={tuple(shape)})" if shape is not None else type(data).__name__
