"""tf.nn: activations, softmax / log_softmax and the cross-entropies, against NumPy formulas.

The softmax tests run twice (the softmax_variant fixture of conftest.py): with the fast kernel and with
the plain loop of kernels/reduce_reference.h."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytf as tf
from helpers import FLOAT, INT, NUMERIC, UNARY_SHAPES, check_op, check_rejects_dtype, random_array

APPROX = {"float32": 1e-5, "float64": 1e-12}
_erf = np.vectorize(math.erf, otypes=[np.float64])

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _f64(fn):
    """The reference computed in float64 (the result is compared at the input's precision)."""
    return lambda x: fn(x.astype(np.float64))


ACTIVATIONS = {
    "relu": (tf.nn.relu, lambda x: np.maximum(x, 0), NUMERIC),
    "relu6": (tf.nn.relu6, lambda x: np.minimum(np.maximum(x, 0), 6), NUMERIC),
    "elu": (tf.nn.elu, _f64(lambda x: np.where(x > 0, x, np.expm1(x))), FLOAT),
    "selu": (tf.nn.selu, _f64(lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))), FLOAT),
    "gelu": (tf.nn.gelu, _f64(lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2)))), FLOAT),
    "gelu_tanh": (lambda x: tf.nn.gelu(x, approximate=True),
                  _f64(lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))), FLOAT),
    "softplus": (tf.nn.softplus, _f64(lambda x: np.logaddexp(0, x)), FLOAT),
    "leaky_relu": (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, x * x.dtype.type(0.2)), FLOAT),
    "leaky_relu_0.01": (lambda x: tf.nn.leaky_relu(x, alpha=0.01), lambda x: np.where(x > 0, x, x * x.dtype.type(0.01)),
                        FLOAT),
    "sigmoid": (tf.nn.sigmoid, _f64(lambda x: 1 / (1 + np.exp(-x))), FLOAT),
    "tanh": (tf.nn.tanh, np.tanh, FLOAT),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_matches_numpy(name):
    tf_fn, np_fn, dtypes = ACTIVATIONS[name]
    check_op(tf_fn, np_fn, shapes=UNARY_SHAPES, dtypes=dtypes, rtol=APPROX, atol=1e-7, name=name)


@pytest.mark.parametrize("name", ["elu", "selu", "gelu", "softplus", "sigmoid", "tanh"])
def test_float_activations_reject_integers_and_bool(name):
    check_rejects_dtype(ACTIVATIONS[name][0], INT + ("bool",), name=name)


def test_relu_rejects_bool():
    check_rejects_dtype(tf.nn.relu, ("bool",), name="relu")


def test_activation_values_recorded_from_tensorflow():
    # TF 2.21, float32: tf.nn.gelu([-1., .5, 2.]) and approximate=True, tf.nn.selu([-1., .5])
    x = tf.constant([-1.0, 0.5, 2.0])
    np.testing.assert_allclose(tf.nn.gelu(x).numpy(), [-0.15865525603294373, 0.3457312285900116, 1.9544997215270996],
                               rtol=1e-6)
    np.testing.assert_allclose(tf.nn.gelu(x, approximate=True).numpy(),
                               [-0.15880799293518066, 0.3457140028476715, 1.9545977115631104], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.selu(tf.constant([-1.0, 0.5])).numpy(), [-1.1113307476043701, 0.5253505110740662],
                               rtol=1e-6)
    np.testing.assert_array_equal(tf.nn.relu6(tf.constant([-1.0, 3.0, 9.0])).numpy(), [0, 3, 6])
    # TF keeps relu6 integer for integer input: tf.nn.relu6([-1, 9]) == [0, 6] int32
    r = tf.nn.relu6(tf.constant([-1, 9]))
    assert r.dtype == tf.int32 and r.numpy().tolist() == [0, 6]


def test_leaky_relu_integer_input_like_tensorflow():
    # TF 2.21 casts integer features to float32: tf.nn.leaky_relu([-1, 2]) == [-0.2, 2.] (float32)
    got = tf.nn.leaky_relu(tf.constant([-1, 2]))
    assert got.dtype == tf.float32
    np.testing.assert_allclose(got.numpy(), [-0.2, 2.0])


