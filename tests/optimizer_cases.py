"""The optimizer and schedule cases, run the same way on Keras 3 and on tinytf.keras.

tools/make_optimizer_fixtures.py runs every case with TensorFlow's Keras and writes what it gave to
tests/fixtures/keras_optimizers.json; tests/test_optimizers_keras.py runs the same cases with
tinytf and compares. This module imports neither TensorFlow nor tinytf: ``run_case`` gets the
``tf`` and ``keras`` modules to use.

An optimizer case is the code that builds the optimizer plus a few options; ``run_case`` makes
three variables (a 3x2 matrix ``w``, a vector ``b``, a scalar ``s``) and applies a few steps of
fixed random gradients, recording every variable after each step, the learning rate, the
warnings, and in the end the optimizer's variables (paths and values) and its config.
"""
import warnings

import numpy as np

PRELUDE = '''
class InverseStep(keras.optimizers.schedules.LearningRateSchedule):
    """A user's schedule: 0.1 / (step + 1)."""
    def __init__(self, initial_learning_rate):
        self.initial_learning_rate = initial_learning_rate
    def __call__(self, step):
        return self.initial_learning_rate / tf.cast(step + 1, "float32")
    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate}

def half_rate():
    return 0.05

def excluding(optimizer, **kwargs):
    optimizer.exclude_from_weight_decay(**kwargs)
    return optimizer
'''

SHAPES = {"w": (3, 2), "b": (2,), "s": ()}

