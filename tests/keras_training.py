"""Training runs built the same way by the tests and by tools/make_training_fixtures.py.

Each scenario is a function ``(keras, tf) -> dict`` of JSON-able outcomes (History, metric names,
evaluate/predict results, the order callbacks were called in), run once with tf_keras (the
fixture script records it) and once with tinytf (the test compares). Models start from weights
drawn here with NumPy (``fixed_weights``) and train without shuffling, so both libraries compute
the same numbers. What a run prints is captured by ``run_scenario`` and reduced by ``final_text``
to what a reader sees at the end: the last state of each line, timings masked.
This file imports neither tinytf nor TensorFlow.
"""
import contextlib
import io
import re
import warnings

import numpy as np

from keras_models import SMALL_TICKET_SIZES, customer_ticket_model_class, dict_io_model, ticket_model


# ---------------------------------------------------------------- helpers
def fixed_weights(model, seed=0, scale=0.3):
    """Gives every weight of ``model`` a value drawn from a seeded NumPy generator (the same in both libraries)."""
    rng = np.random.default_rng(seed)
    model.set_weights([(rng.standard_normal(w.shape) * scale).astype("float32") for w in model.get_weights()])
    return model


def floats(values):
    """A History, a list of results or a dict of them as plain floats (JSON)."""
    if isinstance(values, dict):
        return {key: floats(value) for key, value in values.items()}
    if isinstance(values, (list, tuple)):
        return [floats(v) for v in values]
    return float(values)


def arrays(values):
    """Predictions (an array, or a list/tuple/dict of them) as nested lists."""
    if isinstance(values, dict):
        return {key: arrays(value) for key, value in values.items()}
    if isinstance(values, (list, tuple)):
        return [arrays(v) for v in values]
    return np.asarray(values).tolist()


def clouds(n=60, seed=1):
    """Chapter 3's two Gaussian clouds (n points each), float32, targets (2n, 1)."""
    rng = np.random.default_rng(seed)
    cov = [[1, 0.5], [0.5, 1]]
    x = np.vstack([rng.multivariate_normal([0, 3], cov, n), rng.multivariate_normal([3, 0], cov, n)])
    y = np.vstack([np.zeros((n, 1)), np.ones((n, 1))])
    order = rng.permutation(2 * n)
    return x[order].astype("float32"), y[order].astype("float32")


