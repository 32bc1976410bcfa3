"""Callback runs built the same way by the tests and by tools/make_callback_fixtures.py.

Each scenario is a function ``(keras, tf, workdir) -> dict`` of JSON-able outcomes (the hooks a
callback saw with their logs, History, what a callback changed, the files it wrote), run once with
tf_keras 2 (the fixture script records it) and once with tinytf (tests/test_callbacks_keras.py
compares). Models start from the same NumPy-drawn weights and train without shuffling, so both
libraries compute the same numbers. ``run_scenario`` also captures what the run printed (as
``keras_training.final_text`` shows it) and the warnings it gave: tf_keras logs them through the
``tensorflow`` logger, tinytf with ``warnings.warn``; both land in one list. Paths under
``workdir`` are written ``<dir>``. This file imports neither tinytf nor TensorFlow.
"""
import contextlib
import io
import logging
import math
import os
import tempfile
import warnings

import numpy as np

from keras_training import dense_classifier, digits_like, final_text, fixed_weights, floats


# ---------------------------------------------------------------- helpers
def number(value):
    """A logged value as JSON: a float, or the strings "nan"/"inf" (JSON has no NaN)."""
    value = float(np.asarray(value))
    return value if math.isfinite(value) else str(value)


def logs_outcome(logs):
    """A logs dict as JSON: its keys in order, numbers as numbers, anything else (predictions) by key only."""
    if logs is None:
        return None
    described = {}
    for key, value in logs.items():
        try:
            described[key] = number(value)
        except (TypeError, ValueError):
            described[key] = "<" + type(value).__name__ + ">"
    return described


def history_outcome(history):
    return {"history": {k: [number(v) for v in values] for k, values in history.history.items()},
            "epoch": list(history.epoch)}


def classifier(keras, lr=0.1, metrics=("accuracy",)):
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="sparse_categorical_crossentropy", metrics=list(metrics))
    return model


def files_in(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def recorder_class(keras):
    """A callback that writes down every hook it gets, with the batch/epoch index and the logs."""
    class Recorder(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

        def _record(self, hook, index, logs):
            self.calls.append([hook] + ([] if index is None else [index]) + [logs_outcome(logs)])

    hooks = ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
             "on_train_batch_end", "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
             "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end"]
    for hook in hooks:
        if "batch" in hook or "epoch" in hook:
            def method(self, index, logs=None, _hook=hook):
                self._record(_hook, index, logs)
        else:
            def method(self, logs=None, _hook=hook):
                self._record(_hook, None, logs)
        setattr(Recorder, hook, method)
    return Recorder


# ---------------------------------------------------------------- the hooks
def hooks_and_logs(keras, tf, workdir):
    """Every hook of fit (with validation), evaluate and predict, in order, with the logs each got."""
    Recorder = recorder_class(keras)

    class Aliases(keras.callbacks.Callback):  # tf.keras's older names of the train batch hooks
        def __init__(self):
            super().__init__()
            self.calls = []

        def on_batch_begin(self, batch, logs=None):
            self.calls.append(["on_batch_begin", batch, logs_outcome(logs)])

        def on_batch_end(self, batch, logs=None):
            self.calls.append(["on_batch_end", batch, logs_outcome(logs)])

    x, y = digits_like(n=40)
    model = classifier(keras)
    recorder, aliases = Recorder(), Aliases()
    model.fit(x, y, epochs=2, batch_size=16, validation_data=(x[:20], y[:20]), shuffle=False,
              callbacks=[recorder, aliases], verbose=0)
    outcome = {"fit": recorder.calls, "aliases": aliases.calls, "params": dict(recorder.params),
               "model_is_set": recorder.model is model}
    recorder.calls = []
    model.evaluate(x, y, batch_size=20, callbacks=[recorder], verbose=0)
    outcome.update(evaluate=recorder.calls, evaluate_params=dict(recorder.params))
    recorder.calls = []
    model.predict(x, batch_size=32, callbacks=[recorder], verbose=0)
    outcome.update(predict=recorder.calls, predict_params=dict(recorder.params))
    return outcome


def hooks_with_steps_and_validation_freq(keras, tf, workdir):
    """steps_per_epoch and validation_freq=2: which epochs run validation, the steps in params."""
    Recorder = recorder_class(keras)
    x, y = digits_like(n=40)
    model = classifier(keras)
    recorder = Recorder()
    model.fit(x, y, epochs=3, steps_per_epoch=2, batch_size=8, validation_data=(x[:16], y[:16]), validation_freq=2,
              shuffle=False, callbacks=[recorder], verbose=0)
    return {"fit": [call[:2] if call[0].startswith("on_test_batch") else call for call in recorder.calls],
            "params": dict(recorder.params)}


def stop_at_epoch_end(keras, tf, workdir):
    """model.stop_training set in on_epoch_end ends fit after that epoch; on_train_end still runs."""
    ends = []

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.model.stop_training = True

        def on_train_end(self, logs=None):
            ends.append(logs_outcome(logs))

    x, y = digits_like()
    model = classifier(keras)
    history = model.fit(x, y, epochs=5, batch_size=32, shuffle=False, callbacks=[Stop()], verbose=0)
    return {**history_outcome(history), "train_end_logs": ends, "stop_training": bool(model.stop_training)}


# ---------------------------------------------------------------- EarlyStopping
def early_stopping_textbook(keras, tf, workdir):
    """The textbook's EarlyStopping(monitor="val_accuracy", patience=2), with restore_best_weights and verbose."""
    x, y = digits_like(n=96)
    model = classifier(keras, lr=0.05)
    stopper = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, verbose=1, restore_best_weights=True)
    history = model.fit(x[:64], y[:64], epochs=30, batch_size=16, validation_data=(x[64:], y[64:]), shuffle=False,
                        callbacks=[stopper], verbose=0)
    return {**history_outcome(history), "stopped_epoch": stopper.stopped_epoch, "best_epoch": stopper.best_epoch,
            "best": number(stopper.best), "wait": stopper.wait,
            "restored": floats(model.evaluate(x[64:], y[64:], verbose=0, return_dict=True))}


