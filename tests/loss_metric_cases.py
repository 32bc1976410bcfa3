"""The loss and metric cases that tools/make_loss_metric_fixtures.py records from real Keras and
tests/test_keras_losses.py / test_keras_metrics.py replay with tinytf: one table, so the two cannot drift.

- ``make_data(rng)``: the named input sets (y_true, y_pred, and the sample weights), NumPy arrays. The
  tool draws them once and stores them in the fixture; the tests read them from there.
- ``LOSS_CASES`` / ``LOSS_FN_CASES``: loss objects (with each reduction and sample weight) and loss
  functions (unreduced) on those inputs.
- ``METRIC_CASES``: a metric, then several ``update_state`` calls (a result after each), then
  ``reset_state`` and one more call.
- ``textbook_metrics(keras, tf)`` / ``guide_loss(keras, tf)``: the custom metric and loss classes of the
  textbooks, written once for both libraries (``tf`` is TensorFlow or tinytf).
"""
import numpy as np

REDUCTIONS = ("sum_over_batch_size", "sum", "none", None, "mean_with_sample_weight")
WEIGHTS = ("none", "per_sample", "scalar", "with_zeros")


def make_data(rng):
    """{name: {"y_true": array, "y_pred": array}}, plus the weight arrays under "weights"."""
    def probs(shape, exact=True):
        p = rng.uniform(0.02, 0.98, size=shape).astype("float32")
        if exact:  # the corner values the clipping exists for
            p.flat[0], p.flat[1] = 0.0, 1.0
        return p

    def onehot(labels, classes):
        return np.eye(classes, dtype="float32")[labels]

    labels5 = np.array([0, 3, 1, 4], dtype="int32")
    logits = rng.normal(0, 3, size=(4, 5)).astype("float32")
    logits[0, :3] = [100.0, -100.0, 0.0]  # saturated logits: only a stable formula survives them
    binary_logits = rng.normal(0, 3, size=(4, 3)).astype("float32")
    binary_logits[0] = [100.0, -100.0, 0.0]
    soft_rows = rng.uniform(0.05, 1.0, size=(4, 3)).astype("float32")
    data = {
        "regression": {"y_true": rng.normal(size=(4, 3)).astype("float32"),
                       "y_pred": rng.normal(size=(4, 3)).astype("float32")},
        "regression_rank1": {"y_true": rng.normal(size=(4,)).astype("float32"),
                             "y_pred": rng.normal(size=(4, 1)).astype("float32")},
        "regression_big": {"y_true": rng.normal(size=(4, 3)).astype("float32"),
                           "y_pred": (rng.normal(size=(4, 3)) * 60).astype("float32")},
        "positive": {"y_true": np.array([[0, 1, 2], [3, 0.5, 1], [2, 2, 0.1], [1, 4, 2]], "float32"),
                     "y_pred": rng.uniform(0.01, 3.0, size=(4, 3)).astype("float32")},
        "signed_with_zeros": {"y_true": np.array([[0, 1, -2], [3, 0, 1], [-2, 2, 0.1], [1, -4, 0]], "float32"),
                              "y_pred": rng.normal(size=(4, 3)).astype("float32")},
        "binary": {"y_true": rng.integers(0, 2, size=(4, 3)).astype("int32"), "y_pred": probs((4, 3))},
        "binary_float": {"y_true": rng.integers(0, 2, size=(4, 3)).astype("float32"), "y_pred": probs((4, 3))},
        "binary_rank1": {"y_true": np.array([0, 1, 1, 0], "int32"), "y_pred": probs((4, 1))},
        "binary_flat": {"y_true": np.array([0, 1, 1, 0], "float32"), "y_pred": probs((4,))},
        "binary_logits": {"y_true": rng.integers(0, 2, size=(4, 3)).astype("float32"), "y_pred": binary_logits},
        "onehot": {"y_true": onehot(labels5, 5), "y_pred": probs((4, 5))},  # rows not normalised
        "onehot_logits": {"y_true": onehot(labels5, 5), "y_pred": logits},
        "sparse": {"y_true": labels5, "y_pred": probs((4, 5))},
        "sparse_col": {"y_true": labels5.astype("int64").reshape(4, 1), "y_pred": probs((4, 5))},
        "sparse_float": {"y_true": labels5.astype("float32"), "y_pred": probs((4, 5))},
        "sparse_logits": {"y_true": labels5, "y_pred": logits},
        "sparse_seq": {"y_true": rng.integers(0, 4, size=(2, 3)).astype("int32"),
                       "y_pred": rng.uniform(0.05, 1.0, size=(2, 3, 4)).astype("float32")},
        "distribution": {"y_true": soft_rows / soft_rows.sum(-1, keepdims=True),
                         "y_pred": probs((4, 3), exact=False)},
        "hinge_pm1": {"y_true": rng.choice([-1.0, 1.0], size=(4, 3)).astype("float32"),
                      "y_pred": rng.normal(size=(4, 3)).astype("float32")},
        "hinge_01": {"y_true": rng.integers(0, 2, size=(4, 3)).astype("int32"),
                     "y_pred": rng.normal(size=(4, 3)).astype("float32")},
        "onehot_scores": {"y_true": onehot(labels5, 5), "y_pred": rng.normal(size=(4, 5)).astype("float32")},
        # metrics: two batches of each kind (a, b) so that state accumulates over calls
        "accuracy_a": {"y_true": np.array([1, 2, 3, 4, 0, 2], "int32"), "y_pred": np.array([1, 2, 0, 4, 0, 1], "int32")},
        "accuracy_b": {"y_true": np.array([[1.0], [2.0], [3.0]], "float32"),
                       "y_pred": np.array([[1.0], [0.0], [3.0]], "float32")},
        "bin_acc_a": {"y_true": np.array([[1], [0], [1], [1], [0], [0]], "int32"),
                      "y_pred": np.array([[0.98], [0.5], [0.5], [0.7], [0.71], [0.2]], "float32")},
        "bin_acc_b": {"y_true": np.array([1, 0, 0, 1], "float32"), "y_pred": np.array([0.6, 0.4, 0.9, 0.1], "float32")},
        "cat_a": {"y_true": onehot(np.array([0, 1, 2, 3, 1, 0]), 4),
                  "y_pred": np.array([[0.7, 0.1, 0.1, 0.1], [0.4, 0.4, 0.1, 0.1], [0.1, 0.2, 0.3, 0.4],
                                      [0.1, 0.2, 0.2, 0.5], [0.3, 0.3, 0.3, 0.1], [0.25, 0.25, 0.25, 0.25]],
                                     "float32")},
        "cat_b": {"y_true": onehot(np.array([2, 3, 0]), 4), "y_pred": probs((3, 4), exact=False)},
        "sparse_a": {"y_true": np.array([0, 1, 2, 3, 1, 0], "int32"), "y_pred": None},  # y_pred: cat_a's
        "sparse_b": {"y_true": np.array([[2.0], [3.0], [0.0]], "float32"), "y_pred": None},  # y_pred: cat_b's
        "reg_a": {"y_true": rng.uniform(0, 3, size=(5, 2)).astype("float32"),
                  "y_pred": rng.uniform(0, 3, size=(5, 2)).astype("float32")},
        "reg_b": {"y_true": rng.uniform(0, 3, size=(3, 2)).astype("float32"),
                  "y_pred": rng.uniform(0, 3, size=(3, 2)).astype("float32")},
        "auc_a": {"y_true": np.array([0, 0, 1, 1, 0, 1, 1, 0], "int32"),
                  "y_pred": np.array([0.1, 0.4, 0.35, 0.8, 0.5, 0.5, 1.0, 0.0], "float32")},
        "auc_b": {"y_true": np.array([[1], [0], [1], [0], [1]], "float32"),
                  "y_pred": rng.uniform(0, 1, size=(5, 1)).astype("float32")},
        "auc_logits": {"y_true": np.array([0, 1, 1, 0, 1], "int32"),
                       "y_pred": np.array([-3.0, 2.0, 0.1, 0.3, -0.5], "float32")},
        "multilabel_a": {"y_true": rng.integers(0, 2, size=(6, 3)).astype("int32"),
                         "y_pred": rng.uniform(0, 1, size=(6, 3)).astype("float32")},
        "multilabel_b": {"y_true": rng.integers(0, 2, size=(4, 3)).astype("float32"),
                         "y_pred": rng.uniform(0, 1, size=(4, 3)).astype("float32")},
        "values_a": {"y_true": None, "y_pred": rng.normal(size=(4, 3)).astype("float32")},
        "values_b": {"y_true": None, "y_pred": np.array([1.5, -2.0, 3.0, 0.25], "float32")},
    }
    data["sparse_a"]["y_pred"] = data["cat_a"]["y_pred"]
    data["sparse_b"]["y_pred"] = data["cat_b"]["y_pred"]
    weights = {"per_sample": np.array([1.0, 0.5, 2.0, 0.25], "float32"), "scalar": np.float32(2.5),
               "with_zeros": np.array([1.0, 0.0, 2.0, 0.0], "float32"),
               "per_sample_col": np.array([[1.0], [0.5], [2.0], [0.25]], "float32"),
               "six": np.array([1.0, 2.0, 0.0, 1.0, 0.5, 3.0], "float32"),
               "three": np.array([0.5, 1.0, 2.0], "float32"),
               "five": np.array([[1.0], [2.0], [0.0], [1.0], [0.5]], "float32"),
               "eight": np.array([1.0, 2.0, 1.0, 0.5, 1.0, 0.0, 3.0, 1.0], "float32"),
               "seq_col": np.array([[1.0], [0.5]], "float32"),
               "seq_steps": np.array([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0]], "float32"),
               "per_value": np.array([[1.0, 0.0, 2.0], [0.5, 0.5, 0.5], [1.0, 1.0, 0.0], [2.0, 1.0, 1.0]], "float32")}
    return data, weights