def digits_like(n=96, features=12, classes=4, seed=2):
    """Small classification data: float32 features, uint8 labels (as keras.datasets gives them)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n).astype("uint8")
    x = rng.standard_normal((n, features)).astype("float32") + y[:, None].astype("float32") * 0.5
    return x, y


def ticket_data(n=40, seed=3, sizes=SMALL_TICKET_SIZES):
    rng = np.random.default_rng(seed)
    title = rng.integers(0, 2, (n, sizes["vocabulary_size"])).astype("float32")
    text_body = rng.integers(0, 2, (n, sizes["vocabulary_size"])).astype("float32")
    tags = rng.integers(0, 2, (n, sizes["num_tags"])).astype("float32")
    priority = rng.random((n, 1)).astype("float32")
    department = np.eye(sizes["num_departments"], dtype="float32")[rng.integers(0, sizes["num_departments"], n)]
    return [title, text_body, tags], [priority, department]


def small_ticket(keras):
    return fixed_weights(ticket_model(keras, **SMALL_TICKET_SIZES), seed=4, scale=0.2)


def dense_classifier(keras, features=12, classes=4, seed=5):
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(features,)), layers.Dense(16, activation="relu"),
                              layers.Dense(classes, activation="softmax")])
    return fixed_weights(model, seed=seed)


def history_outcome(history):
    return {"history": floats(history.history), "epoch": list(history.epoch), "params": dict(history.params)}


# Same weights, same data, same arithmetic up to float32 rounding (tinytf sums in another order).
RTOL, ATOL = 2e-4, 2e-5
DECIMAL = re.compile(r"-?\d+\.\d+(e[+-]?\d+)?")


def assert_close(ours, theirs, where, rtol=RTOL, atol=ATOL):
    """Equal structures (dict keys in the same order) with numbers equal to float32 rounding; text holding
    decimal numbers (a printed line, a file) equal with the numbers masked, and the numbers close."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), f"{where}: expected a dict, got {ours!r}"
        assert list(ours) == list(theirs), f"{where}: keys {list(ours)} != Keras's {list(theirs)}"
        for key in theirs:
            assert_close(ours[key], theirs[key], f"{where}[{key!r}]", rtol, atol)
    elif isinstance(theirs, list):
        assert isinstance(ours, (list, tuple)), f"{where}: expected a list, got {ours!r}"
        assert len(ours) == len(theirs), f"{where}: {len(ours)} items != Keras's {len(theirs)}: {ours!r}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_close(a, b, f"{where}[{i}]", rtol, atol)
    elif isinstance(theirs, float) and not isinstance(ours, bool):
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=where)
    elif isinstance(theirs, str) and isinstance(ours, str) and DECIMAL.search(theirs):
        assert DECIMAL.sub("#", ours) == DECIMAL.sub("#", theirs), f"{where}:\n{ours!r}\n!= Keras's\n{theirs!r}"
        # Printed numbers are rounded (to 4 or 5 decimals): equal within their last digit.
        np.testing.assert_allclose([float(m.group()) for m in DECIMAL.finditer(ours)],
                                   [float(m.group()) for m in DECIMAL.finditer(theirs)], rtol=rtol, atol=1e-4,
                                   err_msg=where)
    else:
        assert ours == theirs, f"{where}: {ours!r} != Keras's {theirs!r}"


# ---------------------------------------------------------------- scenarios
def chapter3(keras, tf):
    """Deep Learning with Python, chapter 3: Dense(1), RMSprop(0.1), MSE, BinaryAccuracy, 30 % validation."""
    x, y = clouds()
    model = fixed_weights(keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)]))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.1), loss=keras.losses.MeanSquaredError(),
                  metrics=[keras.metrics.BinaryAccuracy()])
    history = model.fit(x, y, epochs=3, batch_size=16, validation_split=0.3, shuffle=False)
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "evaluate": floats(model.evaluate(x, y, batch_size=128)),
            "predict": arrays(model.predict(x[:5], batch_size=128))}


def chapter7(keras, tf):
    """Chapter 7's MNIST recipe at toy size: rmsprop, sparse labels (uint8), "accuracy", validation_data."""
    x, y = digits_like()
    model = dense_classifier(keras)
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x[:64], y[:64], epochs=2, batch_size=16, validation_data=(x[64:], y[64:]), shuffle=False,
                        verbose=2)
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "evaluate": floats(model.evaluate(x[64:], y[64:])),
            "evaluate_dict": floats(model.evaluate(x[64:], y[64:], verbose=0, return_dict=True)),
            "predict": arrays(model.predict(x[64:70], verbose=0))}


def one_epoch_with_progress_bar(keras, tf):
    """epochs=1: no "Epoch 1/1" line; a partial last batch; evaluate and predict bars."""
    x, y = digits_like(n=50)
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["acc"])
    history = model.fit(x, y, batch_size=16, shuffle=False)
    model.evaluate(x, y, batch_size=50)
    model.predict(x, batch_size=20)
    return history_outcome(history)


def metric_ids(keras, tf):
    """String ids, objects and functions as metrics: their names are History's keys."""
    x, y = clouds(n=20)

    def custom_mean_error(y_true, y_pred):
        return tf.reduce_mean(y_pred - y_true, axis=-1)

    model = fixed_weights(keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")]))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy",
                  metrics=["acc", "mse", "crossentropy", keras.metrics.BinaryAccuracy(name="ba", threshold=0.7),
                           custom_mean_error])
    history = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    return {**history_outcome(history), "metrics_names": model.metrics_names}


