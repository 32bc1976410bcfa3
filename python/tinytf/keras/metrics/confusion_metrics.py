"""Metrics counted from a confusion matrix at one or more thresholds: TruePositives, FalsePositives,
TrueNegatives, FalseNegatives, Precision, Recall and AUC.

A prediction counts as positive when it is above the threshold (default 0.5); labels count as positive
when non-zero. The counts are float Variables with one entry per threshold (metrics_utils.py adds each
batch's); the results are computed from them (precision = tp / (tp + fp), 0 while nothing was counted).
"""
import numpy as np

import tinytf as tf
from tinytf.keras import activations, backend
from tinytf.keras.losses.loss import divide_no_nan
from tinytf.keras.metrics import metrics_utils
from tinytf.keras.metrics.metric import Metric
from tinytf.keras.metrics.metrics_utils import AUCCurve, AUCSummationMethod, ConfusionMatrix
from tinytf.keras.saving.object_registration import keras_export


class _ThresholdCounts(Metric):
    """The shared part of the confusion-matrix metrics: thresholds, counting variables, and the update."""

    _counts = ()  # which ConfusionMatrix entries the metric keeps, as (condition, variable name)

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else metrics_utils.NEG_INF
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, default_threshold=default)
        self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(self.thresholds)
        for _, variable_name in self._counts:
            setattr(self, variable_name, self.add_variable(shape=(len(self.thresholds),), initializer="zeros",
                                                           name=variable_name))

    def update_state(self, y_true, y_pred, sample_weight=None):
        metrics_utils.update_confusion_matrix_variables(
            {condition: getattr(self, variable_name) for condition, variable_name in self._counts}, y_true, y_pred,
            thresholds=self.thresholds, thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k, class_id=self.class_id, sample_weight=sample_weight)

    def _per_threshold(self, values):
        """One value per threshold, or a scalar for a single threshold."""
        return values[0] if len(self.thresholds) == 1 else values


class _ConfusionMatrixConditionCount(_ThresholdCounts):
    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)

    def result(self):
        return self._per_threshold(tf.identity(self.accumulator))

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


@keras_export("keras.metrics.TruePositives")
class TruePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of positives predicted positive."""
    _counts = ((ConfusionMatrix.TRUE_POSITIVES, "accumulator"),)


@keras_export("keras.metrics.FalsePositives")
class FalsePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of negatives predicted positive."""
    _counts = ((ConfusionMatrix.FALSE_POSITIVES, "accumulator"),)


@keras_export("keras.metrics.TrueNegatives")
class TrueNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of negatives predicted negative."""
    _counts = ((ConfusionMatrix.TRUE_NEGATIVES, "accumulator"),)


@keras_export("keras.metrics.FalseNegatives")
class FalseNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of positives predicted negative."""
    _counts = ((ConfusionMatrix.FALSE_NEGATIVES, "accumulator"),)


class _PrecisionRecall(_ThresholdCounts):
    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


@keras_export("keras.metrics.Precision")
class Precision(_PrecisionRecall):
    """tp / (tp + fp): how many predicted positives are right. ``top_k`` counts only each row's k best
    predictions as positive; ``class_id`` looks at one class of a multi-class output."""
    _counts = ((ConfusionMatrix.TRUE_POSITIVES, "true_positives"), (ConfusionMatrix.FALSE_POSITIVES, "false_positives"))

    def result(self):
        return self._per_threshold(divide_no_nan(tf.identity(self.true_positives),
                                                 self.true_positives + self.false_positives))


@keras_export("keras.metrics.Recall")
class Recall(_PrecisionRecall):
    """tp / (tp + fn): how many positives are found."""
    _counts = ((ConfusionMatrix.TRUE_POSITIVES, "true_positives"), (ConfusionMatrix.FALSE_NEGATIVES, "false_negatives"))

    def result(self):
        return self._per_threshold(divide_no_nan(tf.identity(self.true_positives),
                                                 self.true_positives + self.false_negatives))


