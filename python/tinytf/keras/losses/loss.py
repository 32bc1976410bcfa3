"""``keras.losses.Loss``, the base of every loss, and Keras's rule for weighting and reducing losses.

A loss object is called as ``loss(y_true, y_pred, sample_weight=None)``:

1. both arguments become tensors of the loss's dtype (float32 unless ``dtype=`` says otherwise),
   so integer labels are cast;
2. ``call(y_true, y_pred)`` (what a subclass writes) gives one loss per sample, or per element;
3. ``sample_weight``, if any, multiplies them (its rank is matched to theirs first: a trailing axis
   of size 1 is squeezed or added);
4. the reduction: ``"sum_over_batch_size"`` (the default) is the sum of the weighted losses divided
   by their number of elements (not by the sum of the weights), ``"sum"`` the plain sum,
   ``"none"``/``None`` keeps them as they are; ``"mean"`` is ``"sum_over_batch_size"`` and
   ``"mean_with_sample_weight"`` divides by the sum of the weights instead.

A loss function may mark some of its values as not counting (sparse categorical crossentropy's
``ignore_class``) with a mask on its result (``values._keras_mask``): masked values get weight 0, and
"sum_over_batch_size" then divides by the number of values that count.

The helpers below serve the loss functions and the metrics (keras/metrics/) alike: ``as_tensor``,
``squeeze_or_expand_to_same_rank``, ``targets_and_predictions``, ``divide_no_nan``, ``apply_mask``.
"""
import inspect
import math

import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export

REDUCTIONS = ("sum_over_batch_size", "sum", "none", None, "mean", "mean_with_sample_weight")


@keras_export("keras.losses.Loss", "keras.Loss")
class Loss:
    """The base class of losses: subclasses implement ``call(y_true, y_pred)``.

        class CustomMSE(keras.losses.Loss):
            def __init__(self, regularization_factor=0.1, name="custom_mse"):
                super().__init__(name=name)
                self.regularization_factor = regularization_factor

            def call(self, y_true, y_pred):
                mse = tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)
                reg = tf.reduce_mean(tf.square(0.5 - y_pred), axis=-1)
                return mse + reg * self.regularization_factor
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or backend.unique_object_name(backend.to_snake_case(type(self).__name__))
        self.reduction = standardize_reduction(reduction)
        self._dtype = tf.as_dtype(dtype or backend.floatx()).name

    @property
    def dtype(self):
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        y_pred = structure_as_tensors(y_pred, self._dtype)
        y_true = structure_as_tensors(y_true, self._dtype)
        losses = self.call(y_true, y_pred)
        return reduce_weighted_values(losses, sample_weight=sample_weight, mask=getattr(losses, "_keras_mask", None),
                                      reduction=self.reduction, dtype=self._dtype)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__} must define call(y_true, y_pred), returning the loss of "
                                  "each sample")

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


@keras_export("keras.losses.LossFunctionWrapper")
class LossFunctionWrapper(Loss):
    """A loss object around a loss function ``fn(y_true, y_pred, **kwargs)``; the built-in classes are these.

    Before calling ``fn`` it matches the ranks of y_true and y_pred (``(n,)`` labels against ``(n, 1)``
    predictions become ``(n, 1)``), as Keras does."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {**super().get_config(), **function_config(self.fn, self._fn_kwargs)}

    @classmethod
    def from_config(cls, config):
        return cls(**deserialize_function_config(config))


def function_config(fn, fn_kwargs):
    """The config entries of an object wrapping a function (LossFunctionWrapper, MeanMetricWrapper): the
    function, serialized, and the keyword arguments it is called with."""
    return {"fn": serialization_lib.serialize_keras_object(fn), **serialization_lib.serialize_keras_object(fn_kwargs)}


def deserialize_function_config(config):
    return serialization_lib.deserialize_keras_object(config) if "fn" in config else config


