"""keras.saving: the object registry and Keras 3's config dicts.

The objects come from tests/keras_models.py; tests/fixtures/keras_serialization.json holds what
Keras 3 wrote for the same objects (tools/make_keras_serialization_fixtures.py). What is compared
with Keras is the envelope of every object ("module", "class_name", "registered_name",
"build_config") at every depth, and plain values exactly; the values inside a layer's
get_config() are the layer's own business.
"""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

import keras_models

KERAS3 = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_serialization.json")))["configs"]
ENVELOPE = ("module", "class_name", "registered_name")


def cases():
    return keras_models.serialization_cases(keras, lambda value, dtype: tf.constant(value, dtype=dtype))


def as_json(config):
    return json.loads(json.dumps(config))


def assert_same_envelopes(ours, theirs, where):
    """Every object Keras 3 wrote inside `theirs` has the same envelope in `ours`."""
    if isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), f"{where}: {ours!r} vs Keras {theirs!r}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same_envelopes(a, b, f"{where}[{i}]")
        return
    if not isinstance(theirs, dict):
        return
    if "class_name" in theirs and "module" in theirs:
        assert isinstance(ours, dict), f"{where}: Keras 3 writes an object config {theirs}, tinytf {ours!r}"
        assert {k: ours.get(k) for k in ENVELOPE} == {k: theirs[k] for k in ENVELOPE}, where
        # Keras 3 writes compile_config for every model (tinytf's models get it with compile), and
        # build_config {"input_shape": None} for functional models, which loading never reads.
        if theirs.get("build_config") not in (None, {"input_shape": None}):
            assert ours.get("build_config") == theirs["build_config"], f"{where}: build_config"
        extra = set(ours) - set(theirs)
        assert not extra, f"{where}: keys Keras 3 does not write: {extra}"
        theirs, ours = theirs["config"], ours["config"]
        if not isinstance(theirs, dict):
            assert ours == theirs, f"{where}: {ours!r} vs Keras {theirs!r}"
            return
    for key in set(ours) & set(theirs):
        if key == "dtype" and isinstance(theirs[key], dict):  # Keras 3's DTypePolicy; tinytf writes "float32"
            continue
        assert_same_envelopes(ours[key], theirs[key], f"{where}.{key}")


@pytest.mark.parametrize("name", sorted(KERAS3))
def test_serialize_keras_object_writes_what_keras_3_writes(name):
    ours = as_json(keras.saving.serialize_keras_object(cases()[name]))
    theirs = KERAS3[name]
    if not isinstance(theirs, dict) or theirs.get("class_name", "").startswith("__") or "module" not in theirs:
        assert ours == theirs  # plain values, tensors, arrays, slices...: exactly
    else:
        assert_same_envelopes(ours, theirs, name)


def test_layers_serialize_writes_the_envelope_and_names_initializers_like_keras_3():
    config = layers.serialize(layers.Dense(2, activation="softmax", kernel_initializer="he_normal"))
    assert {k: config[k] for k in ENVELOPE} == {"module": "keras.layers", "class_name": "Dense",
                                                "registered_name": None}
    assert config["config"]["activation"] == "softmax"
    assert config["config"]["kernel_initializer"] == {"module": "keras.initializers", "class_name": "HeNormal",
                                                      "config": {"seed": None, "input_axes": None, "output_axes": None},
                                                      "registered_name": None}


# ---------------------------------------------------------------- round trips
@pytest.mark.parametrize("name", ["dense", "dense_built", "concatenate_built", "conv2d", "lstm",
                                  "batch_normalization", "dropout", "registered_layer"])
def test_layers_round_trip(name):
    layer = cases()[name]
    config = layers.serialize(layer)
    clone = layers.deserialize(as_json(config))
    assert type(clone) is type(layer) and clone is not layer
    assert clone.get_config() == layer.get_config()
    assert clone.built == layer.built  # build_config builds the clone


def test_values_round_trip():
    values = cases()
    for name in ("numpy", "tensor", "slice", "bytes", "ellipsis", "nested", "relu", "he_normal", "l1l2", "zeros"):
        again = keras.saving.deserialize_keras_object(as_json(keras.saving.serialize_keras_object(values[name])))
        original = values[name]
        if isinstance(original, (np.ndarray, tf.Tensor)):
            assert type(again) is type(original) and again.dtype == original.dtype
            np.testing.assert_array_equal(np.asarray(again), np.asarray(original))
        elif hasattr(original, "get_config") and not callable(getattr(original, "__name__", None)):
            assert type(again) is type(original) and again.get_config() == original.get_config()
        elif name == "nested":
            assert again == {"a": [1, [2.5, None]], "b": "text"}  # JSON has no tuples, as in Keras
        else:
            assert again == original


def test_keras_tensor_round_trip_keeps_its_history():
    tensor = keras.saving.deserialize_keras_object(as_json(keras.saving.serialize_keras_object(cases()["input"])))
    assert isinstance(tensor, keras.KerasTensor) and tensor.shape == (None, 3) and tensor.dtype == tf.float32
    assert tensor._pre_serialization_keras_history == ["features", 0, 0]


