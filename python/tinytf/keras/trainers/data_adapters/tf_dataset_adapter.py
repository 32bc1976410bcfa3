"""Batches from a ``tf.data.Dataset`` (``fit(train_dataset, epochs=3)``): its elements, as they come.

The dataset batches itself, so ``batch_size`` does not apply. Its cardinality gives the steps of an
epoch (unknown after ``filter`` or for a generator source: then an epoch is one pass, however long);
an endlessly repeating dataset needs ``steps_per_epoch``. Each epoch starts a new pass unless
``steps_per_epoch`` takes only part of one: then, as in tf.keras, the next epoch goes on drawing
from the same pass, and training stops with a warning when it runs out.
"""
import tinytf as tf
from tinytf.keras.trainers.data_adapters import data_adapter_utils as utils
from tinytf.keras.utils.batch_utils import pack_x_y_sample_weight, unpack_x_y_sample_weight


class TFDatasetAdapter:
    def __init__(self, dataset, steps=None, class_weight=None):
        self._dataset = dataset
        self._class_weight = class_weight
        cardinality = int(dataset.cardinality())
        if cardinality == tf.data.INFINITE_CARDINALITY and steps is None:
            raise ValueError("When passing an infinitely repeating dataset, please specify a `steps_per_epoch` value "
                             "so that epoch level callbacks continue to work. The value can be arbitrary, or a number "
                             "that you think correctly defines the size of an epoch. Epoch-level callbacks will then "
                             "be called at this interval.")
        if cardinality == 0:
            raise ValueError("Expected input data to be non-empty: the dataset has no elements (check its `take`, "
                             "`skip`, `filter` or `batch(drop_remainder=True)` steps).")
        self.num_batches = cardinality if cardinality >= 0 else None
        # A new pass per epoch only when an epoch is a whole pass; a pass that ends early ends training.
        self.fresh_pass_each_epoch = steps is None or steps == self.num_batches
        self.endless = False
        self.batch_size = None

    def batches(self):
        for batch in self._dataset:
            yield standardize_batch(batch, self._class_weight)

    def on_epoch_end(self):
        pass


def standardize_batch(batch, class_weight=None):
    """A batch made by user code (a dataset, a generator, a Sequence) as the step expects it:
    lists as tuples, arrays as tensors, class weights turned into sample weights."""
    x, y, sample_weight = unpack_x_y_sample_weight(batch)
    x, y, sample_weight = utils.to_tensors(x), utils.to_tensors(y), utils.to_tensors(sample_weight)
    if class_weight:
        if y is None:
            raise ValueError("`class_weight` needs targets, but the data yields no `y`.")
        sample_weight = utils.class_weight_to_sample_weight(y, class_weight, sample_weight)
    return pack_x_y_sample_weight(x, y, sample_weight)
