"""Every differentiable op's gradient against central finite differences in float64,
second derivatives through nested tapes, and the textbook's chapter-3 cases."""
import numpy as np
import pytest

import tinytf as tf
from helpers import check_grad

RNG = np.random.default_rng(0)


def positive(*shape):
    return RNG.uniform(0.5, 2.0, size=shape)


def normal(*shape):
    return RNG.normal(size=shape)


# Fixed weights (drawn once) that make the tested functions non-symmetric.
W34, W43, W6_12, W534, W54 = normal(3, 4), normal(4, 3), normal(6, 12), normal(5, 3, 4), normal(5, 4)
W3 = normal(3)

UNARY = {
    "negative": (tf.negative, normal), "abs": (tf.abs, normal), "square": (tf.square, normal),
    "sqrt": (tf.sqrt, positive), "rsqrt": (tf.math.rsqrt, positive), "exp": (tf.exp, normal),
    "log": (tf.math.log, positive), "tanh": (tf.tanh, normal), "sigmoid": (tf.sigmoid, normal),
    "reciprocal": (tf.math.reciprocal, positive), "relu": (tf.nn.relu, normal), "softplus": (tf.nn.softplus, normal),
    "elu": (tf.nn.elu, normal), "selu": (tf.nn.selu, normal), "gelu": (tf.nn.gelu, normal),
    "gelu_tanh": (lambda x: tf.nn.gelu(x, approximate=True), normal), "leaky_relu": (tf.nn.leaky_relu, normal),
    "softmax": (tf.nn.softmax, normal), "log_softmax": (tf.nn.log_softmax, normal),
    "softmax_axis0": (lambda x: tf.nn.softmax(x, axis=0), normal),
    "reduce_sum": (lambda x: tf.reduce_sum(x, axis=1), normal),
    "reduce_mean": (lambda x: tf.reduce_mean(x, axis=0, keepdims=True), normal),
    "reduce_max": (lambda x: tf.reduce_max(x, axis=1), normal), "reduce_min": (tf.reduce_min, normal),
    "reduce_prod": (lambda x: tf.reduce_prod(x, axis=1), positive),
    "reshape": (lambda x: tf.reshape(x, [-1]) * tf.range(12, dtype=tf.float64), normal),
    "transpose": (lambda x: tf.transpose(x) * tf.constant(W43), normal),
    "slice": (lambda x: x[1:, ::-2] * 3.0, normal), "expand_squeeze": (lambda x: tf.squeeze(tf.expand_dims(x, 0)) ** 2, normal),
    "tile": (lambda x: tf.tile(x, [2, 3]) * tf.constant(W6_12), normal),
    "gather": (lambda x: tf.gather(x, [2, 0, 2], axis=1) ** 2, normal),
    "split": (lambda x: tf.split(x, [1, 3], axis=1)[1] * 2.0, normal),
    "broadcast_to": (lambda x: tf.broadcast_to(x[:1], [5, 3, 4]) * tf.constant(W534), normal),
    "clip": (lambda x: tf.clip_by_value(x, -0.5, 0.5), normal),
    "softmax_xent": (lambda x: tf.nn.softmax_cross_entropy_with_logits(tf.nn.softmax(tf.constant(W34)), x), normal),
    "sparse_softmax_xent": (lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits([0, 3, 1], x), normal),
    "relu6": (lambda x: tf.nn.relu6(x * 4.0), normal),
    "unstack": (lambda x: tf.unstack(x, axis=1)[2] * 2.0, normal),
    "log1p": (tf.math.log1p, positive), "expm1": (tf.math.expm1, normal),
    "reduce_variance": (lambda x: tf.math.reduce_variance(x, axis=1) * tf.constant(W3), normal),
    "reduce_std": (lambda x: tf.math.reduce_std(x, axis=0, keepdims=True) * tf.constant(W34[:1]), normal),
    "reduce_logsumexp": (lambda x: tf.reduce_logsumexp(x, axis=1) * tf.constant(W3), normal),
    "reduce_euclidean_norm": (lambda x: tf.math.reduce_euclidean_norm(x, axis=0) * tf.constant(W34[0]), normal),
    "moments": (lambda x: sum(m * w for m, w in zip(tf.nn.moments(x, axes=[0]), (W34[0], W34[1]))), normal),
    "l2_normalize": (lambda x: tf.nn.l2_normalize(x, axis=1) * tf.constant(W34), normal),
    "norm_euclidean": (lambda x: tf.norm(x, axis=1) * tf.constant(W3), normal),
    "norm_1": (lambda x: tf.norm(x, ord=1), normal), "norm_inf": (lambda x: tf.norm(x, ord=np.inf, axis=0), normal),
    "norm_3": (lambda x: tf.norm(x, ord=3, axis=-1), normal),
    "norm_fro": (lambda x: tf.norm(x, ord="fro", axis=[0, 1]), normal),
    "norm_matrix_1": (lambda x: tf.norm(x, ord=1, axis=[0, 1]), normal),
    "norm_matrix_inf": (lambda x: tf.norm(x, ord=np.inf, axis=[0, 1]), normal),
    "clip_by_norm": (lambda x: tf.clip_by_norm(x, 1.5, axes=[1]) * tf.constant(W34), normal),
    "clip_by_global_norm": (lambda x: tf.clip_by_global_norm([x, x[0] * 2.0], 2.0)[0][0] * tf.constant(W34), normal),
    "dropout": (lambda x: (tf.random.set_seed(1), tf.nn.dropout(x, 0.4, seed=2) * tf.constant(W34))[1], normal),
    "bias_add": (lambda x: tf.nn.bias_add(tf.constant(W534), x[0]) ** 2, normal),
    "top_k": (lambda x: tf.math.top_k(x, 3).values * tf.constant(W34[:, :3]), normal),
    "sort": (lambda x: tf.sort(x, axis=0, direction="DESCENDING") * tf.constant(W34), normal),
    "cumsum": (lambda x: tf.math.cumsum(x, axis=1, exclusive=True) * tf.constant(W34), normal),
    "cumsum_reverse": (lambda x: tf.math.cumsum(x, axis=0, reverse=True) * tf.constant(W34), normal),
    "cumprod": (lambda x: tf.math.cumprod(x, axis=1) * tf.constant(W34), positive),
    "cumprod_exclusive_reverse": (lambda x: tf.math.cumprod(x, axis=0, exclusive=True, reverse=True) * tf.constant(W34),
                                  positive),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradient(name):
    f, make = UNARY[name]
    check_grad(f, make(3, 4))


def test_cast_gradient_casts_back():
    x = tf.constant([1.0, 2.0], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(x, tf.float32) * 3.0
    g = tape.gradient(y, x)
    assert g.dtype == tf.float64
    np.testing.assert_allclose(g.numpy(), [3.0, 3.0])


BINARY = {
    "add": tf.add, "subtract": tf.subtract, "multiply": tf.multiply, "divide": tf.divide,
    "divide_no_nan": tf.math.divide_no_nan, "maximum": tf.maximum, "minimum": tf.minimum, "pow": tf.pow,
    "floormod": tf.math.floormod,
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((2, 3, 4), (4,)), ((3, 1), (1, 4)), ((), (2, 2))])
def test_binary_gradient_with_broadcasting(name, shapes):
    a, b = positive(*shapes[0]), positive(*shapes[1])
    check_grad(BINARY[name], a, b)


@pytest.mark.parametrize("ta,tb", [(False, False), (True, False), (False, True), (True, True)])
def test_matmul_gradient(ta, tb):
    a = normal(*((4, 3) if ta else (3, 4)))
    b = normal(*((5, 4) if tb else (4, 5)))
    check_grad(lambda x, y: tf.matmul(x, y, transpose_a=ta, transpose_b=tb), a, b)


@pytest.mark.parametrize("ta,tb", [(False, False), (True, False), (False, True), (True, True)])
def test_matmul_gradient_of_one_operand_alone(ta, tb):
    # The tape asks a matmul only for the gradients that lead to a source; each one alone must still be right.
    a = normal(*((4, 3) if ta else (3, 4)))
    b = normal(*((5, 4) if tb else (4, 5)))
    check_grad(lambda x: tf.matmul(x, tf.constant(b), transpose_a=ta, transpose_b=tb), a)
    check_grad(lambda y: tf.matmul(tf.constant(a), y, transpose_a=ta, transpose_b=tb), b)


def test_divide_no_nan_gradient_is_zero_where_the_divisor_is():
    # TensorFlow 2.21: x = [1, 2], y = [0, 4] -> dx = [0, 0.25], dy = [0, -0.125]
    x, y = tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0])
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = tf.math.divide_no_nan(x, y)
    dx, dy = tape.gradient(z, [x, y])
    np.testing.assert_array_equal(dx.numpy(), [0.0, 0.25])
    np.testing.assert_array_equal(dy.numpy(), [0.0, -0.125])


