"""model.save / keras.models.load_model, save_weights / load_weights, to_json, clone_model, compile configs,
and the errors: what a user gets from tinytf's own files (test_keras_saving_files.py crosses with Keras 3)."""
import json
import os
import zipfile

import h5py
import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

import keras_models


def mlp(seed=0):
    keras.backend.clear_session()
    model = keras_models.saved_classifier(keras)
    keras_models.set_saved_model_weights(model, seed=seed)
    return model


def x6():
    return np.random.default_rng(3).normal(size=(5, 6)).astype("float32")


def as_list(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def assert_same_weights(a, b):
    assert len(a) == len(b)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)


# ---------------------------------------------------------------- round trips
@pytest.mark.parametrize("name", sorted(keras_models.SAVED_MODELS))
def test_save_and_load_model_give_the_same_predictions(tmp_path, name):
    keras.backend.clear_session()
    model = keras_models.SAVED_MODELS[name](keras)
    keras_models.set_saved_model_weights(model)
    inputs = keras_models.saved_model_inputs(model)
    model.save(tmp_path / "model.keras")
    loaded = keras.models.load_model(tmp_path / "model.keras")
    assert type(loaded) is type(model) and [type(l) for l in loaded.layers] == [type(l) for l in model.layers]
    assert_same_weights(loaded.get_weights(), model.get_weights())
    for ours, theirs in zip(as_list(loaded.predict(inputs, verbose=0)),
                            as_list(model.predict(inputs, verbose=0))):
        np.testing.assert_array_equal(ours, theirs)


def test_the_keras_file_is_keras_3s_zip(tmp_path):
    model = mlp()
    keras_models.compile_saved_model(keras, model)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        config = json.loads(archive.read("config.json"))
        assert set(json.loads(archive.read("metadata.json"))) == {"keras_version", "date_saved"}
        with h5py.File(__import__("io").BytesIO(archive.read("model.weights.h5")), "r") as h5:
            names = []
            h5.visit(names.append)
    assert (config["module"], config["class_name"]) == ("keras", "Sequential")
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    assert config["compile_config"]["loss"] == "sparse_categorical_crossentropy"
    assert "layers/dense/vars/0" in names and "layers/dense_1/vars/1" in names
    assert "optimizer/vars/0" in names and "optimizer/vars/1" in names  # iterations, learning rate


def test_training_resumes_bit_for_bit_after_save_and_load(tmp_path):
    """2 epochs, save, load, 1 more == 3 epochs in a row (no shuffling): weights and optimizer state saved."""
    straight = mlp()
    keras_models.compile_saved_model(keras, straight)
    keras_models.train_saved_model(straight, epochs=3)

    first = mlp()
    keras_models.compile_saved_model(keras, first)
    keras_models.train_saved_model(first, epochs=2)
    first.save(tmp_path / "checkpoint.keras")
    resumed = keras.models.load_model(tmp_path / "checkpoint.keras")
    assert int(resumed.optimizer.iterations.numpy()) == 8
    history = keras_models.train_saved_model(resumed, epochs=3, initial_epoch=2)
    assert list(history.epoch) == [2]
    assert_same_weights(resumed.get_weights(), straight.get_weights())
    assert_same_weights([v.numpy() for v in resumed.optimizer.variables],
                        [v.numpy() for v in straight.optimizer.variables])


def trained_weights_file_and_a_fresh_compiled_model(path):
    """(a model trained 1 epoch whose weights are saved at `path`, another compiled model of the same shape)."""
    model = mlp()
    keras_models.compile_saved_model(keras, model)
    keras_models.train_saved_model(model, epochs=1)
    model.save_weights(path)
    other = mlp(seed=5)
    keras_models.compile_saved_model(keras, other)
    return model, other


def test_weights_files_round_trip_with_the_optimizer_state(tmp_path):
    model, other = trained_weights_file_and_a_fresh_compiled_model(tmp_path / "m.weights.h5")
    other.optimizer.build(other.trainable_variables)  # as BackupAndRestore does before loading
    other.load_weights(tmp_path / "m.weights.h5")
    assert_same_weights(other.get_weights(), model.get_weights())
    assert_same_weights([v.numpy() for v in other.optimizer.variables],
                        [v.numpy() for v in model.optimizer.variables])
    third = mlp(seed=6)
    third.load_weights(tmp_path / "m.weights.h5")  # not compiled: the optimizer's state is not needed
    assert_same_weights(third.get_weights(), model.get_weights())


def test_load_weights_reads_the_weights_of_a_keras_file(tmp_path):
    model = mlp()
    model.save(tmp_path / "m.keras")
    other = mlp(seed=9)
    other.load_weights(tmp_path / "m.keras")
    assert_same_weights(other.get_weights(), model.get_weights())