def early_stopping_loss_min_delta(keras, tf, workdir):
    """monitor="loss" (mode auto: min) with a min_delta the loss stops beating: stops after `patience` epochs."""
    x, y = digits_like(n=64)
    model = classifier(keras, lr=0.05)
    stopper = keras.callbacks.EarlyStopping(monitor="loss", min_delta=0.05, patience=1, verbose=1)
    history = model.fit(x, y, epochs=20, batch_size=32, shuffle=False, callbacks=[stopper], verbose=0)
    return {**history_outcome(history), "stopped_epoch": stopper.stopped_epoch, "best": number(stopper.best),
            "wait": stopper.wait}


def early_stopping_baseline(keras, tf, workdir):
    """A baseline the accuracy never reaches (mode "max"): stops once `patience` epochs fail to improve."""
    x, y = digits_like(n=64)
    model = classifier(keras, lr=0.05)
    stopper = keras.callbacks.EarlyStopping(monitor="accuracy", mode="max", baseline=1.5, patience=2,
                                            restore_best_weights=True, verbose=1)
    history = model.fit(x, y, epochs=12, batch_size=32, shuffle=False, callbacks=[stopper], verbose=0)
    return {**history_outcome(history), "stopped_epoch": stopper.stopped_epoch, "best_epoch": stopper.best_epoch,
            "best": number(stopper.best)}


def early_stopping_start_from_epoch(keras, tf, workdir):
    """start_from_epoch=3: no decision during the first three epochs, even with patience=0."""
    x, y = digits_like(n=64)
    model = classifier(keras, lr=0.05)
    stopper = keras.callbacks.EarlyStopping(monitor="loss", min_delta=10.0, patience=0, start_from_epoch=3)
    history = model.fit(x, y, epochs=8, batch_size=32, shuffle=False, callbacks=[stopper], verbose=0)
    return {**history_outcome(history), "stopped_epoch": stopper.stopped_epoch}


