"""keras.utils.to_categorical, Sequence/PyDataset, set_random_seed and get_file's argument checks against
Keras 3: tests/fixtures/keras_utils.json (recorded by tools/make_keras_utils_fixtures.py) holds code
snippets with Keras's outcomes; the same code runs here with tinytf.keras. Then what a fixture cannot hold
(warnings, types of results)."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tf_outcomes import assert_same_outcome, outcome
from tinytf import keras

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_utils.json")))

MESSAGE_IN_TINYTF = {}  # every message starts with Keras's words


@pytest.mark.parametrize("name", sorted(FIXTURE["cases"]))
def test_same_outcome_as_keras(name):
    case = FIXTURE["cases"][name]
    namespace = {"keras": keras, "np": np, "tf": tf}
    exec(FIXTURE["prelude"], namespace)  # noqa: S102 - the recorded prelude
    ours = outcome(lambda: eval(case["code"], namespace))  # noqa: S307
    assert_same_outcome(name, case, ours, MESSAGE_IN_TINYTF)


def test_a_sequence_that_skips_super_init_warns_and_gets_the_defaults():
    class Batches(keras.utils.Sequence):
        def __init__(self):
            self.n = 2

        def __len__(self):
            return self.n

        def __getitem__(self, index):
            return index

    batches = Batches()
    with pytest.warns(UserWarning, match=r"should call `super\(\).__init__\(\*\*kwargs\)`"):
        assert (batches.workers, batches.use_multiprocessing, batches.max_queue_size) == (1, False, 10)
    assert list(batches) == [0, 1]


def test_to_categorical_of_mnist_labels_feeds_a_float_model():
    labels = np.array([3, 0, 9], np.uint8)
    one_hot = keras.utils.to_categorical(labels, 10)
    assert one_hot.shape == (3, 10) and one_hot.dtype == np.float64 and one_hot.argmax(axis=1).tolist() == [3, 0, 9]
    as_tensor = keras.utils.to_categorical(tf.constant([[3], [0]]), 10)
    assert isinstance(as_tensor, tf.Tensor) and as_tensor.shape == (2, 10) and as_tensor.dtype == tf.float32