def test_softplus_is_stable_for_large_inputs():
    x = tf.constant([-200.0, -50.0, 0.0, 50.0, 200.0])
    got = tf.nn.softplus(x).numpy()
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, np.logaddexp(0, x.numpy().astype(np.float64)), rtol=1e-6, atol=1e-30)


def _softmax(x, axis):
    x = x.astype(np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True, initial=-np.inf))
    return e / np.sum(e, axis=axis, keepdims=True)


def _log_softmax(x, axis):
    x = x.astype(np.float64)
    shifted = x - np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


SOFTMAX_SHAPES = [((5,),), ((3, 4),), ((2, 3, 7),), ((1, 1),), ((0, 3),), ((4, 1),)]


@pytest.mark.parametrize("axis", [None, -1, 0, 1])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_matches_numpy(softmax_variant, name, axis):
    tf_fn = getattr(tf.nn, name)
    np_fn = _softmax if name == "softmax" else _log_softmax
    shapes = [s for s in SOFTMAX_SHAPES if axis is None or -len(s[0]) <= axis < len(s[0])]
    check_op(lambda x: tf_fn(x, axis=axis), lambda x: np_fn(x, -1 if axis is None else axis), shapes=shapes,
             dtypes=FLOAT, rtol=APPROX, atol=1e-6, name=f"{name}[{softmax_variant}](axis={axis})")
    check_op(lambda x: getattr(tf.math, name)(x, axis=axis), lambda x: np_fn(x, -1 if axis is None else axis),
             shapes=shapes, dtypes=("float32",), rtol=APPROX, atol=1e-6, name=f"tf.math.{name}")


@settings(max_examples=30, deadline=None, derandomize=True)
@given(shape=st.lists(st.integers(0, 9), min_size=1, max_size=4), long_side=st.sampled_from([None, 33, 1025]),
       data=st.data(), name=st.sampled_from(["softmax", "log_softmax"]), dtype=st.sampled_from(FLOAT))
def test_softmax_of_random_shapes_and_axes(shape, long_side, data, name, dtype):
    # Both variants on the same input, each against NumPy in float64, along a random axis.
    if long_side:
        shape[-1] = long_side
    axis = data.draw(st.integers(-len(shape), len(shape) - 1), label="axis")
    x = random_array(tuple(shape), dtype, np.random.default_rng(len(shape))) * 3
    np_fn = _softmax if name == "softmax" else _log_softmax
    expected = np_fn(x, axis) if x.size else np.zeros(x.shape)
    before = tf.config.get_kernel_variant("softmax")
    try:
        for variant in ("fast", "reference"):
            tf.config.set_kernel_variant("softmax", variant)
            got = getattr(tf.nn, name)(tf.constant(x), axis=axis).numpy()
            assert got.dtype == x.dtype and got.shape == x.shape
            np.testing.assert_allclose(got, expected, rtol=APPROX[dtype], atol=1e-6,
                                       err_msg=f"{name}[{variant}]({dtype}{shape}, axis={axis})")
    finally:
        tf.config.set_kernel_variant("softmax", before)


def test_softmax_alias_at_top_level(softmax_variant):
    x = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    np.testing.assert_allclose(tf.softmax(x).numpy(), _softmax(x, -1), rtol=1e-6)


@pytest.mark.parametrize("dtype", FLOAT)
def test_softmax_is_stable_with_large_logits(softmax_variant, dtype):
    x = np.array([[1000.0, 0.0, -1000.0], [1e4, 1e4, 1e4], [-1e4, -1e4 + 1, -1e4 + 2]], dtype=dtype)
    sm = tf.nn.softmax(x).numpy()
    lsm = tf.nn.log_softmax(x).numpy()
    assert np.all(np.isfinite(sm)) and np.all(np.isfinite(lsm)), f"overflow: {sm}, {lsm}"
    np.testing.assert_allclose(sm, _softmax(x, -1), rtol=1e-6, atol=1e-30)
    np.testing.assert_allclose(lsm, _log_softmax(x, -1), rtol=1e-6)
    np.testing.assert_allclose(np.sum(sm, axis=-1), 1.0, rtol=1e-6)
    # TF 2.21: tf.nn.log_softmax([1000., 0.]) == [0., -1000.]
    np.testing.assert_array_equal(tf.nn.log_softmax(tf.constant([1000.0, 0.0])).numpy(), [0.0, -1000.0])