def early_stopping_missing_monitor(keras, tf, workdir):
    """A monitor that is not in the logs (no validation data): a warning each epoch, training goes on."""
    x, y = digits_like(n=32)
    model = classifier(keras)
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=0)
    history = model.fit(x, y, epochs=2, batch_size=32, shuffle=False, callbacks=[stopper], verbose=0)
    return {**history_outcome(history), "stopped_epoch": stopper.stopped_epoch}


def early_stopping_unknown_mode(keras, tf, workdir):
    """An unknown mode falls back to "auto" with a warning; "val_accuracy" is then maximised."""
    stopper = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="upwards")
    return {"greater": bool(stopper.monitor_op(2.0, 1.0)), "min_delta": stopper.min_delta}


def early_stopping_modes(keras, tf, workdir):
    """Which way "auto" goes for each monitored name, and the sign min_delta gets."""
    names = ["loss", "val_loss", "accuracy", "val_acc", "val_binary_accuracy", "auc", "val_auc", "mae",
             "precision", "val_sparse_categorical_accuracy", "department_accuracy"]
    outcome = {}
    for name in names:
        stopper = keras.callbacks.EarlyStopping(monitor=name, min_delta=0.5)
        outcome[name] = [bool(stopper.monitor_op(2.0, 1.0)), stopper.min_delta]
    return outcome


# ---------------------------------------------------------------- learning rate
def learning_rate_scheduler(keras, tf, workdir):
    """schedule(epoch, lr) halving from the second epoch: History's "lr", the message, the bar's lr column."""
    def schedule(epoch, lr):
        return lr if epoch < 1 else lr * 0.5

    x, y = digits_like(n=64)
    model = classifier(keras, lr=0.1)
    history = model.fit(x, y, epochs=3, batch_size=32, shuffle=False, verbose=2,
                        callbacks=[keras.callbacks.LearningRateScheduler(schedule, verbose=1)])
    return {**history_outcome(history), "final_lr": number(model.optimizer.learning_rate)}


def learning_rate_scheduler_epoch_only(keras, tf, workdir):
    """The older schedule(epoch) signature."""
    x, y = digits_like(n=32)
    model = classifier(keras, lr=0.1)
    history = model.fit(x, y, epochs=3, batch_size=32, shuffle=False, verbose=0,
                        callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch: 0.2 / (epoch + 1))])
    return {**history_outcome(history), "final_lr": number(model.optimizer.learning_rate)}


def reduce_lr_on_plateau(keras, tf, workdir):
    """No improvement by min_delta after the first epoch: the rate halves every epoch outside cooldown, down to min_lr."""
    x, y = digits_like(n=64)
    model = classifier(keras, lr=0.1)
    reducer = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=10.0, cooldown=1,
                                                min_lr=0.02, verbose=1)
    history = model.fit(x, y, epochs=6, batch_size=32, shuffle=False, callbacks=[reducer], verbose=0)
    return {**history_outcome(history), "final_lr": number(model.optimizer.learning_rate), "wait": reducer.wait,
            "cooldown_counter": reducer.cooldown_counter}


def reduce_lr_on_val_accuracy(keras, tf, workdir):
    """mode auto on "val_accuracy" maximises; patience 2; the bar shows the lr column (verbose=2)."""
    x, y = digits_like(n=96)
    model = classifier(keras, lr=0.05)
    reducer = keras.callbacks.ReduceLROnPlateau(monitor="val_accuracy", factor=0.2, patience=2, verbose=1)
    history = model.fit(x[:64], y[:64], epochs=8, batch_size=32, validation_data=(x[64:], y[64:]), shuffle=False,
                        callbacks=[reducer], verbose=2)
    return {**history_outcome(history), "final_lr": number(model.optimizer.learning_rate)}


def reduce_lr_missing_monitor(keras, tf, workdir):
    """A monitor that is not in the logs: a warning, the rate stays."""
    x, y = digits_like(n=32)
    model = classifier(keras, lr=0.1)
    history = model.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=0,
                        callbacks=[keras.callbacks.ReduceLROnPlateau(patience=0)])
    return {**history_outcome(history), "final_lr": number(model.optimizer.learning_rate)}


