"""Batches from a ``keras.utils.Sequence`` / ``PyDataset`` (``fit(MySequence(x, y, 32))``).

An epoch asks for ``len(sequence)`` batches by index (in a shuffled order when ``fit(shuffle=True)``,
as tf.keras does) and calls the sequence's ``on_epoch_end`` after each epoch. ``workers`` and
``use_multiprocessing`` are accepted but the batches are made in the training thread.
"""
import tinytf as tf
from tinytf.keras.trainers.data_adapters.tf_dataset_adapter import standardize_batch


class PyDatasetAdapter:
    fresh_pass_each_epoch = True  # from index 0 (or a new shuffled order) each epoch, as tf.keras does
    endless = False
    batch_size = None

    def __init__(self, sequence, shuffle=False, class_weight=None):
        sequence._warn_if_super_not_called()
        self._sequence = sequence
        self._shuffle = bool(shuffle)  # True or "batch": the order of the batches
        self._class_weight = class_weight
        self.num_batches = sequence.num_batches
        if self.num_batches == 0:
            raise ValueError(f"Expected input data to be non-empty: the {type(sequence).__name__} has 0 batches "
                             "(its __len__ returned 0).")

    def batches(self):
        self._sequence.on_epoch_begin()
        if self.num_batches is None:  # an endless PyDataset
            for batch in self._sequence:
                yield standardize_batch(batch, self._class_weight)
            return
        order = range(self.num_batches)
        if self._shuffle:
            order = [int(i) for i in tf.random.shuffle(tf.range(self.num_batches))]
        for index in order:
            yield standardize_batch(self._sequence[index], self._class_weight)

    def on_epoch_end(self):
        self._sequence.on_epoch_end()