def test_softmax_rejects_integers_and_scalars():
    check_rejects_dtype(tf.nn.softmax, INT, name="softmax")
    check_rejects_dtype(tf.nn.log_softmax, INT, name="log_softmax")


def _xent(labels, logits, axis=-1):
    return -np.sum(labels.astype(np.float64) * _log_softmax(logits, axis), axis=axis)


@pytest.mark.parametrize("dtype", FLOAT)
def test_softmax_cross_entropy_matches_formula(dtype):
    rng = np.random.default_rng(5)
    for shape in [(4, 3), (2, 5, 7), (1, 1), (6,), (0, 3)]:
        logits = rng.normal(0, 3, size=shape).astype(dtype)
        labels = rng.random(shape).astype(dtype)
        labels /= np.maximum(labels.sum(axis=-1, keepdims=True), 1e-3)
        got = tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant(labels), logits=tf.constant(logits))
        assert got.dtype == dtype
        assert got.shape.as_list() == list(shape[:-1])
        np.testing.assert_allclose(got.numpy(), _xent(labels, logits), rtol=APPROX[dtype], atol=1e-6,
                                   err_msg=f"softmax_cross_entropy_with_logits {shape} {dtype}")


def test_softmax_cross_entropy_axis_and_large_logits():
    logits = np.array([[1.0, 2.0], [3.0, 0.0]], dtype=np.float32)
    labels = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    got = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=tf.constant(logits), axis=0)
    np.testing.assert_allclose(got.numpy(), [0.12692804634571075, 0.12692804634571075], rtol=1e-6)  # TF 2.21
    big = tf.constant([[1000.0, -1000.0, 0.0]])
    got = tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0, 0.0]], logits=big)
    np.testing.assert_allclose(got.numpy(), [2000.0], rtol=1e-6)


def test_softmax_cross_entropy_accepts_integer_labels_like_tensorflow():
    # TF 2.21: labels=tf.constant([[0, 1]]) (int32) with float logits [[1., 2.]] gives 0.31326166
    got = tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant([[0, 1]]), logits=tf.constant([[1.0, 2.0]]))
    np.testing.assert_allclose(got.numpy(), [0.31326165795326233], rtol=1e-6)


@pytest.mark.parametrize("label_dtype", INT)
@pytest.mark.parametrize("dtype", FLOAT)
def test_sparse_softmax_cross_entropy_matches_formula(dtype, label_dtype):
    rng = np.random.default_rng(6)
    for shape in [(4, 3), (2, 5, 7), (1, 1), (3,), (0, 4)]:
        logits = rng.normal(0, 3, size=shape).astype(dtype)
        labels = rng.integers(0, shape[-1], size=shape[:-1]).astype(label_dtype)
        got = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant(labels), logits=tf.constant(logits))
        expected = -np.take_along_axis(_log_softmax(logits, -1), labels[..., None].astype(np.int64), -1)[..., 0]
        assert got.dtype == dtype
        assert got.shape.as_list() == list(shape[:-1])
        np.testing.assert_allclose(got.numpy(), expected, rtol=APPROX[dtype], atol=1e-6,
                                   err_msg=f"sparse_softmax_cross_entropy_with_logits {shape} {dtype}/{label_dtype}")


def test_sparse_softmax_cross_entropy_large_logits():
    logits = tf.constant([[1000.0, 0.0, -1000.0]])
    got = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2]), logits=logits)
    np.testing.assert_allclose(got.numpy(), [2000.0], rtol=1e-6)
    assert np.isfinite(got.numpy()).all()


