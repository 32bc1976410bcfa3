"""``keras.callbacks.CallbackList``: the callbacks of one ``fit``/``evaluate``/``predict``, called together.

    callbacks = CallbackList([EarlyStopping()], add_history=True, add_progbar=True,
                             model=model, verbose=1, epochs=5, steps=469)
    callbacks.on_epoch_begin(0)     # calls on_epoch_begin(0, {}) of each, in order

``fit`` adds a ``History`` (and a ``ProgbarLogger`` unless ``verbose=0``) after the user's
callbacks, unless one was passed. Every hook passes the same ``logs`` dict to each callback.

Batch logs hold tensors (the metrics' results): the built-in callbacks take them as they are, so
the values are read only when something prints them. A user's callback gets Python floats, as in
tf.keras: the list reads them once per batch, and only when such a callback implements a batch hook.
"""
import numpy as np

import tinytf as tf
from tinytf import nest
from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.callbacks.history import History
from tinytf.keras.callbacks.progbar_logger import ProgbarLogger
from tinytf.keras.saving.object_registration import keras_export


def python_values(logs):
    """``logs`` with each tensor replaced by a Python number (0-d) or a NumPy array."""
    def convert(value):
        if isinstance(value, (tf.Tensor, tf.Variable)):
            value = value.numpy()
        return value.item() if isinstance(value, (np.ndarray, np.generic)) and value.ndim == 0 else value

    return None if logs is None else nest.map_structure(convert, logs)


@keras_export("keras.callbacks.CallbackList")
class CallbackList:
    """Calls each hook on every callback it holds, in order."""

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        self.callbacks = nest.flatten(callbacks) if callbacks else []
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(f"callbacks must be keras.callbacks.Callback instances, got {callback!r} of type "
                                f"{type(callback).__name__}.")
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        self._progbar = next((c for c in self.callbacks if isinstance(c, ProgbarLogger)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self.model = None
        self.params = {}
        self._find_batch_callbacks()
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback):
        self.callbacks.append(callback)
        self._find_batch_callbacks()

    def __iter__(self):
        return iter(self.callbacks)

    def set_params(self, params):
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)
        self._find_batch_callbacks()

    def _find_batch_callbacks(self):
        """Which callbacks want each kind of batch hook: asked once here, not at every batch (a
        callback may answer only after set_params, as ProgbarLogger does: verbose=2 wants none)."""
        self._batch_callbacks = {mode: [c for c in self.callbacks if getattr(c, f"_implements_{mode}_batch_hooks")()]
                                 for mode in ("train", "test", "predict")}

    def set_model(self, model):
        self.model = model
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    # ---- dispatch
    def _call(self, hook, *args, logs=None):
        if any(not getattr(c, "_supports_tf_logs", False) for c in self.callbacks):
            logs = python_values(logs)
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            getattr(callback, hook)(*args, logs)

    def _call_batch(self, mode, hook, batch, logs):
        wanted = self._batch_callbacks[mode]
        if not wanted:
            return
        if any(not getattr(c, "_supports_tf_logs", False) for c in wanted):
            logs = python_values(logs)
        logs = {} if logs is None else logs
        for callback in wanted:
            getattr(callback, hook)(batch, logs)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs=logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, logs=logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call_batch("train", "on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call_batch("train", "on_train_batch_end", batch, logs)

    on_batch_begin = on_train_batch_begin
    on_batch_end = on_train_batch_end

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs=logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call_batch("test", "on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call_batch("test", "on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs=logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs=logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call_batch("predict", "on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call_batch("predict", "on_predict_batch_end", batch, logs)
