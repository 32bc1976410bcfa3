"""Batches from arrays and tensors held in memory (``fit(x_train, y_train, batch_size=128)``).

The arrays become tensors once (float data in float32); a batch is then a slice of each, a view
that copies nothing, or, when shuffling, one ``tf.gather`` of the batch's rows per array. The
order is a fresh ``tf.random.shuffle`` of the sample indices each pass, so ``tf.random.set_seed``
(or ``keras.utils.set_random_seed``) makes a run repeat itself. ``shuffle="batch"`` shuffles
the order of the batches only, as tf.keras does.
"""
import math

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
        x, y, sample_weight = utils.to_tensors(x), utils.to_tensors(y), utils.to_tensors(sample_weight)
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
        self._shuffle = shuffle.lower() if isinstance(shuffle, str) else bool(shuffle)

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
                flat = [None if t is None else t[start:stop] for t in self._flat]
            else:
                picked = rows[start:stop]
                flat = [None if t is None else tf.gather(t, picked) for t in self._flat]
            yield nest.pack_sequence_as(self._data, flat)

    def on_epoch_end(self):
        pass