def test_matmul_gradient_skips_the_product_nobody_asked_for():
    from tinytf import _core

    x, w = tf.ones((8, 6)), tf.Variable(tf.ones((6, 4)))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.matmul(x, w)
    counts = {}
    for name, sources in (("w", [w]), ("x and w", [x, w])):
        _core.kernel_clock_start()
        tape.gradient(y, sources)
        _core.kernel_clock_stop()
        counts[name] = _core.kernel_clock_read()[1]
    assert counts["x and w"] == counts["w"] + 1  # dx = g w^T is one more matmul kernel


def test_batched_matmul_gradient_broadcasts_batch():
    check_grad(tf.matmul, normal(2, 3, 4), normal(4, 2))


def test_where_and_concat_gradients():
    cond = tf.constant(RNG.uniform(size=(3, 4)) > 0.5)
    check_grad(lambda x, y: tf.where(cond, x, y), normal(3, 4), normal(1, 4))
    check_grad(lambda x, y: tf.concat([x, y], axis=0) * tf.constant(W54), normal(2, 4), normal(3, 4))
    check_grad(lambda x, y: tf.stack([x, y], axis=1) ** 2, normal(2, 4), normal(2, 4))


def second_derivative(f, x0, w=None):
    """d/dx sum(w * df/dx) at x0 (w = ones by default), through nested tapes."""
    x = tf.constant(x0, dtype=tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        dy = inner.gradient(y, x)
        if w is not None:
            dy = dy * w
    return outer.gradient(dy, x).numpy()


def second_derivative_by_differences(f, x0, w, eps=1e-6):
    """The same by central differences of the first derivative."""
    def first(x):
        t = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = f(t)
        return np.sum(tape.gradient(y, t).numpy() * w)

    result = np.zeros_like(x0)
    for idx in np.ndindex(*x0.shape):
        e = np.zeros_like(x0)
        e[idx] = eps
        result[idx] = (first(x0 + e) - first(x0 - e)) / (2 * eps)
    return result


@pytest.mark.parametrize("name,f,d2", [
    ("square", tf.square, lambda x: 2 + 0 * x),
    ("multiply", lambda x: x * x * x, lambda x: 6 * x),
    ("divide", lambda x: 1.0 / x, lambda x: 2 / x**3),
    ("exp", tf.exp, np.exp),
    ("log", tf.math.log, lambda x: -1 / x**2),
    ("tanh", tf.tanh, lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2)),
    ("sigmoid", tf.sigmoid, lambda x: (s := 1 / (1 + np.exp(-x))) * (1 - s) * (1 - 2 * s)),
    ("matmul", lambda x: tf.matmul(tf.reshape(x, [1, -1]), tf.reshape(x, [-1, 1])), lambda x: 2 + 0 * x),
    ("reduce_sum", lambda x: tf.reduce_sum(x**3), lambda x: 6 * x),
    ("reduce_mean", lambda x: tf.reduce_mean(x**3), lambda x: 6 * x / x.size),
])
def test_second_order(name, f, d2):
    x0 = np.array([0.5, 1.3, 2.0])
    np.testing.assert_allclose(second_derivative(f, x0), d2(x0), rtol=1e-6)


