"""``keras.callbacks.ProgbarLogger``: the progress bar of ``fit``, ``evaluate`` and ``predict``.

``fit`` adds one unless ``verbose=0``. What it prints, as tf.keras 2 does (keras/utils/progbar.py
draws the bar):

    Epoch 1/5
    469/469 [==============================] - 3s 6ms/step - loss: 0.2450 - accuracy: 0.9293 - val_loss: ...

- ``verbose=1`` on a terminal: the bar grows in place during the epoch (with ``ETA:``), and the
  epoch's final line stays; into a file or pipe only that final line is written;
- ``verbose=2``: one line per epoch, ``469/469 - 3s - loss: ... - 3s/epoch - 6ms/step``;
- the ``Epoch i/n`` line only when ``epochs > 1``;
- inside ``fit`` the validation is silent (its results end the epoch's line); ``evaluate`` and
  ``predict`` called directly show bars of their own (``predict`` with no values).

The values shown are the model's metrics as the step returned them (running means over the
epoch, kept by the metrics themselves), shown as given; any other value a custom ``train_step``
returns is averaged over the steps by the bar.
"""
import sys

from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.saving.object_registration import keras_export
from tinytf.keras.utils.progbar import Progbar


@keras_export("keras.callbacks.ProgbarLogger")
class ProgbarLogger(Callback):
    """Prints the metrics of each batch and epoch on a progress bar.

    ``count_mode`` ("steps" or "samples", tf.keras 2's argument) is accepted; the bar counts steps."""

    def __init__(self, count_mode="steps", stateful_metrics=None):
        super().__init__()
        if count_mode not in ("steps", "samples"):
            raise ValueError(f'Unknown `count_mode`: {count_mode}. Expected values are ["samples", "steps"]')
        self._supports_tf_logs = True
        self.stateful_metrics = set(stateful_metrics or ())
        self.verbose = 1
        self.epochs = 1
        self.target = None  # steps per epoch (None: unknown until the first epoch ends)
        self.seen = 0
        self.progbar = None
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        self.verbose = 1 if params.get("verbose", 1) == "auto" else params.get("verbose", 1)
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _implements_train_batch_hooks(self):
        return self.verbose == 1  # verbose=2 prints at epoch ends only

    _implements_test_batch_hooks = _implements_train_batch_hooks
    _implements_predict_batch_hooks = _implements_train_batch_hooks

    # ---- hooks
    def on_train_begin(self, logs=None):
        self._called_in_fit = True  # the validation runs of this fit print nothing

    def on_epoch_begin(self, epoch, logs=None):
        self._start_bar()
        if self.verbose and self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}", file=sys.stdout, flush=True)

    def on_train_batch_end(self, batch, logs=None):
        self._update(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finish(logs)

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._start_bar()

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finish(logs)

    def on_predict_begin(self, logs=None):
        self._start_bar()

    def on_predict_batch_end(self, batch, logs=None):
        self._update(batch, None)  # the predictions are no values to show

    def on_predict_end(self, logs=None):
        self._finish(None)

    # ---- the bar
    def _start_bar(self):
        self.seen = 0
        self.progbar = Progbar(target=self.target, verbose=self.verbose, stateful_metrics=self.stateful_metrics,
                               unit_name="step", each_update_in_files=False)
        self._metric_names_read = False

    def _read_metric_names(self):
        """The model's metrics are running means already: the bar shows them as given. They exist
        once the first step ran (compile builds them lazily), so they are read after it."""
        if not self._metric_names_read and self.model is not None:
            self.progbar.stateful_metrics |= {m.name for m in self.model.metrics}
            self._metric_names_read = True

    def _update(self, batch, logs):
        self.seen = batch + 1
        if self.verbose == 1:
            self._read_metric_names()
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)

    def _finish(self, logs):
        if self.target is None:  # learnt now: the number of steps this epoch had
            self.target = self.seen or None
            self.progbar.target = self.target
        self._read_metric_names()
        self.progbar.update(self.target if self.target is not None else self.seen, list((logs or {}).items()),
                            finalize=True)
