"""``keras.Input`` and ``InputLayer``: where a functional model's graph starts.

``keras.Input(shape=(3,))`` creates an InputLayer and returns its output, a
KerasTensor of shape (None, 3): the batch axis is unknown until data comes.
"""
from tinytf.keras import backend
from tinytf.keras.engine.keras_tensor import KerasTensor
from tinytf.keras.engine.node import Node
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.layers.InputLayer")
class InputLayer(Layer):
    """The layer behind ``keras.Input``: no weights, one symbolic output."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None, sparse=None, name=None,
                 ragged=None, type_spec=None, batch_shape=None, shape=None, batch_input_shape=None, optional=False,
                 **kwargs):
        if optional:
            raise ValueError("keras.Input(optional=True) is not supported: tinytf models need a value for every input")
        if sparse or ragged:
            raise ValueError("keras.Input(sparse=True) and ragged=True are not supported: tinytf has no sparse or "
                             "ragged tensors; pass dense arrays (pad sequences to one length)")
        if shape is None:
            shape = input_shape
        batch_shape = batch_shape if batch_shape is not None else batch_input_shape
        if batch_shape is not None:
            batch_shape = tuple(batch_shape)
        elif shape is not None:
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_shape = (batch_size,) + shape
        elif input_tensor is not None:
            batch_shape = tuple(input_tensor.shape)
        else:
            raise ValueError("You must pass a `shape` argument to keras.Input / InputLayer, e.g. shape=(3,) "
                             "for batches of vectors of 3 features.")
        if dtype is None:
            dtype = input_tensor.dtype if input_tensor is not None else backend.floatx()
        if not name:
            name = f"input_{backend.get_uid('input')}"
        super().__init__(name=name, dtype=dtype, **kwargs)
        self.batch_shape = batch_shape
        self._batch_input_shape = batch_shape
        self.built = True
        if input_tensor is not None and not isinstance(input_tensor, KerasTensor):
            raise TypeError("InputLayer's input_tensor must be a symbolic tensor (keras.Input)")
        output = input_tensor if input_tensor is not None else KerasTensor(batch_shape, dtype, name=name)
        Node(self, (), {}, output)
        self._output_tensor = output

    def call(self, inputs):
        return inputs

    def get_config(self):
        return {"batch_shape": self.batch_shape, "dtype": self.dtype, "sparse": False, "ragged": False,
                "name": self.name, "optional": False}


def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=None, tensor=None, ragged=None, type_spec=None,
          batch_shape=None, **kwargs):
    """A symbolic input tensor: ``keras.Input(shape=(3,))`` has shape (None, 3).

    ``shape`` excludes the batch axis; None entries are sizes known only at run time
    (``keras.Input(shape=(None,), dtype="int64")`` for sequences of any length)."""
    if shape is None and batch_shape is None and tensor is None and "batch_input_shape" not in kwargs:
        raise ValueError("Please provide to Input a `shape` or a `tensor` or a `type_spec` argument. "
                         "Note that `shape` does not include the batch dimension.")
    layer = InputLayer(input_shape=shape, batch_size=batch_size, dtype=dtype, input_tensor=tensor, sparse=sparse,
                       name=name, ragged=ragged, batch_shape=batch_shape, **kwargs)
    return layer._output_tensor


