"""``keras.optimizers.SGD``: gradient descent, with optional (Nesterov) momentum.

    velocity = momentum * velocity - learning_rate * g     (a slot only when momentum != 0)
    w = w + velocity                                       (plain momentum)
    w = w + momentum * velocity - learning_rate * g        (nesterov=True)
    w = w - learning_rate * g                              (momentum = 0)
"""
import tinytf as tf
from tinytf.keras.optimizers.base_optimizer import Optimizer, keras_cast
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.optimizers.SGD")
class SGD(Optimizer):
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

    def update_step(self, gradient, variable, learning_rate):
        lr = tf.cast(learning_rate, variable.dtype)
        if self.momentum == 0:
            variable.assign_sub(gradient * lr)
            return
        m = self.momentums[self._get_variable_index(variable)]
        momentum = keras_cast(self.momentum, variable.dtype)
        m.assign(m * momentum - gradient * lr)
        variable.assign_add(m * momentum - gradient * lr if self.nesterov else m)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