def test_sparse_softmax_cross_entropy_label_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"label value of 3 .*\[0, 3\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([3]), logits=tf.ones([1, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="-1"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([-1]), logits=tf.ones([1, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="float32"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([1.0]), logits=tf.ones([1, 3]))


def test_softmax_cross_entropy_broadcasts_and_casts_labels_like_tensorflow():
    rng = np.random.default_rng(7)
    logits = rng.normal(0, 2, size=(4, 3, 5))
    labels = rng.random((3, 5))  # broadcast over the first axis of the logits, float64 cast to float32
    labels /= labels.sum(-1, keepdims=True)
    got = tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant(labels), logits=tf.constant(logits, tf.float32))
    assert got.dtype == tf.float32 and got.shape.as_list() == [4, 3]
    np.testing.assert_allclose(got.numpy(), _xent(np.broadcast_to(labels, logits.shape), logits), rtol=1e-5)
    # the class axis in the middle
    got = tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant(np.moveaxis(np.broadcast_to(labels, logits.shape),
                                                                                 -1, 1)),
                                                  logits=tf.constant(np.moveaxis(logits, -1, 1)), axis=1)
    np.testing.assert_allclose(got.numpy(), _xent(np.broadcast_to(labels, logits.shape), logits), rtol=1e-12)
    # no classes: a loss of 0 per example (TF 2.21)
    np.testing.assert_array_equal(tf.nn.softmax_cross_entropy_with_logits(tf.zeros([2, 0]), tf.zeros([2, 0])).numpy(),
                                  [0.0, 0.0])


def test_cross_entropy_errors_name_the_op_and_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"softmax_cross_entropy_with_logits.*scalar"):
        tf.nn.softmax_cross_entropy_with_logits(labels=1.0, logits=3.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"logits_size=\[2,3\] labels_size=\[2,4\]"):
        tf.nn.softmax_cross_entropy_with_logits(labels=tf.ones([2, 4]), logits=tf.ones([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32"):
        tf.nn.softmax_cross_entropy_with_logits(labels=tf.ones([2, 3]), logits=tf.ones([2, 3], tf.int32))
    with pytest.raises(ValueError, match="scalar"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=1, logits=3.0)
    with pytest.raises(ValueError, match=r"\(1, 2\).*\(2, 3\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[2, 0]], logits=tf.ones([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"at least one class.*\[2,0\]"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 0], logits=tf.ones([2, 0]))
    # TensorFlow's CPU kernel lists the labels
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"label value of 5 which is outside the valid range of \[0, 3\)\.  Label values: 2 5"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2, 5], tf.int64), logits=tf.ones([2, 3]))


def test_sparse_softmax_cross_entropy_of_one_example():
    # 1-D logits and a scalar label (TF 2.21: 2.126928)
    got = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=1, logits=[3.0, 1.0])
    assert got.shape.as_list() == []
    np.testing.assert_allclose(got.numpy(), 2.1269280910491943, rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_gradient_and_its_gradient(dtype):
    # One ReluGrad pass: the upstream gradient where x > 0, 0 elsewhere (0 at x == 0 too, as TensorFlow);
    # its own gradient goes to the upstream values the same way.
    rng = np.random.default_rng(11)
    x_np = rng.normal(size=(5, 7)).astype(dtype)
    x_np[0, :3] = 0.0
    x, u = tf.constant(x_np), tf.constant(rng.normal(size=(5, 7)).astype(dtype))
    v = rng.normal(size=(5, 7)).astype(dtype)
    with tf.GradientTape() as outer:
        outer.watch([x, u])
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.nn.relu(x)
        dx = inner.gradient(y, x, output_gradients=u)
        total = tf.reduce_sum(dx * v)
    np.testing.assert_array_equal(dx.numpy(), np.where(x_np > 0, u.numpy(), 0))
    du, dx2 = outer.gradient(total, [u, x])
    np.testing.assert_array_equal(du.numpy(), np.where(x_np > 0, v, 0))
    np.testing.assert_array_equal(dx2.numpy(), np.zeros_like(x_np))  # relu's second derivative: zeros, as in TF 2.21