def categorical_accuracy(keras, tf):
    """One-hot targets: "accuracy" is categorical accuracy, "ce" categorical crossentropy."""
    x, y = digits_like()
    onehot = np.eye(4, dtype="float32")[y]
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="categorical_crossentropy", metrics=["accuracy", "ce"])
    history = model.fit(x, onehot, epochs=2, batch_size=32, shuffle=False, verbose=0)
    return history_outcome(history)


def ticket_from_lists(keras, tf):
    """The multi-input, multi-output ticket model: per-output losses and metrics as lists."""
    inputs, targets = ticket_data()
    model = small_ticket(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=["mean_squared_error", "categorical_crossentropy"],
                  metrics=[["mean_absolute_error"], ["accuracy"]])
    history = model.fit(inputs, targets, epochs=2, batch_size=16, validation_split=0.25, shuffle=False, verbose=0)
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "evaluate": floats(model.evaluate(inputs, targets, verbose=0)),
            "predict": arrays(model.predict([v[:3] for v in inputs], verbose=0))}


def ticket_from_dicts(keras, tf):
    """The same model trained from dicts of arrays, with loss_weights and a metric for every output."""
    (title, text_body, tags), (priority, department) = ticket_data()
    model = small_ticket(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1),
                  loss={"priority": "mean_squared_error", "department": "categorical_crossentropy"},
                  metrics={"priority": ["mean_absolute_error"], "department": ["accuracy"]},
                  loss_weights={"priority": 2.0, "department": 0.5})
    history = model.fit({"title": title, "text_body": text_body, "tags": tags},
                        {"priority": priority, "department": department}, epochs=2, batch_size=16, shuffle=False,
                        verbose=0)
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "evaluate": floats(model.evaluate({"title": title, "text_body": text_body, "tags": tags},
                                              {"priority": priority, "department": department}, verbose=0,
                                              return_dict=True))}


def ticket_one_loss(keras, tf):
    """A None loss for one output (it is not trained); one metric list applied to every output."""
    inputs, targets = ticket_data()
    model = small_ticket(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=[None, "categorical_crossentropy"], metrics=["mse"],
                  loss_weights=[1.0, 3.0])
    history = model.fit(inputs, targets, epochs=2, batch_size=16, shuffle=False, verbose=0)
    return {**history_outcome(history), "metrics_names": model.metrics_names}


def subclassed_ticket(keras, tf):
    """The subclassed ticket model (outputs a tuple, inputs a dict): outputs named output_1, output_2."""
    (title, text_body, tags), (priority, department) = ticket_data()
    data = {"title": title, "text_body": text_body, "tags": tags}
    model = customer_ticket_model_class(keras)(num_departments=4)
    model(data)
    fixed_weights(model, seed=6, scale=0.2)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=["mean_squared_error", "categorical_crossentropy"],
                  metrics=["accuracy"])
    history = model.fit(data, [priority, department], epochs=2, batch_size=16, shuffle=False, verbose=0)
    predictions = model.predict({k: v[:2] for k, v in data.items()}, verbose=0)
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "predict_type": type(predictions).__name__, "predict": arrays(predictions)}


def dict_outputs(keras, tf):
    """A functional model with dict inputs and outputs: per-output names are the output layers' names."""
    rng = np.random.default_rng(7)
    x = {"a": rng.standard_normal((12, 2)).astype("float32"), "b": rng.standard_normal((12, 3)).astype("float32")}
    y = {"sum": rng.standard_normal((12, 1)).astype("float32"), "copy": rng.standard_normal((12, 5)).astype("float32"),
         "a_out": rng.standard_normal((12, 2)).astype("float32")}
    model = fixed_weights(dict_io_model(keras), seed=8)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics={"sum": "mae"})
    history = model.fit(x, y, epochs=2, batch_size=6, shuffle=False, verbose=0)
    predictions = model.predict({k: v[:2] for k, v in x.items()}, verbose=0)
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "predict_keys": sorted(predictions), "predict": arrays({k: predictions[k] for k in sorted(predictions)})}


