"""keras.metrics against values recorded from Keras 3 (and, for the textbooks' own Metric subclasses,
tf_keras 2): several update_state calls with sample weights, a result after each, reset_state, one more
call (tests/fixtures/keras_losses_metrics.json, from tools/make_loss_metric_fixtures.py and the cases of
tests/loss_metric_cases.py). Also: metric state stays in Variables (no host round trip while updating),
subclassing, get/serialize, and errors."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tinytf import _core, keras

import loss_metric_cases
from test_keras_losses import DATA, FIXTURE, assert_close, weights


def run_metric(metric, calls, reset_call):
    """The same protocol as the fixture script: results after each call, after reset, after one more."""
    def update(name, weight_name):
        d = DATA[name]
        args = (d["y_pred"],) if d["y_true"] is None else (d["y_true"], d["y_pred"])
        metric.update_state(*args, sample_weight=weights(weight_name))
        return metric.result().numpy()

    results = [update(*call) for call in calls]
    metric.reset_state()
    return {"results": results, "after_reset": metric.result().numpy(), "after_reset_update": update(*reset_call)}


@pytest.mark.parametrize("case", FIXTURE["metrics"], ids=lambda c: c["id"])
def test_metrics_match_keras(case):
    metric = getattr(keras.metrics, case["class"])(**case["kwargs"])
    got = run_metric(metric, case["calls"], case["reset_call"])
    for i, (value, expected) in enumerate(zip(got["results"], case["results"])):
        assert_close(value, expected, f"{case['id']}: result after update {i + 1}")
    assert_close(got["after_reset"], case["after_reset"], f"{case['id']}: result after reset_state")
    assert_close(got["after_reset_update"], case["after_reset_update"], f"{case['id']}: update after reset_state")
    assert len(metric.variables) == case["n_variables"]
    assert all(isinstance(v, tf.Variable) and not v.trainable for v in metric.variables)


@pytest.mark.parametrize("case", [c for c in FIXTURE["textbook"] if c["id"] != "custom_mse"], ids=lambda c: c["id"])
def test_the_textbooks_metric_subclasses_behave_as_in_tf_keras(case):
    metric = loss_metric_cases.textbook_metrics(keras, tf)[case["class"]]()
    assert metric.name == case["name"]
    got = run_metric(metric, case["calls"], case["reset_call"])
    for value, expected in zip(got["results"], case["results"]):
        assert_close(value, expected, case["id"])
    assert_close(got["after_reset"], case["after_reset"], case["id"])
    assert_close(got["after_reset_update"], case["after_reset_update"], case["id"])


# ---------------------------------------------------------------- the state never leaves the device while updating
@pytest.fixture
def no_host_reads(monkeypatch):
    """Any read of a tensor's values into Python or NumPy raises while the fixture is active."""
    def refuse(*args, **kwargs):
        raise AssertionError("a metric read a tensor back to the host inside update_state")

    for name in ("numpy", "__array__", "__float__", "__int__", "__bool__", "__index__", "tolist", "item"):
        if hasattr(_core.Tensor, name):
            monkeypatch.setattr(_core.Tensor, name, refuse)
    with pytest.raises(AssertionError, match="read a tensor back"):  # the patch is in force
        float(tf.constant(1.0) + 1.0)
    yield


HOST_FREE = [("Mean", {}, "values_a"), ("Sum", {}, "values_a"), ("Accuracy", {}, "accuracy_a"),
             ("BinaryAccuracy", {}, "bin_acc_a"), ("CategoricalAccuracy", {}, "cat_a"),
             ("SparseCategoricalAccuracy", {}, "sparse_a"), ("TopKCategoricalAccuracy", {"k": 2}, "cat_a"),
             ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse_a"), ("MeanSquaredError", {}, "reg_a"),
             ("RootMeanSquaredError", {}, "reg_a"), ("MeanAbsoluteError", {}, "reg_a"),
             ("CosineSimilarity", {}, "reg_a"), ("BinaryCrossentropy", {}, "bin_acc_a"),
             ("CategoricalCrossentropy", {"from_logits": True}, "cat_a"), ("Hinge", {}, "multilabel_a"),
             ("AUC", {}, "auc_a"), ("AUC", {"curve": "PR", "multi_label": True}, "multilabel_a"),
             ("Precision", {"top_k": 2}, "multilabel_a"), ("Recall", {"thresholds": [0.2, 0.6]}, "auc_a"),
             ("TruePositives", {}, "auc_a")]


