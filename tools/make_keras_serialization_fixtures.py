"""Records how Keras 3 serializes layers, models, initializers and plain values
(tests/fixtures/keras_serialization.json; tests/test_keras_saving.py compares tinytf with it).

Run with a Python that has Keras 3 and TensorFlow (CI never needs them):

    pip install tensorflow-cpu
    python tools/make_keras_serialization_fixtures.py

The objects come from tests/keras_models.py (serialization_cases), the same builder the test uses.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import keras_models  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "fixtures", "keras_serialization.json")


def main():
    cases = keras_models.serialization_cases(keras, lambda value, dtype: tf.constant(value, dtype=dtype))
    configs = {name: keras.saving.serialize_keras_object(obj) for name, obj in cases.items()}
    with open(OUT, "w") as f:
        json.dump({"configs": configs, "source": f"keras {keras.__version__}"}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {OUT}: {len(configs)} configs")


if __name__ == "__main__":
    main()
