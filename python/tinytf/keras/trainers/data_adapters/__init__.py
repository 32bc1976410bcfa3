"""Data adapters: whatever ``fit``/``evaluate``/``predict`` receive, as a stream of batches.

    array_data_adapter.py      NumPy arrays, tensors, lists of numbers (and tuples/dicts of them)
    tf_dataset_adapter.py      tf.data.Dataset
    py_dataset_adapter.py      keras.utils.Sequence / PyDataset
    generator_data_adapter.py  Python generators and iterators
    data_adapter_utils.py      what a batch is, dtype conversion, validation split, class weights

Every adapter has ``num_batches`` (None when unknown), ``batch_size`` (None when the data batches
itself), ``batches()`` (one pass: an iterator of batches ``x``, ``(x, y)`` or ``(x, y, sample_weight)``
of tensors), ``on_epoch_end()``, and two flags for ``steps_per_epoch`` that do not match a pass
(trainers/epoch_iterator.py): ``fresh_pass_each_epoch`` and ``endless`` (a pass that ends is
followed by the next one instead of ending training).
"""
from tinytf.data import Dataset
from tinytf.keras.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from tinytf.keras.trainers.data_adapters.data_adapter_utils import (
    is_array_like, train_validation_split)
from tinytf.keras.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from tinytf.keras.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter
from tinytf.keras.trainers.data_adapters.tf_dataset_adapter import TFDatasetAdapter
from tinytf.keras.utils.batch_utils import pack_x_y_sample_weight, unpack_x_y_sample_weight
from tinytf.keras.utils.py_dataset import PyDataset


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                     class_weight=None):
    """The adapter for ``x`` (and ``y``, ``sample_weight`` when ``x`` holds arrays)."""
    if class_weight is not None and not isinstance(class_weight, dict):
        raise ValueError(f"`class_weight` must be a dict mapping class indices to weights, got {class_weight!r}.")
    if _is_dataset(x) or isinstance(x, PyDataset) or _is_iterator(x):
        kind = "dataset" if _is_dataset(x) else "a keras.utils.Sequence" if isinstance(x, PyDataset) else "generator"
        for name, value, what in [("y", y, "targets"), ("sample_weight", sample_weight, "sample weights")]:
            if value is not None:
                raise ValueError(f"`{name}` argument is not supported when using {kind} as input: the {kind} must "
                                 f"yield the {what} itself, as `(x, y)` or `(x, y, sample_weight)` batches.")
        if _is_dataset(x):
            return TFDatasetAdapter(x, steps=steps_per_epoch, class_weight=class_weight)
        if isinstance(x, PyDataset):
            return PyDatasetAdapter(x, shuffle=shuffle, class_weight=class_weight)
        return GeneratorDataAdapter(x, class_weight=class_weight)
    if x is None:
        raise ValueError("No input data: pass `x` (arrays, a tf.data.Dataset, a keras.utils.Sequence or a "
                         "generator).")
    return ArrayDataAdapter(x, y, sample_weight=sample_weight, batch_size=batch_size, steps=steps_per_epoch,
                            shuffle=shuffle, class_weight=class_weight)


def _is_dataset(x):
    return isinstance(x, Dataset)


def _is_iterator(x):
    return hasattr(x, "__next__") or (hasattr(x, "__iter__") and not isinstance(x, (list, tuple, dict, str, bytes))
                                       and not is_array_like(x))


__all__ = ["get_data_adapter", "pack_x_y_sample_weight", "train_validation_split", "unpack_x_y_sample_weight"]