# ---------------------------------------------------------------- CSVLogger, TerminateOnNaN, LambdaCallback
def read_text(path):
    with open(path, newline="") as f:  # line ends as written
        return f.read()


def csv_logger(keras, tf, workdir):
    """The file CSVLogger writes: a header of sorted keys after "epoch", one row per epoch; append=True goes on."""
    x, y = digits_like(n=64)
    model = classifier(keras)
    path = os.path.join(workdir, "training.log")
    model.fit(x[:48], y[:48], epochs=2, batch_size=16, validation_data=(x[48:], y[48:]), shuffle=False, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(path)])
    first = read_text(path)
    model.fit(x[:48], y[:48], epochs=3, initial_epoch=2, batch_size=16, validation_data=(x[48:], y[48:]),
              shuffle=False, verbose=0, callbacks=[keras.callbacks.CSVLogger(path, append=True)])
    return {"first": first, "appended": read_text(path)}


def csv_logger_separator_and_validation_freq(keras, tf, workdir):
    """separator=";" and validation_freq=2: the first row has no val_ values ("NA"), the header has them."""
    x, y = digits_like(n=64)
    model = classifier(keras, metrics=["accuracy", "mse"])
    path = os.path.join(workdir, "log.csv")
    model.fit(x[:48], y[:48], epochs=3, batch_size=16, validation_data=(x[48:], y[48:]), validation_freq=2,
              shuffle=False, verbose=0, callbacks=[keras.callbacks.CSVLogger(path, separator=";")])
    return {"file": read_text(path)}


def terminate_on_nan(keras, tf, workdir):
    """A NaN target in the second batch: TerminateOnNaN prints its message and ends training after that batch."""
    x, y = digits_like(n=64)
    targets = np.eye(4, dtype="float32")[y]
    targets[20, 1] = np.nan
    model = dense_classifier(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, targets, epochs=3, batch_size=16, shuffle=False, verbose=0,
                        callbacks=[keras.callbacks.TerminateOnNaN()])
    return {**history_outcome(history), "iterations": int(model.optimizer.iterations.numpy())}


def lambda_callback(keras, tf, workdir):
    """LambdaCallback: the six named functions, and other hooks given as keyword arguments."""
    calls = []
    callback = keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: calls.append(["train_begin"]),
        on_train_end=lambda logs: calls.append(["train_end", sorted(logs)]),
        on_epoch_begin=lambda epoch, logs: calls.append(["epoch_begin", epoch]),
        on_epoch_end=lambda epoch, logs: calls.append(["epoch_end", epoch, sorted(logs)]),
        on_batch_begin=lambda batch, logs: calls.append(["batch_begin", batch]),
        on_batch_end=lambda batch, logs: calls.append(["batch_end", batch, number(logs["loss"])]),
        on_test_end=lambda logs: calls.append(["test_end", sorted(logs)]))
    x, y = digits_like(n=32)
    model = classifier(keras)
    model.fit(x, y, epochs=2, batch_size=16, validation_data=(x[:16], y[:16]), shuffle=False, callbacks=[callback],
              verbose=0)
    return {"calls": calls}


# ---------------------------------------------------------------- ModelCheckpoint, BackupAndRestore
def checkpoint_every_epoch(keras, tf, workdir):
    """A file per epoch named from {epoch:02d} and {val_loss:.2f}, with verbose messages."""
    x, y = digits_like(n=64)
    model = classifier(keras)
    folder = os.path.join(workdir, "ckpt")
    checkpoint = keras.callbacks.ModelCheckpoint(os.path.join(folder, "model.{epoch:02d}-{val_loss:.2f}.keras"),
                                                 verbose=1)
    history = model.fit(x[:48], y[:48], epochs=3, batch_size=16, validation_data=(x[48:], y[48:]), shuffle=False,
                        callbacks=[checkpoint], verbose=0)
    return {**history_outcome(history), "files": files_in(folder)}


