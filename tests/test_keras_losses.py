"""keras.losses against values recorded from Keras 3 (tests/fixtures/keras_losses_metrics.json, written by
tools/make_loss_metric_fixtures.py from the cases of tests/loss_metric_cases.py), their gradients against
float64 finite differences, and the errors bad input gets."""
import json
import os
import warnings

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras

import loss_metric_cases
from helpers import check_grad

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_losses_metrics.json")))
DATA = {name: {key: None if v is None else np.array(v["value"], dtype=v["dtype"]) for key, v in d.items()}
        for name, d in FIXTURE["data"].items()}
WEIGHTS = {name: np.array(w["value"], dtype=w["dtype"]) for name, w in FIXTURE["weights"].items()}


def weights(name):
    return None if name == "none" else WEIGHTS[name]


def assert_close(got, expected, where):
    """Equal within float32 rounding (NaN where Keras gave NaN)."""
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert got.shape == expected.shape, f"{where}: shape {got.shape}, Keras gives {expected.shape}"
    np.testing.assert_allclose(got, expected, rtol=2e-6, atol=2e-6, equal_nan=True, err_msg=where)


@pytest.mark.parametrize("case", FIXTURE["losses"], ids=lambda c: c["id"])
def test_loss_objects_match_keras(case):
    d = DATA[case["data"]]
    loss = getattr(keras.losses, case["class"])(**case["kwargs"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # categorical losses on one column warn, as in Keras
        got = loss(d["y_true"], d["y_pred"], sample_weight=weights(case["weights"]))
    assert isinstance(got, tf.Tensor) and got.dtype == tf.float32
    assert_close(got, case["expected"], case["id"])


@pytest.mark.parametrize("case", FIXTURE["loss_functions"], ids=lambda c: c["id"])
def test_loss_functions_match_keras(case):
    d = DATA[case["data"]]
    got = getattr(keras.losses, case["function"])(tf.constant(d["y_true"]), tf.constant(d["y_pred"]), **case["kwargs"])
    assert_close(got, case["expected"], case["id"])


@pytest.mark.parametrize("case", FIXTURE["activations"], ids=lambda c: c["id"])
def test_crossentropy_of_an_activation_output_uses_its_logits(case):
    """Saturated logits (100, -100): from the probabilities the loss would be clipped at -log(1e-7) = 16.1."""
    d = DATA[case["data"]]
    output = getattr(keras.activations, case["activation"])(tf.constant(d["y_pred"]))
    got = getattr(keras.losses, case["function"])(d["y_true"], output, **case["kwargs"])
    assert_close(got, case["expected"], case["id"])


def test_from_logits_on_an_activation_output_warns_and_uses_the_logits():
    d = DATA["onehot_logits"]
    output = keras.activations.softmax(tf.constant(d["y_pred"]))
    with pytest.warns(UserWarning, match="from_logits=True"):
        got = keras.losses.CategoricalCrossentropy(from_logits=True, reduction=None)(d["y_true"], output)
    expected = next(c for c in FIXTURE["activations"] if c["function"] == "categorical_crossentropy")["expected"]
    assert_close(got, expected, "from_logits on a softmax output")


def test_a_model_ending_in_softmax_is_trained_from_its_logits():
    """Dense(activation="softmax") hands its logits to the loss: a confident wrong answer costs its full
    crossentropy (about 300 here), not the clipped 16.1, and the gradient does not vanish."""
    layer = keras.layers.Dense(3, activation="softmax", kernel_initializer="ones", bias_initializer="zeros")
    x = tf.constant([[100.0, 0.0, 0.0]])
    layer.build((None, 3))
    layer.kernel.assign([[3.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(np.array([1]), layer(x))
    assert abs(float(loss) - 300.0) < 1e-3
    assert float(tf.reduce_max(tf.abs(tape.gradient(loss, layer.kernel)))) > 1.0


def test_the_guides_loss_subclass():
    case = next(c for c in FIXTURE["textbook"] if c["id"] == "custom_mse")
    custom_mse = loss_metric_cases.guide_loss(keras, tf)()
    d = DATA[case["data"]]
    assert custom_mse.name == case["name"]
    assert_close(custom_mse(d["y_true"], d["y_pred"]), case["expected"], "CustomMSE")


def test_a_subclass_gets_a_snake_case_name_and_the_default_reduction():
    class MyHuberishLoss(keras.losses.Loss):
        def call(self, y_true, y_pred):
            return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)

    loss = MyHuberishLoss()
    assert loss.name.startswith("my_huberish_loss") and loss.reduction == "sum_over_batch_size"
    assert float(loss([[1.0, 2.0]], [[2.0, 4.0]], sample_weight=[2.0])) == pytest.approx(3.0)
    with pytest.raises(NotImplementedError, match="must define call"):
        keras.losses.Loss()([1.0], [2.0])


# ---------------------------------------------------------------- get, configs, serialization
@pytest.mark.parametrize("identifier", sorted(FIXTURE["ids"]["losses"]))
def test_get_returns_what_keras_returns(identifier):
    expected = FIXTURE["ids"]["losses"][identifier]
    if expected == "ValueError":
        with pytest.raises(ValueError, match="Valid string ids: .*mean_squared_error"):
            keras.losses.get(identifier)
        return
    obj = keras.losses.get(identifier)
    got = f"function {obj.__name__}" if callable(obj) and not isinstance(obj, keras.losses.Loss) else \
        f"class {type(obj).__name__}"
    assert got == expected


def test_get_takes_objects_functions_classes_and_configs():
    loss = keras.losses.Huber(delta=2.0)
    assert keras.losses.get(loss) is loss and keras.losses.get(None) is None

    def my_loss(y_true, y_pred):
        return tf.abs(y_true - y_pred)

    assert keras.losses.get(my_loss) is my_loss
    assert isinstance(keras.losses.get(keras.losses.Poisson), keras.losses.Poisson)
    from_config = keras.losses.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    assert from_config.from_logits is True
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        keras.losses.get(42)


CONFIG_DIFFERENCES = {"Huber": "delta", "CosineSimilarity": "axis"}  # Keras 3 drops them (and loses them on reload)


@pytest.mark.parametrize("key", sorted(k for k in FIXTURE["configs"] if k.startswith("losses.")))
def test_serialize_writes_keras_3_configs(key):
    expected = FIXTURE["configs"][key]
    name = key[len("losses."):]
    if "(" in name:
        class_name, kwargs = name.split("(", 1)
        obj = getattr(keras.losses, class_name)(**json.loads(kwargs[:-1]))
    else:
        class_name, obj = name, getattr(keras.losses, name)
    got = json.loads(json.dumps(keras.losses.serialize(obj)))
    extra = CONFIG_DIFFERENCES.get(class_name)
    if extra:
        assert extra in got["config"]
        del got["config"][extra]
    assert got == expected
    again = keras.losses.deserialize(got if not extra else keras.losses.serialize(obj))
    assert (again is obj) if callable(obj) and not isinstance(obj, keras.losses.Loss) else \
        again.get_config() == obj.get_config()


def test_a_wrapped_function_round_trips_through_its_config():
    wrapper = keras.losses.LossFunctionWrapper(keras.losses.huber, name="h", delta=3.0)
    again = keras.losses.deserialize(keras.losses.serialize(wrapper))
    y_true, y_pred = DATA["regression_big"]["y_true"], DATA["regression_big"]["y_pred"]
    assert again.fn is keras.losses.huber and again.name == "h"
    assert_close(again(y_true, y_pred), wrapper(y_true, y_pred), "wrapper round trip")


def test_tf_keras_2_module_aliases():
    assert keras.losses.mse is keras.losses.MSE is keras.losses.mean_squared_error
    assert keras.losses.kld is keras.losses.kl_divergence and keras.losses.logcosh is keras.losses.log_cosh


# ---------------------------------------------------------------- dtypes and reductions
def test_integer_labels_are_cast_and_the_dtype_option_is_honoured():
    y_true = np.array([[1, 0], [0, 1]], dtype="int64")
    y_pred = np.array([[0.8, 0.3], [0.4, 0.9]], dtype="float64")
    loss32 = keras.losses.MeanSquaredError()(y_true, y_pred)
    loss64 = keras.losses.MeanSquaredError(dtype="float64")(y_true, y_pred)
    assert loss32.dtype == tf.float32 and loss64.dtype == tf.float64
    assert float(loss64) == pytest.approx(np.mean((y_true - y_pred) ** 2), rel=1e-15)


def test_sum_over_batch_size_divides_by_the_number_of_losses_not_the_weights():
    loss = keras.losses.MeanAbsoluteError()
    assert float(loss([[0.0], [0.0]], [[1.0], [3.0]], sample_weight=[0.0, 1.0])) == pytest.approx(1.5)
    assert float(keras.losses.MeanAbsoluteError(reduction="mean_with_sample_weight")(
        [[0.0], [0.0]], [[1.0], [3.0]], sample_weight=[0.0, 1.0])) == pytest.approx(3.0)


def test_an_empty_batch_gives_zero_not_nan():
    class ElementwiseAbs(keras.losses.Loss):
        def call(self, y_true, y_pred):
            return tf.abs(y_true - y_pred)

    empty = np.zeros((0, 3), "float32")
    assert float(ElementwiseAbs()(empty, empty)) == 0.0
    # Keras returns the per-sample losses of an empty batch as they are (shape (0,)), not reduced.
    assert keras.losses.MeanSquaredError()(empty, empty).shape == (0,)


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("loss, y_true, y_pred", [
    (keras.losses.MeanSquaredError(), np.zeros((4, 3)), np.zeros((4, 2))),
    (keras.losses.mean_absolute_error, np.zeros((5,)), np.zeros((4, 2))),
    (keras.losses.CategoricalCrossentropy(), np.zeros((4,)), np.zeros((4, 10))),
    (keras.losses.CategoricalCrossentropy(), np.zeros((4, 1)), np.zeros((4, 10))),
    (keras.losses.SparseCategoricalCrossentropy(), np.zeros((4, 10)), np.zeros((4, 10))),
    (keras.losses.SparseCategoricalCrossentropy(), np.zeros((5,)), np.zeros((4, 10))),
    (keras.losses.BinaryCrossentropy(), np.zeros((4, 2)), np.zeros((4, 1))),
    (keras.losses.Hinge(), np.zeros((4, 3)), np.zeros((4, 2))),
    (keras.losses.KLDivergence(), np.zeros((4, 3)), np.zeros((4, 2))),
])
def test_incompatible_shapes_raise_a_value_error_naming_the_loss_and_both_shapes(loss, y_true, y_pred):
    name = getattr(loss, "name", getattr(loss, "__name__", ""))
    with pytest.raises(ValueError) as info:
        loss(y_true, y_pred)
    message = str(info.value)
    assert name.split("_")[0] in message
    assert str(tuple(y_pred.shape)) in message


def test_shape_errors_say_which_crossentropy_to_use():
    with pytest.raises(ValueError, match="use sparse_categorical_crossentropy"):
        keras.losses.CategoricalCrossentropy()(np.array([1, 2]), np.ones((2, 3)) / 3)
    with pytest.raises(ValueError, match="use categorical_crossentropy"):
        keras.losses.SparseCategoricalCrossentropy()(np.eye(3)[[1, 2]], np.ones((2, 3)) / 3)


def test_bad_sample_weights_and_reductions_are_refused():
    with pytest.raises(ValueError, match="sample_weight of shape \\(3,\\)"):
        keras.losses.MeanSquaredError()(np.zeros((4, 2)), np.zeros((4, 2)), sample_weight=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`.*sum_over_batch_size"):
        keras.losses.MeanSquaredError(reduction="auto")
    with pytest.raises(ValueError, match="axis"):
        keras.losses.categorical_crossentropy(np.eye(2), np.eye(2), axis=True)


def test_labels_out_of_range_are_an_error():
    with pytest.raises(tf.errors.InvalidArgumentError, match="label value of 3"):
        keras.losses.SparseCategoricalCrossentropy()(np.array([0, 3]), np.ones((2, 3)) / 3)


# ---------------------------------------------------------------- gradients
GRADIENT_CASES = [
    ("MeanSquaredError", {}, "regression"), ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "regression"), ("MeanSquaredLogarithmicError", {}, "positive"),
    ("CosineSimilarity", {}, "regression"), ("Huber", {"delta": 0.7}, "regression"), ("LogCosh", {}, "regression_big"),
    ("BinaryCrossentropy", {}, "binary_float"), ("BinaryCrossentropy", {"from_logits": True}, "binary_logits"),
    ("BinaryCrossentropy", {"label_smoothing": 0.1}, "binary"),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True}, "binary_float"),
    ("CategoricalCrossentropy", {}, "onehot"), ("CategoricalCrossentropy", {"from_logits": True}, "onehot_logits"),
    ("CategoricalCrossentropy", {"label_smoothing": 0.2}, "onehot"),
    ("CategoricalFocalCrossentropy", {}, "onehot"),
    ("SparseCategoricalCrossentropy", {}, "sparse"), ("SparseCategoricalCrossentropy", {"from_logits": True},
                                                      "sparse_logits"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 3}, "sparse"),
    ("KLDivergence", {}, "distribution"), ("Poisson", {}, "positive"),
    ("Hinge", {}, "hinge_pm1"), ("SquaredHinge", {}, "hinge_01"), ("CategoricalHinge", {}, "onehot_scores"),
]


def _away_from_kinks(class_name, y_pred):
    """Prediction values where the loss is smooth: off the clipping bounds, and (for the huge logits of
    the fixtures) moderate, so that central differences in float64 are accurate."""
    y_pred = np.asarray(y_pred, dtype=np.float64).copy()
    if class_name in ("BinaryCrossentropy", "BinaryFocalCrossentropy", "CategoricalCrossentropy",
                      "CategoricalFocalCrossentropy", "SparseCategoricalCrossentropy", "KLDivergence", "Poisson"):
        y_pred = np.where(np.abs(y_pred) > 5, np.sign(y_pred) * 3.0, y_pred)
        y_pred = np.where((y_pred >= 0) & (y_pred < 0.05), 0.05 + y_pred, y_pred)
        y_pred = np.where((y_pred <= 1) & (y_pred > 0.95), y_pred - 0.05, y_pred)
    if class_name == "Huber":
        y_pred = y_pred + 0.013  # off |error| == delta
    return y_pred


@pytest.mark.parametrize("class_name, kwargs, data", GRADIENT_CASES, ids=lambda v: str(v))
def test_loss_gradients_match_finite_differences(class_name, kwargs, data):
    d = DATA[data]
    loss = getattr(keras.losses, class_name)(dtype="float64", **kwargs)
    y_true = d["y_true"].astype("float64") if d["y_true"].dtype.kind == "f" else d["y_true"]
    w = WEIGHTS["per_sample"].astype("float64")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        check_grad(lambda y_pred: loss(y_true, y_pred, sample_weight=w), _away_from_kinks(class_name, d["y_pred"]),
                   atol=1e-6)


def test_sigmoid_crossentropy_gradient_at_zero_and_far_out():
    """The selection-based formula has the right slope at x = 0 (sigmoid(0) - label) and no overflow."""
    labels = np.array([0.0, 1.0, 0.3, 1.0, 0.0])
    logits = np.array([0.0, 0.0, 0.0, 40.0, -40.0])
    check_grad(lambda x: tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(labels), logits=x), logits)
    big = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([0.0, 1.0]), logits=tf.constant([1000.0, -1000.0]))
    np.testing.assert_allclose(big.numpy(), [1000.0, 1000.0])