def sample_weights(keras, tf):
    """sample_weight weighs the loss and the weighted_metrics (named weighted_... when the name is taken)."""
    x, y = clouds(n=20)
    weights = np.linspace(0.5, 2.0, len(x)).astype("float32")
    model = fixed_weights(keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")]))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy", metrics=["accuracy"],
                  weighted_metrics=["accuracy", "mse"])
    history = model.fit(x, y, sample_weight=weights, epochs=2, batch_size=8, shuffle=False, verbose=0,
                        validation_data=(x[:10], y[:10], weights[:10]))
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "evaluate": floats(model.evaluate(x, y, sample_weight=weights, verbose=0, return_dict=True))}


def class_weights(keras, tf):
    """class_weight turns into per-sample weights of the loss (sparse labels)."""
    x, y = digits_like()
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], weighted_metrics=["accuracy"])
    history = model.fit(x, y, class_weight={0: 1.0, 1: 2.0, 2: 0.5, 3: 4.0}, epochs=2, batch_size=32, shuffle=False,
                        verbose=0)
    return history_outcome(history)


def added_losses_and_metrics(keras, tf):
    """A layer that calls add_loss and add_metric (tf.keras 2): the loss includes it, History shows the metric."""
    class ActivityPenalty(keras.layers.Layer):
        def call(self, inputs):
            self.add_loss(0.1 * tf.reduce_mean(tf.square(inputs)))
            self.add_metric(tf.reduce_mean(inputs), name="mean_activation")
            return inputs

    x, y = digits_like()
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(12,)), layers.Dense(8, activation="relu"), ActivityPenalty(),
                              layers.Dense(4, activation="softmax")])
    fixed_weights(model)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=0, validation_data=(x[:32], y[:32]))
    return {**history_outcome(history), "metrics_names": model.metrics_names}


def add_loss_only(keras, tf):
    """A model whose only loss comes from add_loss compiles without `loss` and trains on x alone."""
    class Reconstruction(keras.layers.Layer):
        def call(self, inputs):
            reconstruction, original = inputs
            self.add_loss(tf.reduce_mean(tf.square(reconstruction - original)))
            return reconstruction

    x, _ = digits_like()
    inputs = keras.Input(shape=(12,))
    hidden = keras.layers.Dense(4, activation="relu")(inputs)
    outputs = Reconstruction()([keras.layers.Dense(12)(hidden), inputs])
    model = fixed_weights(keras.Model(inputs, outputs))
    model.compile(optimizer=keras.optimizers.SGD(0.05))
    history = model.fit(x, epochs=3, batch_size=32, shuffle=False, verbose=0)
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "evaluate": floats(model.evaluate(x, verbose=0))}


def steps_per_epoch_on_arrays(keras, tf):
    """steps_per_epoch smaller than a pass: the next epoch goes on where the last one stopped."""
    x, y = digits_like(n=40)
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=3, steps_per_epoch=2, batch_size=16, shuffle=False, verbose=0)
    return history_outcome(history)


def validation_frequency(keras, tf):
    """validation_freq=2: val_ values at epochs 2 and 4 only; initial_epoch=1 skips the first epoch."""
    x, y = digits_like()
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=4, initial_epoch=1, batch_size=32, validation_data=(x[:32], y[:32]),
                        validation_freq=2, shuffle=False, verbose=2)
    return history_outcome(history)


def datasets(keras, tf):
    """tf.data: a dataset of (x, y) batches for fit and validation, validation_steps, and predict on a dataset."""
    x, y = digits_like()
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    train = tf.data.Dataset.from_tensor_slices((x, y.astype("int32"))).batch(20)
    history = model.fit(train, epochs=2, validation_data=train, validation_steps=2, verbose=0)
    return {**history_outcome(history), "evaluate": floats(model.evaluate(train, verbose=0)),
            "predict": arrays(model.predict(train.take(1), verbose=0)[:3])}


