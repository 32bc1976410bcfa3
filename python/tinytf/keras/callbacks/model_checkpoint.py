"""``keras.callbacks.ModelCheckpoint``: save the model (or its weights) while it trains.

    checkpoint = keras.callbacks.ModelCheckpoint("best.keras", monitor="val_accuracy", save_best_only=True)
    model.fit(x, y, epochs=20, validation_split=0.2, callbacks=[checkpoint])
    best = keras.models.load_model("best.keras")

- ``filepath`` may hold fields filled at each save: ``{epoch:02d}`` (counting from 1), ``{batch}``
  (with ``save_freq`` in batches) and any logged value (``{loss:.2f}``, ``{val_loss:.2f}``). It must
  end in ``.keras`` (the whole model, ``model.save``) or, with ``save_weights_only=True``, in
  ``.weights.h5`` (``model.save_weights``): Keras 3's rule and messages. Missing folders are made.
- ``save_freq="epoch"`` saves at each epoch end; an integer ``n`` after every ``n`` training batches
  (counted across epochs), with the batch's logs (the epoch's running means so far).
- ``save_best_only``: save only when ``monitor`` beats the best value so far (which way is better:
  ``mode``, see monitor_callback.py; ``initial_value_threshold`` is the value to beat at first).
- ``verbose=1`` prints tf.keras 2's messages (``Epoch 3: val_loss improved from 0.41000 to 0.39000,
  saving model to ...``).

The saving itself is ``model.save`` / ``model.save_weights`` (keras/saving/), which write atomically.
"""
import os

from tinytf.keras.callbacks.callback_list import python_values
from tinytf.keras.callbacks.monitor_callback import MonitorCallback
from tinytf.keras.callbacks.step_counter import StepCounter
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.callbacks.ModelCheckpoint")
class ModelCheckpoint(MonitorCallback):
    """Saves the model or its weights at each epoch end or every ``save_freq`` batches."""

    _missing_warning = "Can save best model only with {monitor} available, skipping."

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor, mode)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.best = self._worst_value() if initial_value_threshold is None else initial_value_threshold
        self._supports_tf_logs = True
        self._batches_seen_since_last_saving = 0
        self._steps = StepCounter()
        self._current_epoch = 0
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int)):
            raise ValueError(f'Unrecognized save_freq: {save_freq}. Expected save_freq are "epoch" or integer')
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError("When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must "
                             f"end in `.weights.h5` (Keras weights format). Received: filepath={self.filepath}")
        if not save_weights_only and not self.filepath.endswith(".keras"):
            raise ValueError("The filepath provided must end in `.keras` (Keras model format). Received: "
                             f"filepath={self.filepath}")

    @staticmethod
    def _auto_maximises(monitor):
        return "acc" in monitor or monitor.startswith("fmeasure")

    def _implements_train_batch_hooks(self):
        return self.save_freq != "epoch"  # batch hooks cost nothing when saving per epoch

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch
        self._steps.start_epoch()

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _should_save_on_batch(self, batch):
        """Whether ``save_freq`` training steps ran since the last save (counted across epochs)."""
        self._batches_seen_since_last_saving += self._steps.advance(batch)
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self, epoch, batch, logs):
        logs = python_values(logs) or {}
        filepath = self._get_file_path(epoch, batch, logs)
        if self.save_best_only:
            current = self.get_monitor_value(logs)
            if current is None:
                return
            if not self._is_improvement(current, self.best):
                if self.verbose > 0:
                    print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
                return
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {self.best:.5f} to {current:.5f}, "
                      f"saving model to {filepath}")
            self.best = current
        elif self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
        self._write(filepath)

    def _write(self, filepath):
        if os.path.isdir(filepath):
            raise IOError("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing "
                          f"directory: {filepath}")
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)

    def _get_file_path(self, epoch, batch, logs):
        """``filepath`` with its fields filled: ``epoch`` and ``batch`` count from 1, the rest from ``logs``."""
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as e:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}') from None
