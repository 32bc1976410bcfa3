"""The built-in callbacks' own rules and their errors (keras/callbacks/). What tf.keras 2 does on the
same runs: test_callbacks_keras.py; the textbook programs: test_callbacks_textbook.py."""
import os
import warnings

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers


@pytest.fixture(autouse=True)
def seeded():
    keras.utils.set_random_seed(0)


def classifier(lr=0.1, features=4, classes=3):
    model = keras.Sequential([keras.Input(shape=(features,)), layers.Dense(8, activation="relu"),
                              layers.Dense(classes, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def data(n=40, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, features)).astype("float32"), rng.integers(0, classes, n)


# ---------------------------------------------------------------- EarlyStopping
def test_early_stopping_starts_afresh_in_each_fit():
    x, y = data()
    model = classifier()
    stopper = keras.callbacks.EarlyStopping(monitor="loss", min_delta=100.0, patience=1)
    first = model.fit(x, y, epochs=5, verbose=0, callbacks=[stopper])
    second = model.fit(x, y, epochs=5, verbose=0, callbacks=[stopper])
    assert len(first.epoch) == len(second.epoch) == 2  # the first epoch sets `best`, the second runs out of patience
    assert stopper.stopped_epoch == 1


def test_early_stopping_restores_the_first_watched_epoch_when_nothing_improves():
    x, y = data()
    model = classifier()
    after_first = []
    record = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: after_first.append(model.get_weights())
                                            if epoch == 2 else None)
    stopper = keras.callbacks.EarlyStopping(monitor="loss", baseline=-1.0, patience=2, start_from_epoch=2,
                                            restore_best_weights=True, mode="min", min_delta=100.0)
    history = model.fit(x, y, epochs=10, verbose=0, callbacks=[record, stopper])
    assert history.epoch == [0, 1, 2, 3]
    assert stopper.best_epoch == 2
    for restored, kept in zip(model.get_weights(), after_first[0]):
        np.testing.assert_array_equal(restored, kept)


def test_early_stopping_with_an_unknown_mode_warns_and_guesses_from_the_name():
    with pytest.warns(UserWarning, match="EarlyStopping mode sideways is unknown, fallback to auto mode."):
        stopper = keras.callbacks.EarlyStopping(monitor="val_auc", mode="sideways")
    assert stopper.monitor_op is np.greater


# ---------------------------------------------------------------- LearningRateScheduler
def test_learning_rate_scheduler_sets_the_rate_before_each_epoch_and_history_keeps_it():
    x, y = data()
    model = classifier(lr=0.5)
    seen = []
    watch = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: seen.append(float(model.optimizer.learning_rate.numpy())))
    history = model.fit(x, y, epochs=3, verbose=0,
                        callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 * (epoch + 1)), watch])
    np.testing.assert_allclose(seen, [0.1, 0.2, 0.3], rtol=1e-6)
    np.testing.assert_allclose(history.history["lr"], [0.1, 0.2, 0.3], rtol=1e-6)
    assert all(isinstance(value, np.float32) for value in history.history["lr"])  # as tf.keras's get_value gives


@pytest.mark.parametrize("bad", [1, "0.1", None, tf.constant(1)])
def test_learning_rate_scheduler_rejects_a_schedule_that_returns_no_float(bad):
    x, y = data()
    model = classifier()
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match='output of the "schedule" function should be float|dtype of `lr` Tensor'):
        model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.LearningRateScheduler(lambda e, lr: bad)])
    for now, then in zip(model.get_weights(), before):
        np.testing.assert_array_equal(now, then)  # raised before the first step
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.1)


def test_learning_rate_scheduler_takes_a_float_tensor():
    x, y = data()
    model = classifier()
    model.fit(x, y, epochs=1, verbose=0,
              callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch, lr: tf.constant(0.25))])
    assert float(model.optimizer.learning_rate.numpy()) == 0.25