def test_second_order_softmax_matches_finite_differences():
    x0 = np.array([0.2, -0.4, 1.0])
    w = tf.constant([1.0, 2.0, 3.0], dtype=tf.float64)
    f = lambda x: tf.reduce_sum(tf.nn.softmax(x) * w)  # noqa: E731
    np.testing.assert_allclose(second_derivative(f, x0), second_derivative_by_differences(f, x0, np.ones(3)),
                               rtol=1e-5, atol=1e-6)


def test_cross_entropy_gradients_match_finite_differences():
    labels = normal(4, 3) ** 2
    labels /= labels.sum(-1, keepdims=True)  # a distribution per example, as the gradient assumes
    # w.r.t. the logits and the labels together, the class axis first, the labels broadcast
    check_grad(lambda y, x: tf.nn.softmax_cross_entropy_with_logits(y, x, axis=0) * tf.constant([1.0, -2.0, 0.5],
                                                                                                   tf.float64),
               labels[:, :1] / labels[:, :1].sum(), normal(4, 3))
    check_grad(lambda x: tf.nn.softmax_cross_entropy_with_logits(tf.constant(labels), x) ** 2, normal(2, 4, 3))
    check_grad(lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits([[0, 2], [1, 1]], x) ** 2, normal(2, 2, 3))


