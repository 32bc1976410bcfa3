"""``MonitorCallback``: what EarlyStopping, ModelCheckpoint and ReduceLROnPlateau share: a monitored
value from the logs (``"val_loss"``, ``"accuracy"``...) and which way is better.

    better = self._is_improvement(current, self.best)   # current beats best by more than min_delta

``mode="min"`` wants the value to fall, ``"max"`` to rise, ``"auto"`` guesses from the name. Each
tf.keras 2 callback guesses with its own rule, kept here so they stand side by side:

    EarlyStopping       max when the name ends in "acc", "accuracy" or "auc"
    ModelCheckpoint     max when "acc" is in the name or it starts with "fmeasure"
    ReduceLROnPlateau   max when "acc" is in the name

``min_delta`` is stored with the sign of the direction (negative when minimising), so one comparison,
``op(current - min_delta, reference)``, serves both.
"""
import warnings

import numpy as np

from tinytf.keras.callbacks.callback import Callback


class MonitorCallback(Callback):
    """Base of the callbacks that watch one logged value. Subclasses set ``_auto_maximises(monitor)``."""

    _mode_warning = "{name} mode {mode} is unknown, fallback to auto mode."  # tf.keras's text
    _missing_warning = None  # the warning when the monitored key is missing (a format with monitor, available)

    def __init__(self, monitor="val_loss", mode="auto", min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(self._mode_warning.format(name=type(self).__name__, mode=mode), stacklevel=3)
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        maximise = mode == "max" or (mode == "auto" and self._auto_maximises(monitor))
        self.monitor_op = np.greater if maximise else np.less
        self.min_delta = abs(min_delta) if maximise else -abs(min_delta)

    @staticmethod
    def _auto_maximises(monitor):
        raise NotImplementedError("MonitorCallback subclasses say which names mode='auto' maximises.")

    def _worst_value(self):
        """The starting "best": anything beats it."""
        return -np.inf if self.monitor_op is np.greater else np.inf

    def _is_improvement(self, current, reference):
        return bool(self.monitor_op(current - self.min_delta, reference))

    def get_monitor_value(self, logs):
        """The monitored value in ``logs``, or None with tf.keras's warning naming the keys there are."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None and self._missing_warning:
            warnings.warn(self._missing_warning.format(monitor=self.monitor, available=",".join(logs)), stacklevel=3)
        return value
