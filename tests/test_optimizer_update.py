"""The fused optimizer update (tinytf.training_ops, cpp/tinytf/autodiff/optimizer_step.h): one C++ call
per step over every variable. Bad input raises before any variable changes; the update writes in place
when it can and never changes a tensor someone still holds; tapes do not record it; results do not
depend on the number of threads; large and many variables are cut into pieces correctly."""
import numpy as np
import pytest

import tinytf as tf
from helpers import run_with_threads
from tinytf import keras, training_ops
from tinytf.keras import optimizers

# Every built-in, with the options that give it all its slots.
BUILT_INS = {
    "SGD": lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    "RMSprop": lambda: optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    "Adam": lambda: optimizers.Adam(0.01, amsgrad=True),
    "AdamW": lambda: optimizers.AdamW(0.01),
    "Adagrad": lambda: optimizers.Adagrad(0.1),
    "Nadam": lambda: optimizers.Nadam(0.01),
}


def model_variables():
    rng = np.random.default_rng(0)
    return [tf.Variable(rng.normal(size=(4, 3)).astype("float32"), name="dense/kernel"),
            tf.Variable(rng.normal(size=(3,)).astype("float32"), name="dense/bias")]


def gradients_for(variables, seed=1):
    rng = np.random.default_rng(seed)
    return [tf.constant(rng.normal(size=tuple(v.shape)).astype(v.dtype.name)) for v in variables]


def snapshot(opt, variables):
    """Every value and version the step could touch."""
    return [(v.numpy().copy(), v._version) for v in variables + opt.variables]


def assert_unchanged(before, opt, variables):
    after = snapshot(opt, variables)
    assert len(before) == len(after)
    for (a, va), (b, vb) in zip(before, after):
        np.testing.assert_array_equal(a, b)
        assert va == vb


# ---------------------------------------------------------------- bad input changes nothing
@pytest.mark.parametrize("name", sorted(BUILT_INS))
def test_a_gradient_of_the_wrong_shape_changes_nothing(name):
    opt, vs = BUILT_INS[name](), model_variables()
    opt.apply_gradients(zip(gradients_for(vs), vs))  # built, with state
    before = snapshot(opt, vs)
    bad = [gradients_for(vs)[0], tf.ones((4,))]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=rf"{name}: the gradient of variable 'dense/bias' has shape \(4,\) but the variable "
                             r"has shape \(3,\)"):
        opt.apply_gradients(zip(bad, vs))
    assert_unchanged(before, opt, vs)


@pytest.mark.parametrize("name", sorted(BUILT_INS))
def test_a_gradient_of_the_wrong_dtype_changes_nothing(name):
    opt, vs = BUILT_INS[name](), model_variables()
    opt.apply_gradients(zip(gradients_for(vs), vs))
    before = snapshot(opt, vs)
    bad = [tf.cast(g, tf.float64) if i == 1 else g for i, g in enumerate(gradients_for(vs))]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=f"{name}: the gradient of variable 'dense/bias' is a float64 tensor .* but the variable "
                             "is a float32 tensor .*; cast the gradient to float32 first"):
        opt.apply_gradients(zip(bad, vs))
    assert_unchanged(before, opt, vs)


def test_an_integer_variable_is_refused_before_anything_changes():
    opt = optimizers.SGD(0.1)
    vs = [tf.Variable([1.0, 2.0], name="w"), tf.Variable([1, 2], name="counts")]
    before = [v.numpy().copy() for v in vs]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="SGD: variable 'counts' is an int32 tensor .*; optimizers update float32 and float64"):
        opt.apply_gradients([(tf.ones((2,)), vs[0]), (tf.constant([1, 1]), vs[1])])
    for v, b in zip(vs, before):
        np.testing.assert_array_equal(v.numpy(), b)
    assert int(opt.iterations) == 0


