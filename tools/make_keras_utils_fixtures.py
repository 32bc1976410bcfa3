"""Records what Keras 3 (the Keras of tensorflow-cpu) gives for keras.utils.to_categorical, Sequence/PyDataset,
set_random_seed and get_file's argument checks, for tests/test_keras_utils_tf.py.

Run with a Python that has TensorFlow and Keras (CI never needs them):

    pip install tensorflow-cpu
    python tools/make_keras_utils_fixtures.py

As in tools/make_data_fixtures.py, each case is code that runs unchanged on
Keras and on tinytf.keras; the fixture keeps the code and Keras's outcome.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from tf_outcomes import run_cases, write_fixture  # noqa: E402

PRELUDE = '''
import random

class Batches(keras.utils.Sequence):
    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = n
        self.epochs = 0
    def __len__(self):
        return self.n
    def __getitem__(self, index):
        return index * 10
    def on_epoch_end(self):
        self.epochs += 1

class NoSuper(keras.utils.PyDataset):
    def __len__(self):
        return 2
    def __getitem__(self, index):
        return index

def draws(seed):
    keras.utils.set_random_seed(seed)
    return (random.random(), float(np.random.rand()), float(tf.random.uniform(())))
'''

CASES = {
    "categorical": "keras.utils.to_categorical([0, 1, 2])",
    "categorical_num_classes": "keras.utils.to_categorical([0, 1], num_classes=4)",
    "categorical_column": "keras.utils.to_categorical(np.array([[0], [2]]))",
    "categorical_matrix": "keras.utils.to_categorical(np.array([[0, 1], [2, 0]]))",
    "categorical_column_3d": "keras.utils.to_categorical(np.array([[[0], [1]]]))",
    "categorical_scalar": "keras.utils.to_categorical(3)",
    "categorical_scalar_num_classes": "keras.utils.to_categorical(3, num_classes=5)",
    "categorical_one": "keras.utils.to_categorical(np.array([1]))",
    "categorical_one_by_one": "keras.utils.to_categorical(np.array([[1]]))",
    "categorical_floats": "keras.utils.to_categorical([0.0, 1.7, 2.2])",
    "categorical_negative": "keras.utils.to_categorical([0, -1], num_classes=3)",
    "categorical_too_big": "keras.utils.to_categorical([0, 5], num_classes=3)",
    "categorical_empty": "keras.utils.to_categorical([])",
    "categorical_empty_num_classes": "keras.utils.to_categorical([], num_classes=3)",
    "categorical_uint8": "keras.utils.to_categorical(np.array([1, 2], np.uint8))",
    "categorical_zero_classes": "keras.utils.to_categorical([0, 1], num_classes=0)",
    "categorical_tensor": "keras.utils.to_categorical(tf.constant([0, 2]), 3)",
    "categorical_tensor_column": "keras.utils.to_categorical(tf.constant([[0], [2]]), 3)",
    "categorical_tensor_no_classes": "keras.utils.to_categorical(tf.constant([0, 2]))",
    "categorical_strings": "keras.utils.to_categorical(['a'])",
    "categorical_none": "keras.utils.to_categorical(None)",
    "sequence_is_pydataset": "keras.utils.Sequence is keras.utils.PyDataset",
    "sequence_options": "(lambda s: (s.workers, s.use_multiprocessing, s.max_queue_size, s.num_batches, len(s), "
                        "list(s)))(Batches(3, workers=2, use_multiprocessing=True, max_queue_size=5))",
    "sequence_defaults": "(lambda s: (s.workers, s.use_multiprocessing, s.max_queue_size))(Batches(1))",
    "sequence_epoch_end": "(lambda s: (s.on_epoch_end(), s.on_epoch_end(), s.epochs))(Batches(1))",
    "sequence_without_super": "(lambda s: (s.workers, s.max_queue_size, list(s)))(NoSuper())",
    "sequence_unknown_keyword": "Batches(2, foo=1)",
    "sequence_base_getitem": "keras.utils.PyDataset()[0]",
    "sequence_base_len": "len(keras.utils.PyDataset())",
    "sequence_base_hooks": "(keras.utils.PyDataset().on_epoch_begin(), keras.utils.PyDataset().on_epoch_end())",
    "seed_repeats": "draws(5) == draws(5)",
    "seed_differs": "draws(5) != draws(6)",
    "seed_float": "keras.utils.set_random_seed(1.5)",
    "seed_none": "keras.utils.set_random_seed(None)",
    "seed_negative": "keras.utils.set_random_seed(-1)",
    "seed_too_big": "keras.utils.set_random_seed(2**40)",
    "seed_numpy_int": "keras.utils.set_random_seed(np.int64(3))",
    "get_file_no_origin": "keras.utils.get_file('x')",
    "get_file_path_as_name": "keras.utils.get_file('a/b', origin='http://127.0.0.1:9/x')",
    "get_file_no_name": "keras.utils.get_file(origin='http://127.0.0.1:9/')",
}


def main():
    cases = run_cases(PRELUDE, CASES, {"keras": keras, "np": np, "tf": tf})
    write_fixture("keras_utils.json", {"keras": keras.__version__, "prelude": PRELUDE, "cases": cases})


if __name__ == "__main__":
    main()