def test_learning_rate_scheduler_on_a_schedule_optimizer_says_the_rate_is_not_settable():
    x, y = data()
    model = classifier()
    model.compile(optimizer=keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)),
                  loss="sparse_categorical_crossentropy")
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.LearningRateScheduler(lambda e, lr: lr)])


# ---------------------------------------------------------------- ReduceLROnPlateau
def test_reduce_lr_on_plateau_arguments():
    with pytest.raises(ValueError, match="does not support a factor >= 1.0. Got 1.5"):
        keras.callbacks.ReduceLROnPlateau(factor=1.5)
    with pytest.raises(TypeError, match="unexpected keyword arguments: \\['patient'\\]"):
        keras.callbacks.ReduceLROnPlateau(patient=3)
    assert keras.callbacks.ReduceLROnPlateau(epsilon=0.5).min_delta == -0.5  # tf.keras 1's name, minimising
    with pytest.warns(UserWarning, match="Learning rate reduction mode up is unknown, fallback to auto mode."):
        keras.callbacks.ReduceLROnPlateau(mode="up")


def test_reduce_lr_on_plateau_never_goes_below_min_lr():
    x, y = data()
    model = classifier(lr=0.1)
    reducer = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.1, patience=0, min_delta=100.0,
                                                min_lr=0.005)
    history = model.fit(x, y, epochs=5, verbose=0, callbacks=[reducer])
    # Each epoch logs the rate it trained with; the first one improves on `best` (inf), the others do not.
    np.testing.assert_allclose(history.history["lr"], [0.1, 0.1, 0.01, 0.005, 0.005], rtol=1e-6)


# ---------------------------------------------------------------- CSVLogger, TerminateOnNaN, LambdaCallback
def test_csv_logger_writes_sequences_in_brackets_and_keeps_strings(tmp_path):
    path = tmp_path / "log.csv"
    logger = keras.callbacks.CSVLogger(path)  # a path object works too
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5, "note": "ok", "per_class": np.array([0.25, 0.75])})
    logger.on_train_end()
    assert path.read_bytes() == (b"epoch,loss,note,per_class,val_loss,val_note,val_per_class\r\n"
                                 b'0,0.5,ok,"""[0.25, 0.75]""",NA,NA,NA\r\n')


def test_csv_logger_append_to_an_empty_file_writes_the_header(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("")
    x, y = data()
    classifier().fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.CSVLogger(path, append=True)])
    assert path.read_text().splitlines()[0] == "epoch,accuracy,loss,val_accuracy,val_loss"


def test_terminate_on_nan_stops_at_an_infinite_loss_too():
    x, y = data(n=8)
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    targets = np.zeros((8, 1), "float32")
    targets[5] = np.inf
    history = model.fit(x, targets, batch_size=2, epochs=3, shuffle=False, verbose=0,
                        callbacks=[keras.callbacks.TerminateOnNaN()])
    assert int(model.optimizer.iterations.numpy()) == 3  # batches 0, 1, and 2 (which holds the inf)
    assert history.history["loss"] == [np.inf]


def test_lambda_callback_takes_any_hook_by_keyword():
    x, y = data()
    seen = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(("train", batch)),
                                              on_predict_end=lambda logs: seen.append(("predict",)))
    model = classifier()
    model.fit(x, y, epochs=1, batch_size=20, verbose=0, callbacks=[callback])
    model.predict(x, verbose=0, callbacks=[callback])
    assert seen == [("train", 0), ("train", 1), ("predict",)]


# ---------------------------------------------------------------- ModelCheckpoint, BackupAndRestore
@pytest.mark.parametrize("arguments, message", [
    ({"filepath": "model.h5"}, "The filepath provided must end in `.keras` \\(Keras model format\\). Received: "
                               "filepath=model.h5"),
    ({"filepath": "w.keras", "save_weights_only": True},
     "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in `.weights.h5`"),
    ({"filepath": "m.keras", "save_freq": "batch"}, 'Unrecognized save_freq: batch. Expected save_freq are "epoch" '
                                                     "or integer"),
])
def test_model_checkpoint_arguments_are_checked_when_it_is_made(arguments, message):
    with pytest.raises(ValueError, match=message):
        keras.callbacks.ModelCheckpoint(**arguments)