@pytest.mark.skipif(not tf.config.list_physical_devices("GPU"), reason="needs a GPU")
def test_a_gradient_on_another_device_changes_nothing():
    opt, vs = optimizers.Adam(0.01), model_variables()
    opt.apply_gradients(zip(gradients_for(vs), vs))
    before = snapshot(opt, vs)
    with tf.device("/GPU:0"):
        on_gpu = tf.identity(gradients_for(vs)[1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Adam: the gradient of variable 'dense/bias' is on /GPU:0 but the variable is on /CPU:0"):
        opt.apply_gradients(zip([gradients_for(vs)[0], on_gpu], vs))
    assert_unchanged(before, opt, vs)


def test_the_op_checks_its_slot_lists():
    v, g = tf.Variable([1.0], name="w"), tf.ones((1,))
    settings = training_ops.OptimizerSettings()
    with pytest.raises(tf.errors.InvalidArgumentError, match="RMSprop: expected 1 velocity slot variables, got 0"):
        training_ops.apply_optimizer_step("RMSprop", "rmsprop", settings, [v], [g], [[], [], []], [False])
    with pytest.raises(tf.errors.InvalidArgumentError, match="unknown rule 'lamb'"):
        training_ops.apply_optimizer_step("Lamb", "lamb", settings, [v], [g], [], [False])
    with pytest.raises(tf.errors.InvalidArgumentError, match="SGD: variable 'w' appears twice"):
        training_ops.apply_optimizer_step("SGD", "sgd", settings, [v, v], [g, g], [], [False, False])
    np.testing.assert_array_equal(v.numpy(), [1.0])


# ---------------------------------------------------------------- copy-on-write, in place, no tape
def data_pointer(variable):
    return np.asarray(variable._value).__array_interface__["data"][0]


def test_the_update_writes_in_place_when_no_one_holds_the_value():
    opt, vs = optimizers.RMSprop(0.01), model_variables()
    opt.apply_gradients(zip(gradients_for(vs), vs))
    pointers = [data_pointer(v) for v in vs + opt.variables[2:]]
    opt.apply_gradients(zip(gradients_for(vs), vs))
    assert [data_pointer(v) for v in vs + opt.variables[2:]] == pointers


def test_a_tensor_read_before_the_update_keeps_its_value():
    opt, vs = optimizers.SGD(0.5), model_variables()
    held = vs[0].read_value()
    old = held.numpy().copy()
    grads = gradients_for(vs)
    opt.apply_gradients(zip(grads, vs))
    np.testing.assert_array_equal(held.numpy(), old)
    np.testing.assert_allclose(vs[0].numpy(), old - 0.5 * grads[0].numpy(), rtol=1e-6)


def test_a_gradient_that_is_the_variables_own_value():
    v = tf.Variable([1.0, -2.0], name="w")
    optimizers.SGD(0.5).apply_gradients([(v.read_value(), v)])
    np.testing.assert_array_equal(v.numpy(), [0.5, -1.0])


def test_the_update_is_not_recorded_on_tapes():
    opt, vs = optimizers.Adam(0.01), model_variables()
    with tf.GradientTape(persistent=True) as tape:
        loss = tf.reduce_sum(vs[0] * vs[0]) + tf.reduce_sum(vs[1])
        recorded = len(tape._tape.nodes())
        opt.apply_gradients(zip(gradients_for(vs), vs))
        assert len(tape._tape.nodes()) == recorded


# ---------------------------------------------------------------- many and large variables
def numpy_rmsprop(w, g, velocity, lr=0.01, rho=0.9, eps=1e-7):
    velocity = rho * velocity + (1 - rho) * g * g
    return w - lr * g / np.sqrt(velocity + eps), velocity


def test_many_and_large_variables_are_updated_element_by_element():
    rng = np.random.default_rng(2)
    shapes = [(70000,), (3, 5), (), (8193,), (0,), (300, 41)] + [(i,) for i in range(1, 30)]
    values = [rng.normal(size=s).astype("float32") for s in shapes]
    grads = [rng.normal(size=s).astype("float32") for s in shapes]
    vs = [tf.Variable(x, name=f"v{i}") for i, x in enumerate(values)]
    opt = optimizers.RMSprop(0.01)
    opt.apply_gradients(zip([tf.constant(g) for g in grads], vs))
    for v, w, g in zip(vs, values, grads):
        expected, _ = numpy_rmsprop(w.astype("float64"), g.astype("float64"), np.zeros_like(w, dtype="float64"))
        np.testing.assert_allclose(v.numpy(), expected, rtol=2e-6, atol=1e-7)


def test_float32_and_float64_variables_in_one_step():
    vs = [tf.Variable(np.ones(3, "float32"), name="a"), tf.Variable(np.ones(2, "float64"), name="b")]
    optimizers.SGD(0.5).apply_gradients([(tf.ones((3,)), vs[0]), (tf.ones((2,), tf.float64), vs[1])])
    np.testing.assert_array_equal(vs[0].numpy(), [0.5] * 3)
    np.testing.assert_array_equal(vs[1].numpy(), [0.5] * 2)
    assert vs[1].dtype == tf.float64


THREADS_SCRIPT = """
import hashlib
import numpy as np, tinytf as tf
from tinytf.keras import optimizers
rng = np.random.default_rng(3)
for make in (lambda: optimizers.Adam(0.01, amsgrad=True), lambda: optimizers.RMSprop(0.01, centered=True),
             lambda: optimizers.Nadam(0.01), lambda: optimizers.AdamW(0.01)):
    vs = [tf.Variable(rng.normal(size=s).astype("float32")) for s in [(300, 200), (200,), (70001,)]]
    opt = make()
    for step in range(3):
        opt.apply_gradients([(tf.constant(rng.normal(size=tuple(v.shape)).astype("float32")), v) for v in vs])
    for v in vs + opt.variables:
        print(v.path if hasattr(v, "path") else v.name, hashlib.sha256(v.numpy().tobytes()).hexdigest())
"""


def test_results_do_not_depend_on_the_number_of_threads():
    assert run_with_threads(THREADS_SCRIPT, 1) == run_with_threads(THREADS_SCRIPT, 2)


# ---------------------------------------------------------------- Keras models train with each optimizer
@pytest.mark.parametrize("name", sorted(BUILT_INS))
def test_a_keras_model_learns_with_each_optimizer(name):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32") > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    opt = BUILT_INS[name]()
    first = None
    for _ in range(60):
        with tf.GradientTape() as tape:
            p = model(x, training=True)
            loss = -tf.reduce_mean(y * tf.math.log(p + 1e-7) + (1 - y) * tf.math.log(1 - p + 1e-7))
        opt.apply_gradients(zip(tape.gradient(loss, model.trainable_weights), model.trainable_weights))
        first = float(loss) if first is None else first
    assert float(loss) < 0.7 * first