def checkpoint_best_only(keras, tf, workdir):
    """save_best_only on val_accuracy (mode auto: max): saved only when it improves, messages either way."""
    x, y = digits_like(n=96)
    model = classifier(keras, lr=0.05)
    path = os.path.join(workdir, "best.keras")
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="val_accuracy", save_best_only=True, verbose=1)
    history = model.fit(x[:64], y[:64], epochs=6, batch_size=16, validation_data=(x[64:], y[64:]), shuffle=False,
                        callbacks=[checkpoint], verbose=0)
    return {**history_outcome(history), "files": files_in(workdir), "best": number(checkpoint.best)}


def checkpoint_weights_every_two_batches(keras, tf, workdir):
    """save_weights_only with save_freq=2 (batches): the epoch and the batch logs fill the name."""
    x, y = digits_like(n=48)
    model = classifier(keras)
    folder = os.path.join(workdir, "weights")
    checkpoint = keras.callbacks.ModelCheckpoint(os.path.join(folder, "w.{epoch:02d}-{loss:.2f}.weights.h5"),
                                                 save_weights_only=True, save_freq=2, verbose=1)
    model.fit(x, y, epochs=2, batch_size=16, shuffle=False, callbacks=[checkpoint], verbose=0)
    return {"files": files_in(folder)}


def checkpoint_initial_value_threshold(keras, tf, workdir):
    """initial_value_threshold: nothing is saved until val_loss beats it; a missing monitor warns."""
    x, y = digits_like(n=64)
    model = classifier(keras)
    checkpoint = keras.callbacks.ModelCheckpoint(os.path.join(workdir, "m.keras"), save_best_only=True,
                                                 initial_value_threshold=0.0, verbose=1)
    missing = keras.callbacks.ModelCheckpoint(os.path.join(workdir, "n.keras"), monitor="val_auc",
                                              save_best_only=True)
    model.fit(x[:48], y[:48], epochs=2, batch_size=16, validation_data=(x[48:], y[48:]), shuffle=False,
              callbacks=[checkpoint, missing], verbose=0)
    return {"files": files_in(workdir), "best": number(checkpoint.best)}


def backup_and_restore_resumes(keras, tf, workdir):
    """The tf.keras docstring's example: interrupted at epoch 4, the second fit runs epochs 4 to 9 only."""
    class Interrupt(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 4:
                raise RuntimeError("Interrupting!")

    backup = keras.callbacks.BackupAndRestore(backup_dir=os.path.join(workdir, "backup"))
    model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(10)])
    fixed_weights(model, scale=0.01)
    model.compile(keras.optimizers.SGD(0.0001), loss="mse")
    x, y = np.arange(100, dtype="float32").reshape(5, 20) / 100, np.zeros((5, 10), "float32")
    try:
        model.fit(x, y, epochs=10, batch_size=1, callbacks=[backup, Interrupt()], verbose=0)
    except RuntimeError:
        pass
    during = files_in(os.path.join(workdir, "backup")) != []
    history = model.fit(x, y, epochs=10, batch_size=1, callbacks=[backup], verbose=0)
    return {"epoch": list(history.epoch), "backup_written": during,
            "backup_left": files_in(os.path.join(workdir, "backup")) != [],
            "iterations": int(model.optimizer.iterations.numpy())}


# ---------------------------------------------------------------- TensorBoard
def read_event_runs(log_dir):
    """{run: {tag: [[step, value], ...]}} of the event files under log_dir, read with tensorboard's own reader
    (the one its server uses). Scalars give their value; histograms their number of values; the model's
    JSON summary its length-free marker "model"."""
    from tensorboard.backend.event_processing import plugin_event_accumulator as pea
    from tensorboard.util import tensor_util

    runs = {}
    for run in sorted(os.listdir(log_dir)):
        path = os.path.join(log_dir, run)
        if not os.path.isdir(path):
            continue
        accumulator = pea.EventAccumulator(path, size_guidance={pea.TENSORS: 0})
        accumulator.Reload()
        tags = {}
        for tag in sorted(accumulator.Tags()["tensors"]):
            plugin = accumulator.SummaryMetadata(tag).plugin_data.plugin_name
            entries = []
            for event in accumulator.Tensors(tag):
                value = tensor_util.make_ndarray(event.tensor_proto)
                if plugin == "scalars":
                    entries.append([event.step, number(value)])
                elif plugin == "histograms":
                    entries.append([event.step, "histogram", number(value[:, 2].sum()) if value.size else 0.0])
                else:
                    entries.append([event.step, plugin])
            tags[tag] = entries
        runs[run] = tags
    return runs