OPTIMIZERS = {
    # SGD
    "sgd": {"code": "keras.optimizers.SGD()"},
    "sgd_lr": {"code": "keras.optimizers.SGD(learning_rate=0.1)"},
    "sgd_momentum": {"code": "keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)", "steps": 4},
    "sgd_nesterov": {"code": "keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)", "steps": 4},
    "sgd_float64": {"code": "keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)", "dtype": "float64"},
    "sgd_nesterov_float64": {"code": "keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True, "
                                     "weight_decay=0.1)", "dtype": "float64"},
    # RMSprop
    "rmsprop": {"code": "keras.optimizers.RMSprop()"},
    "rmsprop_lr": {"code": "keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8, epsilon=1e-3)"},
    "rmsprop_momentum": {"code": "keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.9)", "steps": 4},
    "rmsprop_centered": {"code": "keras.optimizers.RMSprop(learning_rate=0.01, centered=True)", "steps": 4},
    "rmsprop_centered_momentum": {"code": "keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, "
                                          "centered=True)", "steps": 4},
    "rmsprop_float64": {"code": "keras.optimizers.RMSprop(learning_rate=0.01, centered=True)", "dtype": "float64"},
    # Adam
    "adam": {"code": "keras.optimizers.Adam()", "steps": 4},
    "adam_lr": {"code": "keras.optimizers.Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-4)"},
    "adam_amsgrad": {"code": "keras.optimizers.Adam(learning_rate=0.01, amsgrad=True)", "steps": 5},
    "adam_float64": {"code": "keras.optimizers.Adam(learning_rate=0.01, amsgrad=True)", "dtype": "float64"},
    # Adagrad
    "adagrad": {"code": "keras.optimizers.Adagrad()", "steps": 4},
    "adagrad_lr": {"code": "keras.optimizers.Adagrad(learning_rate=0.1, initial_accumulator_value=0.5, "
                           "epsilon=1e-3)"},
    "adagrad_float64": {"code": "keras.optimizers.Adagrad(learning_rate=0.1)", "dtype": "float64"},
    # Nadam
    "nadam": {"code": "keras.optimizers.Nadam()", "steps": 5},
    "nadam_lr": {"code": "keras.optimizers.Nadam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-4)"},
    "nadam_float64": {"code": "keras.optimizers.Nadam(learning_rate=0.01)", "dtype": "float64", "steps": 4},
    "nadam_none_gradient": {"code": "keras.optimizers.Nadam(learning_rate=0.01)", "steps": 3, "none": {1: ["w"]}},
    # AdamW: Adam with weight decay 0.004 by default
    "adamw": {"code": "keras.optimizers.AdamW(learning_rate=0.01)", "steps": 4},
    "adamw_decay": {"code": "keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.1, amsgrad=True)"},
    "adamw_excluded": {"code": "excluding(keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.1), "
                               "var_list=[])", "steps": 2},
    "adamw_float64": {"code": "keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.1)", "dtype": "float64"},
    # gradient clipping (gradients 5x larger, so the clipping bites)
    "sgd_clipnorm": {"code": "keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0)", "grad_scale": 5.0},
    "sgd_clipvalue": {"code": "keras.optimizers.SGD(learning_rate=0.1, clipvalue=0.5)", "grad_scale": 5.0},
    "sgd_global_clipnorm": {"code": "keras.optimizers.SGD(learning_rate=0.1, global_clipnorm=2.0)",
                            "grad_scale": 5.0},
    "adam_clipnorm": {"code": "keras.optimizers.Adam(learning_rate=0.01, clipnorm=0.5)", "grad_scale": 5.0},
    "sgd_loss_scale": {"code": "keras.optimizers.SGD(learning_rate=0.1, loss_scale_factor=4.0)"},
    # weight decay (every optimizer has it in Keras 3)
    "sgd_weight_decay": {"code": "keras.optimizers.SGD(learning_rate=0.1, weight_decay=0.1)"},
    "rmsprop_weight_decay": {"code": "keras.optimizers.RMSprop(learning_rate=0.01, weight_decay=0.05)"},
    "adagrad_weight_decay": {"code": "keras.optimizers.Adagrad(learning_rate=0.1, weight_decay=0.05)"},
    "nadam_weight_decay": {"code": "excluding(keras.optimizers.Nadam(learning_rate=0.01, weight_decay=0.05), "
                                   "var_names=['w'])"},
    "nadam_clipvalue_schedule": {"code": "keras.optimizers.Nadam(learning_rate=keras.optimizers.schedules."
                                         "InverseTimeDecay(0.01, 1, 0.5), clipvalue=0.5)", "grad_scale": 5.0},
    "adam_weight_decay_excluded": {"code": "excluding(keras.optimizers.Adam(learning_rate=0.01, weight_decay=0.1), "
                                           "var_names=['b'])"},
    # schedules and callables as the learning rate
    "sgd_exponential_decay": {"code": "keras.optimizers.SGD(learning_rate=keras.optimizers.schedules."
                                      "ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5))", "steps": 4},
    "rmsprop_piecewise": {"code": "keras.optimizers.RMSprop(learning_rate=keras.optimizers.schedules."
                                  "PiecewiseConstantDecay([1, 2], [0.1, 0.01, 0.001]))", "steps": 4},
    "adam_cosine_warmup": {"code": "keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.CosineDecay("
                                   "0.0, decay_steps=4, warmup_target=0.1, warmup_steps=2))", "steps": 5},
    "sgd_user_schedule": {"code": "keras.optimizers.SGD(learning_rate=InverseStep(0.1), momentum=0.5)",
                          "steps": 3},
    "sgd_callable": {"code": "keras.optimizers.SGD(learning_rate=half_rate)"},
    # the learning rate set while training
    "rmsprop_set_learning_rate": {"code": "keras.optimizers.RMSprop(learning_rate=0.01)", "steps": 4,
                                  "set_learning_rate": {1: 0.1, 2: "assign 0.001"}},
    # variables without a gradient are skipped (with a warning)
    "adam_none_gradient": {"code": "keras.optimizers.Adam(learning_rate=0.01)", "steps": 4,
                           "none": {0: ["b"], 2: ["w", "s"]}},
    "rmsprop_none_gradient": {"code": "keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True)",
                              "steps": 3, "none": {1: ["b"]}},
    # named optimizers
    "named": {"code": "keras.optimizers.Adam(learning_rate=0.01, name='my_adam')", "steps": 1},
}