def test_model_checkpoint_names_a_field_the_logs_lack(tmp_path):
    x, y = data()
    checkpoint = keras.callbacks.ModelCheckpoint(str(tmp_path / "m-{val_loss:.2f}.keras"))
    with pytest.raises(KeyError, match=r"Failed to format this callback filepath: \".*m-\{val_loss:.2f\}.keras\". "
                                       r"Reason: .*val_loss"):
        classifier().fit(x, y, epochs=1, verbose=0, callbacks=[checkpoint])


def test_model_checkpoint_refuses_a_folder_and_makes_missing_ones(tmp_path):
    x, y = data()
    (tmp_path / "taken.keras").mkdir()
    with pytest.raises(IOError, match="Please specify a non-directory filepath for ModelCheckpoint"):
        classifier().fit(x, y, epochs=1, verbose=0,
                         callbacks=[keras.callbacks.ModelCheckpoint(tmp_path / "taken.keras")])
    model = classifier()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[
        keras.callbacks.ModelCheckpoint(tmp_path / "a" / "b" / "w{epoch}.weights.h5", save_weights_only=True)])
    assert sorted(os.listdir(tmp_path / "a" / "b")) == ["w1.weights.h5", "w2.weights.h5"]
    fresh = classifier()
    fresh.load_weights(tmp_path / "a" / "b" / "w2.weights.h5")
    for loaded, trained in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(loaded, trained)


def test_backup_and_restore_arguments():
    with pytest.raises(ValueError, match="Empty `backup_dir` argument passed"):
        keras.callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="Invalid value for argument `save_freq`. Received: save_freq=0"):
        keras.callbacks.BackupAndRestore("backup", save_freq=0)


def test_backup_and_restore_needs_a_built_model(tmp_path):
    x, y = data()
    model = classifier()
    backup = keras.callbacks.BackupAndRestore(tmp_path / "backup", delete_checkpoint=False)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[backup])
    assert sorted(os.listdir(tmp_path / "backup")) == ["checkpoint-0.weights.h5", "training_metadata.json"]
    unbuilt = keras.Sequential([layers.Dense(3)])
    unbuilt.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="you model must be built before you call `fit\\(\\)`"):
        unbuilt.fit(x, np.zeros((40, 3), "float32"), verbose=0, callbacks=[backup])


def test_backup_and_restore_after_the_last_epoch_only_deletes_the_backup(tmp_path):
    """Killed after its last backup but before it deleted it: the next fit has nothing left to train."""
    x, y = data()
    model = classifier()
    keep = keras.callbacks.BackupAndRestore(tmp_path / "backup", delete_checkpoint=False)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[keep])
    weights = model.get_weights()
    history = classifier().fit(x, y, epochs=2, verbose=0,
                               callbacks=[keras.callbacks.BackupAndRestore(tmp_path / "backup")])
    assert history.epoch == [] and not (tmp_path / "backup").exists()
    for restored, kept in zip(history.model.get_weights(), weights):
        np.testing.assert_array_equal(restored, kept)


# ---------------------------------------------------------------- the machinery
def test_callbacks_must_be_callback_objects():
    x, y = data()
    with pytest.raises(TypeError, match="callbacks must be keras.callbacks.Callback instances, got 'EarlyStopping'"):
        classifier().fit(x, y, verbose=0, callbacks=["EarlyStopping"])


def test_a_missing_monitor_warns_with_the_available_keys():
    x, y = data()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classifier().fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.EarlyStopping(monitor="val_acc")])
    assert [str(w.message) for w in caught] == [
        "Early stopping conditioned on metric `val_acc` which is not available. Available metrics are: loss,accuracy"]