def test_keras_3_configs_of_functions_and_values_load():
    assert keras.saving.deserialize_keras_object(KERAS3["relu"]) is keras.activations.relu
    assert keras.saving.deserialize_keras_object(KERAS3["registered_function"]) is \
        keras_models.registered_function(keras)
    regularizer = keras.saving.deserialize_keras_object(KERAS3["l1l2"])
    assert isinstance(regularizer, keras.regularizers.L1L2) and (regularizer.l1, regularizer.l2) == (0.01, 0.02)
    assert isinstance(keras.saving.deserialize_keras_object(KERAS3["zeros"]), keras.initializers.Zeros)
    np.testing.assert_array_equal(keras.saving.deserialize_keras_object(KERAS3["numpy"]), [0.0, 1.0, 2.0])
    assert keras.saving.deserialize_keras_object(KERAS3["slice"]) == slice(1, None, 2)


def test_models_round_trip_with_the_same_outputs():
    x = np.random.default_rng(0).normal(size=(2, 3)).astype("float32")
    for name in ("sequential_input", "sequential_built", "functional"):
        model = cases()[name]
        clone = keras.saving.deserialize_keras_object(as_json(keras.saving.serialize_keras_object(model)))
        assert type(clone) is type(model) and [l.name for l in clone.layers] == [l.name for l in model.layers]
        clone.set_weights(model.get_weights())
        np.testing.assert_allclose(clone(x).numpy(), model(x).numpy(), rtol=1e-6)


def test_custom_objects_come_from_the_argument_the_scope_or_the_registry():
    model = keras.Sequential([keras.Input(shape=(2,)), keras_models.registered_layer_class(keras)(factor=3.0)])
    config = as_json(keras.saving.serialize_keras_object(model))
    assert config["config"]["layers"][1]["registered_name"] == "tinytf_tests>Scale"
    clone = keras.saving.deserialize_keras_object(config)  # registered: nothing to pass
    np.testing.assert_allclose(clone(np.ones((1, 2), "float32")).numpy(), [[3.0, 3.0]])

    two_dense = keras_models.unregistered_model_class(keras)
    config = as_json(keras.saving.serialize_keras_object(two_dense()))
    assert (config["module"], config["registered_name"]) == ("keras_models", "TwoDense")
    with pytest.raises(TypeError, match=r"Could not locate class 'TwoDense'.*custom_objects"):
        keras.saving.deserialize_keras_object(config)
    assert type(keras.saving.deserialize_keras_object(config, custom_objects={"TwoDense": two_dense})) is two_dense
    with keras.utils.custom_object_scope({"TwoDense": two_dense}):
        assert type(keras.saving.deserialize_keras_object(config)) is two_dense
        assert keras.saving.get_registered_object("TwoDense") is two_dense
    assert keras.saving.get_registered_object("TwoDense") is None


def test_register_keras_serializable_names():
    scale = keras_models.registered_layer_class(keras)
    assert keras.saving.get_registered_name(scale) == "tinytf_tests>Scale"
    assert keras.utils.get_registered_object("tinytf_tests>Scale") is scale
    assert keras.saving.get_registered_name(layers.Dense) == "Dense"
    assert keras.utils.register_keras_serializable is keras.saving.register_keras_serializable

    @keras.utils.register_keras_serializable(name="double")
    def twice(x):
        return 2 * x

    assert keras.saving.get_custom_objects()["Custom>double"] is twice
    with pytest.raises(ValueError, match="get_config"):
        keras.saving.register_keras_serializable()(type("NoConfig", (), {}))


def test_short_forms_of_tf_keras_2_still_load():
    assert isinstance(keras.initializers.deserialize({"class_name": "GlorotUniform", "config": {}}),
                      keras.initializers.GlorotUniform)
    assert isinstance(keras.initializers.get("uniform"), keras.initializers.RandomUniform)
    assert keras.activations.deserialize("relu") is keras.activations.relu
    assert keras.regularizers.get({"class_name": "L2", "config": {"l2": 0.5}}).l2 == 0.5


def test_errors_name_what_is_wrong():
    with pytest.raises(ValueError, match="lambda"):
        keras.saving.serialize_keras_object(lambda x: x)
    with pytest.raises(ValueError, match="lambda"):
        keras.saving.deserialize_keras_object({"class_name": "__lambda__", "config": {"value": ["", None, None]}})
    with pytest.raises(TypeError, match="get_config"):
        keras.saving.serialize_keras_object(object())
    with pytest.raises(ValueError, match="not a `keras.layers.Layer`"):
        layers.deserialize(keras.initializers.serialize(keras.initializers.Zeros()))
    with pytest.raises(TypeError, match="Could not locate class 'Nope'"):
        layers.deserialize({"module": "keras.layers", "class_name": "Nope", "config": {}, "registered_name": None})
