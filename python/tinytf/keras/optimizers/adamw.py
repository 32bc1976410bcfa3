"""``keras.optimizers.AdamW``: Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

Every Keras 3 optimizer takes ``weight_decay``; AdamW is Adam whose ``weight_decay`` defaults to
0.004 and cannot be None. Each step first does ``w = w - w * weight_decay * learning_rate`` (for
the variables not excluded with ``exclude_from_weight_decay``), then Adam's update.
"""
from tinytf.keras.optimizers.adam import Adam
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.optimizers.AdamW")
class AdamW(Adam):
    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, amsgrad=amsgrad,
                         weight_decay=weight_decay, **kwargs)
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
