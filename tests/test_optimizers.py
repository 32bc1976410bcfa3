"""keras.optimizers: the API around the update rules (the rules themselves are checked against
Keras in test_optimizers_keras.py): learning rate, iterations, get/serialize, building, None
gradients, argument checks, user subclasses, and that training with them learns."""
import warnings

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import optimizers

BUILT_INS = ["SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Nadam"]


def variables():
    return [tf.Variable(np.ones((2, 3), "float32"), name="w"), tf.Variable(np.zeros(3, "float32"), name="b")]


def ones_like(vs):
    return [tf.ones(tuple(v.shape)) for v in vs]


# ---------------------------------------------------------------- learning rate and iterations
def test_learning_rate_is_a_settable_float32_variable():
    opt = optimizers.RMSprop(learning_rate=0.01)
    assert isinstance(opt.learning_rate, tf.Variable) and opt.learning_rate.dtype == tf.float32
    opt.learning_rate = 0.5
    assert float(opt.learning_rate) == 0.5
    opt.learning_rate.assign(0.25)
    assert float(opt.lr) == 0.25  # tf.keras 2's alias
    opt.lr = 0.125
    assert float(opt.learning_rate) == 0.125
    assert [v.path for v in opt.variables] == ["rm_sprop/iteration", "rm_sprop/learning_rate"]


def test_learning_rate_accepts_ints_and_numpy_numbers_but_not_strings():
    assert float(optimizers.SGD(learning_rate=1).learning_rate) == 1.0
    assert float(optimizers.SGD(learning_rate=np.float32(0.5)).learning_rate) == 0.5
    with pytest.raises(ValueError, match="learning_rate"):
        optimizers.SGD(learning_rate="fast")


def test_a_schedule_learning_rate_follows_iterations_and_cannot_be_set_to_a_float():
    schedule = optimizers.schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    opt = optimizers.SGD(learning_rate=schedule)
    assert [v.path for v in opt.variables] == ["sgd/iteration"]
    vs = variables()
    for step in range(3):
        assert float(opt.learning_rate) == pytest.approx(0.1 * 0.5 ** step)
        opt.apply_gradients(zip(ones_like(vs), vs))
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.1


def test_replacing_the_learning_rate_variable_by_a_schedule_untracks_it():
    opt = optimizers.Adam()
    opt.learning_rate = optimizers.schedules.InverseTimeDecay(0.1, 1, 1.0)
    assert [v.path for v in opt.variables] == ["adam/iteration"]
    assert float(opt.learning_rate) == pytest.approx(0.1)


def test_iterations_is_an_int64_variable_that_counts_updates():
    opt = optimizers.SGD()
    vs = variables()
    assert opt.iterations.dtype == tf.int64 and not opt.iterations.trainable
    returned = opt.apply_gradients(zip(ones_like(vs), vs))
    assert returned is opt.iterations and int(opt.iterations) == 1
    opt.apply(ones_like(vs))  # without the variables: those it was built with
    assert int(opt.iterations) == 2


# ---------------------------------------------------------------- building and applying
def test_slots_are_named_after_the_variables_path_as_keras_3_does():
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    opt = optimizers.Adam()
    opt.build(layer.trainable_weights)
    names = [v.path for v in opt.variables]
    assert names[:2] == ["adam/iteration", "adam/learning_rate"]
    assert names[2:] == [f"adam/{layer.name}_{w}_{slot}" for w in ("kernel", "bias")
                         for slot in ("momentum", "velocity")]


def test_a_built_optimizer_refuses_other_variables():
    opt, vs = optimizers.SGD(), variables()
    opt.apply_gradients(zip(ones_like(vs), vs))
    other = tf.Variable([1.0])
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply_gradients([(tf.ones((1,)), other)])


def test_apply_without_variables_needs_a_built_optimizer():
    with pytest.raises(ValueError, match="must already be built"):
        optimizers.SGD().apply([tf.ones((1,))])


def test_a_variable_listed_twice_is_refused():
    v = tf.Variable([1.0], name="v")
    with pytest.raises(ValueError, match="more than once"):
        optimizers.SGD().apply_gradients([(tf.ones((1,)), v), (tf.ones((1,)), v)])


