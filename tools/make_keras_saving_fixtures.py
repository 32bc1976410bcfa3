"""Records what Keras 3 saves (tests/test_keras_saving_files.py compares tinytf with it):

    tests/fixtures/keras3_configs.json    Keras 3's serialize_keras_object() of each layer of
                                          keras_models.LAYER_CONFIG_SPECS
    tests/fixtures/keras3_models/*.keras  the models of keras_models.SAVED_MODELS (seeded weights), saved
                                          by Keras 3's model.save(); "compiled" after 2 epochs of Adam
    tests/fixtures/keras3_models.json     each model's inputs and Keras's predictions for them; for
                                          "compiled", its weights after one more epoch

Run with a Python that has Keras 3 and TensorFlow (CI never needs them):

    pip install tensorflow-cpu
    python tools/make_keras_saving_fixtures.py
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "fixtures")
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import keras_models  # noqa: E402


def as_lists(value):
    return [as_lists(v) for v in value] if isinstance(value, (list, tuple)) else np.asarray(value).tolist()


def record_configs():
    configs = {}
    for name, spec in keras_models.LAYER_CONFIG_SPECS.items():
        keras.backend.clear_session()
        configs[name] = keras.saving.serialize_keras_object(keras_models.make_layer(keras, spec))
    with open(os.path.join(FIXTURES, "keras3_configs.json"), "w") as f:
        json.dump({"layers": configs, "source": f"keras {keras.__version__}"}, f, indent=1, sort_keys=True)
        f.write("\n")


def record_models():
    folder = os.path.join(FIXTURES, "keras3_models")
    os.makedirs(folder, exist_ok=True)
    records = {}
    for name, builder in keras_models.SAVED_MODELS.items():
        keras.backend.clear_session()
        model = builder(keras)
        keras_models.set_saved_model_weights(model)
        record = {}
        if name == "compiled":
            keras_models.compile_saved_model(keras, model)
            keras_models.train_saved_model(model, epochs=2)
        inputs = keras_models.saved_model_inputs(model)
        record["inputs"] = as_lists(inputs)
        record["outputs"] = as_lists(model.predict(inputs, verbose=0))
        model.save(os.path.join(folder, f"{name}.keras"))
        if name == "compiled":
            keras_models.train_saved_model(model, epochs=3, initial_epoch=2)
            record["weights_after_epoch_3"] = as_lists(model.get_weights())
            record["iterations_after_epoch_3"] = int(model.optimizer.iterations.numpy())
        records[name] = record
    with open(os.path.join(FIXTURES, "keras3_models.json"), "w") as f:
        json.dump({"models": records, "source": f"keras {keras.__version__}"}, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    record_configs()
    record_models()
    print(f"wrote {FIXTURES}/keras3_configs.json, keras3_models.json and keras3_models/*.keras")


if __name__ == "__main__":
    main()