def test_an_unbuilt_optimizer_skips_its_saved_state_with_keras_warning(tmp_path):
    model, other = trained_weights_file_and_a_fresh_compiled_model(tmp_path / "m.weights.h5")
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer 'adam'"):
        other.load_weights(tmp_path / "m.weights.h5")
    assert_same_weights(other.get_weights(), model.get_weights())


def test_subclassed_model_with_get_config_and_custom_objects(tmp_path):
    @keras.saving.register_keras_serializable(package="saving_tests")
    class Scaler(layers.Layer):
        def __init__(self, factor, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape):
            self.offset = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="offset")

        def call(self, inputs):
            return inputs * self.factor + self.offset

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    class Head(keras.Model):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.a_scale = Scaler(2.0)
            self.out = layers.Dense(units)

        def call(self, inputs):
            return self.out(self.a_scale(inputs))

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    model = Head(3)
    x = x6()
    expected = model(x).numpy()
    model.save(tmp_path / "head.keras")
    with h5py.File(__import__("io").BytesIO(zipfile.ZipFile(tmp_path / "head.keras").read("model.weights.h5"))) as h5:
        # Keras 3's walk: attributes in sorted order, `layers` among them, so `out` is saved as layers/dense
        assert list(h5["a_scale/vars"]) == ["0"] and sorted(h5["layers/dense/vars"]) == ["0", "1"]
        assert "out" not in h5
    with pytest.raises(TypeError, match=r"Could not locate class 'Head'.*custom_objects=\{'Head': Head\}"):
        keras.models.load_model(tmp_path / "head.keras")
    loaded = keras.models.load_model(tmp_path / "head.keras", custom_objects={"Head": Head})
    np.testing.assert_array_equal(loaded(x).numpy(), expected)
    with keras.utils.custom_object_scope({"Head": Head}):
        np.testing.assert_array_equal(keras.models.load_model(tmp_path / "head.keras")(x).numpy(), expected)


def test_to_json_and_model_from_json():
    model = keras_models.saved_ticket(keras)
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Functional"
    clone = keras.models.model_from_json(text)
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]


@pytest.mark.parametrize("name", ["mlp", "ticket", "lstm"])
def test_clone_model_makes_new_layers_of_the_same_architecture(name):
    keras.backend.clear_session()
    model = keras_models.SAVED_MODELS[name](keras)
    clone = keras.models.clone_model(model)
    assert type(clone) is type(model) and clone is not model
    assert [type(l) for l in clone.layers] == [type(l) for l in model.layers]
    assert not any(a is b for a, b in zip(clone.weights, model.weights))
    clone.set_weights(model.get_weights())
    inputs = keras_models.saved_model_inputs(model)
    for ours, theirs in zip(as_list(clone.predict(inputs, verbose=0)),
                            as_list(model.predict(inputs, verbose=0))):
        np.testing.assert_array_equal(ours, theirs)


def test_clone_model_with_a_clone_function_can_share_layers():
    model = mlp()
    clone = keras.models.clone_model(model, clone_function=lambda layer: layer)
    assert all(a is b for a, b in zip(clone.layers, model.layers))


def test_compile_config_round_trip():
    model = mlp()
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.5), loss=keras.losses.MeanSquaredError(),
                  metrics=["mae", keras.metrics.RootMeanSquaredError()], loss_weights=[2.0])
    config = json.loads(json.dumps(model.get_compile_config()))
    other = mlp()
    other.compile_from_config(config)
    assert isinstance(other.optimizer, keras.optimizers.SGD) and other.optimizer.momentum == 0.5
    assert isinstance(other.loss, keras.losses.MeanSquaredError)
    assert other.optimizer.built  # slots made, ready for the saved state
    assert mlp().get_compile_config() == {}


# ---------------------------------------------------------------- errors, raised before anything changes
def test_a_shape_mismatch_names_the_layer_and_both_shapes_and_changes_nothing(tmp_path):
    small = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(4, name="hidden"), layers.Dense(3)])
    small.save_weights(tmp_path / "small.weights.h5")
    model = mlp()
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"Layer 'dense': weight 'dense/kernel:0' has shape \(6, 8\), but the saved "
                                         r"value \(layers/dense/vars/0\) has shape \(6, 4\)"):
        model.load_weights(tmp_path / "small.weights.h5")
    assert_same_weights(model.get_weights(), before)  # not even the layers that fitted changed


def test_skip_mismatch_loads_what_fits(tmp_path):
    other = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8), layers.Dense(2)])
    other.save_weights(tmp_path / "other.weights.h5")
    model = mlp()
    with pytest.warns(UserWarning, match="Skipping loading weights for 'dense_1'"):
        model.load_weights(tmp_path / "other.weights.h5", skip_mismatch=True)
    assert_same_weights(model.layers[0].get_weights(), other.layers[0].get_weights())


