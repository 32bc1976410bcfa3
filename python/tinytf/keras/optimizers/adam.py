"""``keras.optimizers.Adam``: momentum and RMSprop with bias-corrected moment estimates.

    m = m + (g - m) * (1 - beta_1);  v = v + (g^2 - v) * (1 - beta_2)
    v_hat = max(v_hat, v)                                        (amsgrad=True, used instead of v)
    alpha = learning_rate * sqrt(1 - beta_2^t) / (1 - beta_1^t)  (t = iterations + 1)
    w = w - m * alpha / (sqrt(v) + epsilon)

The rule runs in C++ over all variables at once: ``AdamRule`` in cpp/tinytf/kernels/optimizer_rules.h.
"""
from tinytf.keras.optimizers.base_optimizer import Optimizer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.optimizers.Adam")
class Adam(Optimizer):
    _update_rule = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat") if self.amsgrad else []

    def _slot_lists(self):
        return [self._momentums, self._velocities, self._velocity_hats]

    def _update_settings(self, settings):
        settings.beta_1 = self.beta_1
        settings.beta_2 = self.beta_2
        settings.epsilon = self.epsilon
        settings.amsgrad = bool(self.amsgrad)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                "amsgrad": self.amsgrad}
