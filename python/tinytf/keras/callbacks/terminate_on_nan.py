"""``keras.callbacks.TerminateOnNaN``: stop training as soon as a batch's loss is NaN or infinite.

It reads the running loss after every training batch (one read of a number per batch) and prints
``Batch 3: Invalid loss, terminating training``, as tf.keras 2 does; ``fit`` ends after that batch.
"""
import numpy as np

from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.callbacks.TerminateOnNaN")
class TerminateOnNaN(Callback):
    """Sets ``model.stop_training`` when the loss becomes NaN or infinite."""

    def __init__(self):
        super().__init__()
        self._supports_tf_logs = True

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not np.isfinite(np.asarray(loss)).all():
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