def dataset_runs_out(keras, tf):
    """A dataset of 5 batches with steps_per_epoch=2: epochs draw on from the same pass until it runs out."""
    x, y = digits_like(n=40)
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    train = tf.data.Dataset.from_tensor_slices((x, y.astype("int32"))).batch(8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        history = model.fit(train, epochs=4, steps_per_epoch=2, verbose=0)
    return history_outcome(history)


def sequence_and_generator(keras, tf):
    """A keras.utils.Sequence (with on_epoch_end) and a Python generator with steps_per_epoch."""
    x, y = digits_like()

    class Batches(keras.utils.Sequence):
        def __init__(self, size, **kwargs):
            super().__init__(**kwargs)
            self.size, self.epochs_ended = size, 0

        def __len__(self):
            return int(np.ceil(len(x) / self.size))

        def __getitem__(self, index):
            part = slice(index * self.size, (index + 1) * self.size)
            return x[part], y[part]

        def on_epoch_end(self):
            self.epochs_ended += 1

    def generator():
        while True:
            for start in range(0, len(x), 32):
                yield x[start:start + 32], y[start:start + 32]

    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    sequence = Batches(24)
    from_sequence = model.fit(sequence, epochs=2, shuffle=False, verbose=0)
    from_generator = model.fit(generator(), steps_per_epoch=3, epochs=2, verbose=0)
    return {"sequence": history_outcome(from_sequence), "epochs_ended": sequence.epochs_ended,
            "generator": history_outcome(from_generator)}


def on_batch_methods(keras, tf):
    """train_on_batch, test_on_batch and predict_on_batch."""
    x, y = digits_like(n=16)
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    first = model.train_on_batch(x, y)
    second = model.train_on_batch(x, y, return_dict=True)
    kept = model.train_on_batch(x[:8], y[:8], reset_metrics=False)
    test = model.test_on_batch(x, y, return_dict=True)
    return {"train": floats(first), "train_dict": floats(second), "train_kept": floats(kept), "test": floats(test),
            "predict": arrays(model.predict_on_batch(x[:2]))}


def custom_train_step(keras, tf):
    """A train_step override (tf.keras 2 style) with a `metrics` property: fit keeps History and callbacks."""
    class CustomModel(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hidden = keras.layers.Dense(8, activation="relu")
            self.out = keras.layers.Dense(4, activation="softmax")
            self.loss_tracker = keras.metrics.Mean(name="loss")
            self.accuracy = keras.metrics.SparseCategoricalAccuracy(name="accuracy")

        def call(self, inputs):
            return self.out(self.hidden(inputs))

        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compiled_loss(y, y_pred)
            gradients = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
            self.loss_tracker.update_state(loss)
            self.accuracy.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

        @property
        def metrics(self):
            return [self.loss_tracker, self.accuracy]

    x, y = digits_like()
    model = CustomModel()
    model(x[:1])
    fixed_weights(model)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=2)
    return {**history_outcome(history), "iterations": int(model.optimizer.iterations.numpy())}


def guide_custom_steps(keras, tf):
    """keras.io's "Customizing what happens in fit" (tf.keras 2): a train_step over compiled_loss and
    compiled_metrics with sample weights (keras.utils.unpack_x_y_sample_weight), and a test_step."""
    class CustomModel(keras.Model):
        def train_step(self, data):
            x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compiled_loss(y, y_pred, sample_weight=sample_weight, regularization_losses=self.losses)
            trainable_vars = self.trainable_variables
            gradients = tape.gradient(loss, trainable_vars)
            self.optimizer.apply_gradients(zip(gradients, trainable_vars))
            self.compiled_metrics.update_state(y, y_pred, sample_weight=sample_weight)
            return {m.name: m.result() for m in self.metrics}

        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            self.compiled_loss(y, y_pred, regularization_losses=self.losses)
            self.compiled_metrics.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    rng = np.random.default_rng(9)
    x, y = rng.random((64, 32)).astype("float32"), rng.random((64, 1)).astype("float32")
    sample_weight = rng.random(64).astype("float32")
    inputs = keras.Input(shape=(32,))
    model = fixed_weights(CustomModel(inputs, keras.layers.Dense(1)(inputs)), seed=10)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    history = model.fit(x, y, sample_weight=sample_weight, epochs=2, batch_size=16, shuffle=False, verbose=0,
                        validation_data=(x[:16], y[:16]))
    return {**history_outcome(history), "metrics_names": model.metrics_names,
            "evaluate": floats(model.evaluate(x, y, verbose=0, return_dict=True))}


def callback_order(keras, tf):
    """Which hooks fit (with validation), evaluate and predict call, with which arguments and log keys."""
    calls = []

    class Recorder(keras.callbacks.Callback):
        def __getattribute__(self, name):
            attribute = object.__getattribute__(self, name)
            if name.startswith("on_") and callable(attribute):
                def hook(*args, **kwargs):
                    logs = kwargs.get("logs", args[-1] if args and isinstance(args[-1], dict) else None)
                    index = [a for a in args if isinstance(a, int)]
                    calls.append([name] + index + [sorted(logs) if isinstance(logs, dict) else None])
                    return attribute(*args, **kwargs)
                return hook
            return attribute

    x, y = digits_like(n=40)
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    recorder = Recorder()
    model.fit(x, y, epochs=2, batch_size=16, validation_data=(x[:20], y[:20]), callbacks=[recorder], verbose=0)
    fit_calls = list(calls)
    calls.clear()
    model.evaluate(x, y, batch_size=20, callbacks=[recorder], verbose=0)
    evaluate_calls = list(calls)
    calls.clear()
    model.predict(x, batch_size=20, callbacks=[recorder], verbose=0)
    return {"fit": fit_calls, "evaluate": evaluate_calls, "predict": calls, "params": dict(recorder.params)}


def stop_training(keras, tf):
    """model.stop_training set by a callback ends training after that batch."""
    class StopAtBatch(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    x, y = digits_like()
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=3, batch_size=16, shuffle=False, callbacks=[StopAtBatch()], verbose=0)
    return {**history_outcome(history), "iterations": int(model.optimizer.iterations.numpy())}


SCENARIOS = {f.__name__: f for f in [
    chapter3, chapter7, one_epoch_with_progress_bar, metric_ids, categorical_accuracy, ticket_from_lists,
    ticket_from_dicts, ticket_one_loss, subclassed_ticket, dict_outputs, sample_weights, class_weights, added_losses_and_metrics, add_loss_only,
    steps_per_epoch_on_arrays, validation_frequency, datasets, dataset_runs_out, sequence_and_generator,
    on_batch_methods, custom_train_step, guide_custom_steps, callback_order, stop_training,
]}


# ---------------------------------------------------------------- running one, and its printed text
def run_scenario(name, keras, tf, before=None):
    """Runs a scenario: (outcomes, the text it printed as ``final_text`` shows it)."""
    if before is not None:
        before()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        outcome = SCENARIOS[name](keras, tf)
    return outcome, final_text(out.getvalue())


def final_text(text):
    """What stays on screen: each line as its last in-place update left it (the part after its last
    carriage return, backspaces and trailing blanks removed), with timings masked."""
    lines = []
    for line in text.split("\n"):
        line = line.split("\r")[-1].replace("\b", "").rstrip()
        if line:
            lines.append(mask_timings(line))
    return lines


def mask_timings(line):
    line = re.sub(r"ETA: [\d:]+s?", "ETA: T", line)
    line = re.sub(r" - \d+s(?= )", " - Ts", line)
    return re.sub(r"\d+(us|ms|s)/(step|epoch)", r"T/\2", line)