# ---------------------------------------------------------------- losses
# (class name, constructor kwargs, data sets): every combination is recorded with the default
# reduction, without and with per-sample weights; FULL ones with every reduction and weight too.
LOSS_CLASSES = [
    ("MeanSquaredError", {}, ["regression", "regression_rank1"]),
    ("MeanAbsoluteError", {}, ["regression", "regression_rank1"]),
    ("MeanAbsolutePercentageError", {}, ["regression", "signed_with_zeros"]),
    ("MeanSquaredLogarithmicError", {}, ["positive", "signed_with_zeros"]),
    ("CosineSimilarity", {}, ["regression", "signed_with_zeros"]),
    ("CosineSimilarity", {"axis": 0}, ["regression"]),
    ("Huber", {}, ["regression", "regression_big"]),
    ("Huber", {"delta": 0.5}, ["regression"]),
    ("LogCosh", {}, ["regression", "regression_big"]),
    ("BinaryCrossentropy", {}, ["binary", "binary_float", "binary_rank1", "binary_flat"]),
    ("BinaryCrossentropy", {"from_logits": True}, ["binary_logits"]),
    ("BinaryCrossentropy", {"label_smoothing": 0.1}, ["binary"]),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, ["binary_logits"]),
    ("BinaryCrossentropy", {"axis": 0}, ["binary"]),
    ("BinaryFocalCrossentropy", {}, ["binary"]),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.3, "gamma": 1.5}, ["binary_float"]),
    ("BinaryFocalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, ["binary_logits"]),
    ("CategoricalCrossentropy", {}, ["onehot"]),
    ("CategoricalCrossentropy", {"from_logits": True}, ["onehot_logits"]),
    ("CategoricalCrossentropy", {"label_smoothing": 0.2}, ["onehot"]),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, ["onehot_logits"]),
    ("CategoricalCrossentropy", {"axis": 0}, ["onehot"]),
    ("CategoricalFocalCrossentropy", {}, ["onehot"]),
    ("CategoricalFocalCrossentropy", {"from_logits": True, "gamma": 1.0}, ["onehot_logits"]),
    ("SparseCategoricalCrossentropy", {}, ["sparse", "sparse_col", "sparse_float", "sparse_seq"]),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, ["sparse_logits"]),
    ("SparseCategoricalCrossentropy", {"ignore_class": 3}, ["sparse", "sparse_seq"]),
    ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 0}, ["sparse_logits"]),
    ("KLDivergence", {}, ["distribution"]),
    ("Poisson", {}, ["positive"]),
    ("Hinge", {}, ["hinge_pm1", "hinge_01"]),
    ("SquaredHinge", {}, ["hinge_pm1", "hinge_01"]),
    ("CategoricalHinge", {}, ["onehot_scores"]),
]
FULL = {("MeanSquaredError", "regression"), ("BinaryCrossentropy", "binary"),
        ("SparseCategoricalCrossentropy", "sparse"), ("SparseCategoricalCrossentropy", "sparse_seq"),
        ("CategoricalCrossentropy", "onehot_logits")}


