"""The Keras 3 half of the live round trips of tests/test_keras_saving_files.py, run in a subprocess by a
Python that has Keras 3 and TensorFlow (``TINYTF_KERAS3_PYTHON``). It never imports tinytf.

    python keras3_live.py save FOLDER      each model of keras_models.SAVED_MODELS, saved by Keras 3 as
                                           FOLDER/NAME.keras, with its inputs and predictions (NAME.npz)
    python keras3_live.py load FOLDER      each FOLDER/NAME.keras that tinytf saved, loaded by Keras 3 and
                                           run on FOLDER/NAME.npz's inputs; the predictions go to NAME.out.npz
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_models  # noqa: E402


def as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def save(folder):
    for name in keras_models.SAVED_MODELS:
        model, inputs = keras_models.live_model(keras, name)
        outputs = model.predict(inputs, verbose=0)
        model.save(os.path.join(folder, f"{name}.keras"))
        np.savez(os.path.join(folder, f"{name}.npz"), *as_list(inputs), outputs=np.concatenate(
            [np.ravel(o) for o in as_list(outputs)]))


def load(folder):
    keras_models.subclassed_head_class(keras)  # registers the subclassed model's class, as a user's import does
    for name in keras_models.SAVED_MODELS:
        model = keras.models.load_model(os.path.join(folder, f"{name}.keras"))
        with np.load(os.path.join(folder, f"{name}.npz")) as data:
            inputs = [data[f"arr_{i}"] for i in range(len(data.files) - 1)]
        outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        extra = {}
        if name == "compiled":
            extra["iterations"] = np.array(int(model.optimizer.iterations.numpy()))
            extra["learning_rate"] = np.array(float(model.optimizer.learning_rate.numpy()))
        np.savez(os.path.join(folder, f"{name}.out.npz"),
                 outputs=np.concatenate([np.ravel(o) for o in as_list(outputs)]), **extra)


if __name__ == "__main__":
    {"save": save, "load": load}[sys.argv[1]](sys.argv[2])
