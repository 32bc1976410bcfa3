"""Optimizers and learning-rate schedules against Keras 3.

tests/fixtures/keras_optimizers.json (recorded by tools/make_optimizer_fixtures.py) holds what Keras
did for each case of tests/optimizer_cases.py: the variables after every step, the learning rate,
the warnings, the optimizer's variables (Keras 3's names and order) and its config. Here the same
cases run with tinytf.keras. Values must agree to float32 rounding (float64 cases much closer).
"""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from optimizer_cases import OPTIMIZERS, SCHEDULE_STEPS, SCHEDULES, run_case, schedule_values
from tinytf import keras

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_optimizers.json")))

# A few float32 roundings per step, accumulated over the steps of a case.
TOLERANCE = {"float32": {"rtol": 3e-6, "atol": 1e-7}, "float64": {"rtol": 1e-12, "atol": 1e-14}}


def assert_close(ours, theirs, dtype, what):
    np.testing.assert_allclose(np.asarray(ours, dtype="float64"), np.asarray(theirs, dtype="float64"),
                               err_msg=what, **TOLERANCE[dtype])


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_steps_match_keras(name):
    case, expected = OPTIMIZERS[name], FIXTURE["optimizers"][name]
    dtype = case.get("dtype", "float32")
    ours = run_case(case, tf, keras)
    assert len(ours["steps"]) == len(expected["steps"])
    for step, (mine, theirs) in enumerate(zip(ours["steps"], expected["steps"])):
        for variable, a, b in zip("wbs", mine["variables"], theirs["variables"]):
            assert_close(a, b, dtype, f"{name}: variable {variable} after step {step + 1}")
        assert_close(mine["learning_rate"], theirs["learning_rate"], "float32", f"{name}: learning rate")
        assert mine["iterations"] == theirs["iterations"]
        assert mine["warnings"] == theirs["warnings"]


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_variables_and_config_match_keras(name):
    case, expected = OPTIMIZERS[name], FIXTURE["optimizers"][name]
    ours = run_case(case, tf, keras)
    assert [v[:2] for v in ours["optimizer_variables"]] == [v[:2] for v in expected["optimizer_variables"]]
    for (path, dtype, a), (_, _, b) in zip(ours["optimizer_variables"], expected["optimizer_variables"]):
        if dtype.startswith("float"):
            assert_close(a, b, case.get("dtype", "float32"), f"{name}: {path}")
        else:
            assert a == b, path
    assert ours["config"] == expected["config"]


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_schedule_values_match_keras(name):
    ours, expected = schedule_values(SCHEDULES[name], tf, keras), FIXTURE["schedules"][name]
    for step, a, b in zip(SCHEDULE_STEPS, ours["values"], expected["values"]):
        assert_close(a, b, "float32", f"{name} at step {step}")
    assert ours["serialized"] == expected["serialized"]