@pytest.mark.parametrize("class_name, kwargs, data", HOST_FREE, ids=lambda v: str(v))
def test_update_state_and_result_stay_on_the_device(class_name, kwargs, data, no_host_reads):
    d = DATA[data]
    metric = getattr(keras.metrics, class_name)(**kwargs)
    args = (tf.constant(d["y_pred"]),) if d["y_true"] is None else (tf.constant(d["y_true"]), tf.constant(d["y_pred"]))
    metric.update_state(*args)
    metric.update_state(*args, sample_weight=tf.ones([d["y_pred"].shape[0]]))
    assert isinstance(metric.result(), tf.Tensor)


# ---------------------------------------------------------------- subclassing and the protocol
def test_metric_call_updates_then_returns_the_result_and_reset_states_is_kept():
    m = keras.metrics.Mean(name="loss")
    assert float(m([1.0, 3.0])) == 2.0 and float(m(5.0)) == 3.0
    m.reset_states()
    assert float(m.result()) == 0.0 and m.name == "loss" and m.dtype == "float32"
    assert [v.name.split(":")[0] for v in m.variables] == ["total", "count"]


def test_add_weight_in_the_keras_3_and_the_tf_keras_2_spellings():
    class Counts(keras.metrics.Metric):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.a = self.add_weight(name="a", shape=(2,), initializer="ones")
            self.b = self.add_weight("b", shape=(), dtype="int32")  # tf.keras 2: the name first
            self.inner = keras.metrics.Sum()

        def update_state(self, values):
            self.a.assign_add(values)
            self.b.assign_add(1)
            self.inner.update_state(values)

        def result(self):
            return self.a

    m = Counts(name="counts")
    m.update_state([1.0, 2.0])
    np.testing.assert_array_equal(m.result().numpy(), [2.0, 3.0])
    assert [v.dtype.name for v in m.variables] == ["float32", "int32", "float32"]  # the held metric's too
    m.reset_state()
    np.testing.assert_array_equal(m.result().numpy(), [0.0, 0.0])
    assert int(m.b) == 0 and float(m.inner.result()) == 0.0


def test_a_subclass_that_forgets_super_init_is_told_so():
    class Broken(keras.metrics.Metric):
        def __init__(self):
            self.total = self.add_weight(name="total")

    with pytest.raises(RuntimeError, match="forgot to call `super\\(\\).__init__\\(\\)`"):
        Broken()
    with pytest.raises(NotImplementedError, match="must define update_state"):
        keras.metrics.Metric(name="m").update_state([1.0])


def test_mean_metric_wrapper_takes_any_function():
    def within_one(y_true, y_pred):
        return tf.cast(tf.abs(tf.constant(y_true) - tf.constant(y_pred)) <= 1.0, "float32")

    m = keras.metrics.MeanMetricWrapper(fn=within_one, name="within_one")
    m.update_state([1.0, 2.0, 3.0, 4.0], [1.5, 4.0, 3.0, 0.0], sample_weight=[1.0, 1.0, 2.0, 0.0])
    assert float(m.result()) == pytest.approx(0.75)
    assert m.get_config()["fn"]["config"] == "within_one"


def test_mean_tensor_is_an_element_wise_mean():
    m = keras.metrics.MeanTensor()
    with pytest.raises(ValueError, match="does not have any value yet"):
        m.result()
    m.update_state([1.0, 2.0, 3.0])
    m.update_state([3.0, 4.0, 5.0], sample_weight=[1.0, 0.0, 3.0])
    np.testing.assert_allclose(m.result().numpy(), [2.0, 2.0, 4.5])
    with pytest.raises(ValueError, match="same shape"):
        m.update_state([1.0, 2.0])


