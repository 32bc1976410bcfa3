"""Batches from arrays and tensors held in memory (``fit(x_train, y_train, batch_size=128)``).

When shuffling, the arrays become tensors once (float data in float32) and a batch is one
``tf.gather`` of its rows per array. The order is a fresh ``tf.random.shuffle`` of the sample
indices each pass, so ``tf.random.set_seed`` (or ``keras.utils.set_random_seed``) makes a run
repeat itself. ``shuffle="batch"`` shuffles the order of the batches only, as tf.keras does.

Without shuffling (``predict``, ``evaluate``), a batch is a slice of each array: of a tensor, a
view that copies nothing; of a NumPy array, the slice becomes a tensor when its batch comes (a
copy of the batch's rows, still in the cache when the first layer reads them). Copying the whole
array up front instead costs a pass over all of it through memory before the first batch (60,000
MNIST images: 188 MB, ~9 % of a ``predict`` of the MLP, BENCHMARKS.md).
"""
import math

import numpy as np

import tinytf as tf
from tinytf import nest
from tinytf.keras.trainers.data_adapters import data_adapter_utils as utils
from tinytf.keras.utils.batch_utils import pack_x_y_sample_weight


class ArrayDataAdapter:
    """Arrays, tensors, lists of numbers, and tuples/dicts of them."""

    # One endless stream of passes (each reshuffled): an epoch of `steps_per_epoch` steps takes the
    # next batches, crossing into a new pass when one ends, as tf.keras's repeated index dataset does.
    fresh_pass_each_epoch = False
    endless = True

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps=None, shuffle=False, class_weight=None):
        self._shuffle = shuffle.lower() if isinstance(shuffle, str) else bool(shuffle)
        sliced = self._shuffle is not True and not class_weight  # batches are slices: NumPy stays NumPy till then
        convert = utils.to_tensors_or_arrays if sliced else utils.to_tensors
        x, y, sample_weight = convert(x), convert(y), convert(sample_weight)
        utils.check_data_cardinality((x, y, sample_weight))
        if class_weight:
            sample_weight = utils.class_weight_to_sample_weight(y, class_weight, sample_weight)
        self._data = pack_x_y_sample_weight(x, y, sample_weight)
        self._flat = nest.flatten(self._data)
        self.num_samples = int(next(t for t in self._flat if t is not None).shape[0])
        if self.num_samples == 0:
            raise ValueError("Expected input data to be non-empty: the arrays hold 0 samples.")
        if batch_size is not None and batch_size <= 0:
            raise ValueError(f"Expected batch_size to be positive. Received is {batch_size}.")
        if not batch_size:  # tf.keras: enough for `steps` batches, else 32
            batch_size = int(math.ceil(self.num_samples / steps)) if steps else 32
        self.batch_size = int(batch_size)
        self.num_batches = int(math.ceil(self.num_samples / self.batch_size))

    def batches(self):
        """One pass over the data, batch after batch."""
        n, size = self.num_samples, self.batch_size
        order = range(self.num_batches)
        if self._shuffle == "batch":
            order = [int(i) for i in tf.random.shuffle(tf.range(self.num_batches))]
        rows = tf.random.shuffle(tf.range(n, dtype=tf.int64)) if self._shuffle is True else None
        for i in order:
            start, stop = i * size, min((i + 1) * size, n)
            if rows is None:
                flat = [None if t is None else _as_tensor(t[start:stop]) for t in self._flat]
            else:
                picked = rows[start:stop]
                flat = [None if t is None else tf.gather(t, picked) for t in self._flat]
            yield nest.pack_sequence_as(self._data, flat)

    def on_epoch_end(self):
        pass


def _as_tensor(batch):
    """A batch's slice as a tensor: a NumPy slice is copied into one here, a tensor's slice is already one."""
    return tf.convert_to_tensor(batch) if isinstance(batch, np.ndarray) else batch
