"""``tf.nn``: activations, softmax, the cross-entropy functions, moments, bias_add and dropout."""
from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf import errors
from tinytf import random as _random
from tinytf._args import axes as _axes
from tinytf._args import shape_list as _shape_list
from tinytf._args import tensor as _tensor
from tinytf.linalg import l2_normalize  # noqa: F401 - a tf.nn name too
from tinytf.math_ops import sigmoid, tanh  # noqa: F401 - tf.nn names
from tinytf.sort_ops import in_top_k, top_k  # noqa: F401 - tf.nn names


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
    """-sum(labels * log_softmax(logits)) along axis: one loss per example.

    Fused in C++ (cpp/tinytf/ops/cross_entropy.cpp): labels are cast to the logits' dtype and broadcast
    against them, as in TensorFlow."""
    return _core.softmax_cross_entropy_with_logits(_tensor(labels), _tensor(logits), int(axis))


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Cross-entropy against integer class labels: labels has the shape of logits without its last axis.

    Fused in C++ (cpp/tinytf/ops/cross_entropy.cpp). A label outside [0, classes) raises
    InvalidArgumentError on the CPU; on a GPU its loss is NaN, as with TensorFlow's kernels."""
    return _core.sparse_softmax_cross_entropy_with_logits(_tensor(labels), _tensor(logits))


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """-labels * log(sigmoid(x)) - (1 - labels) * log(1 - sigmoid(x)) for logits x, element-wise.

    Computed as TensorFlow does, without overflow for any x: max(x, 0) - x * labels + log(1 + exp(-|x|)),
    with the max and |x| written as selections so that the gradient at x = 0 is sigmoid(0) - labels."""
    logits = _tensor(logits)
    labels = _tensor(labels)
    if labels._dtype != logits._dtype:
        labels = _core.cast(labels, logits._dtype)
    if labels.shape != logits.shape:
        raise ValueError(f"sigmoid_cross_entropy_with_logits: logits and labels must have the same shape, got logits "
                         f"{logits.shape} and labels {labels.shape}")
    zeros = _core.fill([], 0, logits._dtype)
    nonnegative = _core.greater_equal(logits, zeros)
    relu_logits = _core.where(nonnegative, logits, zeros)
    neg_abs_logits = _core.where(nonnegative, _core.negative(logits), logits)
    return _core.add(_core.subtract(relu_logits, _core.multiply(logits, labels)), _core.softplus(neg_abs_logits))


def moments(x, axes, shift=None, keepdims=False, name=None):
    """(mean, variance) of x over axes; ``shift`` is accepted and unused, as in TensorFlow 2."""
    mean, variance = _core.moments(_tensor(x), _axes(axes), bool(keepdims))
    return mean, variance


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, the 1-D bias added along the channel axis: the last one, or axis 1 for "NC..." formats."""
    channels_first = False
    if data_format is not None:
        if data_format.startswith("NC"):
            channels_first = True
        elif not (data_format.startswith("N") and data_format.endswith("C")):
            raise ValueError(f"`data_format` must be of the form `N...C` or `NC...`. Received: data_format={data_format}")
    return _core.bias_add(_tensor(value), _tensor(bias), channels_first)


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes each element with probability ``rate`` and scales the others by 1 / (1 - rate).

    ``noise_shape`` (broadcastable to x's shape; ``None`` entries take x's size) shares one
    keep/drop decision along its size-1 axes. The mask is drawn like ``tf.random.uniform``:
    reproducible under ``tf.random.set_seed``, or from ``seed``."""
    x = _tensor(x)
    if not x.dtype.is_floating:
        raise ValueError(f"`x.dtype` must be a floating point tensor as `x` will be scaled. Received: x_dtype={x.dtype}")
    rate = rate._item() if isinstance(rate, _core.Tensor) else rate
    if not isinstance(rate, (int, float)) or not 0 <= rate < 1:
        raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
    if rate == 0:
        return x  # as TensorFlow: nothing is drawn
    if noise_shape is None:
        noise = list(x._shape)
    elif isinstance(noise_shape, (list, tuple)) and len(noise_shape) == x.ndim:
        noise = [x._shape[i] if d is None else int(d) for i, d in enumerate(noise_shape)]
    else:
        noise = _shape_list(noise_shape)
    key, stream = _random._key_and_stream(seed)  # drawn like tf.random.uniform
    return _core.dropout(x, float(rate), noise, key, stream)


