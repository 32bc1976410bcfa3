"""Learning-rate schedules: ``lr = schedule(step)``, as in Keras 3 (``keras.optimizers.schedules``).

An optimizer created with a schedule calls it with its ``iterations`` variable (an int64
``tf.Variable``: the number of updates done so far) before every update.

    lr = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.96)
    keras.optimizers.SGD(learning_rate=lr)

A schedule's value is a scalar, computed on the host in float32 one operation at a time, in
the order Keras's ops compute it (so each rounding step is the same), and returned as a
float32 ``tf.Tensor`` as Keras returns a tensor.
"""
import math

import numpy as np

import tinytf as tf
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export

f32 = np.float32


def _as_float32(value):
    """A Python number, a NumPy value or a tensor (a step, a ``tf.Variable``) as a float32 scalar."""
    return f32(np.asarray(value))


@keras_export("keras.optimizers.schedules.LearningRateSchedule")
class LearningRateSchedule:
    """The base of every schedule. A subclass defines ``__call__(self, step)`` (``step`` is the
    optimizer's ``iterations``, an int64 variable) and, to be saved with a model, ``get_config()``.

        class MyLRSchedule(keras.optimizers.schedules.LearningRateSchedule):
            def __init__(self, initial_learning_rate):
                self.initial_learning_rate = initial_learning_rate

            def __call__(self, step):
                return self.initial_learning_rate / tf.cast(step + 1, "float32")
    """

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override "
                                  "`__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override `get_config()` "
                                  "in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_positive(name, value):
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")


class _DecayEverySteps(LearningRateSchedule):
    """What ExponentialDecay and InverseTimeDecay share: their arguments, and the progress
    ``step / decay_steps`` (rounded down with ``staircase=True``)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase, name):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_positive("decay_steps", decay_steps)

    def _progress(self, step):
        p = _as_float32(step) / f32(self.decay_steps)
        return np.floor(p) if self.staircase else p

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


@keras_export("keras.optimizers.schedules.ExponentialDecay")
class ExponentialDecay(_DecayEverySteps):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``; with ``staircase=True`` the
    exponent is ``floor(step / decay_steps)``."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="ExponentialDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        return tf.constant(f32(self.initial_learning_rate) * np.power(f32(self.decay_rate), self._progress(step)))


@keras_export("keras.optimizers.schedules.PiecewiseConstantDecay")
class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[0]`` while ``step <= boundaries[0]``, ``values[1]`` while ``step <= boundaries[1]``,
    ..., ``values[-1]`` after the last boundary."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of values. Received: "
                             f"boundaries={boundaries} of length {len(boundaries)}, and values={values} "
                             f"of length {len(values)}.")
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = np.asarray(step).item()
        interval = sum(step > boundary for boundary in self.boundaries)
        return tf.constant(self.values[interval], dtype=tf.convert_to_tensor(self.values[0]).dtype)

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


@keras_export("keras.optimizers.schedules.PolynomialDecay")
class PolynomialDecay(LearningRateSchedule):
    """From ``initial_learning_rate`` to ``end_learning_rate`` in ``decay_steps`` steps along
    ``(1 - step / decay_steps) ** power``, then constant; with ``cycle=True`` it starts again from
    the next multiple of ``decay_steps``."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                 name="PolynomialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        _check_positive("decay_steps", decay_steps)

    def __call__(self, step):
        initial, end = f32(self.initial_learning_rate), f32(self.end_learning_rate)
        step, decay_steps = _as_float32(step), f32(self.decay_steps)
        if self.cycle:
            decay_steps = decay_steps * (f32(1) if step == 0 else np.ceil(step / decay_steps))
        else:
            step = min(step, decay_steps)
        p = step / decay_steps
        return tf.constant((initial - end) * np.power(f32(1) - p, f32(self.power)) + end)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}


@keras_export("keras.optimizers.schedules.InverseTimeDecay")
class InverseTimeDecay(_DecayEverySteps):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``; with ``staircase=True``
    the fraction is rounded down."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="InverseTimeDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        return tf.constant(f32(self.initial_learning_rate) / (f32(1) + f32(self.decay_rate) * self._progress(step)))


def _cosine_decay(completed_fraction, alpha):
    """The cosine factor shared by CosineDecay and CosineDecayRestarts: from 1 to ``alpha``."""
    cosine = f32(0.5) * (f32(1) + np.cos(f32(math.pi) * completed_fraction))
    return f32(1 - alpha) * cosine + f32(alpha)


@keras_export("keras.optimizers.schedules.CosineDecay")
class CosineDecay(LearningRateSchedule):
    """Optionally a linear warmup from ``initial_learning_rate`` to ``warmup_target`` over
    ``warmup_steps`` steps, then a cosine decay over ``decay_steps`` steps down to ``alpha`` times
    the rate it started from (``warmup_target``, or ``initial_learning_rate`` without warmup)."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay", warmup_target=None,
                 warmup_steps=0):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        _check_positive("decay_steps", decay_steps)

    def __call__(self, step):
        initial, decay_steps, step = f32(self.initial_learning_rate), f32(self.decay_steps), _as_float32(step)
        if self.warmup_target is None:
            step = min(step, decay_steps)
            return tf.constant(initial * _cosine_decay(step / decay_steps, self.alpha))
        target, warmup_steps = f32(self.warmup_target), f32(self.warmup_steps)
        step = min(step, decay_steps + warmup_steps)
        if step < warmup_steps:
            return tf.constant((target - initial) * (step / warmup_steps) + initial)
        return tf.constant(target * _cosine_decay((step - warmup_steps) / decay_steps, self.alpha))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


@keras_export("keras.optimizers.schedules.CosineDecayRestarts")
class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay from 1 to ``alpha`` (times ``initial_learning_rate``) over ``first_decay_steps``,
    then a warm restart; each period lasts ``t_mul`` times longer and starts ``m_mul`` times lower."""

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name="SGDRDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        _check_positive("first_decay_steps", first_decay_steps)

    def __call__(self, step):
        t_mul, m_mul = f32(self._t_mul), f32(self._m_mul)
        fraction = _as_float32(step) / f32(self.first_decay_steps)
        if t_mul == 1:  # periods of equal length
            restart = np.floor(fraction)
            fraction = fraction - restart
        else:  # period i lasts t_mul**i: find i from the geometric sum
            restart = np.floor(np.log(f32(1) - fraction * (f32(1) - t_mul)) / np.log(t_mul))
            done = (f32(1) - np.power(t_mul, restart)) / (f32(1) - t_mul)
            fraction = (fraction - done) / np.power(t_mul, restart)
        cosine = f32(0.5) * np.power(m_mul, restart) * (f32(1) + np.cos(f32(math.pi) * fraction))
        alpha = f32(self.alpha)
        return tf.constant(f32(self.initial_learning_rate) * ((f32(1) - alpha) * cosine + alpha))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "first_decay_steps": self.first_decay_steps,
                "t_mul": self._t_mul, "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}


def serialize(learning_rate_schedule):
    """Keras 3's config dict: ``{"module": "keras.optimizers.schedules", "class_name": ..., ...}``."""
    return serialization_lib.serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """The schedule a config dict describes (built-ins by name, user schedules via ``custom_objects``)."""
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects,
                                                      module_objects=ALL_OBJECTS_DICT)


ALL_OBJECTS_DICT = {cls.__name__: cls for cls in (
    LearningRateSchedule, ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay,
    CosineDecayRestarts)}