def loss_cases():
    """[{"id", "class", "kwargs", "data", "weights"}] with kwargs["reduction"] set when not the default."""
    cases = []
    for class_name, kwargs, datasets in LOSS_CLASSES:
        for data in datasets:
            full = (class_name, data) in FULL
            # a loss along axis 0 gives one value per column, not per sample: no per-sample weights then
            weight_names = ("none",) if kwargs.get("axis") == 0 else WEIGHTS if full else ("none", "per_sample")
            for reduction in REDUCTIONS if full else ("sum_over_batch_size",):
                for weights in weight_names:
                    if data == "sparse_seq":  # 2 sequences of 3 steps: weights per sequence or per step
                        weights = {"per_sample": "seq_col", "with_zeros": "seq_steps"}.get(weights, weights)
                    case_kwargs = dict(kwargs)
                    if reduction != "sum_over_batch_size":
                        case_kwargs["reduction"] = reduction
                    cases.append({"id": f"{class_name}({kwargs}) on {data}, reduction={reduction}, weights={weights}",
                                  "class": class_name, "kwargs": case_kwargs, "data": data, "weights": weights})
    return cases


# Loss functions, unreduced: (function name, kwargs, data sets).
LOSS_FN_CASES = [
    ("mean_squared_error", {}, ["regression", "regression_rank1"]),
    ("mean_absolute_error", {}, ["regression"]),
    ("mean_absolute_percentage_error", {}, ["signed_with_zeros"]),
    ("mean_squared_logarithmic_error", {}, ["positive", "signed_with_zeros"]),
    ("cosine_similarity", {}, ["regression"]),
    ("cosine_similarity", {"axis": 0}, ["regression"]),
    ("huber", {"delta": 2.0}, ["regression_big"]),
    ("log_cosh", {}, ["regression_big"]),
    ("binary_crossentropy", {}, ["binary_float", "binary_flat"]),
    ("binary_crossentropy", {"from_logits": True, "label_smoothing": 0.1}, ["binary_logits"]),
    ("binary_focal_crossentropy", {"gamma": 3.0}, ["binary_float"]),
    ("categorical_crossentropy", {}, ["onehot"]),
    ("categorical_crossentropy", {"from_logits": True}, ["onehot_logits"]),
    ("categorical_crossentropy", {"label_smoothing": 0.3}, ["onehot"]),
    ("categorical_focal_crossentropy", {}, ["onehot"]),
    ("sparse_categorical_crossentropy", {}, ["sparse", "sparse_col", "sparse_seq"]),
    ("sparse_categorical_crossentropy", {"from_logits": True}, ["sparse_logits"]),
    ("sparse_categorical_crossentropy", {"ignore_class": 1}, ["sparse_seq"]),
    ("kl_divergence", {}, ["distribution"]),
    ("poisson", {}, ["positive"]),
    ("hinge", {}, ["hinge_pm1", "hinge_01"]),
    ("squared_hinge", {}, ["hinge_01"]),
    ("categorical_hinge", {}, ["onehot_scores"]),
]

