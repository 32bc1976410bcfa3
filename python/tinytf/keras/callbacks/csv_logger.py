"""``keras.callbacks.CSVLogger``: one line of metrics per epoch in a CSV file.

    model.fit(x, y, epochs=10, callbacks=[keras.callbacks.CSVLogger("training.log")])

The file, as tf.keras 2 writes it: a header ``epoch,<the first epoch's keys, sorted>``, then one row
per epoch (numbers as Python writes them, a missing value as ``NA``). When the first epoch has no
``val_`` keys (no validation yet, or ``validation_freq`` > 1), a ``val_`` column is added for each
key anyway, so later validations have a place. ``append=True`` continues an existing file and writes
the header only if the file was empty. The file is flushed after every row and closed when training ends.
"""
import collections.abc
import csv
import os

import numpy as np

from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.callbacks.CSVLogger")
class CSVLogger(Callback):
    """Streams each epoch's logs to ``filename``, separated by ``separator`` (one character)."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as f:
                self.append_header = not f.readline()
        self.csv_file = open(self.filename, "a" if self.append else "w", newline="")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if not any(key.startswith("val_") for key in self.keys):
                self.keys += ["val_" + key for key in self.keys]
        if self.writer is None:
            class Dialect(csv.excel):
                delimiter = self.sep

            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys, dialect=Dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _cell(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.csv_file.close()
        self.writer = None


def _cell(value):
    """A value as tf.keras writes it: strings and numbers as they are, a sequence as "[a, b]"."""
    if isinstance(value, str) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value
    if isinstance(value, collections.abc.Iterable):
        return f"\"[{', '.join(map(str, value))}]\""
    return value
