"""``keras.callbacks.LearningRateScheduler``: set the optimizer's learning rate at each epoch's start.

    def schedule(epoch, lr):                 # epoch counts from 0; lr is the current rate
        return lr if epoch < 10 else lr * 0.9
    model.fit(x, y, epochs=20, callbacks=[keras.callbacks.LearningRateScheduler(schedule, verbose=1)])

``schedule(epoch)`` (one argument) works too. The rate of each epoch shows in the logs and in
History under ``"lr"``, tf.keras 2's key (Keras 3 writes ``"learning_rate"``), as a float32 number;
``ReduceLROnPlateau`` reads and writes the rate through the same two functions below.
"""
import numpy as np

import tinytf as tf
from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.saving.object_registration import keras_export


def get_learning_rate(optimizer):
    """The optimizer's current learning rate as a float32 number (as tf.keras's ``backend.get_value``)."""
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError('Optimizer must have a "lr" attribute.')
    return np.float32(np.asarray(optimizer.learning_rate))


def set_learning_rate(optimizer, value):
    """Assigns a new rate (the optimizer raises a TypeError when its rate is a schedule, not a variable)."""
    optimizer.learning_rate = float(np.asarray(value))


@keras_export("keras.callbacks.LearningRateScheduler")
class LearningRateScheduler(Callback):
    """Calls ``schedule(epoch, lr)`` at each epoch's start and sets the rate it returns."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        lr = float(get_learning_rate(self.model.optimizer))
        try:
            lr = self.schedule(epoch, lr)
        except TypeError:  # schedule(epoch), the older signature (tf.keras tries it the same way)
            lr = self.schedule(epoch)
        if not isinstance(lr, (tf.Tensor, float, np.float32, np.float64)):
            raise ValueError(f'The output of the "schedule" function should be float. Got: {lr}')
        if isinstance(lr, tf.Tensor) and not lr.dtype.is_floating:
            raise ValueError(f"The dtype of `lr` Tensor should be float. Got: {lr.dtype}")
        set_learning_rate(self.model.optimizer, lr)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["lr"] = get_learning_rate(self.model.optimizer)
