"""Probabilistic losses: the crossentropies (binary, categorical, sparse, and their focal variants),
Kullback-Leibler divergence and Poisson.

Probabilities or logits. With ``from_logits=True`` the crossentropies go through TensorFlow's stable
fused functions (``tf.nn.softmax_cross_entropy_with_logits``, the sparse one, and
``tf.nn.sigmoid_cross_entropy_with_logits``). With probabilities they clip them into
[epsilon, 1 - epsilon] (epsilon = 1e-7) before taking logs, as Keras does, so a confident wrong
prediction costs at most -log(1e-7) = 16.1 per sample.

Keras's one trick: ``keras.activations.softmax`` and ``sigmoid`` attach their input to their output
(``output._keras_logits``). A crossentropy that receives such an output uses those logits instead,
stably, whatever ``from_logits`` says; so a model ending in ``Dense(10, activation="softmax")`` is
trained from its logits, exactly as in Keras.
"""
import warnings

import tinytf as tf
from tinytf.keras import activations, backend
from tinytf.keras.losses.loss import Loss, LossFunctionWrapper, as_tensor, check_broadcastable
from tinytf.keras.saving.object_registration import keras_export


# ---------------------------------------------------------------- shared pieces
def logits_of(output, from_logits, activation, fn_name):
    """(the tensor to use, whether it holds logits): the logits a Keras softmax/sigmoid output carries, if any."""
    logits = getattr(output, "_keras_logits", None)
    if logits is None:
        return output, from_logits
    if from_logits:
        warnings.warn(f'"`{fn_name}` received `from_logits=True`, but the `output` argument was produced by a '
                      f"{activation} activation and thus does not represent logits. Was this intended?", stacklevel=3)
    return logits, True


def clip_probabilities(output):
    return tf.clip_by_value(output, backend.epsilon(), 1.0 - backend.epsilon())


def check_same_shape(fn_name, target, output, hint):
    if target.shape != output.shape:
        raise ValueError(f"{fn_name}: y_true and y_pred must have the same shape, got y_true.shape="
                         f"{tuple(target.shape)} and y_pred.shape={tuple(output.shape)}. {hint}")


def check_axis(fn_name, axis):
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(f"{fn_name}: `axis` must be of type `int`. Received: axis={axis!r} of type {type(axis)}")


def smooth_labels(y_true, label_smoothing, num_classes):
    """Moves every label a fraction ``label_smoothing`` of the way towards 1 / num_classes."""
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


# ---------------------------------------------------------------- binary
def elementwise_binary_crossentropy(target, output, from_logits=False, fn_name="binary_crossentropy"):
    """-target * log(p) - (1 - target) * log(1 - p), element by element (Keras's backend function)."""
    check_same_shape(fn_name, target, output, "Binary crossentropy takes one probability (or logit) per label.")
    output, from_logits = logits_of(output, from_logits, "Sigmoid", fn_name)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    output = clip_probabilities(output)
    return -(target * tf.log(output) + (1.0 - target) * tf.log(1.0 - output))


@keras_export("keras.losses.binary_crossentropy", "keras.metrics.binary_crossentropy")
def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Mean over ``axis`` of the binary crossentropy of each label (labels 0 or 1, predictions
    probabilities or, with from_logits, logits); label_smoothing moves the labels towards 0.5."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    if label_smoothing:
        y_true = smooth_labels(y_true, label_smoothing, 2.0)
    return tf.reduce_mean(elementwise_binary_crossentropy(y_true, y_pred, from_logits), axis=axis)


