"""``keras.optimizers.Nadam``: Adam with Nesterov momentum (Dozat, 2015).

The momentum coefficient follows a schedule, u_t = beta_1 * (1 - 0.5 * 0.96^t), and the optimizer
keeps the product u_1 * ... * u_t in a variable of its own (the last of ``variables``, named
``variable`` as in Keras 3). With t = iterations + 1:

    m = m + (g - m) * (1 - beta_1);  v = v + (g^2 - v) * (1 - beta_2)
    m_hat = u_{t+1} * m / (1 - u_1...u_{t+1}) + (1 - u_t) * g / (1 - u_1...u_t)
    w = w - learning_rate * m_hat / (sqrt(v / (1 - beta_2^t)) + epsilon)

The rule runs in C++ over all variables at once: ``NadamRule`` in cpp/tinytf/kernels/optimizer_rules.h.
"""
import tinytf as tf
from tinytf.keras import backend
from tinytf.keras.optimizers.base_optimizer import Optimizer
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.optimizers.Nadam")
class Nadam(Optimizer):
    _update_rule = "nadam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        dtype = var_list[0].dtype if var_list else backend.floatx()
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="variable")

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # u_1 * ... * u_t, once per step before the variables (Keras's float32 operations, in its
        # order); stored only once the update went through, so bad input changes nothing.
        u_product = self._u_product
        step = tf.cast(self._iterations + 1, u_product.dtype)
        self._next_u_product = u_product * self.beta_1 * (1.0 - 0.5 * tf.pow(tf.constant(0.96, u_product.dtype), step))
        try:
            super()._backend_update_step(grads, trainable_variables, learning_rate)
            u_product.assign(self._next_u_product)
        finally:
            self._next_u_product = None

    def _slot_lists(self):
        return [self._momentums, self._velocities]

    def _update_settings(self, settings):
        settings.beta_1 = self.beta_1
        settings.beta_2 = self.beta_2
        settings.epsilon = self.epsilon
        pending = getattr(self, "_next_u_product", None)  # during a step: this step's product
        settings.u_product = float(self._u_product if pending is None else pending)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
