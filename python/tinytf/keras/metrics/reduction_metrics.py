"""Metrics that reduce values: Sum, Mean (a running weighted mean), MeanMetricWrapper (the running
mean of a function of (y_true, y_pred): most metrics are one, BuiltinMeanMetric) and tf.keras 2's MeanTensor.

How a batch counts (Keras's rule, ``reduce_to_samplewise_values``): values of shape (batch, ...) are
first reduced to one value per sample (per weighted entry, when sample_weight has more axes); each is
multiplied by its weight; ``Mean`` adds their sum to ``total`` and the sum of the weights (or the
number of samples) to ``count``; its result is total / count (0 while count is 0).
"""
import tinytf as tf
from tinytf.keras.losses import loss as loss_lib
from tinytf.keras.losses.loss import as_tensor, divide_no_nan, squeeze_or_expand_to_same_rank
from tinytf.keras.metrics.metric import Metric
from tinytf.keras.saving.object_registration import keras_export


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """(weighted values reduced to one per sample, the weights reduced alike)."""
    values = as_tensor(values, dtype)
    mask = getattr(values, "_keras_mask", None)
    if sample_weight is not None:
        sample_weight = as_tensor(sample_weight, dtype)
        if mask is not None:
            sample_weight = loss_lib.apply_mask(sample_weight, mask, dtype=dtype, reduction="sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = sample_weight.ndim, values.ndim
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=list(range(weight_ndim, values_ndim)))
        loss_lib.check_weights(values, sample_weight)
        # Broadcasting the weights changes nothing in the product, but it makes their sum count each value.
        sample_weight = tf.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=list(range(1, weight_ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=list(range(1, values.ndim)))
    return values, sample_weight


@keras_export("keras.metrics.Sum")
class Sum(Metric):
    """The (weighted) sum of every value seen."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, tf.reduce_sum, self.dtype)
        self.total.assign_add(tf.reduce_sum(values))

    def result(self):
        return tf.identity(self.total)


@keras_export("keras.metrics.Mean")
class Mean(Metric):
    """The (weighted) mean of every value seen: ``keras.metrics.Mean(name="loss")`` tracks a running loss."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="count")

    def update_state(self, values, sample_weight=None):
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, tf.reduce_mean, self.dtype)
        self.total.assign_add(tf.reduce_sum(values))
        if sample_weight is not None:
            self.count.assign_add(tf.reduce_sum(sample_weight))
        else:  # the number of samples, known on the host
            self.count.assign_add(values.shape[0] if values.ndim >= 1 else 1)

    def result(self):
        return divide_no_nan(self.total, self.count)


@keras_export("keras.metrics.MeanMetricWrapper")
class MeanMetricWrapper(Mean):
    """The running mean of ``fn(y_true, y_pred, **kwargs)``: ``MeanMetricWrapper(fn=my_accuracy)`` makes a
    metric of any function that returns one value per sample."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        mask = getattr(values, "_keras_mask", None)
        sample_weight = loss_lib.apply_mask(sample_weight, mask, dtype=self.dtype, reduction="sum")
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        return {**super().get_config(), **loss_lib.function_config(self._fn, self._fn_kwargs)}

    @classmethod
    def from_config(cls, config):
        return cls(**loss_lib.deserialize_function_config(config))


class BuiltinMeanMetric(MeanMetricWrapper):
    """A built-in metric that is the running mean of a function (BinaryAccuracy, MeanSquaredError...): the
    function comes with the class, so the config holds only the constructor's arguments."""

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@keras_export("keras.metrics.MeanTensor")
class MeanTensor(Metric):
    """tf.keras 2's element-wise running mean of same-shaped tensors (Keras 3 dropped it). Its state
    takes the shape of the first values (or ``shape=``); weights broadcast against the values."""

    def __init__(self, name="mean_tensor", dtype=None, shape=None):
        super().__init__(name=name, dtype=dtype)
        self._shape = None
        self.total = self.count = None
        if shape is not None:
            self._build(shape)

    def _build(self, shape):
        self._shape = tuple(shape)
        self.total = self.add_variable(shape=self._shape, initializer="zeros", name="total")
        self.count = self.add_variable(shape=self._shape, initializer="zeros", name="count")

    def update_state(self, values, sample_weight=None):
        values = as_tensor(values, self.dtype)
        if self._shape is None:
            self._build(values.shape)
        elif tuple(values.shape) != self._shape:
            raise ValueError(f"MeanTensor input values must always have the same shape. Expected shape (set during "
                             f"the first call): {self._shape}. Got: {tuple(values.shape)}.")
        num_values = tf.ones_like(values)
        if sample_weight is not None:
            sample_weight = as_tensor(sample_weight, self.dtype)
            values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
            loss_lib.check_weights(values, sample_weight)
            num_values = num_values * sample_weight
            values = values * sample_weight
        self.total.assign_add(values)
        self.count.assign_add(num_values)

    def result(self):
        if self._shape is None:
            raise ValueError("MeanTensor does not have any value yet. Please call the MeanTensor instance or use "
                             "`.update_state(value)` before retrieving the result.")
        return divide_no_nan(self.total, self.count)

    def reset_state(self):
        if self._shape is not None:
            super().reset_state()