def tensorboard_epochs(keras, tf, workdir):
    """update_freq="epoch" (the default) with validation and weight histograms every epoch."""
    x, y = digits_like(n=64)
    model = classifier(keras)
    log_dir = os.path.join(workdir, "logs")
    model.fit(x[:48], y[:48], epochs=2, batch_size=16, validation_data=(x[48:], y[48:]), shuffle=False, verbose=0,
              callbacks=[keras.callbacks.TensorBoard(log_dir=log_dir, histogram_freq=1)])
    return {"runs": read_event_runs(log_dir)}


def tensorboard_batches(keras, tf, workdir):
    """update_freq="batch": batch_ scalars at every step as well (with the progress bar on, as tf.keras needs)."""
    x, y = digits_like(n=48)
    model = classifier(keras)
    log_dir = os.path.join(workdir, "logs")
    model.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=1,
              callbacks=[keras.callbacks.TensorBoard(log_dir=log_dir, update_freq="batch", write_graph=False)])
    return {"runs": read_event_runs(log_dir)}


def tensorboard_every_two_batches(keras, tf, workdir):
    """update_freq=2: batch_ scalars at every second step; evaluate with the callback writes evaluation_ scalars."""
    x, y = digits_like(n=64)
    model = classifier(keras)
    log_dir = os.path.join(workdir, "logs")
    board = keras.callbacks.TensorBoard(log_dir=log_dir, update_freq=2, write_graph=False)
    model.fit(x[:48], y[:48], epochs=2, batch_size=8, validation_data=(x[48:], y[48:]), shuffle=False, verbose=1,
              callbacks=[board])
    model.evaluate(x[48:], y[48:], callbacks=[board], verbose=0)
    return {"runs": read_event_runs(log_dir)}


SCENARIOS = {f.__name__: f for f in [
    hooks_and_logs, hooks_with_steps_and_validation_freq, stop_at_epoch_end,
    early_stopping_textbook, early_stopping_loss_min_delta, early_stopping_baseline, early_stopping_start_from_epoch,
    early_stopping_missing_monitor, early_stopping_unknown_mode, early_stopping_modes,
    learning_rate_scheduler, learning_rate_scheduler_epoch_only, reduce_lr_on_plateau, reduce_lr_on_val_accuracy,
    reduce_lr_missing_monitor, csv_logger, csv_logger_separator_and_validation_freq, terminate_on_nan,
    lambda_callback, checkpoint_every_epoch, checkpoint_best_only, checkpoint_weights_every_two_batches,
    checkpoint_initial_value_threshold, backup_and_restore_resumes, tensorboard_epochs, tensorboard_batches, tensorboard_every_two_batches,
]}


# ---------------------------------------------------------------- running one
class _Collect(logging.Handler):
    def __init__(self, messages):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record):
        self.messages.append(record.getMessage())


def run_scenario(name, keras, tf, before=None):
    """Runs a scenario in a fresh folder: (outcome, printed lines, warnings), with the folder written ``<dir>``."""
    if before is not None:
        before()
    out, messages = io.StringIO(), []
    handler = _Collect(messages)
    logger = logging.getLogger("tensorflow")
    logger.addHandler(handler)
    with tempfile.TemporaryDirectory() as workdir:
        try:
            with contextlib.redirect_stdout(out), warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                outcome = SCENARIOS[name](keras, tf, workdir)
        finally:
            logger.removeHandler(handler)
        messages += [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
        messages = [m for m in messages if "tf.function retracing" not in m]  # TensorFlow's own noise
        text = [line.replace(workdir, "<dir>") for line in final_text(out.getvalue())]
        messages = [m.replace(workdir, "<dir>") for m in messages]
    return outcome, text, messages
