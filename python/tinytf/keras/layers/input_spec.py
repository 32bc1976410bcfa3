"""``keras.layers.InputSpec``: what a layer accepts as its first input, checked before each call.

A layer sets ``self.input_spec`` (one InputSpec, or a list with one per input) and ``Layer.__call__``
checks the inputs against it before building or calling, so a wrong input gets an error that names
the layer instead of a failure deep inside an op. Dense, as in Keras:

    self.input_spec = InputSpec(min_ndim=2)                          # in __init__
    self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})    # in build, once the size is known

``None`` in a shape or in ``axes`` accepts any size. The messages are tf.keras 2's.
"""
import numpy as np

import tinytf as tf
from tinytf import nest
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.InputSpec", "keras.layers.InputSpec")
class InputSpec:
    """The rank, sizes (and dtype) a layer's input must have."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = None if dtype is None else str(getattr(dtype, "name", dtype))
        self.shape = None if shape is None else tuple(None if d is None else int(d) for d in shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.optional = optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        try:
            self.axes = {int(axis): size for axis, size in (axes or {}).items()}
        except (TypeError, ValueError, AttributeError):
            raise TypeError(f"Argument `axes` must be a dict with integer keys. Received: axes={axes}") from None

    def __repr__(self):
        fields = [f"{key}={value}" for key, value in (("dtype", self.dtype), ("shape", self.shape),
                                                      ("ndim", self.ndim), ("max_ndim", self.max_ndim),
                                                      ("min_ndim", self.min_ndim), ("axes", self.axes)) if value]
        return f"InputSpec({', '.join(fields)})"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
                "min_ndim": self.min_ndim, "axes": self.axes, "optional": self.optional}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises ValueError naming the layer when ``inputs`` do not satisfy ``input_spec`` (None: anything goes)."""
    if not input_spec:
        return
    if isinstance(input_spec, InputSpec) and isinstance(inputs, tf.Tensor):  # one tensor, one spec: every batch
        _check(input_spec, 0, inputs._shape, inputs.dtype.name if input_spec.dtype is not None else None, layer_name)
        return
    specs = nest.flatten(input_spec)
    values = nest.flatten(inputs)
    if len(values) != len(specs):
        raise ValueError(f'Layer "{layer_name}" expects {len(specs)} input(s), but it received {len(values)} input '
                         f"tensors. Inputs received: {values}")
    for index, (x, spec) in enumerate(zip(values, specs)):
        if spec is None or (x is None and spec.optional):
            continue
        if not hasattr(x, "shape") and not isinstance(x, (list, tuple, int, float, bool)):
            raise ValueError(f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as input for "
                             f"layer '{layer_name}'.")
        shape = tuple(x.shape) if hasattr(x, "shape") else np.shape(x)
        dtype = getattr(x, "dtype", None)
        _check(spec, index, shape, None if dtype is None else str(getattr(dtype, "name", dtype)), layer_name)


def _check(spec, index, shape, dtype, layer_name):
    def fail(expected, found):
        raise ValueError(f'Input {index} of layer "{layer_name}" is incompatible with the layer: expected {expected}, '
                         f"{found}")

    ndim = len(shape)
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        fail(f"ndim={spec.ndim}", f"found ndim={ndim}. Full shape received: {shape}")
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        fail(f"max_ndim={spec.max_ndim}", f"found ndim={ndim}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        fail(f"min_ndim={spec.min_ndim}", f"found ndim={ndim}. Full shape received: {shape}")
    if spec.dtype is not None and dtype is not None and dtype != spec.dtype:
        fail(f"dtype={spec.dtype}", f"found dtype={dtype}")
    for axis, size in spec.axes.items():
        if size is not None and -ndim <= axis < ndim and shape[axis] not in (size, None):
            fail(f"axis {axis} of input shape to have value {size}", f"but received input with shape {shape}")
    if spec.shape is not None:
        expected, found = spec.shape, shape
        if spec.allow_last_axis_squeeze:
            expected = expected[:-1] if expected and expected[-1] == 1 else expected
            found = found[:-1] if found and found[-1] == 1 else found
        if len(expected) != len(found) or any(e is not None and f is not None and e != f
                                              for e, f in zip(expected, found)):
            fail(f"shape={spec.shape}", f"found shape={shape}")
