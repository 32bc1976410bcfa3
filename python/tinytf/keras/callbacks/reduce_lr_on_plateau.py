"""``keras.callbacks.ReduceLROnPlateau``: lower the learning rate when a monitored value stops improving.

    reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=5, min_lr=0.001)

At each epoch end (tf.keras 2's rule): the rate of the epoch goes into the logs (``"lr"``, so History
keeps it); a value that beats ``best`` by more than ``min_delta`` resets ``wait``; otherwise, outside
a cooldown, ``wait`` counts up and at ``patience`` the rate becomes ``max(lr * factor, min_lr)``
(unless it is at ``min_lr`` already), followed by ``cooldown`` epochs in which ``wait`` stays 0.
"""
import numpy as np

from tinytf.keras.callbacks.learning_rate_scheduler import get_learning_rate, set_learning_rate
from tinytf.keras.callbacks.monitor_callback import MonitorCallback
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.callbacks.ReduceLROnPlateau")
class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by ``factor`` after ``patience`` epochs without improvement."""

    _mode_warning = "Learning rate reduction mode {mode} is unknown, fallback to auto mode."
    _missing_warning = ("Learning rate reduction is conditioned on metric `{monitor}` which is not available. "
                        "Available metrics are: {available}")

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0, **kwargs):
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Got {factor}")
        if "epsilon" in kwargs:  # tf.keras 1's name
            min_delta = kwargs.pop("epsilon")
        if kwargs:
            raise TypeError(f"ReduceLROnPlateau got unexpected keyword arguments: {sorted(kwargs)}.")
        super().__init__(monitor, mode, min_delta)
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self._reset()

    @staticmethod
    def _auto_maximises(monitor):
        return "acc" in monitor

    def _reset(self):
        self.best = self._worst_value()
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self):
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            logs = {}
        logs["lr"] = get_learning_rate(self.model.optimizer)
        current = self.get_monitor_value(logs)
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                self._reduce(epoch)

    def _reduce(self, epoch):
        old_lr = get_learning_rate(self.model.optimizer)
        if old_lr > np.float32(self.min_lr):
            new_lr = max(float(old_lr) * self.factor, self.min_lr)  # a Python float, as tf.keras prints it
            set_learning_rate(self.model.optimizer, new_lr)
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
            self.cooldown_counter = self.cooldown
            self.wait = 0
