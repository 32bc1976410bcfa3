"""``tf.nn``: activations, softmax and the cross-entropy functions."""
from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf import errors
from tinytf._args import tensor as _tensor
from tinytf.array_ops import one_hot
from tinytf.math_ops import reduce_max, reduce_min, reduce_sum, sigmoid, tanh  # noqa: F401 - tf.nn names


def relu(features, name=None):
    """max(x, 0)."""
    return _core.relu(_tensor(features))


def relu6(features, name=None):
    """min(max(x, 0), 6)."""
    x = _tensor(features)
    return _core.minimum(_core.relu(x), _core.fill([], 6, x._dtype))


def elu(features, name=None):
    """x if x > 0 else exp(x) - 1."""
    return _core.elu(_tensor(features))


def selu(features, name=None):
    """Scaled ELU with the self-normalising constants of Klambauer et al. (2017)."""
    return _core.selu(_tensor(features))


def gelu(features, approximate=False, name=None):
    """x * Phi(x) (the tanh approximation when approximate=True)."""
    return _core.gelu(_tensor(features), bool(approximate))


def softplus(features, name=None):
    """log(exp(x) + 1), without overflow."""
    return _core.softplus(_tensor(features))


def leaky_relu(features, alpha=0.2, name=None):
    """x if x > 0 else alpha * x (integer inputs are converted to float32, as in TensorFlow)."""
    x = _tensor(features)
    if x.dtype.is_integer:
        x = _core.cast(x, _dtypes.float32._core)
    return _core.leaky_relu(x, float(alpha))


def softmax(logits, axis=None, name=None):
    """exp(x) / sum(exp(x)) along axis (default: the last), computed without overflow."""
    return _core.softmax(_tensor(logits), -1 if axis is None else int(axis))


def log_softmax(logits, axis=None, name=None):
    """x - log(sum(exp(x))) along axis (default: the last), computed without overflow."""
    return _core.log_softmax(_tensor(logits), -1 if axis is None else int(axis))


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits)) along axis: one loss per example."""
    logits = _tensor(logits)
    labels = _tensor(labels)
    if labels._dtype != logits._dtype:  # TensorFlow casts the labels to the logits' dtype
        labels = _core.cast(labels, logits._dtype)
    if labels.shape != logits.shape:
        raise errors.InvalidArgumentError(
            None, None, f"softmax_cross_entropy_with_logits: logits and labels must have the same shape, "
            f"got logits {logits.shape} and labels {labels.shape}")
    return _core.negative(reduce_sum(_core.multiply(labels, _core.log_softmax(logits, int(axis))), axis=axis))


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Cross-entropy against integer class labels: labels has the shape of logits without its last axis."""
    logits = _tensor(logits)
    labels = _tensor(labels)
    if not labels.dtype.is_integer:
        raise errors.InvalidArgumentError(
            None, None, f"sparse_softmax_cross_entropy_with_logits: labels must be int32 or int64, got {labels.dtype.name}")
    if logits.ndim == 0 or labels.shape != logits.shape[:-1]:
        raise ValueError(
            f"sparse_softmax_cross_entropy_with_logits: labels shape {labels.shape} must equal logits "
            f"shape {logits.shape} without its last dimension")
    classes = logits.shape[-1]
    if labels._numel() and (int(reduce_min(labels)) < 0 or int(reduce_max(labels)) >= classes):
        bad = [v for v in labels.numpy().reshape(-1).tolist() if not 0 <= v < classes][0]
        raise errors.InvalidArgumentError(
            None, None, f"Received a label value of {bad} which is outside the valid range of [0, {classes}).")
    picked = one_hot(labels, classes, dtype=logits.dtype)
    return _core.negative(reduce_sum(_core.multiply(picked, _core.log_softmax(logits, -1)), axis=-1))


__all__ = ["relu", "relu6", "elu", "selu", "gelu", "softplus", "leaky_relu", "sigmoid", "tanh", "softmax",
           "log_softmax", "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits"]