def test_no_gradient_at_all_is_an_error_naming_the_variables():
    vs = variables()
    with pytest.raises(ValueError, match=r"No gradients provided for any variable: \['w:0', 'b:0'\]"):
        optimizers.Adam().apply_gradients([(None, v) for v in vs])
    with pytest.raises(ValueError, match="no \\(gradient, variable\\) pairs"):
        optimizers.Adam().apply_gradients([])


def test_none_gradients_are_skipped_with_a_warning():
    vs = variables()
    opt = optimizers.SGD(learning_rate=1.0)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['b:0'\]"):
        opt.apply_gradients([(tf.ones((2, 3)), vs[0]), (None, vs[1])])
    np.testing.assert_array_equal(vs[0].numpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(vs[1].numpy(), np.zeros(3))


def test_numpy_gradients_take_the_variables_dtype():
    v = tf.Variable(np.ones(2, "float32"))
    optimizers.SGD(learning_rate=0.5).apply_gradients([(np.ones(2), v)])  # float64 NumPy
    np.testing.assert_array_equal(v.numpy(), [0.5, 0.5])


def test_constraints_apply_after_the_update():
    v = tf.Variable([1.0, -1.0])
    v.constraint = lambda x: tf.maximum(x, 0.0)
    optimizers.SGD(learning_rate=1.0).apply_gradients([(tf.constant([0.5, 0.5]), v)])
    np.testing.assert_array_equal(v.numpy(), [0.5, 0.0])


# ---------------------------------------------------------------- arguments
def test_only_one_clipping_argument():
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_unknown_arguments_are_refused():
    with pytest.raises(ValueError, match="not recognized.*Use `learning_rate` instead of `lr`"):
        optimizers.RMSprop(lr=0.1)
    with pytest.raises(ValueError, match="tinytf does not support `use_ema`"):
        optimizers.Adam(use_ema=True)
    with pytest.warns(UserWarning, match="`decay` is no longer supported"):
        optimizers.SGD(decay=0.1)


def test_adamw_needs_a_weight_decay():
    assert optimizers.AdamW().weight_decay == 0.004
    with pytest.raises(ValueError, match="`weight_decay` must be a float. Received: weight_decay=None"):
        optimizers.AdamW(weight_decay=None)


def test_sgd_momentum_must_lie_in_0_1():
    with pytest.raises(ValueError, match="momentum"):
        optimizers.SGD(momentum=1.5)


def test_exclude_from_weight_decay_only_before_building():
    opt, vs = optimizers.SGD(weight_decay=0.1), variables()
    opt.apply_gradients(zip(ones_like(vs), vs))
    with pytest.raises(ValueError, match="before the optimizer is built"):
        opt.exclude_from_weight_decay(var_names=["b"])


# ---------------------------------------------------------------- get, serialize, configs
@pytest.mark.parametrize("name", ["sgd", "SGD", "rmsprop", "RMSprop", "adam", "Adam", "adamw", "AdamW", "adagrad",
                                  "nadam", "Nadam"])
def test_get_by_name_in_any_case(name):
    opt = optimizers.get(name)
    assert type(opt).__name__.lower() == name.lower()


def test_get_unknown_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"Could not interpret optimizer identifier: adamm\..*'adam'.*'sgd'"):
        optimizers.get("adamm")
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: 3"):
        optimizers.get(3)


def test_get_returns_instances_unchanged_and_builds_from_dicts():
    opt = optimizers.Adam()
    assert optimizers.get(opt) is opt
    assert optimizers.get(None) is None
    from_dict = optimizers.get({"class_name": "rmsprop", "config": {"learning_rate": 0.5, "rho": 0.8}})
    assert isinstance(from_dict, optimizers.RMSprop) and from_dict.rho == 0.8
    assert float(from_dict.learning_rate) == 0.5


@pytest.mark.parametrize("name", BUILT_INS)
def test_serialize_round_trip(name):
    opt = getattr(optimizers, name)(learning_rate=0.25, clipnorm=2.0, name="mine")
    config = optimizers.serialize(opt)
    assert config["module"] == "keras.optimizers" and config["class_name"] == name
    again = optimizers.deserialize(config)
    assert type(again) is type(opt) and again.get_config() == opt.get_config()
    assert keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(opt)).get_config() == \
        opt.get_config()


