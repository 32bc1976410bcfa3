"""The callbacks do what tf.keras 2's do: the scenarios of tests/keras_callbacks.py run with tinytf give
tf_keras's hooks and logs, History, decisions, messages, warnings, CSV files, checkpoint names and
TensorBoard events (tests/fixtures/keras_callbacks.json, recorded by tools/make_callback_fixtures.py)."""
import json
import os

import pytest

import tinytf as tf
from tinytf import keras

import keras_callbacks
from keras_training import assert_close

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_callbacks.json")))["scenarios"]


def run(name):
    return keras_callbacks.run_scenario(name, keras, tf, before=keras.backend.clear_session)


@pytest.mark.parametrize("name", sorted(FIXTURE))
def test_same_outcome_as_tf_keras(name):
    outcome, _, _ = run(name)
    assert_close(json.loads(json.dumps(outcome)), FIXTURE[name]["outcome"], name)


@pytest.mark.parametrize("name", sorted(n for n in FIXTURE if FIXTURE[n]["text"]))
def test_same_printed_lines_as_tf_keras(name):
    _, text, _ = run(name)
    assert_close(text, FIXTURE[name]["text"], name)


@pytest.mark.parametrize("name", sorted(FIXTURE))
def test_same_warnings_as_tf_keras(name):
    _, _, warnings = run(name)
    assert warnings == FIXTURE[name]["warnings"], name
