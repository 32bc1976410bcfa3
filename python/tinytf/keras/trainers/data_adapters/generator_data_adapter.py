"""Batches from a Python generator or iterator (``fit(batch_generator(), steps_per_epoch=100)``).

Each item it yields is one batch: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``, NumPy arrays or
tensors. A generator cannot start again: without ``steps_per_epoch`` the first epoch lasts until
it is exhausted and later epochs find it empty, so training stops there with a warning (as in
tf.keras); an endless generator needs ``steps_per_epoch``.
"""
from tinytf.keras.trainers.data_adapters.tf_dataset_adapter import standardize_batch


class GeneratorDataAdapter:
    fresh_pass_each_epoch = False  # batches() goes on with the same iterator
    endless = False
    num_batches = None  # unknown
    batch_size = None

    def __init__(self, generator, class_weight=None):
        self._iterator = iter(generator)
        self._class_weight = class_weight

    def batches(self):
        for batch in self._iterator:
            yield standardize_batch(batch, self._class_weight)

    def on_epoch_end(self):
        pass
