"""Records what tf.keras 2's callbacks do in the scenarios of tests/keras_callbacks.py, for
tests/test_callbacks_keras.py.

Run with a Python that has TensorFlow, tf_keras (classic tf.keras 2, whose callbacks, messages and
History keys the SPEC follows) and tensorboard (to read the event files back):

    pip install tensorflow-cpu tf_keras
    python tools/make_callback_fixtures.py [scenario ...]

For each scenario it stores the outcome (hooks and logs, History, what the callbacks changed, the
files they wrote, the TensorBoard events), the printed lines and the warnings in
tests/fixtures/keras_callbacks.json. Naming scenarios re-records only those.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import keras_callbacks  # noqa: E402
from tf_outcomes import FIXTURES, write_fixture  # noqa: E402


def main(names):
    path = os.path.join(FIXTURES, "keras_callbacks.json")
    scenarios = json.load(open(path))["scenarios"] if names and os.path.exists(path) else {}
    for name in names or keras_callbacks.SCENARIOS:
        keras.utils.set_random_seed(0)
        outcome, text, messages = keras_callbacks.run_scenario(name, keras, tf, before=keras.backend.clear_session)
        scenarios[name] = {"outcome": outcome, "text": text, "warnings": messages}
        print(name, "recorded")
    write_fixture("keras_callbacks.json", {"tf_keras": keras.__version__,
                                           "scenarios": {k: scenarios[k] for k in sorted(scenarios)}})


if __name__ == "__main__":
    main(sys.argv[1:])