SCHEDULES = {
    "exponential": "keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.9)",
    "exponential_staircase": "keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)",
    "piecewise": "keras.optimizers.schedules.PiecewiseConstantDecay([5, 20], [1.0, 0.5, 0.1])",
    "polynomial": "keras.optimizers.schedules.PolynomialDecay(0.1, decay_steps=30)",
    "polynomial_power": "keras.optimizers.schedules.PolynomialDecay(0.1, 30, end_learning_rate=0.01, power=0.5)",
    "polynomial_cycle": "keras.optimizers.schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.01, power=2.0, "
                        "cycle=True)",
    "inverse_time": "keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=5, decay_rate=0.5)",
    "inverse_time_staircase": "keras.optimizers.schedules.InverseTimeDecay(0.1, 5, 0.5, staircase=True)",
    "cosine": "keras.optimizers.schedules.CosineDecay(0.1, decay_steps=50)",
    "cosine_alpha": "keras.optimizers.schedules.CosineDecay(0.1, decay_steps=50, alpha=0.1)",
    "cosine_warmup": "keras.optimizers.schedules.CosineDecay(0.0, decay_steps=50, warmup_target=0.2, "
                     "warmup_steps=10)",
    "cosine_warmup_alpha": "keras.optimizers.schedules.CosineDecay(0.01, 40, alpha=0.5, warmup_target=0.1, "
                           "warmup_steps=5)",
    "cosine_restarts": "keras.optimizers.schedules.CosineDecayRestarts(0.1, first_decay_steps=10)",
    "cosine_restarts_equal": "keras.optimizers.schedules.CosineDecayRestarts(0.1, 10, t_mul=1.0, m_mul=0.5, "
                             "alpha=0.1)",
    "cosine_restarts_mul": "keras.optimizers.schedules.CosineDecayRestarts(0.1, 7, t_mul=3.0, m_mul=0.8)",
    "user": "InverseStep(0.1)",
}
SCHEDULE_STEPS = [0, 1, 2, 3, 5, 7, 9, 10, 11, 15, 20, 29, 30, 31, 45, 50, 60, 100, 1000]


def namespace(tf, keras):
    """The names the cases' code sees."""
    names = {"tf": tf, "keras": keras, "np": np}
    exec(PRELUDE, names)  # noqa: S102 - the cases' own helpers
    return names


def gradients(case, dtype, steps):
    """The case's gradients, step by step, as NumPy arrays (None where the case drops one)."""
    rng = np.random.default_rng(1)
    result = []
    for step in range(steps):
        grads = {name: (rng.normal(size=shape) * case.get("grad_scale", 1.0)).astype(dtype)
                 for name, shape in SHAPES.items()}
        for name in case.get("none", {}).get(step, []):
            grads[name] = None
        result.append(grads)
    return result


def run_case(case, tf, keras):
    """Builds the optimizer from ``case["code"]`` and applies the case's steps: what happened, as JSON."""
    keras.backend.clear_session()  # the optimizer is named "sgd", "adam"... in every run
    names = namespace(tf, keras)
    dtype = case.get("dtype", "float32")
    rng = np.random.default_rng(0)
    variables = [tf.Variable(rng.normal(size=shape).astype(dtype), name=name) for name, shape in SHAPES.items()]
    optimizer = eval(case["code"], names)  # noqa: S307 - the fixture's own code
    steps = []
    for step, grads in enumerate(gradients(case, dtype, case.get("steps", 3))):
        new_rate = case.get("set_learning_rate", {}).get(step)
        if isinstance(new_rate, str):  # "assign 0.001": through the variable
            optimizer.learning_rate.assign(float(new_rate.split()[1]))
        elif new_rate is not None:
            optimizer.learning_rate = new_rate
        pairs = [(None if grads[name] is None else tf.constant(grads[name]), v) for name, v in zip(SHAPES, variables)]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            optimizer.apply_gradients(pairs)
        steps.append({"variables": [v.numpy().tolist() for v in variables],
                      "learning_rate": float(optimizer.learning_rate),
                      "iterations": int(optimizer.iterations.numpy()),
                      "warnings": [str(w.message) for w in caught if "Gradients do not exist" in str(w.message)]})
    return {"steps": steps,
            "optimizer_variables": [[v.path, getattr(v.dtype, "name", v.dtype), np.asarray(v.numpy()).tolist()]
                                    for v in optimizer.variables],
            "config": {key: value for key, value in optimizer.get_config().items() if key != "learning_rate"}}


def schedule_values(code, tf, keras):
    """The schedule's learning rate at each of SCHEDULE_STEPS, and its config."""
    schedule = eval(code, namespace(tf, keras))  # noqa: S307
    return {"values": [float(schedule(step)) for step in SCHEDULE_STEPS],
            "serialized": keras.optimizers.schedules.serialize(schedule)}
