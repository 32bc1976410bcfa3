"""``keras.optimizers.RMSprop``: divide the gradient by a running root mean square of recent gradients.

    velocity = rho * velocity + (1 - rho) * g^2
    average_gradient = rho * average_gradient + (1 - rho) * g                (centered=True)
    increment = learning_rate * g / sqrt(velocity [- average_gradient^2] + epsilon)
    momentum = momentum_coefficient * momentum + increment; w = w - momentum (momentum > 0)
    w = w - increment                                                        (momentum = 0)

The rule runs in C++ over all variables at once: ``RmspropRule`` in cpp/tinytf/kernels/optimizer_rules.h.
"""
from tinytf.keras.optimizers.base_optimizer import Optimizer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.optimizers.RMSprop")
class RMSprop(Optimizer):
    _update_rule = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = self.add_optimizer_variables(var_list, "momentum") if self.momentum > 0 else []
        self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient") if self.centered else []

    def _slot_lists(self):
        return [self._velocities, self._momentums, self._average_gradients]

    def _update_settings(self, settings):
        settings.rho = self.rho
        settings.momentum = self.momentum
        settings.epsilon = self.epsilon
        settings.centered = bool(self.centered)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                "centered": self.centered}
