"""``keras.optimizers.Adagrad``: per-parameter learning rates that shrink with the sum of squared gradients.

    accumulator = accumulator + g^2          (starts at initial_accumulator_value)
    w = w - learning_rate * g / sqrt(accumulator + epsilon)

The rule runs in C++ over all variables at once: ``AdagradRule`` in cpp/tinytf/kernels/optimizer_rules.h.
"""
import numpy as np

from tinytf.keras import initializers
from tinytf.keras.optimizers.base_optimizer import Optimizer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.optimizers.Adagrad")
class Adagrad(Optimizer):
    _update_rule = "adagrad"

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        # Keras 3's Constant initializer casts its value through float32 (ops.cast), float64 slots too.
        start = float(np.float32(self.initial_accumulator_value))
        self._accumulators = self.add_optimizer_variables(var_list, "accumulator",
                                                          initializer=initializers.Constant(start))

    def _slot_lists(self):
        return [self._accumulators]

    def _update_settings(self, settings):
        settings.epsilon = self.epsilon

    def get_config(self):
        return {**super().get_config(), "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}
