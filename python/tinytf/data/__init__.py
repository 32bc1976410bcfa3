"""``tf.data``: input pipelines (``tf.data.Dataset``) on the TensorFlow floor.

    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000, seed=1).batch(32)

How it is built: dataset.py (the public class), node.py (steps and the fast
row plan for batching arrays), sources.py, reorder.py, transforms.py,
structure.py (what an element is). Guide: docs/data.md.
"""
from tinytf.data import experimental
from tinytf.data.dataset import Dataset, Iterator, NumpyIterator
from tinytf.data.experimental import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY

__all__ = ["AUTOTUNE", "Dataset", "INFINITE_CARDINALITY", "Iterator", "NumpyIterator", "UNKNOWN_CARDINALITY",
           "experimental"]