# Losses of the outputs of keras.activations.softmax/sigmoid: Keras computes them from the logits the
# activation attached (so a saturated softmax still gives a large, finite loss).
ACTIVATION_CASES = [
    ("softmax", "categorical_crossentropy", {}, "onehot_logits"),
    ("softmax", "sparse_categorical_crossentropy", {}, "sparse_logits"),
    ("sigmoid", "binary_crossentropy", {}, "binary_logits"),
]

# ---------------------------------------------------------------- metrics
# (class name, kwargs, the calls: [(data set, weights)], the call after reset_state)
METRIC_CASES = [
    ("Mean", {}, [("values_a", "none"), ("values_b", "per_sample")], ("values_b", "with_zeros")),
    ("Mean", {}, [("values_a", "per_value"), ("values_a", "per_sample")], ("values_b", "scalar")),
    ("Sum", {}, [("values_a", "none"), ("values_b", "per_sample")], ("values_a", "per_sample_col")),
    ("Accuracy", {}, [("accuracy_a", "none"), ("accuracy_b", "three")], ("accuracy_a", "six")),
    ("BinaryAccuracy", {}, [("bin_acc_a", "none"), ("bin_acc_b", "with_zeros")], ("bin_acc_a", "six")),
    ("BinaryAccuracy", {"threshold": 0.7}, [("bin_acc_a", "six"), ("bin_acc_b", "none")], ("bin_acc_b", "none")),
    ("CategoricalAccuracy", {}, [("cat_a", "none"), ("cat_b", "three")], ("cat_a", "six")),
    ("SparseCategoricalAccuracy", {}, [("sparse_a", "none"), ("sparse_b", "three")], ("sparse_a", "six")),
    ("TopKCategoricalAccuracy", {"k": 2}, [("cat_a", "none"), ("cat_b", "three")], ("cat_a", "six")),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, [("sparse_a", "none"), ("sparse_b", "three")], ("sparse_a", "six")),
    ("MeanSquaredError", {}, [("reg_a", "none"), ("reg_b", "three")], ("reg_b", "none")),
    ("RootMeanSquaredError", {}, [("reg_a", "none"), ("reg_b", "three")], ("reg_b", "none")),
    ("MeanAbsoluteError", {}, [("reg_a", "five"), ("reg_b", "three")], ("reg_a", "none")),
    ("MeanAbsolutePercentageError", {}, [("reg_a", "none"), ("reg_b", "three")], ("reg_b", "none")),
    ("MeanSquaredLogarithmicError", {}, [("reg_a", "none"), ("reg_b", "three")], ("reg_b", "none")),
    ("CosineSimilarity", {}, [("reg_a", "none"), ("reg_b", "three")], ("reg_b", "none")),
    ("LogCoshError", {}, [("reg_a", "none"), ("reg_b", "three")], ("reg_b", "none")),
    ("BinaryCrossentropy", {}, [("bin_acc_a", "six"), ("bin_acc_b", "none")], ("bin_acc_a", "none")),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, [("auc_logits", "none")],
     ("auc_logits", "none")),
    ("CategoricalCrossentropy", {}, [("cat_a", "none"), ("cat_b", "three")], ("cat_b", "none")),
    ("CategoricalCrossentropy", {"from_logits": True}, [("cat_a", "six")], ("cat_b", "none")),
    ("SparseCategoricalCrossentropy", {}, [("sparse_a", "none"), ("sparse_b", "three")], ("sparse_b", "none")),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, [("sparse_a", "six")], ("sparse_b", "none")),
    ("KLDivergence", {}, [("cat_a", "none"), ("cat_b", "three")], ("cat_b", "none")),
    ("Poisson", {}, [("reg_a", "none"), ("reg_b", "three")], ("reg_b", "none")),
    ("Hinge", {}, [("multilabel_a", "six"), ("multilabel_b", "none")], ("multilabel_b", "none")),
    ("SquaredHinge", {}, [("multilabel_a", "six"), ("multilabel_b", "none")], ("multilabel_b", "none")),
    ("CategoricalHinge", {}, [("cat_a", "six"), ("cat_b", "none")], ("cat_b", "none")),
    ("AUC", {}, [("auc_a", "none"), ("auc_b", "five")], ("auc_a", "eight")),
    ("AUC", {"curve": "PR"}, [("auc_a", "none"), ("auc_b", "five")], ("auc_a", "eight")),
    ("AUC", {"num_thresholds": 7, "summation_method": "minoring"}, [("auc_a", "eight"), ("auc_b", "none")],
     ("auc_b", "none")),
    ("AUC", {"num_thresholds": 7, "summation_method": "majoring", "curve": "PR"}, [("auc_a", "none")],
     ("auc_b", "none")),
    ("AUC", {"thresholds": [0.2, 0.5, 0.7]}, [("auc_a", "none"), ("auc_b", "five")], ("auc_b", "none")),
    ("AUC", {"from_logits": True}, [("auc_logits", "none")], ("auc_logits", "none")),
    ("AUC", {"multi_label": True}, [("multilabel_a", "none"), ("multilabel_b", "none")], ("multilabel_b", "none")),
    ("AUC", {}, [("multilabel_a", "six"), ("multilabel_b", "none")], ("multilabel_b", "none")),
    ("Precision", {}, [("auc_a", "none"), ("auc_b", "five")], ("auc_a", "eight")),
    ("Precision", {"thresholds": [0.3, 0.5, 0.9]}, [("auc_a", "eight"), ("auc_b", "none")], ("auc_b", "none")),
    ("Precision", {"top_k": 2}, [("multilabel_a", "none"), ("multilabel_b", "none")], ("multilabel_b", "none")),
    ("Precision", {"class_id": 1}, [("multilabel_a", "six"), ("multilabel_b", "none")], ("multilabel_b", "none")),
    ("Recall", {}, [("auc_a", "none"), ("auc_b", "five")], ("auc_a", "eight")),
    ("Recall", {"thresholds": [0.3, 0.5, 0.9]}, [("auc_a", "eight"), ("auc_b", "none")], ("auc_b", "none")),
    ("Recall", {"top_k": 1, "class_id": 2}, [("multilabel_a", "none"), ("multilabel_b", "none")],
     ("multilabel_b", "none")),
    ("TruePositives", {}, [("auc_a", "none"), ("auc_b", "five")], ("auc_a", "eight")),
    ("TrueNegatives", {}, [("auc_a", "none"), ("auc_b", "five")], ("auc_a", "eight")),
    ("FalsePositives", {"thresholds": [0.15, 0.5, 0.85]}, [("auc_a", "eight"), ("auc_b", "none")],
     ("auc_b", "none")),
    ("FalseNegatives", {}, [("multilabel_a", "six"), ("multilabel_b", "none")], ("multilabel_b", "none")),
]


