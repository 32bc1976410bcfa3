"""keras.utils.Progbar writes exactly what tf_keras 2's Progbar writes: tests/fixtures/progbar.json
(recorded by tools/make_progbar_fixtures.py with a fake clock) holds its bytes for each scenario, as on
a terminal and as into a file; tinytf's bar replays the scenarios with the same clock."""
import io
import json
import os
import re

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras.utils.progbar import Progbar

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "progbar.json")))


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def replay(scenario, terminal, convert=lambda v: v):
    clock, out = Clock(), io.StringIO()
    clock.now = scenario["start"]
    bar = Progbar(**scenario["init"], clock=clock, stream=out, dynamic_display=terminal)
    for when, method, current, values, *finalize in scenario["steps"]:
        clock.now = when
        values = [(name, convert(value)) for name, value in values]
        if method == "add":
            bar.add(current, values)
        else:
            bar.update(current, values, finalize=finalize[0] if finalize else None)
    return out.getvalue()


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "file"])
@pytest.mark.parametrize("name", sorted(FIXTURE["scenarios"]))
def test_same_bytes_as_tf_keras(name, terminal):
    scenario = FIXTURE["scenarios"][name]
    assert replay(scenario, terminal) == scenario["terminal" if terminal else "file"]


@pytest.mark.parametrize("name", ["epoch", "small_values", "verbose_2"])
def test_tensor_and_numpy_values_print_the_same(name):
    scenario = FIXTURE["scenarios"][name]
    assert replay(scenario, True, lambda v: tf.constant(v)) == scenario["terminal"]
    assert replay(scenario, False, np.float32) == scenario["file"]


def test_the_mnist_epoch_line():
    text = FIXTURE["scenarios"]["epoch_mnist_size"]["file"]
    assert text.splitlines()[-1].startswith("469/469 [==============================] - 3s 6ms/step - loss: ")


def test_defaults_write_to_stdout_at_write_time_with_the_real_clock(capsys):
    bar = keras.utils.Progbar(2)
    bar.update(1)
    bar.update(2, [("loss", 0.5)])
    out = capsys.readouterr().out
    assert re.search(r"\n2/2 \[=+\] - 0s \d+(us|ms|s)/step - loss: 0.5000\n$", out), out
    assert "\b" not in out  # pytest's capture is not a terminal


def test_bad_targets_are_refused():
    with pytest.raises(ValueError, match="positive number of steps"):
        Progbar(0)
