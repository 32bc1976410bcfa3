"""``tf.data.experimental``: the names TensorFlow programs still use from there."""
from tinytf.data.node import INFINITE as INFINITE_CARDINALITY
from tinytf.data.node import UNKNOWN as UNKNOWN_CARDINALITY

AUTOTUNE = -1


def cardinality(dataset):
    """``dataset.cardinality()``: the number of elements as an int64 tensor (-1 infinite, -2 unknown)."""
    return dataset.cardinality()


__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "cardinality"]