# ---------------------------------------------------------------- top-k and confusion-matrix details
def test_top_k_accuracy_counts_ties_with_the_target_as_in():
    """tf.math.in_top_k's rule: [0.4, 0.4, 0.2] has the target 1 in the top 1."""
    assert float(keras.metrics.sparse_top_k_categorical_accuracy([1], [[0.4, 0.4, 0.2]], k=1)[0]) == 1.0
    assert float(keras.metrics.sparse_categorical_accuracy([1], [[0.4, 0.4, 0.2]])[0]) == 0.0  # argmax: the first


def test_precision_and_recall_have_one_value_per_threshold():
    p = keras.metrics.Precision(thresholds=[0.2, 0.5, 0.8])
    p.update_state([0, 1, 1, 0], [0.3, 0.6, 0.9, 0.1])
    np.testing.assert_allclose(p.result().numpy(), [2 / 3, 1.0, 1.0])
    with pytest.raises(ValueError, match="Threshold values must be in \\[0, 1\\]"):
        keras.metrics.Recall(thresholds=[0.5, 1.5])


def test_auc_rejects_bad_arguments():
    with pytest.raises(ValueError, match="num_thresholds"):
        keras.metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="Invalid AUC curve"):
        keras.metrics.AUC(curve="XY")
    with pytest.raises(ValueError, match="summation method"):
        keras.metrics.AUC(summation_method="trapezoid")


# ---------------------------------------------------------------- get, configs, serialization
@pytest.mark.parametrize("identifier", sorted(FIXTURE["ids"]["metrics"]))
def test_get_returns_what_keras_returns(identifier):
    expected = FIXTURE["ids"]["metrics"][identifier]
    if identifier == "acc":  # Keras 3 refuses tf.keras 2's spelling; tinytf takes it
        assert expected == "ValueError" and isinstance(keras.metrics.get("acc"), keras.metrics.Accuracy)
        return
    if expected == "ValueError":
        with pytest.raises(ValueError, match="Valid string ids: .*accuracy"):
            keras.metrics.get(identifier)
        return
    assert f"class {type(keras.metrics.get(identifier)).__name__}" == expected


@pytest.mark.parametrize("key", sorted(k for k in FIXTURE["configs"] if k.startswith("metrics.")))
def test_serialize_writes_keras_3_configs(key):
    expected = FIXTURE["configs"][key]
    class_name, kwargs = key[len("metrics."):].split("(", 1)
    metric = getattr(keras.metrics, class_name)(**json.loads(kwargs[:-1]))
    got = json.loads(json.dumps(keras.metrics.serialize(metric)))
    got["config"].pop("name"), expected["config"].pop("name")  # auto names count up differently
    assert got == expected
    again = keras.metrics.deserialize(keras.metrics.serialize(metric))
    assert type(again) is type(metric) and again.get_config() == metric.get_config()


def test_tf_keras_2_module_aliases():
    assert keras.metrics.mse is keras.losses.mean_squared_error and keras.metrics.mae is keras.losses.mae


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("metric, y_true, y_pred", [
    (keras.metrics.MeanSquaredError(), np.zeros((4, 3)), np.zeros((4, 2))),
    (keras.metrics.SparseCategoricalAccuracy(), np.zeros((5,)), np.zeros((4, 3))),
    (keras.metrics.CategoricalAccuracy(), np.zeros((4,)), np.zeros((4, 3))),
    (keras.metrics.BinaryAccuracy(), np.zeros((4, 3)), np.zeros((4, 2))),
    (keras.metrics.AUC(), np.zeros((4,)), np.zeros((5,))),
    (keras.metrics.SparseTopKCategoricalAccuracy(), np.zeros((5,)), np.zeros((4, 6))),
])
def test_incompatible_shapes_raise_before_the_state_changes(metric, y_true, y_pred):
    before = [v.numpy().copy() for v in metric.variables]
    with pytest.raises(ValueError) as info:
        metric.update_state(y_true, y_pred)
    assert str(tuple(y_pred.shape)) in str(info.value)
    for v, old in zip(metric.variables, before):
        np.testing.assert_array_equal(v.numpy(), old)
