"""``keras.callbacks.EarlyStopping``: stop training when a monitored value stops improving.

    stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=True)
    model.fit(x, y, epochs=100, validation_split=0.2, callbacks=[stop])

At each epoch end (tf.keras 2's rule, step by step): ``wait`` counts the epochs since the last
improvement; an epoch that beats ``best`` by more than ``min_delta`` becomes the best one, and resets
``wait`` only if it also beats ``baseline`` (when one is given); once ``wait`` reaches ``patience``
(never at the first epoch) training stops. Nothing is decided before ``start_from_epoch``. With
``restore_best_weights`` the weights of the best epoch are put back when training ends (those of the
first watched epoch if none improved).
"""
from tinytf.keras.callbacks.monitor_callback import MonitorCallback
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.callbacks.EarlyStopping")
class EarlyStopping(MonitorCallback):
    """Stops ``fit`` (``model.stop_training = True``) after ``patience`` epochs without improvement."""

    _missing_warning = ("Early stopping conditioned on metric `{monitor}` which is not available. "
                        "Available metrics are: {available}")

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto", baseline=None,
                 restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self._worst_value()
        self.best_weights = None
        self.best_epoch = 0

    @staticmethod
    def _auto_maximises(monitor):
        return monitor.endswith(("acc", "accuracy", "auc"))

    def on_train_begin(self, logs=None):
        # A callback may serve several fits: each starts afresh.
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self._worst_value()
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()  # something to restore even if nothing improves
            self.best_epoch = epoch

        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