@pytest.mark.parametrize("sparse", [False, True])
def test_second_order_cross_entropy_matches_finite_differences(sparse):
    # Under an outer tape the backward pass recomputes softmax - labels with ops (the saved one is a constant to it).
    x0, w = normal(2, 3), normal(2, 3)
    if sparse:
        f = lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits([2, 0], x)  # noqa: E731
    else:
        f = lambda x: tf.nn.softmax_cross_entropy_with_logits(tf.constant(np.eye(3)[[2, 0]]), x)  # noqa: E731
    np.testing.assert_allclose(second_derivative(f, x0, tf.constant(w)), second_derivative_by_differences(f, x0, w),
                               rtol=1e-5, atol=1e-8)


def test_add_n_gradient_and_checks():
    check_grad(lambda a, b, c: tf.add_n([a, b, c]) * tf.constant(W34), normal(3, 4), normal(3, 4), normal(3, 4))
    x = tf.constant([1.0, 2.0])
    assert tf.add_n([x])._id == x._id  # one input: that tensor itself
    with pytest.raises(ValueError, match="non-empty"):
        tf.add_n([])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"add_n.*int32.*float32"):
        tf.add_n([x, tf.constant([1, 2])])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"add_n.*bool"):
        tf.add_n([tf.constant([True]), tf.constant([False])])
    with pytest.raises(TypeError, match=r"`x` and `y` must have the same dtype, got tf.float32 != tf.int32"):
        x / tf.constant([1, 2])  # the operator, like tf.divide, checks as TensorFlow's truediv does


@pytest.mark.parametrize("name,f", [
    ("reduce_variance", tf.math.reduce_variance),
    ("reduce_logsumexp", tf.reduce_logsumexp),
    ("l2_normalize", lambda x: tf.reduce_sum(tf.nn.l2_normalize(x) * tf.constant([1.0, -2.0, 0.5], tf.float64))),
])
def test_second_order_of_composed_reductions_matches_finite_differences(name, f):
    x0 = np.array([0.2, -0.4, 1.0])

    def first(x):
        t = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = f(t)
        return tape.gradient(y, t).numpy()

    eps = 1e-6
    expected = sum((first(x0 + eps * e) - first(x0 - eps * e)) / (2 * eps) for e in np.eye(3))
    np.testing.assert_allclose(second_derivative(f, x0), expected, rtol=1e-5, atol=1e-6)


# ---- the textbook's chapter-3 programs ----

def test_variable_gradient():
    x = tf.Variable(0.0)
    with tf.GradientTape() as tape:
        y = 2 * x + 3
    assert float(tape.gradient(y, x)) == 2.0


def test_watched_constant_gradient_and_unwatched_is_none():
    c = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(c)
        r = tf.square(c)
    assert float(tape.gradient(r, c)) == 6.0
    d = tf.constant(3.0)
    with tf.GradientTape() as tape:
        r = tf.square(d)
    assert tape.gradient(r, d) is None