@keras_export("keras.metrics.AUC")
class AUC(Metric):
    """Area under the ROC curve (default) or the precision-recall curve (``curve="PR"``), approximated
    from the confusion matrices at ``num_thresholds`` evenly spaced thresholds (a Riemann sum;
    ``summation_method`` "interpolation" uses trapezoids, and for PR Davis & Goadrich's interpolation).

    ``from_logits=True`` applies a sigmoid to the predictions first; ``multi_label=True`` keeps one curve
    per label (columns of y_pred) and averages their areas (weighted by ``label_weights``)."""

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None, dtype=None,
                 thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False):
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(
                np.array([0.0] + thresholds + [1.0]))
        else:
            if num_thresholds <= 1:
                raise ValueError(f"Argument `num_thresholds` must be an integer > 1. Received: "
                                 f"num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        # End points just below 0 and above 1, so that predictions of exactly 0 or 1 are counted.
        self._thresholds = np.array([0.0 - backend.epsilon()] + thresholds + [1.0 + backend.epsilon()])
        self.curve = curve if isinstance(curve, AUCCurve) else AUCCurve.from_str(curve)
        self.summation_method = (summation_method if isinstance(summation_method, AUCSummationMethod)
                                 else AUCSummationMethod.from_str(summation_method))
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else tf.constant(label_weights, dtype=self.dtype)
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build([None, num_labels])
        elif num_labels:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        else:
            self._build(None)

    @property
    def thresholds(self):
        """The thresholds, end points included."""
        return list(self._thresholds)

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(f"`y_pred` must have rank 2 when `multi_label=True`. Found rank {len(shape)}. "
                                 f"Full shape received for `y_pred`: {shape}")
            self._num_labels = shape[1]
            variable_shape = [self.num_thresholds, self._num_labels]
        else:
            variable_shape = [self.num_thresholds]
        for variable_name in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, variable_name, self.add_variable(shape=variable_shape, initializer="zeros",
                                                           name=variable_name))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = tf.convert_to_tensor(y_pred)
        if not self._built:
            self._build(y_pred.shape.as_list())
        if self._from_logits:
            y_pred = activations.sigmoid(y_pred)
        metrics_utils.update_confusion_matrix_variables(
            {ConfusionMatrix.TRUE_POSITIVES: self.true_positives, ConfusionMatrix.TRUE_NEGATIVES: self.true_negatives,
             ConfusionMatrix.FALSE_POSITIVES: self.false_positives,
             ConfusionMatrix.FALSE_NEGATIVES: self.false_negatives},
            y_true, y_pred, self._thresholds, thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight, multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights)

    # ------------------------------------------------------------------ the area
    def _average_over_labels(self, areas_by_threshold):
        """The sum over thresholds: one area (or, with multi_label, the mean of the labels' areas)."""
        if not self.multi_label:
            return tf.reduce_sum(areas_by_threshold)
        by_label = tf.reduce_sum(areas_by_threshold, axis=0)
        if self.label_weights is None:
            return tf.reduce_mean(by_label)
        return divide_no_nan(tf.reduce_sum(by_label * self.label_weights), tf.reduce_sum(self.label_weights))

    def interpolate_pr_auc(self):
        """PR AUC by Davis & Goadrich (2006): precision interpolated between thresholds along the counts."""
        tp, fp, fn = tf.identity(self.true_positives), tf.identity(self.false_positives), self.false_negatives
        n = self.num_thresholds
        dtp = tp[:n - 1] - tp[1:]
        p = tp + fp
        dp = p[:n - 1] - p[1:]
        prec_slope = divide_no_nan(dtp, tf.maximum(dp, 0.0))
        intercept = tp[1:] - prec_slope * p[1:]
        both_positive = tf.logical_and(p[:n - 1] > 0, p[1:] > 0)
        safe_p_ratio = tf.where(both_positive, divide_no_nan(p[:n - 1], tf.maximum(p[1:], 0.0)),
                                tf.ones_like(p[1:]))
        increments = divide_no_nan(prec_slope * (dtp + intercept * tf.log(safe_p_ratio)),
                                   tf.maximum(tp[1:] + fn[1:], 0.0))
        return self._average_over_labels(increments)

    def result(self):
        if self.curve == AUCCurve.PR and self.summation_method == AUCSummationMethod.INTERPOLATION:
            return self.interpolate_pr_auc()
        tp, fp = tf.identity(self.true_positives), tf.identity(self.false_positives)
        tn, fn = tf.identity(self.true_negatives), tf.identity(self.false_negatives)
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == AUCCurve.ROC:
            x, y = divide_no_nan(fp, fp + tn), recall
        elif self.curve == AUCCurve.PR:
            x, y = recall, divide_no_nan(tp, tp + fp)
        else:  # PRGAIN: recall and precision gains, scaled by positives / negatives
            scale = divide_no_nan(tp + fn, tn + fp)
            no_tp = tf.equal(tp, 0.0)
            recall_gain = tf.where(no_tp, tf.zeros_like(tp), 1.0 - scale * divide_no_nan(fn, tp))
            precision_gain = tf.where(no_tp, tf.ones_like(tp), 1.0 - scale * divide_no_nan(fp, tp))
            x, y = tf.maximum(recall_gain, 0.0), precision_gain
        n = self.num_thresholds
        if self.summation_method == AUCSummationMethod.INTERPOLATION:
            heights = (y[:n - 1] + y[1:]) / 2.0
        elif self.summation_method == AUCSummationMethod.MINORING:
            heights = tf.minimum(y[:n - 1], y[1:])
        else:
            heights = tf.maximum(y[:n - 1], y[1:])
        return self._average_over_labels((x[:n - 1] - x[1:]) * heights)

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        label_weights = None if self.label_weights is None else self.label_weights.numpy().tolist()
        config = {**super().get_config(), "num_thresholds": self.num_thresholds, "curve": self.curve.value,
                  "summation_method": self.summation_method.value, "multi_label": self.multi_label,
                  "num_labels": self.num_labels, "label_weights": label_weights, "from_logits": self._from_logits}
        if self._init_from_thresholds:  # without the end points, so that from_config rebuilds the same ones
            config["thresholds"] = self.thresholds[1:-1]
        return config
