"""Confusion-matrix counting for Precision, Recall, AUC and the TruePositives... metrics.

``update_confusion_matrix_variables`` adds, for each threshold t, the (weighted) number of true
positives (label 1, prediction > t), false positives, true negatives and false negatives of a batch
to the metric's variables. It compares every prediction with every threshold at once (a
[thresholds, predictions] bool tensor) and sums along the predictions: no loop, no host round trip.

Keras's details kept here: labels count as positive when non-zero; sample weights broadcast over the
labels; ``top_k`` keeps only the k best predictions of each row; ``class_id`` looks at one column;
with evenly spaced thresholds (AUC's default) predictions are clipped into [0, 1] first, as Keras's
bucketed counting does.
"""
import enum

import numpy as np

import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.losses.loss import squeeze_or_expand_to_same_rank

NEG_INF = -1e10


class ConfusionMatrix(enum.Enum):
    TRUE_POSITIVES = "tp"
    FALSE_POSITIVES = "fp"
    TRUE_NEGATIVES = "tn"
    FALSE_NEGATIVES = "fn"


class AUCCurve(enum.Enum):
    """Which curve AUC integrates: ROC (true vs false positive rate), PR (precision vs recall), PRGAIN."""
    ROC = "ROC"
    PR = "PR"
    PRGAIN = "PRGAIN"

    @staticmethod
    def from_str(key):
        return enum_member(AUCCurve, key, "AUC curve value")


class AUCSummationMethod(enum.Enum):
    """How AUC sums the area between thresholds: trapezoids, or the lower or upper rectangle."""
    INTERPOLATION = "interpolation"
    MAJORING = "majoring"
    MINORING = "minoring"

    @staticmethod
    def from_str(key):
        return enum_member(AUCSummationMethod, key, "AUC summation method value")


def enum_member(enum_class, key, what):
    """The member of enum_class whose value is ``key``, in any letter case."""
    for member in enum_class:
        if str(key).lower() == member.value.lower():
            return member
    raise ValueError(f'Invalid {what}: "{key}". Expected values are {[m.value for m in enum_class]}')


def parse_init_thresholds(thresholds, default_threshold=0.5):
    """A list of thresholds in [0, 1] (the default when None)."""
    if thresholds is None:
        return [default_threshold]
    thresholds = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]
    invalid = [t for t in thresholds if t is None or t < 0 or t > 1]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")
    return thresholds


def is_evenly_distributed_thresholds(thresholds):
    """Whether the thresholds are i / (n - 1) for i = 0..n-1 (n >= 3), give or take epsilon."""
    n = len(thresholds)
    if n < 3:
        return False
    return bool(np.allclose(thresholds, np.arange(n, dtype=np.float32) / (n - 1), atol=backend.epsilon()))


def filter_top_k(x, k):
    """x with everything but the k largest entries of each row replaced by NEG_INF."""
    _, indices = tf.math.top_k(x, k)
    in_top_k = tf.reduce_sum(tf.one_hot(indices, x.shape[-1], dtype=x.dtype), axis=-2)
    return x * in_top_k + NEG_INF * (1.0 - in_top_k)


def update_confusion_matrix_variables(variables_to_update, y_true, y_pred, thresholds, top_k=None, class_id=None,
                                      sample_weight=None, multi_label=False, label_weights=None,
                                      thresholds_distributed_evenly=False):
    """Adds the batch's counts to ``variables_to_update`` ({ConfusionMatrix.X: variable}); each variable has
    shape [len(thresholds)] ([len(thresholds), labels] with multi_label)."""
    if multi_label and label_weights is not None:
        raise ValueError("`label_weights` for multilabel data should be handled outside of "
                         "`update_confusion_matrix_variables` when `multi_label` is True.")
    invalid = [key for key in variables_to_update if not isinstance(key, ConfusionMatrix)]
    if invalid or not variables_to_update:
        raise ValueError(f"Invalid keys: {invalid}. Valid variable key options are: {list(ConfusionMatrix)}")
    dtype = next(iter(variables_to_update.values())).dtype
    y_true = tf.cast(y_true, dtype)
    y_pred = tf.cast(y_pred, dtype)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"Confusion-matrix metrics need y_true and y_pred of the same shape, got y_true.shape="
                         f"{tuple(y_true.shape)} and y_pred.shape={tuple(y_pred.shape)}")
    if sample_weight is not None:
        sample_weight = tf.expand_dims(tf.cast(sample_weight, dtype), -1)
        _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight, expand_rank_1=False)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.shape.rank == 1:
            raise ValueError("When class_id is provided, y_pred must be a 2D array with shape (num_samples, "
                             f"num_classes), found shape: {tuple(y_pred.shape)}")
        y_true = y_true[..., class_id:class_id + 1]
        y_pred = y_pred[..., class_id:class_id + 1]
    if thresholds_distributed_evenly:
        y_pred = tf.clip_by_value(y_pred, 0.0, 1.0)

    # One row per threshold: [thresholds, predictions] (or [thresholds, samples, labels] with multi_label).
    weights = None
    if sample_weight is not None:
        weights = tf.broadcast_to(sample_weight, y_pred.shape)
    if label_weights is not None:
        label_weights = tf.broadcast_to(tf.expand_dims(tf.cast(label_weights, dtype), 0), y_pred.shape)
        weights = label_weights if weights is None else weights * label_weights
    if not multi_label:
        y_true, y_pred = tf.reshape(y_true, [-1]), tf.reshape(y_pred, [-1])
        weights = None if weights is None else tf.reshape(weights, [-1])
    thresholds = tf.reshape(tf.constant(np.asarray(thresholds), dtype=dtype), [-1] + [1] * y_pred.shape.rank)
    pred_is_pos = tf.expand_dims(y_pred, 0) > thresholds
    label_is_pos = tf.expand_dims(tf.cast(y_true, "bool"), 0)
    conditions = {
        ConfusionMatrix.TRUE_POSITIVES: lambda: tf.logical_and(label_is_pos, pred_is_pos),
        ConfusionMatrix.FALSE_POSITIVES: lambda: tf.logical_and(tf.logical_not(label_is_pos), pred_is_pos),
        ConfusionMatrix.TRUE_NEGATIVES: lambda: tf.logical_and(tf.logical_not(label_is_pos),
                                                               tf.logical_not(pred_is_pos)),
        ConfusionMatrix.FALSE_NEGATIVES: lambda: tf.logical_and(label_is_pos, tf.logical_not(pred_is_pos)),
    }
    for key, variable in variables_to_update.items():
        hits = tf.cast(conditions[key](), dtype)
        if weights is not None:
            hits = hits * weights
        variable.assign_add(tf.reduce_sum(hits, axis=1))