def _pair_arg(value, name, n_spatial=2):
    """TensorFlow's int-or-list window arguments -> (h, w): an int, [h, w], or [1, h, w, 1]."""
    values = [int(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    if len(values) == 1:
        values = values * n_spatial
    elif len(values) == n_spatial + 2:
        values = values[1:-1]
    if len(values) != n_spatial:
        raise ValueError(f"{name} must be an int or a list of {n_spatial} or {n_spatial + 2} ints, got {value!r}")
    return values


def _check_format(data_format, expected, op):
    if data_format not in (None, expected):
        raise ValueError(f"{op}: tinytf supports data_format={expected!r} (channels last) only, got {data_format!r}")


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):  # noqa: A002
    """2-D convolution: input [batch, height, width, in], filters [kh, kw, in, out] -> [batch, oh, ow, out].

    Lowered to im2col + the GEMM (cpp/tinytf/ops/conv.cpp)."""
    _check_format(data_format, "NHWC", "conv2d")
    sh, sw = _pair_arg(strides, "strides")
    dh, dw = _pair_arg(1 if dilations is None else dilations, "dilations")
    x = _tensor(input)
    return _core.conv2d(x, _tensor(filters, dtype=x.dtype), sh, sw, str(padding).upper(), dh, dw)


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):  # noqa: A002
    """1-D convolution: input [batch, width, in], filters [k, in, out] -> [batch, ow, out]."""
    _check_format(data_format, "NWC", "conv1d")
    x = _tensor(input)
    f = _tensor(filters, dtype=x.dtype)
    (s,) = _pair_arg(stride, "stride", 1)
    (d,) = _pair_arg(1 if dilations is None else dilations, "dilations", 1)
    if x.ndim != 3 or f.ndim != 3:
        raise errors.InvalidArgumentError(
            None, None, f"conv1d: expected input [batch, width, channels] and filters [width, in, out], got shapes "
            f"{x.shape} and {f.shape}")
    out = _core.conv2d(_core.expand_dims(x, 1), _core.expand_dims(f, 0), 1, s, str(padding).upper(), 1, d)
    return _core.squeeze(out, [1])


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """The largest value of each window: input [batch, height, width, channels]."""
    _check_format(data_format, "NHWC", "max_pool2d")
    (kh, kw), (sh, sw) = _pair_arg(ksize, "ksize"), _pair_arg(strides, "strides")
    return _core.max_pool2d(_tensor(input), kh, kw, sh, sw, str(padding).upper())


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """The mean of each window, over the positions inside the input."""
    _check_format(data_format, "NHWC", "avg_pool2d")
    (kh, kw), (sh, sw) = _pair_arg(ksize, "ksize"), _pair_arg(strides, "strides")
    return _core.avg_pool2d(_tensor(input), kh, kw, sh, sw, str(padding).upper())


def _pool1d(pool2d, input, ksize, strides, padding, data_format, op):  # noqa: A002
    _check_format(data_format, "NWC", op)
    (k,), (s,) = _pair_arg(ksize, "ksize", 1), _pair_arg(strides, "strides", 1)
    return _core.squeeze(pool2d(_core.expand_dims(_tensor(input), 1), 1, k, 1, s, str(padding).upper()), [1])


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """max_pool2d for [batch, width, channels] inputs."""
    return _pool1d(_core.max_pool2d, input, ksize, strides, padding, data_format, "max_pool1d")


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """avg_pool2d for [batch, width, channels] inputs."""
    return _pool1d(_core.avg_pool2d, input, ksize, strides, padding, data_format, "avg_pool1d")


__all__ = ["relu", "relu6", "elu", "selu", "gelu", "softplus", "leaky_relu", "sigmoid", "tanh", "softmax",
           "log_softmax", "sigmoid_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
           "sparse_softmax_cross_entropy_with_logits", "conv1d", "conv2d", "max_pool1d", "max_pool2d", "avg_pool1d",
           "avg_pool2d", "moments", "bias_add", "dropout", "l2_normalize",
           "top_k", "in_top_k"]