@keras_export("keras.losses.binary_focal_crossentropy", "keras.metrics.binary_focal_crossentropy")
def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                              label_smoothing=0.0, axis=-1):
    """Binary crossentropy scaled by (1 - p_t) ** gamma (Lin et al., 2018): easy examples count less.
    With apply_class_balancing, positives are weighted alpha and negatives 1 - alpha."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    if label_smoothing:
        y_true = smooth_labels(y_true, label_smoothing, 2.0)
    if from_logits:
        y_pred = activations.sigmoid(y_pred)  # which keeps the logits for the crossentropy, as in Keras
    bce = elementwise_binary_crossentropy(y_true, y_pred, fn_name="binary_focal_crossentropy")
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal_bce = tf.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal_bce = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal_bce
    return tf.reduce_mean(focal_bce, axis=axis)


# ---------------------------------------------------------------- categorical (one-hot labels)
def categorical_crossentropy_of(target, output, from_logits, axis, fn_name):
    """-sum(target * log(p)) along axis, p = softmax(logits) or the probabilities normalised to sum 1."""
    looks_sparse = target.shape.rank == output.shape.rank - 1 or (
        target.shape.rank == output.shape.rank and target.shape[-1] == 1 and output.shape[-1] != 1)
    hint = ("Categorical crossentropy takes one-hot labels; for integer class labels use "
            "sparse_categorical_crossentropy." if looks_sparse else "")
    check_same_shape(fn_name, target, output, hint)
    output, from_logits = logits_of(output, from_logits, "Softmax", fn_name)
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)
    output = clip_probabilities(output / tf.reduce_sum(output, axis=axis, keepdims=True))
    return -tf.reduce_sum(target * tf.log(output), axis=axis)


@keras_export("keras.losses.categorical_crossentropy", "keras.metrics.categorical_crossentropy")
def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Crossentropy between one-hot (or soft) labels and predicted class probabilities (or logits)."""
    check_axis("categorical_crossentropy", axis)
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    warn_single_class("categorical_crossentropy", y_pred)
    if label_smoothing:
        y_true = smooth_labels(y_true, label_smoothing, float(y_true.shape[-1]))
    return categorical_crossentropy_of(y_true, y_pred, from_logits, axis, "categorical_crossentropy")


@keras_export("keras.losses.categorical_focal_crossentropy", "keras.metrics.categorical_focal_crossentropy")
def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
                                   axis=-1):
    """Categorical crossentropy with each class's term scaled by alpha * (1 - p) ** gamma."""
    check_axis("categorical_focal_crossentropy", axis)
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    warn_single_class("categorical_focal_crossentropy", y_pred)
    if label_smoothing:
        y_true = smooth_labels(y_true, label_smoothing, float(y_true.shape[-1]))
    check_same_shape("categorical_focal_crossentropy", y_true, y_pred, "")
    if from_logits:
        y_pred = tf.nn.softmax(y_pred, axis=axis)
    output = clip_probabilities(y_pred / tf.reduce_sum(y_pred, axis=axis, keepdims=True))
    cce = -y_true * tf.log(output)
    return tf.reduce_sum(alpha * tf.pow(1.0 - output, gamma) * cce, axis=axis)


def warn_single_class(fn_name, y_pred):
    if y_pred.shape.rank and y_pred.shape[-1] == 1:
        warnings.warn(f"In loss {fn_name}, expected y_pred.shape to be (batch_size, num_classes) with num_classes > 1. "
                      f"Received: y_pred.shape={tuple(y_pred.shape)}. Consider using 'binary_crossentropy' if you "
                      "only have 2 classes.", SyntaxWarning, stacklevel=3)