def test_a_schedule_survives_serialization():
    opt = optimizers.SGD(learning_rate=optimizers.schedules.PolynomialDecay(0.1, 100, power=2.0))
    config = optimizers.serialize(opt)
    assert config["config"]["learning_rate"]["class_name"] == "PolynomialDecay"
    again = optimizers.deserialize(config)
    assert isinstance(again._learning_rate, optimizers.schedules.PolynomialDecay)
    assert again._learning_rate.get_config() == opt._learning_rate.get_config()


def test_a_registered_user_schedule_survives_serialization():
    @keras.saving.register_keras_serializable(package="test_optimizers")
    class Halving(optimizers.schedules.LearningRateSchedule):
        def __init__(self, rate):
            self.rate = rate

        def __call__(self, step):
            return self.rate * 0.5 ** tf.cast(step, "float32")

        def get_config(self):
            return {"rate": self.rate}

    again = optimizers.deserialize(optimizers.serialize(optimizers.Adam(learning_rate=Halving(0.2))))
    assert isinstance(again._learning_rate, Halving) and again._learning_rate.rate == 0.2
    assert float(again.learning_rate) == pytest.approx(0.2)


def test_schedule_argument_checks():
    with pytest.raises(ValueError, match="decay_steps` must be > 0"):
        optimizers.schedules.ExponentialDecay(0.1, 0, 0.5)
    with pytest.raises(ValueError, match="1 less than the length of values"):
        optimizers.schedules.PiecewiseConstantDecay([1, 2], [0.1])
    with pytest.raises(NotImplementedError, match="must override `__call__"):
        optimizers.schedules.LearningRateSchedule()(0)


# ---------------------------------------------------------------- user optimizers
def test_a_user_optimizer_subclass_with_update_step():
    class MomentumSGD(optimizers.Optimizer):
        def __init__(self, learning_rate=0.1, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)
            self.momentum = 0.5

        def build(self, variables):
            super().build(variables)
            self.momentums = [self.add_variable_from_reference(v, name="momentum") for v in variables]

        def update_step(self, gradient, variable, learning_rate):
            m = self.momentums[self._get_variable_index(variable)]
            self.assign(m, m * self.momentum - gradient * learning_rate)
            self.assign_add(variable, m)

    v = tf.Variable([1.0], name="v")
    opt = MomentumSGD(weight_decay=0.5)
    for _ in range(2):
        opt.apply_gradients([(tf.constant([1.0]), v)])
    # step 1: decay 1 -> 0.95, m = -0.1, v = 0.85; step 2: decay -> 0.8075, m = -0.15, v = 0.6575
    np.testing.assert_allclose(v.numpy(), [0.6575], rtol=1e-6)
    assert [x.path for x in opt.variables] == ["momentum_sgd/iteration", "momentum_sgd/learning_rate",
                                               "momentum_sgd/v_0_momentum"]


def test_forgetting_super_init_is_a_clear_error():
    class Broken(optimizers.Optimizer):
        def __init__(self):
            self.rate = 1.0

    with pytest.raises(RuntimeError, match="forgot to call `super\\(\\).__init__\\(\\)`"):
        Broken()


def test_the_base_optimizer_has_no_rule():
    v = tf.Variable([1.0])
    with pytest.raises(NotImplementedError, match="must define update_step"):
        optimizers.Optimizer(learning_rate=0.1).apply_gradients([(tf.ones((1,)), v)])


# ---------------------------------------------------------------- they learn
@pytest.mark.parametrize("name", BUILT_INS)
def test_each_optimizer_fits_a_line(name):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 1)).astype("float32")
    y = 3 * x + 2
    w, b = tf.Variable([[0.0]], name="w"), tf.Variable([0.0], name="b")
    opt = getattr(optimizers, name)(learning_rate=1.0 if name == "Adagrad" else 0.1)  # Adagrad's steps shrink
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(300):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
            opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    assert float(loss) < 1e-2
    assert abs(float(w.numpy()[0, 0]) - 3) < 0.1 and abs(float(b.numpy()[0]) - 2) < 0.1
