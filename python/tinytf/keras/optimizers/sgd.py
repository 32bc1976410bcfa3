"""``keras.optimizers.SGD``: gradient descent, with optional (Nesterov) momentum.

    velocity = momentum * velocity - learning_rate * g     (a slot only when momentum != 0)
    w = w + velocity                                       (plain momentum)
    w = w + momentum * velocity - learning_rate * g        (nesterov=True)
    w = w - learning_rate * g                              (momentum = 0)

The rule runs in C++ over all variables at once: ``SgdRule`` in cpp/tinytf/kernels/optimizer_rules.h.
"""
from tinytf.keras.optimizers.base_optimizer import Optimizer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.optimizers.SGD")
class SGD(Optimizer):
    _update_rule = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float)) or not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: momentum={momentum!r}")
        self.momentum = float(momentum)
        self.nesterov = nesterov

    def build(self, variables):
        if self.built:
            return
        super().build(variables)
        self.momentums = self.add_optimizer_variables(variables, "momentum") if self.momentum != 0 else []

    def _slot_lists(self):
        return [self.momentums]

    def _update_settings(self, settings):
        settings.momentum = self.momentum
        settings.nesterov = bool(self.nesterov)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