def test_speed_and_acceleration_from_nested_tapes():
    time = tf.Variable(0.0)
    with tf.GradientTape() as outer_tape:
        with tf.GradientTape() as inner_tape:
            position = 4.9 * time**2
        speed = inner_tape.gradient(position, time)
    acceleration = outer_tape.gradient(speed, time)
    assert float(speed) == 0.0
    assert float(acceleration) == pytest.approx(9.8, rel=1e-6)


def test_gradient_structure_and_options():
    w = tf.Variable(tf.random.uniform((2, 2)))
    b = tf.Variable(tf.zeros((2,)))
    unused = tf.Variable(1.0)
    x = tf.random.uniform((2, 2))
    with tf.GradientTape(persistent=True) as tape:
        loss = tf.reduce_sum(tf.matmul(x, w) + b)
    grads = tape.gradient(loss, {"w": w, "pair": [b, unused]})
    assert set(grads) == {"w", "pair"} and grads["pair"][1] is None
    np.testing.assert_allclose(grads["pair"][0].numpy(), [2.0, 2.0])
    zero = tape.gradient(loss, unused, unconnected_gradients="zero")
    assert float(zero) == 0.0
    assert {v.name for v in tape.watched_variables()} >= {w.name, b.name}


def test_non_persistent_tape_answers_once():
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(y, x)


def test_integer_and_stopped_sources_have_no_gradient():
    i = tf.constant(3)
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([i, x])
        y = tf.cast(i, tf.float32) * x
        z = tf.stop_gradient(x) * x
    assert tape.gradient(y, i) is None
    assert float(tape.gradient(y, x)) == 3.0
    assert float(tape.gradient(z, x)) == 2.0  # only the unstopped factor counts


def test_non_persistent_tape_frees_saved_tensors():
    big = tf.constant(np.ones((256, 1024), np.float32))
    tf._core.release_cached_memory()
    before = tf._core.allocator_stats()["bytes_in_use"]
    with tf.GradientTape() as tape:
        tape.watch(big)
        y = tf.reduce_sum(tf.exp(big) * big)
    held = tf._core.allocator_stats()["bytes_in_use"] - before
    assert held >= 2 * big.numpy().nbytes  # exp(big) and the product are saved
    grad = tape.gradient(y, big)
    del y, grad
    after = tf._core.allocator_stats()["bytes_in_use"] - before
    assert after < held / 2


def test_variable_assign_and_errors():
    v = tf.Variable(tf.zeros((3, 1)))
    assert v.assign(tf.ones((3, 1))) is v
    v.assign_add(tf.ones((3, 1)))
    v.assign_sub(tf.ones((3, 1)) * 0.5)
    v[0, 0].assign(3.0)
    np.testing.assert_allclose(v.numpy(), [[3.0], [1.5], [1.5]])
    with pytest.raises(ValueError, match=r"shape \(2, 2\).*shape \(3, 1\)"):  # TensorFlow's type for assign
        v.assign(tf.ones((2, 2)))
    with pytest.raises(tf.errors.InvalidArgumentError, match="assign_add.*shape"):  # ... and for assign_add
        v.assign_add(tf.ones((2, 2)))
    np.testing.assert_allclose(v.numpy(), [[3.0], [1.5], [1.5]])  # unchanged
    assert repr(tf.Variable(1.0, name="w")).startswith("<tf.Variable 'w:0' shape=() dtype=float32, numpy=1.0>")


def test_variable_read_before_assign_keeps_old_value():
    v = tf.Variable([1.0, 2.0])
    old = v + 0.0
    snapshot = v.read_value()
    v.assign([5.0, 6.0])
    np.testing.assert_allclose(snapshot.numpy(), [1.0, 2.0])
    np.testing.assert_allclose(old.numpy(), [1.0, 2.0])
    np.testing.assert_allclose(v.numpy(), [5.0, 6.0])


# ---- custom_gradient, jacobian, batch_jacobian, explain ----

