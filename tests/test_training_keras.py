"""fit / evaluate / predict do what tf.keras 2 does: the scenarios of tests/keras_training.py run with tinytf
and give tf_keras's History keys and values, metric names, results, callback order and printed lines
(tests/fixtures/keras_training.json, recorded by tools/make_training_fixtures.py)."""
import json
import os
import re

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras

import keras_training

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_training.json")))["scenarios"]

# Same weights, same data, same arithmetic up to float32 rounding (tinytf sums in another order).
RTOL, ATOL = 2e-4, 2e-5


def run(name):
    return keras_training.run_scenario(name, keras, tf, before=keras.backend.clear_session)


def assert_close(ours, theirs, where):
    """Equal structures (dict keys in the same order) with numbers equal to float32 rounding."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), f"{where}: expected a dict, got {ours!r}"
        assert list(ours) == list(theirs), f"{where}: keys {list(ours)} != tf.keras's {list(theirs)}"
        for key in theirs:
            assert_close(ours[key], theirs[key], f"{where}[{key!r}]")
    elif isinstance(theirs, list):
        assert isinstance(ours, (list, tuple)), f"{where}: expected a list, got {ours!r}"
        assert len(ours) == len(theirs), f"{where}: {len(ours)} items != tf.keras's {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_close(a, b, f"{where}[{i}]")
    elif isinstance(theirs, float):
        np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL, err_msg=where)
    else:
        assert ours == theirs, f"{where}: {ours!r} != tf.keras's {theirs!r}"


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