def get_from_identifier(identifier, kind, table, deserialize):
    """Keras's ``get``: a string id (looked up in ``table``; a class gives a new instance), a config dict,
    an object, a class, or a function. Unknown ids raise a ValueError that lists the valid ones."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = table.get(identifier)
        if obj is None:
            raise ValueError(f"Could not interpret {kind} identifier: {identifier!r}. Valid string ids: "
                             f"{', '.join(sorted(table, key=str.lower))}")
    else:
        obj = identifier
    if not callable(obj):
        raise ValueError(f"Could not interpret {kind} identifier: {identifier!r} (expected a string id, a config "
                         f"dict, a {kind} object or a function (y_true, y_pred) -> values)")
    return obj() if inspect.isclass(obj) else obj


def standardize_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"Invalid value for argument `reduction`. Expected one of {list(REDUCTIONS)}. "
                         f"Received: reduction={reduction!r}")
    return reduction


# ---------------------------------------------------------------- tensors and shapes
def as_tensor(x, dtype=None):
    """``x`` as a tensor, cast to ``dtype`` if it has another one.

    A tensor that already has the dtype is returned itself, so what a softmax or sigmoid activation
    attached to it (``_keras_logits``, see probabilistic.py) is kept."""
    tensor = tf.convert_to_tensor(x)
    if dtype is not None and tensor.dtype is not tf.as_dtype(dtype):
        tensor = tf.cast(tensor, dtype)
    return tensor


def structure_as_tensors(x, dtype):
    """A dict's values as tensors (a loss may take dicts); anything else (a nested list too) is one tensor."""
    if isinstance(x, dict):
        return {key: structure_as_tensors(value, dtype) for key, value in x.items()}
    return as_tensor(x, dtype)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Keras's rank matching: if the ranks differ by one and the longer shape ends in 1, that axis
    goes (or, when the shorter one is 1-D and ``expand_rank_1``, the shorter one gains it)."""
    rank1, rank2 = x1.ndim, x2.ndim
    if rank1 == rank2:
        return x1, x2
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = tf.expand_dims(x2, -1)
        else:
            x1 = tf.squeeze(x1, -1)
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = tf.expand_dims(x1, -1)
        else:
            x2 = tf.squeeze(x2, -1)
    return x1, x2


def broadcastable(shape_a, shape_b):
    """Whether two (fully known) shapes broadcast together."""
    return all(a == b or a == 1 or b == 1 for a, b in zip(reversed(list(shape_a)), reversed(list(shape_b))))


def check_broadcastable(fn_name, y_true, y_pred):
    """A ValueError naming the loss or metric and both shapes, unless y_true and y_pred broadcast together."""
    if not broadcastable(y_true.shape, y_pred.shape):
        raise ValueError(f"{fn_name}: y_true and y_pred have incompatible shapes: y_true.shape={tuple(y_true.shape)}, "
                         f"y_pred.shape={tuple(y_pred.shape)}. They must be equal (or broadcast): the targets need "
                         "one value per model output.")


def targets_and_predictions(fn_name, y_true, y_pred):
    """The first lines of most loss functions: both as tensors (y_true cast to y_pred's dtype), ranks
    matched (``squeeze_or_expand_to_same_rank``), and shapes checked (a ValueError naming ``fn_name``)."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_broadcastable(fn_name, y_true, y_pred)
    return y_true, y_pred


def divide_no_nan(x, y):
    """x / y, and 0 where y is 0 (the gradient stays finite there too)."""
    if isinstance(y, (int, float)):  # a count known on the host: no selection needed
        return x / y if y else tf.zeros_like(x)
    return tf.math.divide_no_nan(x, y)


# ---------------------------------------------------------------- weighting and reducing
def reduce_weighted_values(values, sample_weight=None, mask=None, reduction="sum_over_batch_size", dtype=None):
    """Steps 3 and 4 of a loss call: weight the per-sample losses, then reduce them."""
    reduction = standardize_reduction(reduction)
    values = as_tensor(values, dtype)
    if sample_weight is not None:
        sample_weight = as_tensor(sample_weight, values.dtype)
    sample_weight = apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        check_weights(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def check_weights(values, sample_weight):
    if not broadcastable(values.shape, sample_weight.shape):
        raise ValueError(f"sample_weight of shape {tuple(sample_weight.shape)} does not match the losses of shape "
                         f"{tuple(values.shape)}: give one weight per sample (shape (batch_size,)) or per loss value.")


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    shape = tuple(values.shape)
    if reduction in (None, "none") or shape == () or shape == (0,):
        return values
    loss = tf.reduce_sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        return divide_no_nan(loss, tf.reduce_sum(sample_weight))
    return divide_no_nan(loss, math.prod(shape))


def apply_mask(sample_weight, mask, dtype, reduction):
    """The sample weights with a mask's zeros applied. For the mean reductions the values that count
    are scaled by total/valid, so that dividing by the number of elements divides by the valid ones."""
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        valid = tf.reduce_sum(tf.cast(mask, dtype))
        scale = divide_no_nan(tf.constant(float(mask.shape.num_elements()), dtype=dtype), valid)
        float_mask = tf.where(tf.cast(mask, "bool"), scale, tf.zeros_like(scale))
    else:
        float_mask = tf.cast(mask, dtype)
    if sample_weight is None:
        return float_mask
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, as_tensor(sample_weight, dtype))
    return sample_weight * float_mask
