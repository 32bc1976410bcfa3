"""The trainer's own rules (keras/trainers/, keras/callbacks/): batching, shuffling, validation split,
progress bar on a terminal and in a file, callbacks, custom steps, and bad input that fails clearly
before any weight changes. What tf.keras does on the same runs: test_training_keras.py."""
import io
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers
from tinytf.keras.utils import progbar


def classifier(features=4, classes=3):
    model = keras.Sequential([keras.Input(shape=(features,)), layers.Dense(8, activation="relu"),
                              layers.Dense(classes, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def data(n=40, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, features)).astype("float32"), rng.integers(0, classes, n)


def batches_seen(model_fit_kwargs, x, y):
    """The x batches fit's train_step receives."""
    seen = []

    class Spy(keras.Sequential):
        def train_step(self, data):
            seen.append(np.asarray(data[0]).copy())
            return super().train_step(data)

    model = Spy([keras.Input(shape=(x.shape[1],)), layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, verbose=0, **model_fit_kwargs)
    return seen


# ---------------------------------------------------------------- data
def test_batches_are_consecutive_slices_with_a_partial_last_one():
    x, y = data(n=10)
    seen = batches_seen({"batch_size": 4, "shuffle": False}, x, y)
    assert [len(b) for b in seen] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate(seen), x)


def test_batch_size_defaults_to_32():
    x, y = data(n=70)
    assert [len(b) for b in batches_seen({"shuffle": False}, x, y)] == [32, 32, 6]


def test_shuffle_permutes_each_epoch_and_repeats_with_the_seed():
    x, y = data(n=12)
    x[:, 0] = np.arange(12)

    def orders():
        tf.random.set_seed(7)
        seen = batches_seen({"batch_size": 12, "epochs": 2}, x, y)
        return [list(b[:, 0].astype(int)) for b in seen]

    first, again = orders(), orders()
    assert first == again
    assert sorted(first[0]) == list(range(12)) and first[0] != list(range(12)) and first[0] != first[1]


def test_shuffle_batch_keeps_rows_together():
    x, y = data(n=12)
    x[:, 0] = np.arange(12)
    seen = batches_seen({"batch_size": 4, "shuffle": "batch", "epochs": 3}, x, y)
    for batch in seen:
        rows = list(batch[:, 0].astype(int))
        assert rows == list(range(rows[0], rows[0] + 4))


def test_validation_split_takes_the_last_fraction_before_shuffling():
    x, y = data(n=10)
    x[:, 0] = np.arange(10)
    train = batches_seen({"batch_size": 10, "validation_split": 0.3}, x, y)
    assert sorted(train[0][:, 0].astype(int)) == list(range(7))  # the first 70 %, shuffled


def test_uint8_labels_float64_features_and_lists_of_numbers_are_accepted():
    model = classifier()
    x, y = data()
    model.fit(x.astype("float64"), y.astype("uint8"), epochs=1, verbose=0)
    model.fit(x.tolist(), y.tolist(), epochs=1, verbose=0)
    assert model.predict(x.astype("float64"), verbose=0).dtype == np.float32


def test_tensors_work_like_arrays():
    x, y = data()
    model = classifier()
    history = model.fit(tf.constant(x), tf.constant(y), batch_size=8, verbose=0, epochs=2)
    assert len(history.history["loss"]) == 2
    np.testing.assert_allclose(model.predict(tf.constant(x), verbose=0), model.predict(x, verbose=0))


def test_predict_returns_numpy_in_the_models_structure():
    x, _ = data(n=70)
    model = classifier()
    out = model.predict(x, verbose=0)
    assert isinstance(out, np.ndarray) and out.shape == (70, 3)
    np.testing.assert_allclose(out, model(x).numpy(), rtol=1e-6)
    np.testing.assert_allclose(model.predict_on_batch(x), out, rtol=1e-6)

    inputs = keras.Input(shape=(4,))
    two = keras.Model(inputs, [layers.Dense(2)(inputs), layers.Dense(1)(inputs)])
    outs = two.predict(x, batch_size=16, verbose=0)
    assert isinstance(outs, list) and [o.shape for o in outs] == [(70, 2), (70, 1)]


def test_numpy_data_is_converted_batch_by_batch_with_the_same_results():
    """Unshuffled NumPy data (predict, evaluate, fit(shuffle=False)) is sliced, and each slice becomes a
    tensor when its batch comes: the results equal those of the same data given as one tensor."""
    x, y = data(n=70)
    model = classifier()
    expected = model(tf.constant(x)).numpy()
    seen = []

    class Spy(keras.callbacks.Callback):
        def on_predict_batch_end(self, batch, logs=None):
            seen.append(logs["outputs"])

    for given in (x, x.astype("float64"), np.asfortranarray(x), x.tolist()):  # widened, copied, listed
        seen.clear()
        out = model.predict(given, batch_size=16, verbose=0, callbacks=[Spy()])
        assert out.dtype == np.float32 and out.shape == (70, 3)
        np.testing.assert_allclose(out, expected, rtol=1e-6)
        assert [tuple(o.shape) for o in seen] == [(16, 3)] * 4 + [(6, 3)]
    np.testing.assert_allclose(model.predict(x, steps=2, batch_size=16, verbose=0), expected[:32], rtol=1e-6)

    inputs = {"a": keras.Input(shape=(4,), name="a"), "b": keras.Input(shape=(1,), name="b")}
    two = keras.Model(inputs, layers.Dense(2)(layers.Concatenate()([inputs["a"], inputs["b"]])))
    both = {"a": x, "b": y[:, None].astype("float32")}
    np.testing.assert_allclose(two.predict(both, batch_size=16, verbose=0),
                               two({k: tf.constant(v) for k, v in both.items()}).numpy(), rtol=1e-5, atol=1e-6)

    assert model.evaluate(x, y, batch_size=16, verbose=0) == model.evaluate(tf.constant(x), tf.constant(y),
                                                                             batch_size=16, verbose=0)
    seen_x = []

    class FitSpy(keras.Sequential):
        def train_step(self, data):
            seen_x.append(data[0])
            return super().train_step(data)

    spy = FitSpy([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
    spy.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    spy.fit(x, y, batch_size=32, shuffle=False, epochs=2, verbose=0)
    assert all(isinstance(b, tf.Tensor) and b.dtype == tf.float32 for b in seen_x)
    np.testing.assert_array_equal(np.concatenate([b.numpy() for b in seen_x[:3]]), x)

    with pytest.raises(TypeError, match="dtype <U1"):  # a bad array fails before the first batch, as before
        model.predict(np.array([["a"] * 4] * 3), verbose=0)


def test_steps_per_execution_groups_batches_between_callbacks():
    x, y = data(n=40)
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", steps_per_execution=2)
    ends = []

    class Ends(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            ends.append(batch)

    model.fit(x, y, batch_size=8, epochs=1, callbacks=[Ends()], verbose=0)
    assert ends == [1, 3, 4] and int(model.optimizer.iterations.numpy()) == 5


# ---------------------------------------------------------------- the progress bar
def fit_output(monkeypatch, terminal, verbose=1, epochs=2):
    monkeypatch.setattr(progbar, "_is_interactive", lambda stream=None: terminal)
    x, y = data(n=40)
    model = classifier()
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    model.fit(x, y, batch_size=8, epochs=epochs, verbose=verbose, validation_data=(x, y))
    return out.getvalue()


BAR = r"5/5 \[==============================\] - \d+s \d+(us|ms|s)/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}" \
      r" - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}"


def test_progress_bar_into_a_file_is_one_line_per_epoch(monkeypatch):
    text = fit_output(monkeypatch, terminal=False)
    lines = text.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert re.fullmatch(BAR, lines[1]) and re.fullmatch(BAR, lines[3])
    assert "\b" not in text and "\r" not in text


def test_progress_bar_on_a_terminal_updates_in_place(monkeypatch):
    text = fit_output(monkeypatch, terminal=True, epochs=1)
    assert "ETA: " in text and "\b" in text and "\r" in text
    assert re.fullmatch(BAR, text.split("\r")[-1].rstrip("\n "))


def test_verbose_2_and_0(monkeypatch):
    lines = fit_output(monkeypatch, terminal=True, verbose=2).splitlines()
    assert lines[0] == "Epoch 1/2" and len(lines) == 4
    assert re.fullmatch(r"5/5 - \d+s - loss: .* - val_accuracy: \d\.\d{4} - \d+(us|ms|s)/epoch - \d+(us|ms|s)/step",
                        lines[1])
    assert fit_output(monkeypatch, terminal=True, verbose=0) == ""


# ---------------------------------------------------------------- callbacks and History
def test_history_and_params():
    x, y = data()
    model = classifier()
    history = model.fit(x, y, epochs=3, batch_size=10, verbose=0, validation_split=0.25)
    assert model.history is history
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert history.epoch == [0, 1, 2] and history.params == {"verbose": 0, "epochs": 3, "steps": 3}
    assert all(isinstance(v, float) for values in history.history.values() for v in values)


def test_batch_logs_are_python_floats_for_user_callbacks_and_tensors_for_built_ins():
    x, y = data()
    seen = []

    class Look(keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            seen.append(type(logs["loss"]))

    classifier().fit(x, y, epochs=1, batch_size=20, callbacks=[Look()], verbose=0)
    assert seen == [float, float]


def test_callbacks_see_the_model_and_can_stop_training():
    x, y = data()
    model = classifier()

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            assert self.model is model and self.params["epochs"] == 5
            if epoch == 1:
                self.model.stop_training = True

    history = model.fit(x, y, epochs=5, verbose=0, callbacks=[Stop()])
    assert history.epoch == [0, 1]


def test_evaluate_and_predict_take_callbacks():
    x, y = data()
    model = classifier()
    hooks = []

    class Hooks(keras.callbacks.Callback):
        def on_test_batch_end(self, batch, logs=None):
            hooks.append(("test", batch, sorted(logs)))

        def on_predict_batch_end(self, batch, logs=None):
            hooks.append(("predict", batch, sorted(logs)))

    model.evaluate(x, y, batch_size=20, callbacks=[Hooks()], verbose=0)
    model.predict(x, batch_size=40, callbacks=[Hooks()], verbose=0)
    assert hooks == [("test", 0, ["accuracy", "loss"]), ("test", 1, ["accuracy", "loss"]), ("predict", 0, ["outputs"])]


def test_evaluate_returns_like_tf_keras():
    x, y = data()
    model = classifier()
    loss, accuracy = model.evaluate(x, y, verbose=0)
    results = model.evaluate(x, y, verbose=0, return_dict=True)
    assert results == {"loss": loss, "accuracy": accuracy} and model.metrics_names == ["loss", "accuracy"]
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert isinstance(model.evaluate(x, y, verbose=0), float)


# ---------------------------------------------------------------- compile
def test_recompiling_replaces_the_optimizer_and_metrics():
    x, y = data()
    model = classifier()
    model.fit(x, y, verbose=0)
    first = model.optimizer
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["mse"])
    assert model.optimizer is not first and model.metrics_names == ["compile_metrics"]
    model.fit(x, y, verbose=0)
    assert model.metrics_names == ["loss", "mse"] and int(model.optimizer.iterations.numpy()) == 2


def test_compile_attributes():
    model = classifier()
    loss = keras.losses.SparseCategoricalCrossentropy()
    model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
    assert model.loss is loss and model.compiled_loss is not None and model.compiled_metrics is not None
    assert model.metrics_names == ["compile_metrics"]  # the compiled metrics are made by the first step (Keras 3)
    model.fit(*data(), verbose=0)
    assert [m.name for m in model.metrics] == ["loss", "accuracy"]
    model.reset_metrics()
    assert all(float(m.result()) == 0 for m in model.metrics)


# ---------------------------------------------------------------- custom training
def test_train_step_keras_3_style_with_compute_loss():
    """keras.io's "customizing what happens in fit" (Keras 3): compute_loss, a loss tracker, a metrics property."""
    class CustomModel(keras.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = keras.metrics.Mean(name="loss")
            self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")

        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compute_loss(y=y, y_pred=y_pred)
            gradients = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
            self.loss_tracker.update_state(loss)
            self.mae_metric.update_state(y, y_pred)
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

    inputs = keras.Input(shape=(32,))
    model = CustomModel(inputs, layers.Dense(1)(inputs))
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    x, y = rng.random((1000, 32)).astype("float32"), rng.random((1000, 1)).astype("float32")
    history = model.fit(x, y, epochs=3, verbose=0)
    assert list(history.history) == ["loss", "mae"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert int(model.optimizer.iterations.numpy()) == 3 * 32


def test_train_step_keras_3_style_updating_every_metric():
    """keras.io's "customizing what happens in fit" (Keras 3): the step updates each of self.metrics itself, the
    compiled ones included (they stand as `compile_metrics` until built), and applies with optimizer.apply."""
    class CustomModel(keras.Model):
        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)  # Forward pass
                loss = self.compute_loss(y=y, y_pred=y_pred)
            trainable_vars = self.trainable_variables
            gradients = tape.gradient(loss, trainable_vars)
            self.optimizer.apply(gradients, trainable_vars)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    inputs = keras.Input(shape=(32,))
    model = CustomModel(inputs, layers.Dense(1)(inputs))
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    rng = np.random.default_rng(0)
    x, y = rng.random((1000, 32)).astype("float32"), rng.random((1000, 1)).astype("float32")
    history = model.fit(x, y, epochs=3, verbose=0)
    assert list(history.history) == ["loss", "mae"] and model.metrics_names == ["loss", "mae"]
    assert history.history["mae"][-1] < history.history["mae"][0]


def test_custom_test_step_and_predict_step():
    class Doubled(keras.Sequential):
        def predict_step(self, data):
            return 2 * self(data, training=False)

        def test_step(self, data):
            x, y = data
            return {"custom": tf.reduce_mean(self(x) - tf.cast(y, tf.float32))}

    model = Doubled([keras.Input(shape=(4,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, _ = data()
    np.testing.assert_allclose(model.predict(x, verbose=0), 2 * model(x).numpy(), rtol=1e-6)
    assert list(model.evaluate(x, np.zeros(40), verbose=0, return_dict=True)) == ["custom"]


def test_training_loop_from_scratch_with_and_without_tf_function():
    """Chapter 7's loop: GradientTape, apply_gradients, metrics driven by hand; @tf.function (with or without
    arguments) gives the same."""
    x, y = data(n=64)

    def train(decorate):
        keras.utils.set_random_seed(3)
        model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu"), layers.Dense(3)])
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = keras.optimizers.RMSprop()
        metrics = [keras.metrics.SparseCategoricalAccuracy()]
        loss_tracking_metric = keras.metrics.Mean()

        def train_step(inputs, targets):
            with tf.GradientTape() as tape:
                predictions = model(inputs, training=True)
                loss = loss_fn(targets, predictions)
            gradients = tape.gradient(loss, model.trainable_weights)
            optimizer.apply_gradients(zip(gradients, model.trainable_weights))
            logs = {}
            for metric in metrics:
                metric.update_state(targets, predictions)
                logs[metric.name] = metric.result()
            loss_tracking_metric.update_state(loss)
            logs["loss"] = loss_tracking_metric.result()
            return logs

        step = decorate(train_step) if decorate else train_step
        dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
        for _ in range(3):
            for metric in metrics + [loss_tracking_metric]:
                metric.reset_state()
            for inputs_batch, targets_batch in dataset:
                logs = step(inputs_batch, targets_batch)
        return {k: float(v) for k, v in logs.items()}, model.get_weights()

    eager, eager_weights = train(None)
    assert list(eager) == ["sparse_categorical_accuracy", "loss"]
    for decorate in (tf.function, tf.function(jit_compile=True), tf.function(reduce_retracing=True)):
        graph, graph_weights = train(decorate)
        assert graph == eager
        for a, b in zip(eager_weights, graph_weights):
            np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------- bad input: clear errors, weights untouched
BAD_INPUT = {
    "x and y sizes differ": ("model.fit(x, y[:30])", "ValueError", "Data cardinality is ambiguous"),
    "fit before compile": ("keras.Sequential([layers.Dense(1)]).fit(x, y)", "RuntimeError",
                           "You must compile your model before training"),
    "unknown loss id": ("model.compile('sgd', 'categorical_crossentropyy')", "ValueError",
                        "categorical_crossentropy"),
    "unknown metric id": ("model.compile('sgd', 'mse', metrics=['acuracy'])", "ValueError", "acuracy"),
    "unknown optimizer id": ("model.compile('sgdd', 'mse')", "ValueError", "sgdd"),
    "loss dict names a missing output": ("model.compile('sgd', loss={'nope': 'mse'})", "ValueError",
                                         "Valid model output names"),
    "integer labels for categorical_crossentropy": (
        "model.compile('sgd', 'categorical_crossentropy'); model.fit(x, y)", "ValueError", "shape"),
    "targets wider than the outputs": ("model.fit(x, np.ones((40, 5), 'float32'))", "ValueError", "shape"),
    "empty dataset": ("model.fit(tf.data.Dataset.from_tensor_slices((x, y)).take(0).batch(4))", "ValueError",
                      "non-empty"),
    "empty generator": ("model.fit(iter([]))", "ValueError", "no batches"),
    "generator of 4-tuples": ("model.fit((b for b in [(x, y, None, None)]))", "ValueError",
                              "Data is expected to be in format"),
    "generator without targets": ("model.fit((b for b in [x]))", "ValueError", "Target data is missing"),
    "string features": ("model.fit(np.array([['a'] * 4] * 40), y)", "TypeError", "numbers only"),
    "validation_split of a dataset": (
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4), validation_split=0.2)", "ValueError",
        "validation_split"),
    "endless dataset without steps": ("model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4).repeat())",
                                      "ValueError", "steps_per_epoch"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_fails_clearly_before_any_weight_changes(case):
    """Each mistake runs as a student would type it, in a fresh process (a crash there fails the test)."""
    code, error, words = BAD_INPUT[case]
    program = textwrap.dedent(f"""
        import numpy as np
        import tinytf as tf
        from tinytf import keras
        from tinytf.keras import layers
        rng = np.random.default_rng(0)
        x, y = rng.standard_normal((40, 4)).astype("float32"), rng.integers(0, 3, 40)
        model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        before = model.get_weights()
        try:
            {code}
        except Exception as err:
            print("RAISED", type(err).__name__, str(err).replace("\\n", " "))
        print("UNCHANGED", all(np.array_equal(a, b) for a, b in zip(before, model.get_weights())))
        """)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    raised = re.search(r"^RAISED (\w+) (.*)$", result.stdout, re.M)
    assert raised, f"no error for {case}: {result.stdout}"
    assert raised.group(1) == error and words in raised.group(2), raised.group(0)
    assert "UNCHANGED True" in result.stdout
