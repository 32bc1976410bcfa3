"""Records what real Keras computes for every loss and metric case of tests/loss_metric_cases.py
(tests/fixtures/keras_losses_metrics.json; tests/test_keras_losses.py and test_keras_metrics.py compare).

Which Keras: Keras 3 (the `keras` package TensorFlow 2.16+ installs) for the built-in losses and metrics,
their configs and `get`; tf_keras 2 (`tf-keras`, the classic tf.keras of the textbooks) for the
textbooks' own Metric subclasses, written as Deep Learning with Python and the keras.io guide write them.

Run with a Python that has tensorflow-cpu and tf-keras (CI never needs them):

    pip install tensorflow-cpu tf-keras
    python tools/make_loss_metric_fixtures.py
"""
import json
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import loss_metric_cases as cases  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "fixtures", "keras_losses_metrics.json")


def encode(array):
    """{"value": nested lists, "dtype": name} (None stays None)."""
    if array is None:
        return None
    array = np.asarray(array)
    return {"value": array.tolist(), "dtype": array.dtype.name}


def value_of(result):
    return np.asarray(result).tolist()


def weights_of(weights, name):
    return None if name == "none" else weights[name]


def record_losses(data, weights):
    records = []
    for case in cases.loss_cases():
        d = data[case["data"]]
        loss = getattr(keras.losses, case["class"])(**case["kwargs"])
        value = loss(d["y_true"], d["y_pred"], sample_weight=weights_of(weights, case["weights"]))
        records.append({**case, "expected": value_of(value)})
    return records


def record_loss_functions(data):
    records = []
    for fn_name, kwargs, datasets in cases.LOSS_FN_CASES:
        for name in datasets:
            d = data[name]
            value = getattr(keras.losses, fn_name)(tf.constant(d["y_true"]), tf.constant(d["y_pred"]), **kwargs)
            records.append({"id": f"{fn_name}({kwargs}) on {name}", "function": fn_name, "kwargs": kwargs,
                            "data": name, "expected": value_of(value)})
    return records


def record_activations(data):
    records = []
    for activation, fn_name, kwargs, name in cases.ACTIVATION_CASES:
        d = data[name]
        output = getattr(keras.activations, activation)(tf.constant(d["y_pred"]))
        value = getattr(keras.losses, fn_name)(d["y_true"], output, **kwargs)
        records.append({"id": f"{fn_name} of {activation} outputs on {name}", "activation": activation,
                        "function": fn_name, "kwargs": kwargs, "data": name, "expected": value_of(value)})
    return records


def run_metric(metric, data, weights, calls, reset_call):
    """The results after each update_state call, the one right after reset_state, and after one more call."""
    def update(name, weight_name):
        d = data[name]
        args = (d["y_pred"],) if d["y_true"] is None else (d["y_true"], d["y_pred"])
        metric.update_state(*args, sample_weight=weights_of(weights, weight_name))
        return value_of(metric.result())

    results = [update(*call) for call in calls]
    metric.reset_state()
    return {"results": results, "after_reset": value_of(metric.result()), "after_reset_update": update(*reset_call)}


def record_metrics(data, weights):
    records = []
    for case in cases.metric_cases():
        metric = getattr(keras.metrics, case["class"])(**case["kwargs"])
        records.append({**case, **run_metric(metric, data, weights, case["calls"], case["reset_call"]),
                        "n_variables": len(metric.variables)})
    return records


def record_textbook_metrics(data, weights):
    classes = cases.textbook_metrics(tf_keras, tf)
    streams = {"rmse": ([["sparse_a", "none"], ["sparse_a", "none"]], ["sparse_a", "none"]),
               "categorical_true_positives": ([["sparse_b", "none"], ["sparse_b", "three"]], ["sparse_b", "none"])}
    records = []
    for name, cls in classes.items():
        calls, reset_call = streams[name]
        metric = cls()
        records.append({"id": name, "class": name, "calls": calls, "reset_call": reset_call, "name": metric.name,
                        **run_metric(metric, data, weights, calls, reset_call)})
    custom_mse = cases.guide_loss(keras, tf)()
    d = data["regression"]
    records.append({"id": "custom_mse", "class": "custom_mse", "name": custom_mse.name, "data": "regression",
                    "expected": value_of(custom_mse(d["y_true"], d["y_pred"]))})
    return records


def record_configs():
    """serialize() of every loss and metric object the cases build, keyed by class name + kwargs."""
    configs = {}
    for class_name, kwargs, _ in cases.LOSS_CLASSES:
        configs[f"losses.{class_name}({json.dumps(kwargs, sort_keys=True)})"] = keras.losses.serialize(
            getattr(keras.losses, class_name)(**kwargs))
    for class_name, kwargs, _, _ in cases.METRIC_CASES:
        metric = getattr(keras.metrics, class_name)(**kwargs)
        configs[f"metrics.{class_name}({json.dumps(kwargs, sort_keys=True)})"] = keras.metrics.serialize(metric)
    for fn_name, _, _ in cases.LOSS_FN_CASES:
        configs[f"losses.{fn_name}"] = keras.losses.serialize(getattr(keras.losses, fn_name))
    return configs


def describe(get, identifier):
    """What `get(identifier)` returned, in words both libraries share ("ValueError" if it refused)."""
    try:
        obj = get(identifier)
    except ValueError:
        return "ValueError"
    return f"function {obj.__name__}" if isinstance(obj, type(describe)) else f"class {type(obj).__name__}"


def record_ids():
    return {"losses": {i: describe(keras.losses.get, i) for i in cases.LOSS_IDS},
            "metrics": {i: describe(keras.metrics.get, i) for i in cases.METRIC_IDS}}


def main():
    data, weights = cases.make_data(np.random.default_rng(20261122))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fixture = {
            "source": f"keras {keras.__version__}, tf_keras {tf_keras.__version__}, tensorflow {tf.__version__}",
            "data": {name: {key: encode(v) for key, v in d.items()} for name, d in data.items()},
            "weights": {name: encode(w) for name, w in weights.items()},
            "losses": record_losses(data, weights),
            "loss_functions": record_loss_functions(data),
            "activations": record_activations(data),
            "metrics": record_metrics(data, weights),
            "textbook": record_textbook_metrics(data, weights),
            "configs": record_configs(),
            "ids": record_ids(),
        }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=None, sort_keys=True)
        f.write("\n")
    print(f"wrote {OUT}: {len(fixture['losses'])} loss cases, {len(fixture['loss_functions'])} function cases, "
          f"{len(fixture['metrics'])} metric cases")


if __name__ == "__main__":
    main()
