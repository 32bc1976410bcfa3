"""``keras.callbacks.History``: the object ``fit`` returns, also ``model.history``.

``history.history`` maps each metric name to its value per epoch (``{"loss": [...], "accuracy":
[...], "val_loss": [...], ...}``, Python floats), ``history.epoch`` lists the epochs run and
``history.params`` the fit's ``{"verbose", "epochs", "steps"}``. Every ``fit`` makes a new one.
"""
from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.callbacks.History")
class History(Callback):
    """Records the logs of every epoch."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []
        self._supports_tf_logs = True

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self.model.history = self  # the latest state, even while training runs
