"""fit / evaluate / predict do what tf.keras 2 does: the scenarios of tests/keras_training.py run with tinytf
and give tf_keras's History keys and values, metric names, results, callback order and printed lines
(tests/fixtures/keras_training.json, recorded by tools/make_training_fixtures.py)."""
import json
import os
import re

import pytest

import tinytf as tf
from tinytf import keras

import keras_training
from keras_training import assert_close

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_training.json")))["scenarios"]


def run(name):
    return keras_training.run_scenario(name, keras, tf, before=keras.backend.clear_session)


def without_numbers(lines):
    """Printed lines with the metric values masked (the values are compared as numbers)."""
    return [re.sub(r"-?\d+\.\d{4}(e[+-]\d+)?", "#", line) for line in lines]


@pytest.mark.parametrize("name", sorted(keras_training.SCENARIOS))
def test_same_outcomes_as_tf_keras(name):
    outcome, _ = run(name)
    assert_close(json.loads(json.dumps(outcome)), FIXTURE[name]["outcome"], name)


@pytest.mark.parametrize("name", sorted(n for n in keras_training.SCENARIOS if FIXTURE[n]["text"]))
def test_same_printed_lines_as_tf_keras(name):
    _, text = run(name)
    assert without_numbers(text) == without_numbers(FIXTURE[name]["text"])
