"""``keras.callbacks.BackupAndRestore``: resume a ``fit`` that was interrupted (killed, crashed, preempted).

    backup = keras.callbacks.BackupAndRestore(backup_dir="/tmp/backup")
    model.fit(x, y, epochs=10, callbacks=[backup])     # run it again after a crash: it goes on

During ``fit`` it backs up the training state at each epoch end (or every ``save_freq`` training
batches); when ``fit`` starts with a backup in ``backup_dir`` it restores it and training resumes
where the backup was made: at the next epoch, or in the middle of an epoch after the batches already
done (which are drawn from the data but not trained on again). A finished ``fit`` deletes the backup
(unless ``delete_checkpoint=False``). The model must be built before ``fit`` (restoring needs its
variables), and ``compile``/``fit`` must be called as in the interrupted run.

The state is:

- the weights and the optimizer's state (its iterations and slots): ``model.save_weights``;
- where training stood (epoch, steps done in it) and the random generator's state (``tf.random``'s
  seed counters), at the backup and at the start of its epoch: ``training_metadata.json``.

With the random state restored, the resumed epoch draws the same shuffled order and the same dropout
masks as the uninterrupted run would have, so a seeded run that was killed and resumed ends with the
same weights, bit for bit. (Keras restores the weights and the epoch only, and redoes a whole epoch.)

A backup is made so that a process killed at any moment leaves a usable one: the weights go to one of
two files (``checkpoint-0.weights.h5``, ``checkpoint-1.weights.h5``) in turn, then the metadata naming
that file replaces the old one in one atomic rename (keras/saving/atomic_file.py). Until that rename,
the metadata still names the other, complete file.
"""
import json
import os
import shutil

from tinytf import random as tf_random
from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.callbacks.step_counter import StepCounter
from tinytf.keras.saving.atomic_file import atomic_write
from tinytf.keras.saving.object_registration import keras_export

_METADATA = "training_metadata.json"


@keras_export("keras.callbacks.BackupAndRestore")
class BackupAndRestore(Callback):
    """Backs up the training state during ``fit`` and restores it when an interrupted ``fit`` runs again."""

    def __init__(self, backup_dir, save_freq="epoch", delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1):
            raise ValueError(f"Invalid value for argument `save_freq`. Received: save_freq={save_freq}. Expected "
                             "either 'epoch' or an integer value.")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.delete_checkpoint = delete_checkpoint
        self._supports_tf_logs = True
        self._metadata_path = os.path.join(self.backup_dir, _METADATA)
        self._backups = 0  # which of the two weight files is next
        self._current_epoch = 0
        self._steps = StepCounter()
        self._batches_since_backup = 0
        self._random_at_epoch_begin = None
        self._resume = None  # the restored metadata, until the resumed epoch and step have started

    # ---- restoring
    def on_train_begin(self, logs=None):
        self._resume = None
        self._batches_since_backup = 0
        if not os.path.exists(self._metadata_path):
            return
        if not self.model.built:
            raise ValueError("To use the BackupAndRestore callback, you model must be built before you call `fit()`. "
                             f"Model {self.model} is unbuilt. You can build it beforehand by calling it on a batch "
                             "of data.")
        with open(self._metadata_path) as f:
            metadata = json.load(f)
        optimizer = self.model.optimizer
        if optimizer is not None and not optimizer.built:
            optimizer.build(self.model.trainable_variables)  # its slots must exist to take their saved values
        self.model.load_weights(os.path.join(self.backup_dir, metadata["weights"]))
        self._backups = metadata["backups"]
        self.model._initial_epoch, self.model._initial_step = metadata["epoch"], metadata["step"]
        self._resume = metadata

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch
        self._steps.start_epoch()
        if self._resume is not None and epoch == self._resume["epoch"]:
            # The epoch starts as it started before: the same shuffle, drawn from the same random state.
            tf_random._set_global_state(self._resume["random_at_epoch_begin"])
            if not self._resume["step"]:
                self._resume = None
        self._random_at_epoch_begin = tf_random._global_state()

    def on_train_batch_begin(self, batch, logs=None):
        if self._resume is not None and batch == self._resume["step"]:
            # The first step after those already done: the random state as it was when they were.
            tf_random._set_global_state(self._resume["random"])
            self._resume = None

    def _implements_train_batch_hooks(self):
        return True  # a resumed run restores the random state at its first batch, whatever save_freq says

    # ---- backing up
    def on_train_batch_end(self, batch, logs=None):
        self._batches_since_backup += self._steps.advance(batch)
        if self.save_freq != "epoch" and self._batches_since_backup >= self.save_freq:
            self._batches_since_backup = 0
            steps = self.params.get("steps") if self.params else None
            if steps is not None and self._steps.in_epoch >= steps:  # the epoch's last step: resume at the next one
                self._backup(self._current_epoch + 1, 0, tf_random._global_state())
            else:
                self._backup(self._current_epoch, self._steps.in_epoch, self._random_at_epoch_begin)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._backup(epoch + 1, 0, tf_random._global_state())

    def _backup(self, epoch, step, random_at_epoch_begin):
        """Writes the weights to the file the metadata does not name, then the metadata, atomically."""
        os.makedirs(self.backup_dir, exist_ok=True)
        weights = f"checkpoint-{self._backups % 2}.weights.h5"
        self.model.save_weights(os.path.join(self.backup_dir, weights), overwrite=True)
        self._backups += 1
        metadata = {"epoch": epoch, "step": step, "weights": weights, "backups": self._backups,
                    "random_at_epoch_begin": random_at_epoch_begin, "random": tf_random._global_state()}
        with atomic_write(self._metadata_path) as f:
            f.write(json.dumps(metadata, indent=1).encode("utf-8"))

    def on_train_end(self, logs=None):
        self._resume = None
        if self.delete_checkpoint and os.path.isdir(self.backup_dir):
            shutil.rmtree(self.backup_dir)
