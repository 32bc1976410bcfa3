"""``keras.utils.set_random_seed``: one call makes a whole program's randomness repeat."""
import random

import numpy as np

import tinytf as tf


def set_random_seed(seed):
    """Seeds Python's ``random``, NumPy's global generator and ``tf.random`` (so initial weights, dropout,
    shuffling and ``tf.data`` shuffles all repeat from run to run)."""
    if not isinstance(seed, int):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed} (of type {type(seed)})")
    if not 0 <= seed <= 2**32 - 1:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