def metric_cases():
    """[{"id", "class", "kwargs", "calls", "reset_call"}]."""
    return [{"id": f"{class_name}({kwargs}) #{i}", "class": class_name, "kwargs": kwargs,
             "calls": [list(call) for call in calls], "reset_call": list(after_reset)}
            for i, (class_name, kwargs, calls, after_reset) in enumerate(METRIC_CASES)]


# String ids asked of keras.losses.get and keras.metrics.get.
LOSS_IDS = ["mse", "MSE", "mae", "mape", "msle", "kld", "bce", "mean_squared_error", "binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy", "huber", "log_cosh", "hinge",
            "MeanSquaredError", "SparseCategoricalCrossentropy", "CategoricalHinge", "Huber", "crossentropy", "foo"]
METRIC_IDS = ["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
              "top_k_categorical_accuracy", "mse", "mae", "mape", "msle", "bce", "mean_squared_error",
              "root_mean_squared_error", "auc", "AUC", "precision", "Recall", "binary_crossentropy",
              "sparse_categorical_crossentropy", "kl_divergence", "MeanAbsoluteError", "Mean", "sum",
              "true_positives", "log_cosh_error", "cosine_similarity", "acc", "crossentropy", "foo"]


# ---------------------------------------------------------------- the textbooks' own classes
def textbook_metrics(keras, tf):
    """Deep Learning with Python (2nd ed.), chapter 7's RootMeanSquaredError metric, and the keras.io
    guide's CategoricalTruePositives, written as the books write them."""
    class RootMeanSquaredError(keras.metrics.Metric):
        def __init__(self, name="rmse", **kwargs):
            super().__init__(name=name, **kwargs)
            self.mse_sum = self.add_weight(name="mse_sum", initializer="zeros")
            self.total_samples = self.add_weight(name="total_samples", initializer="zeros", dtype="int32")

        def update_state(self, y_true, y_pred, sample_weight=None):
            y_true = tf.one_hot(y_true, depth=tf.shape(y_pred)[1])
            mse = tf.reduce_sum(tf.square(y_true - y_pred))
            self.mse_sum.assign_add(mse)
            num_samples = tf.shape(y_pred)[0]
            self.total_samples.assign_add(num_samples)

        def result(self):
            return tf.sqrt(self.mse_sum / tf.cast(self.total_samples, tf.float32))

        def reset_state(self):
            self.mse_sum.assign(0.)
            self.total_samples.assign(0)

    class CategoricalTruePositives(keras.metrics.Metric):
        def __init__(self, name="categorical_true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.true_positives = self.add_weight(name="ctp", initializer="zeros")

        def update_state(self, y_true, y_pred, sample_weight=None):
            y_pred = tf.reshape(tf.argmax(y_pred, axis=1), shape=(-1, 1))
            values = tf.cast(y_true, "int32") == tf.cast(y_pred, "int32")
            values = tf.cast(values, "float32")
            if sample_weight is not None:
                sample_weight = tf.cast(sample_weight, "float32")
                values = tf.multiply(values, sample_weight)
            self.true_positives.assign_add(tf.reduce_sum(values))

        def result(self):
            return self.true_positives

        def reset_state(self):
            self.true_positives.assign(0.0)

    return {"rmse": RootMeanSquaredError, "categorical_true_positives": CategoricalTruePositives}


def guide_loss(keras, tf):
    """The keras.io guide's CustomMSE: a Loss subclass with a constructor argument."""
    class CustomMSE(keras.losses.Loss):
        def __init__(self, regularization_factor=0.1, name="custom_mse"):
            super().__init__(name=name)
            self.regularization_factor = regularization_factor

        def call(self, y_true, y_pred):
            mse = tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)
            reg = tf.reduce_mean(tf.square(0.5 - y_pred), axis=-1)
            return mse + reg * self.regularization_factor

    return CustomMSE