def test_a_missing_layer_of_weights_says_how_many_were_expected(tmp_path):
    mlp().save_weights(tmp_path / "m.weights.h5")
    bigger = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8), layers.Dense(3), layers.Dense(1)])
    with pytest.raises(ValueError, match=r"Layer 'dense_\d+' expected 2 variables, but received 0 variables "
                                         r"during loading \(from layers/dense_2/vars\)"):
        bigger.load_weights(tmp_path / "m.weights.h5")


def test_a_missing_custom_object_names_it_and_custom_objects(tmp_path):
    class Doubler(layers.Layer):
        def call(self, inputs):
            return inputs * 2.0

    model = keras.Sequential([keras.Input(shape=(2,)), Doubler()])
    model.save(tmp_path / "d.keras")
    with pytest.raises(TypeError, match=r"Could not locate class 'Doubler'.*custom_objects"):
        keras.models.load_model(tmp_path / "d.keras")


def test_a_truncated_file_is_a_clear_error(tmp_path):
    mlp().save(tmp_path / "m.keras")
    data = (tmp_path / "m.keras").read_bytes()
    (tmp_path / "cut.keras").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"cut.keras' is not a `.keras` file.*truncated"):
        keras.models.load_model(tmp_path / "cut.keras")


def test_foreign_files_are_clear_errors(tmp_path):
    (tmp_path / "notes.keras").write_text("not a zip")
    with pytest.raises(ValueError, match="is not a `.keras` file"):
        keras.models.load_model(tmp_path / "notes.keras")
    with zipfile.ZipFile(tmp_path / "other.keras", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValueError, match=r"is a zip archive but not a Keras model: it has no config.json"):
        keras.models.load_model(tmp_path / "other.keras")
    with h5py.File(tmp_path / "foreign.weights.h5", "w") as h5:
        h5["data"] = np.zeros(3)
    with pytest.raises(ValueError, match="is an HDF5 file, but not one of Keras 3's weights files"):
        mlp().load_weights(tmp_path / "foreign.weights.h5")
    (tmp_path / "text.weights.h5").write_text("plain text")
    with pytest.raises(ValueError, match="is not an HDF5 weights file"):
        mlp().load_weights(tmp_path / "text.weights.h5")


def test_file_extensions_get_keras_3s_messages_and_legacy_h5_is_refused(tmp_path):
    model = mlp()
    with pytest.raises(ValueError, match=r"Invalid filepath extension for saving\. Please add either a `.keras`"):
        model.save(tmp_path / "model")
    with pytest.raises(ValueError, match=r"legacy HDF5 format of tf.keras 2 \(`.h5`/`.hdf5` files\) is not supported"):
        model.save(tmp_path / "model.h5")
    with pytest.raises(ValueError, match=r"The filename must end in `.weights.h5`"):
        model.save_weights(tmp_path / "model.h5")
    with pytest.raises(ValueError, match=r"legacy HDF5 format"):
        keras.models.load_model(tmp_path / "model.h5")
    with pytest.raises(ValueError, match=r"File format not supported: filepath=.*saved_model"):
        keras.models.load_model(tmp_path / "saved_model")
    with pytest.raises(ValueError, match=r"File not found: filepath=.*missing.keras"):
        keras.models.load_model(tmp_path / "missing.keras")
    assert not os.listdir(tmp_path)  # nothing was written


def test_saving_an_unsaveable_model_leaves_no_file(tmp_path):
    class Shift(layers.Layer):  # takes an argument, has no get_config: it cannot be saved
        def __init__(self, amount):
            super().__init__()
            self.amount = amount

    model = keras.Sequential([keras.Input(shape=(2,)), Shift(1.0)])
    (tmp_path / "m.keras").write_bytes(b"old")
    with pytest.raises(NotImplementedError, match="must override `get_config"):
        model.save(tmp_path / "m.keras")
    assert os.listdir(tmp_path) == ["m.keras"] and (tmp_path / "m.keras").read_bytes() == b"old"


def test_save_weights_of_an_unbuilt_model_is_keras_error(tmp_path):
    model = keras.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="not yet been built"):
        model.save_weights(tmp_path / "m.weights.h5")
    with pytest.raises(ValueError, match="not yet been built"):
        model.load_weights(tmp_path / "m.weights.h5")


def test_a_loaded_model_keeps_dtypes_and_the_variables_stay_variables(tmp_path):
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, dtype="float64")])
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[0].dtype == "float64" and loaded.layers[0].kernel.dtype == tf.float64
    assert isinstance(loaded.layers[0].kernel, tf.Variable)
