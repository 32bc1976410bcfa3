"""`.keras` and `.weights.h5` files: what Keras 3 writes loads in tinytf, what tinytf writes loads in Keras 3.

Fixtures (tools/make_keras_saving_fixtures.py, Keras 3): the config Keras 3 writes for each layer of
keras_models.LAYER_CONFIG_SPECS, and small `.keras` files it saved (tests/fixtures/keras3_models/) with
its predictions. The live tests run Keras 3 itself in a subprocess, both ways, where a Python with Keras
3 is named by TINYTF_KERAS3_PYTHON (CI has none: they skip).
"""
import json
import os
import subprocess

import numpy as np
import pytest

from tinytf import keras

import keras_models

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
CONFIGS = json.load(open(os.path.join(FIXTURES, "keras3_configs.json")))["layers"]
MODELS = json.load(open(os.path.join(FIXTURES, "keras3_models.json")))["models"]
keras_models.subclassed_head_class(keras)  # registers "tinytf_tests>SubclassedHead", as importing a user's module does


def as_json(config):
    return json.loads(json.dumps(config))


def fixture_path(name):
    return os.path.join(FIXTURES, "keras3_models", f"{name}.keras")


def flat(outputs):
    return np.concatenate([np.ravel(o) for o in (outputs if isinstance(outputs, (list, tuple)) else [outputs])])


# ---------------------------------------------------------------- configs
@pytest.mark.parametrize("name", sorted(keras_models.LAYER_CONFIG_SPECS))
def test_layer_configs_are_what_keras_3_writes(name):
    keras.backend.clear_session()
    layer = keras_models.make_layer(keras, keras_models.LAYER_CONFIG_SPECS[name])
    assert as_json(keras.saving.serialize_keras_object(layer)) == CONFIGS[name]


@pytest.mark.parametrize("name", sorted(keras_models.LAYER_CONFIG_SPECS))
def test_keras_3_layer_configs_load(name):
    layer = keras.layers.deserialize(CONFIGS[name])
    assert type(layer).__name__ == CONFIGS[name]["class_name"]
    assert as_json(keras.layers.serialize(layer)) == CONFIGS[name]


# ---------------------------------------------------------------- files Keras 3 saved
@pytest.mark.parametrize("name", sorted(MODELS))
def test_keras_3_files_load_with_the_same_predictions(name):
    model = keras.models.load_model(fixture_path(name))
    inputs = MODELS[name]["inputs"]
    inputs = [np.asarray(x, "float32") for x in inputs] if name == "ticket" else np.asarray(inputs, "float32")
    np.testing.assert_allclose(flat(model.predict(inputs, verbose=0)), flat(MODELS[name]["outputs"]), atol=2e-5,
                               rtol=1e-5)


def test_a_keras_3_file_continues_training_as_keras_does():
    """compiled.keras: 2 epochs of Adam in Keras 3. One more epoch in tinytf gives Keras's weights."""
    model = keras.models.load_model(fixture_path("compiled"))
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert int(model.optimizer.iterations.numpy()) == 8
    assert np.isclose(float(model.optimizer.learning_rate.numpy()), 0.01)
    keras_models.train_saved_model(model, epochs=3, initial_epoch=2)
    assert int(model.optimizer.iterations.numpy()) == MODELS["compiled"]["iterations_after_epoch_3"]
    for ours, theirs in zip(model.get_weights(), MODELS["compiled"]["weights_after_epoch_3"]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


def test_compile_false_loads_an_uncompiled_model():
    model = keras.models.load_model(fixture_path("compiled"), compile=False)
    assert model.optimizer is None
    with pytest.raises(RuntimeError, match="compile"):
        model.evaluate(np.zeros((1, 6), "float32"), np.zeros((1,)), verbose=0)


# ---------------------------------------------------------------- live, both ways
KERAS3_PYTHON = os.environ.get("TINYTF_KERAS3_PYTHON")
live = pytest.mark.skipif(not KERAS3_PYTHON, reason="set TINYTF_KERAS3_PYTHON to a Python with Keras 3 and "
                                                    "TensorFlow to run the live round trips")


def run_keras3(action, folder):
    subprocess.run([KERAS3_PYTHON, os.path.join(HERE, "keras3_live.py"), action, str(folder)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)


@live
def test_live_keras_3_saves_tinytf_loads(tmp_path):
    run_keras3("save", tmp_path)
    for name in keras_models.SAVED_MODELS:
        model = keras.models.load_model(tmp_path / f"{name}.keras")
        with np.load(tmp_path / f"{name}.npz") as data:
            inputs = [data[f"arr_{i}"] for i in range(len(data.files) - 1)]
            expected = data["outputs"]
        ours = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        np.testing.assert_allclose(flat(ours), expected, atol=2e-5, rtol=1e-5, err_msg=name)


@live
def test_live_tinytf_saves_keras_3_loads(tmp_path):
    expected = {}
    for name in keras_models.SAVED_MODELS:
        model, inputs = keras_models.live_model(keras, name)
        expected[name] = flat(model.predict(inputs, verbose=0))
        model.save(tmp_path / f"{name}.keras")
        np.savez(tmp_path / f"{name}.npz", *(inputs if isinstance(inputs, list) else [inputs]), outputs=expected[name])
    run_keras3("load", tmp_path)
    for name in keras_models.SAVED_MODELS:
        with np.load(tmp_path / f"{name}.out.npz") as data:
            np.testing.assert_allclose(data["outputs"], expected[name], atol=2e-5, rtol=1e-5, err_msg=name)
            if name == "compiled":  # the optimizer state came along
                assert int(data["iterations"]) == 4 and np.isclose(float(data["learning_rate"]), 0.01)

