"""Accuracy metrics: how often the prediction is right, as a running (weighted) mean.

    accuracy                     y_pred == y_true exactly
    binary_accuracy              (y_pred > threshold) == y_true                     labels 0/1
    categorical_accuracy         argmax(y_pred) == argmax(y_true)                   one-hot labels
    sparse_categorical_accuracy  argmax(y_pred) == y_true                           integer labels, (n,) or (n, 1)
    top_k_categorical_accuracy   the true class among the k best scores (ties count in)
    sparse_top_k_categorical_accuracy   the same with integer labels

Each function gives 1.0 or 0.0 per sample; each class is a MeanMetricWrapper around its function.
"""
import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.losses.loss import as_tensor, targets_and_predictions
from tinytf.keras.metrics.reduction_metrics import BuiltinMeanMetric
from tinytf.keras.saving.object_registration import keras_export


def matches(condition):
    return tf.cast(condition, backend.floatx())


@keras_export("keras.metrics.accuracy")
def accuracy(y_true, y_pred):
    """1.0 where y_pred equals y_true exactly."""
    y_true, y_pred = targets_and_predictions("accuracy", y_true, y_pred)
    return matches(tf.equal(y_true, y_pred))


@keras_export("keras.metrics.binary_accuracy")
def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where (y_pred > threshold) equals the 0/1 label."""
    y_true, y_pred = targets_and_predictions("binary_accuracy", y_true, y_pred)  # (n,) labels vs (n, 1) outputs
    return matches(tf.equal(y_true, tf.cast(y_pred > threshold, y_true.dtype)))


def class_ids_match(fn_name, labels, y_pred):
    """1.0 where argmax(y_pred) equals the integer label; labels shaped like y_pred without its class axis,
    or with a trailing 1 (the result then keeps the labels' shape)."""
    labels_shape, pred_shape = tuple(labels.shape), tuple(y_pred.shape)
    ids_shape = labels_shape[:-1] if len(labels_shape) == len(pred_shape) and labels_shape[-1:] == (1,) else labels_shape
    if ids_shape != pred_shape[:-1]:
        raise ValueError(f"{fn_name}: y_true must hold one class id per sample, shaped like y_pred without its last "
                         f"(class) axis, got y_true.shape={labels_shape} and y_pred.shape={pred_shape}")
    predicted = tf.cast(tf.argmax(y_pred, axis=-1), labels.dtype)
    result = matches(tf.equal(tf.reshape(labels, ids_shape) if ids_shape != labels_shape else labels, predicted))
    return tf.reshape(result, labels_shape) if ids_shape != labels_shape else result


@keras_export("keras.metrics.categorical_accuracy")
def categorical_accuracy(y_true, y_pred):
    """1.0 where the highest score is the one-hot label's class (the first one on ties)."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"categorical_accuracy: y_true must be one-hot, shaped like y_pred, got y_true.shape="
                         f"{tuple(y_true.shape)} and y_pred.shape={tuple(y_pred.shape)} (for integer labels use "
                         "sparse_categorical_accuracy)")
    return class_ids_match("categorical_accuracy", tf.argmax(y_true, axis=-1), y_pred)


@keras_export("keras.metrics.sparse_categorical_accuracy")
def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the highest score's class is the integer label (the first one on ties)."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    result = class_ids_match("sparse_categorical_accuracy", y_true, y_pred)
    if result.ndim > 1 and result.shape[-1] == 1:
        result = tf.squeeze(result, -1)
    return result


def in_top_k_matches(fn_name, labels, y_pred, k):
    """1.0 where the class ``labels`` names is among the k highest scores; any leading axes are flattened
    for tf.math.in_top_k and restored."""
    labels_shape = labels.shape
    if y_pred.shape.rank < 1 or labels.shape.num_elements() * y_pred.shape[-1] != y_pred.shape.num_elements():
        raise ValueError(f"{fn_name}: y_true must hold one class per row of y_pred, got y_true.shape="
                         f"{tuple(labels.shape)} and y_pred.shape={tuple(y_pred.shape)}")
    y_pred = tf.reshape(y_pred, [-1, y_pred.shape[-1]])
    labels = tf.reshape(tf.cast(labels, "int32"), [-1])
    return tf.reshape(matches(tf.math.in_top_k(labels, y_pred, k)), labels_shape)


@keras_export("keras.metrics.top_k_categorical_accuracy")
def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot label's class is among the k highest scores."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    return in_top_k_matches("top_k_categorical_accuracy", tf.argmax(y_true, axis=-1), y_pred, k)


@keras_export("keras.metrics.sparse_top_k_categorical_accuracy")
def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the integer label's class is among the k highest scores."""
    y_pred = as_tensor(y_pred)
    return in_top_k_matches("sparse_top_k_categorical_accuracy", as_tensor(y_true, "int32"), y_pred, k)


@keras_export("keras.metrics.Accuracy")
class Accuracy(BuiltinMeanMetric):
    """How often y_pred equals y_true exactly. (``metrics=["accuracy"]`` in compile picks the binary,
    categorical or sparse variant instead.)"""

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)


@keras_export("keras.metrics.BinaryAccuracy")
class BinaryAccuracy(BuiltinMeanMetric):
    """How often (y_pred > threshold) matches the 0/1 label."""

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


@keras_export("keras.metrics.CategoricalAccuracy")
class CategoricalAccuracy(BuiltinMeanMetric):
    """How often the highest score is the one-hot label's class."""

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)


@keras_export("keras.metrics.SparseCategoricalAccuracy")
class SparseCategoricalAccuracy(BuiltinMeanMetric):
    """How often the highest score is the integer label's class."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)


@keras_export("keras.metrics.TopKCategoricalAccuracy")
class TopKCategoricalAccuracy(BuiltinMeanMetric):
    """How often the one-hot label's class is among the k highest scores."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def get_config(self):
        return {**super().get_config(), "k": self.k}


@keras_export("keras.metrics.SparseTopKCategoricalAccuracy")
class SparseTopKCategoricalAccuracy(BuiltinMeanMetric):
    """How often the integer label's class is among the k highest scores."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def get_config(self):
        return {**super().get_config(), "k": self.k}