def test_custom_gradient_is_used_and_nests():
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))

        return tf.math.log(1 + e), grad

    x = tf.constant(100.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert float(tape.gradient(y, x)) == 1.0  # the naive gradient would be inf/inf = nan

    @tf.custom_gradient
    def cube(x):
        def grad(upstream):
            return upstream * 3.0 * x * x

        return x * x * x, grad

    x = tf.constant(2.0, dtype=tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = cube(x)
        dy = inner.gradient(y, x)
    assert float(dy) == 12.0
    assert float(outer.gradient(dy, x)) == 12.0  # d(3x^2)/dx at 2


def test_jacobian_matches_finite_differences():
    x0 = normal(3)
    w = tf.constant(normal(2, 3))

    def f(x):
        return tf.tanh(tf.reshape(tf.matmul(w, tf.reshape(x, [3, 1])), [2]))

    x = tf.constant(x0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    jac = tape.jacobian(y, x).numpy()
    assert jac.shape == (2, 3)
    eps = 1e-6
    expected = np.stack([(f(tf.constant(x0 + eps * e)).numpy() - f(tf.constant(x0 - eps * e)).numpy()) / (2 * eps)
                         for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(jac, expected, rtol=1e-6, atol=1e-9)


def test_batch_jacobian_is_the_per_example_block_of_the_jacobian():
    x = tf.constant(normal(4, 3))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.nn.softmax(x * 2.0)
    bj = tape.batch_jacobian(y, x).numpy()
    full = tape.jacobian(y, x).numpy()  # [4, 3, 4, 3]
    assert bj.shape == (4, 3, 3)
    for b in range(4):
        np.testing.assert_allclose(bj[b], full[b, :, b, :], rtol=1e-12, atol=1e-15)


def test_explain_lists_ops_and_saved_memory():
    x = tf.constant(np.ones((10, 10), np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.exp(x) * 2.0
    text = tape.explain(print_fn=None)
    assert "Exp" in text and "Mul" in text
    assert "saves 400 bytes" in text  # exp keeps its 10x10 float32 output
    assert str(tape) == text


def test_tensor_operators_read_variables_like_ops_do():
    # x + v is read by the bindings themselves (no Python conversion): the tape
    # still hears of the read, and a dtype mismatch is the op's error, as in TensorFlow.
    v = tf.Variable([1.0, 2.0])
    frozen = tf.Variable([3.0, 4.0], trainable=False)
    x = tf.constant([10.0, 20.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum((x * v) + frozen)
    np.testing.assert_allclose(y.numpy(), 10 + 40 + 7)
    np.testing.assert_allclose(tape.gradient(y, v).numpy(), [10.0, 20.0])
    assert [w.name for w in tape.watched_variables()] == [v.name]  # non-trainable ones are not watched
    with pytest.raises(tf.errors.InvalidArgumentError, match="same dtype"):
        tf.constant([1.0, 2.0], tf.float64) + v
    np.testing.assert_allclose((x - v).numpy(), [9.0, 18.0])
    np.testing.assert_allclose((x + [1.0, 1.0]).numpy(), [11.0, 21.0])  # lists still convert


def test_op_functions_read_variables_like_operators_do():
    # tf.add(x, bias) takes the variable's value in tensor_pair, without the full conversion:
    # same results, same gradients, and a dtype mismatch is the op's error, as in TensorFlow.
    v = tf.Variable([1.0, 2.0])
    x = tf.constant([10.0, 20.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.multiply(tf.add(x, v), v) + tf.subtract(v, x))
    np.testing.assert_allclose(y.numpy(), 11 * 1 + 22 * 2 + (1 - 10) + (2 - 20))
    np.testing.assert_allclose(tape.gradient(y, v).numpy(), [10 + 2 * 1 + 1, 20 + 2 * 2 + 1])
    for call in (lambda: tf.add(tf.constant([1, 2]), v), lambda: tf.add(v, tf.constant([1, 2]))):
        with pytest.raises(tf.errors.InvalidArgumentError, match="same dtype"):
            call()
    np.testing.assert_allclose(tf.add(v, 1).numpy(), [2.0, 3.0])  # numbers take the variable's dtype
