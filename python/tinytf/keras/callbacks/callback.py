"""``keras.callbacks.Callback``: the base class of everything ``fit``, ``evaluate`` and ``predict`` call back.

Subclass it and override the hooks you need; each receives a ``logs`` dict:

    class LossHistory(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.losses = []
        def on_batch_end(self, batch, logs=None):      # = on_train_batch_end
            self.losses.append(logs["loss"])

The order, for ``fit`` (validation runs inside each epoch, after its batches):

    on_train_begin
      on_epoch_begin(epoch)
        on_train_batch_begin(batch) / on_train_batch_end(batch, logs)   ... per batch
        on_test_begin / on_test_batch_begin / on_test_batch_end / on_test_end   (validation)
      on_epoch_end(epoch, logs)         logs: the epoch's metrics, then the val_ ones
    on_train_end(logs)

``evaluate`` calls the ``on_test_*`` hooks, ``predict`` the ``on_predict_*`` ones. A hook's batch
logs are the values the step returned (the model's metrics so far in the epoch); ``self.model`` is
the model and ``self.params`` holds ``{"verbose", "epochs", "steps"}``.
"""
from tinytf.keras.saving.object_registration import keras_export


def _default(hook):
    """Marks Callback's own hooks: a CallbackList skips batch hooks nobody overrides (tf.keras does too)."""
    hook._is_default = True
    return hook


@keras_export("keras.callbacks.Callback")
class Callback:
    """Does nothing at every hook: override the ones you need."""

    def __init__(self):
        self.params = None
        self.model = None
        self.validation_data = None  # tf.keras 2 kept it; some programs read it
        # True when a callback accepts batch logs holding tensors (the built-ins): the CallbackList
        # then skips turning them into Python floats, a read of every metric at every batch.
        self._supports_tf_logs = False

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    # ---- fit
    @_default
    def on_train_begin(self, logs=None):
        """Called once, before the first epoch."""

    @_default
    def on_train_end(self, logs=None):
        """Called once, after the last epoch (``logs``: the last epoch's)."""

    @_default
    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of each epoch (``epoch`` counts from 0)."""

    @_default
    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of each epoch with its metrics and, after validation, the ``val_`` ones."""

    @_default
    def on_batch_begin(self, batch, logs=None):
        """tf.keras's name for ``on_train_batch_begin``."""

    @_default
    def on_batch_end(self, batch, logs=None):
        """tf.keras's name for ``on_train_batch_end``."""

    @_default
    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch (``batch`` counts from 0 in each epoch)."""
        self.on_batch_begin(batch, logs=logs)

    @_default
    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch with the metrics so far in this epoch."""
        self.on_batch_end(batch, logs=logs)

    # ---- evaluate (and validation inside fit)
    @_default
    def on_test_begin(self, logs=None):
        """Called before evaluating (also for each validation inside ``fit``)."""

    @_default
    def on_test_end(self, logs=None):
        """Called after evaluating, with the results."""

    @_default
    def on_test_batch_begin(self, batch, logs=None):
        """Called before each evaluation batch."""

    @_default
    def on_test_batch_end(self, batch, logs=None):
        """Called after each evaluation batch with the metrics so far."""

    # ---- predict
    @_default
    def on_predict_begin(self, logs=None):
        """Called before predicting."""

    @_default
    def on_predict_end(self, logs=None):
        """Called after predicting."""

    @_default
    def on_predict_batch_begin(self, batch, logs=None):
        """Called before each prediction batch."""

    @_default
    def on_predict_batch_end(self, batch, logs=None):
        """Called after each prediction batch; ``logs["outputs"]`` holds the batch's predictions."""

    # ---- which batch hooks are worth calling (the CallbackList asks once)
    def _implements_train_batch_hooks(self):
        return _overrides(self, "on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end")

    def _implements_test_batch_hooks(self):
        return _overrides(self, "on_test_batch_begin", "on_test_batch_end")

    def _implements_predict_batch_hooks(self):
        return _overrides(self, "on_predict_batch_begin", "on_predict_batch_end")


def _overrides(callback, *hooks):
    """Whether ``callback`` has one of ``hooks`` of its own (a subclass's method, or a function set on the
    instance as LambdaCallback does), not Callback's do-nothing one."""
    return any(not getattr(getattr(callback, hook), "_is_default", False) for hook in hooks)
