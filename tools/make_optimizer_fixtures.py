"""Records what Keras 3's optimizers and learning-rate schedules do, for tests/test_optimizers_keras.py.

Run with a Python that has TensorFlow and Keras 3 (CI never needs them):

    pip install tensorflow-cpu
    python tools/make_optimizer_fixtures.py

The cases (tests/optimizer_cases.py) run unchanged on Keras and on tinytf.keras: each builds an
optimizer, applies a few steps of fixed gradients to three small variables and records the
variables after every step, the optimizer's own variables and its config; each schedule is
evaluated at a list of steps.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from optimizer_cases import OPTIMIZERS, SCHEDULES, run_case, schedule_values  # noqa: E402
from tf_outcomes import write_fixture  # noqa: E402

if __name__ == "__main__":
    write_fixture("keras_optimizers.json", {
        "versions": {"keras": keras.__version__, "tensorflow": tf.__version__},
        "optimizers": {name: run_case(case, tf, keras) for name, case in OPTIMIZERS.items()},
        "schedules": {name: schedule_values(code, tf, keras) for name, code in SCHEDULES.items()},
    })