# ---------------------------------------------------------------- sparse (integer labels)
@keras_export("keras.losses.sparse_categorical_crossentropy", "keras.metrics.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Crossentropy between integer class labels, shaped like y_pred without its last axis (or with a
    trailing 1), and predicted class probabilities (or logits). Labels equal to ``ignore_class`` count
    for nothing (their loss is 0 and masked out of the mean)."""
    fn_name = "sparse_categorical_crossentropy"
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true)
    labels_shape, pred_shape = tuple(y_true.shape), tuple(y_pred.shape)
    if axis != -1 and axis != len(pred_shape) - 1:
        raise ValueError(f"{fn_name}: only axis=-1 is supported. Received: axis={axis}")
    if len(labels_shape) == len(pred_shape) and labels_shape[-1:] == (1,):
        y_true, labels_shape = tf.squeeze(y_true, -1), labels_shape[:-1]
    if not pred_shape or labels_shape != pred_shape[:-1]:
        hint = " For one-hot labels use categorical_crossentropy." if labels_shape == pred_shape else ""
        raise ValueError(f"{fn_name}: y_true must hold one integer class id per sample, shaped like y_pred without "
                         f"its last (class) axis, got y_true.shape={labels_shape} and y_pred.shape={pred_shape}.{hint}")
    valid = None
    if ignore_class is not None:
        valid = tf.not_equal(y_true, tf.constant(ignore_class, dtype=y_true.dtype))
        y_true = tf.where(valid, y_true, tf.zeros_like(y_true))
        y_pred = tf.where(tf.expand_dims(valid, -1), y_pred, tf.zeros_like(y_pred))
    logits, from_logits = logits_of(y_pred, from_logits, "Softmax", fn_name)
    if not from_logits:
        logits = tf.log(clip_probabilities(logits))
    labels = y_true if y_true.dtype.is_integer else tf.cast(y_true, "int64")
    result = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    if valid is not None:
        result = tf.where(valid, result, tf.zeros_like(result))
        result._keras_mask = valid
    return result


# ---------------------------------------------------------------- divergences
@keras_export("keras.losses.kl_divergence", "keras.metrics.kl_divergence")
def kl_divergence(y_true, y_pred):
    """sum(y_true * log(y_true / y_pred)) over the last axis, both clipped into [epsilon, 1]."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    check_broadcastable("kl_divergence", y_true, y_pred)
    y_true = tf.clip_by_value(y_true, backend.epsilon(), 1.0)
    y_pred = tf.clip_by_value(y_pred, backend.epsilon(), 1.0)
    return tf.reduce_sum(y_true * tf.log(y_true / y_pred), axis=-1)


@keras_export("keras.losses.poisson", "keras.metrics.poisson")
def poisson(y_true, y_pred):
    """mean(y_pred - y_true * log(y_pred + epsilon)) over the last axis."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true, y_pred.dtype)
    check_broadcastable("poisson", y_true, y_pred)
    return tf.reduce_mean(y_pred - y_true * tf.log(y_pred + backend.epsilon()), axis=-1)


# ---------------------------------------------------------------- the classes
@keras_export("keras.losses.BinaryCrossentropy")
class BinaryCrossentropy(LossFunctionWrapper):
    """See binary_crossentropy. ``BinaryCrossentropy(from_logits=True)`` for a model without a sigmoid."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, name=name, reduction=reduction, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits, "label_smoothing": self.label_smoothing,
                "axis": self.axis}


@keras_export("keras.losses.BinaryFocalCrossentropy")
class BinaryFocalCrossentropy(LossFunctionWrapper):
    """See binary_focal_crossentropy."""

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
                 axis=-1, reduction="sum_over_batch_size", name="binary_focal_crossentropy", dtype=None):
        super().__init__(binary_focal_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits, "label_smoothing": self.label_smoothing,
                "axis": self.axis, "apply_class_balancing": self.apply_class_balancing, "alpha": self.alpha,
                "gamma": self.gamma}


@keras_export("keras.losses.CategoricalCrossentropy")
class CategoricalCrossentropy(LossFunctionWrapper):
    """See categorical_crossentropy: one-hot labels. For integer labels use SparseCategoricalCrossentropy."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits, "label_smoothing": self.label_smoothing,
                "axis": self.axis}


@keras_export("keras.losses.CategoricalFocalCrossentropy")
class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """See categorical_focal_crossentropy."""

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_focal_crossentropy", dtype=None):
        super().__init__(categorical_focal_crossentropy, name=name, reduction=reduction, dtype=dtype, alpha=alpha,
                         gamma=gamma, from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.alpha = alpha
        self.gamma = gamma
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits, "label_smoothing": self.label_smoothing,
                "axis": self.axis, "alpha": self.alpha, "gamma": self.gamma}


@keras_export("keras.losses.SparseCategoricalCrossentropy")
class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """See sparse_categorical_crossentropy: integer labels, (n,) or (n, 1)."""

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size", axis=-1,
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits, "ignore_class": self.ignore_class}


@keras_export("keras.losses.KLDivergence")
class KLDivergence(LossFunctionWrapper):
    """See kl_divergence."""

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config


@keras_export("keras.losses.Poisson")
class Poisson(LossFunctionWrapper):
    """See poisson."""

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)

    get_config = Loss.get_config
