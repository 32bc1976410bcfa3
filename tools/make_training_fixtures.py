"""Records what tf.keras 2 does in the training scenarios of tests/keras_training.py, for tests/test_training_keras.py.

Run with a Python that has TensorFlow and tf_keras (classic tf.keras 2, whose History keys, metric
names and progress bar the SPEC follows):

    pip install tensorflow-cpu tf_keras
    python tools/make_training_fixtures.py

For each scenario it stores the outcomes (History, metric names, evaluate/predict results, callback
order) and the printed text as a reader sees it at the end (``keras_training.final_text``: the
last state of each line, timings masked) in tests/fixtures/keras_training.json.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import keras_training  # noqa: E402
from tf_outcomes import write_fixture  # noqa: E402


def main():
    scenarios = {}
    for name in keras_training.SCENARIOS:
        outcome, text = keras_training.run_scenario(name, keras, tf, before=keras.backend.clear_session)
        scenarios[name] = {"outcome": outcome, "text": text}
    write_fixture("keras_training.json", {"tf_keras": keras.__version__, "scenarios": scenarios})


if __name__ == "__main__":
    main()
