"""The textbooks' callback programs, written as their authors wrote them (only the imports swapped and the
data made small): Deep Learning with Python (2nd ed.) chapter 7 "Using callbacks" and the keras.io guide
"Training & evaluation with the built-in methods" (its callback, checkpoint and schedule sections)."""
import os

import matplotlib
import numpy as np
import pytest

from tinytf import keras
from tinytf.keras import layers

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def seeded_in_a_fresh_folder(tmp_path, monkeypatch):
    """The programs write files where they run: each test runs in its own folder."""
    keras.utils.set_random_seed(1)
    monkeypatch.chdir(tmp_path)


def mnist_like(num_samples=480, features=28 * 28, classes=10):
    """Ten separable classes shaped like flattened MNIST (float32 in [0, 1]-ish, uint8 labels): 320 to train
    on, 160 to validate with (small, so that the programs run in seconds)."""
    rng = np.random.default_rng(0)
    centers = rng.random((classes, features)).astype("float32")
    labels = rng.integers(0, classes, num_samples).astype("uint8")
    images = centers[labels] + 0.3 * rng.standard_normal((num_samples, features)).astype("float32")
    return (images[:320], labels[:320]), (images[320:], labels[320:])


# ---------------------------------------------------------------- Deep Learning with Python, chapter 7
def get_mnist_model():
    inputs = keras.Input(shape=(28 * 28,))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)
    outputs = layers.Dense(10, activation="softmax")(features)
    model = keras.Model(inputs, outputs)
    return model


def test_chapter7_early_stopping_and_the_best_checkpoint():
    (images, labels), _ = mnist_like()
    train_images, val_images = images[100:], images[:100]
    train_labels, val_labels = labels[100:], labels[:100]
    callbacks_list = [
        keras.callbacks.EarlyStopping(
            monitor="val_accuracy",
            patience=2,
        ),
        keras.callbacks.ModelCheckpoint(
            filepath="checkpoint_path.keras",
            monitor="val_loss",
            save_best_only=True,
        )
    ]
    model = get_mnist_model()
    model.compile(optimizer="rmsprop",
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(train_images, train_labels,
                        epochs=10,
                        callbacks=callbacks_list,
                        validation_data=(val_images, val_labels), verbose=0)
    model = keras.models.load_model("checkpoint_path.keras")

    accuracies = history.history["val_accuracy"]
    stopped = callbacks_list[0].stopped_epoch
    # The data are easy: validation accuracy reaches its best early, and two epochs later training stops.
    assert max(accuracies) > 0.95
    assert 0 < stopped < 9 and len(accuracies) == stopped + 1
    best = int(np.argmax(accuracies))
    assert stopped == best + 2 and max(accuracies[best + 1:]) <= accuracies[best]
    # The file holds the model of the epoch with the lowest val_loss, compiled.
    loss, _ = model.evaluate(val_images, val_labels, verbose=0)
    assert loss == pytest.approx(min(history.history["val_loss"]), rel=1e-5)


def test_chapter7_loss_history_plots_each_epoch():
    class LossHistory(keras.callbacks.Callback):
        def on_train_begin(self, logs):
            self.per_batch_losses = []

        def on_batch_end(self, batch, logs):
            self.per_batch_losses.append(logs.get("loss"))

        def on_epoch_end(self, epoch, logs):
            plt.clf()
            plt.plot(range(len(self.per_batch_losses)), self.per_batch_losses,
                     label="Training loss for each batch")
            plt.xlabel(f"Batch (epoch {epoch})")
            plt.ylabel("Loss")
            plt.legend()
            plt.savefig(f"plot_at_epoch_{epoch}")
            self.losses_of_last_epoch = self.per_batch_losses
            self.per_batch_losses = []

    (train_images, train_labels), (val_images, val_labels) = mnist_like()
    model = get_mnist_model()
    model.compile(optimizer="rmsprop",
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    loss_history = LossHistory()
    history = model.fit(train_images, train_labels,
                        epochs=3,
                        callbacks=[loss_history],
                        validation_data=(val_images, val_labels), verbose=0)
    assert sorted(os.listdir()) == ["plot_at_epoch_0.png", "plot_at_epoch_1.png", "plot_at_epoch_2.png"]
    assert all(os.path.getsize(name) > 10_000 for name in os.listdir())  # real pictures
    per_batch = loss_history.losses_of_last_epoch
    assert len(per_batch) == 10 and all(isinstance(loss, float) for loss in per_batch)
    assert per_batch[-1] == pytest.approx(history.history["loss"][-1])  # the epoch's loss is the last running mean


def test_chapter7_a_callback_that_watches_every_hook():
    seen = []

    class Watcher(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs):
            seen.append(("epoch_begin", epoch, sorted(logs)))

        def on_epoch_end(self, epoch, logs):
            seen.append(("epoch_end", epoch, sorted(logs)))

        def on_batch_begin(self, batch, logs):
            seen.append(("batch_begin", batch, sorted(logs)))

        def on_batch_end(self, batch, logs):
            seen.append(("batch_end", batch, sorted(logs)))

        def on_train_begin(self, logs):
            seen.append(("train_begin", sorted(logs)))

        def on_train_end(self, logs):
            seen.append(("train_end", sorted(logs)))

    (train_images, train_labels), (val_images, val_labels) = mnist_like()
    model = get_mnist_model()
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(train_images[:64], train_labels[:64], epochs=2, batch_size=32, callbacks=[Watcher()],
              validation_data=(val_images, val_labels), verbose=0)
    metrics, with_val = ["accuracy", "loss"], ["accuracy", "loss", "val_accuracy", "val_loss"]
    epoch = [("batch_begin", 0, []), ("batch_end", 0, metrics), ("batch_begin", 1, []), ("batch_end", 1, metrics)]
    assert seen == ([("train_begin", []), ("epoch_begin", 0, [])] + epoch + [("epoch_end", 0, with_val)]
                    + [("epoch_begin", 1, [])] + epoch + [("epoch_end", 1, with_val), ("train_end", with_val)])


def test_chapter7_csv_logger_beside_the_other_callbacks():
    (train_images, train_labels), (val_images, val_labels) = mnist_like()
    model = get_mnist_model()
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(train_images, train_labels, epochs=2, validation_data=(val_images, val_labels), verbose=0,
                        callbacks=[keras.callbacks.CSVLogger("training.log")])
    with open("training.log") as f:
        lines = f.read().splitlines()
    assert lines[0] == "epoch,accuracy,loss,val_accuracy,val_loss"
    rows = [line.split(",") for line in lines[1:]]
    assert [row[0] for row in rows] == ["0", "1"]
    assert [float(row[2]) for row in rows] == history.history["loss"]  # Python's float text: exact


def test_chapter7_tensorboard():
    pytest.importorskip("tensorboardX")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    (train_images, train_labels), (val_images, val_labels) = mnist_like()
    model = get_mnist_model()
    model.compile(optimizer="rmsprop",
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    tensorboard = keras.callbacks.TensorBoard(
        log_dir=os.path.abspath("full_path_to_your_log_dir"),
    )
    history = model.fit(train_images, train_labels,
                        epochs=3,
                        validation_data=(val_images, val_labels),
                        callbacks=[tensorboard], verbose=0)
    for run, prefix in (("train", ""), ("validation", "val_")):
        events = EventAccumulator(os.path.join("full_path_to_your_log_dir", run))
        events.Reload()
        for name in ("loss", "accuracy"):
            assert [s.step for s in events.Scalars("epoch_" + name)] == [0, 1, 2]
            np.testing.assert_allclose([s.value for s in events.Scalars("epoch_" + name)],
                                       history.history[prefix + name], rtol=1e-6)


# ---------------------------------------------------------------- the keras.io guide
def get_uncompiled_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


def get_compiled_model():
    model = get_uncompiled_model()
    model.compile(
        optimizer="rmsprop",
        loss="sparse_categorical_crossentropy",
        metrics=["sparse_categorical_accuracy"],
    )
    return model


def test_guide_early_stopping_with_min_delta(capsys):
    (x_train, y_train), _ = mnist_like()
    model = get_compiled_model()
    callbacks = [
        keras.callbacks.EarlyStopping(
            # Stop training when `val_loss` is no longer improving
            monitor="val_loss",
            # "no longer improving" being defined as "no better than 1e-2 less"
            min_delta=1e-2,
            # "no longer improving" being further defined as "for at least 2 epochs"
            patience=2,
            verbose=1,
        )
    ]
    history = model.fit(
        x_train,
        y_train,
        epochs=20,
        batch_size=64,
        callbacks=callbacks,
        validation_split=0.2,
        verbose=0,
    )
    losses = history.history["val_loss"]
    assert len(losses) < 20
    assert min(losses[-2:]) > min(losses[:-2]) - 1e-2  # the last two epochs did not improve by min_delta
    assert capsys.readouterr().out == f"Epoch {len(losses)}: early stopping\n"


def test_guide_checkpointing_models(capsys):
    (x_train, y_train), _ = mnist_like()
    model = get_compiled_model()
    callbacks = [
        keras.callbacks.ModelCheckpoint(
            # Path where to save the model
            # The two parameters below mean that we will overwrite
            # the current checkpoint if and only if
            # the `val_loss` score has improved.
            # The saved model name will include the current epoch.
            filepath="mymodel_{epoch}.keras",
            save_best_only=True,  # Only save a model if `val_loss` has improved.
            monitor="val_loss",
            verbose=1,
        )
    ]
    history = model.fit(
        x_train, y_train, epochs=2, batch_size=64, callbacks=callbacks, validation_split=0.2, verbose=0
    )
    losses = history.history["val_loss"]
    assert losses[1] < losses[0]
    assert sorted(os.listdir()) == ["mymodel_1.keras", "mymodel_2.keras"]
    assert capsys.readouterr().out.splitlines() == [
        "", f"Epoch 1: val_loss improved from inf to {losses[0]:.5f}, saving model to mymodel_1.keras",
        "", f"Epoch 2: val_loss improved from {losses[0]:.5f} to {losses[1]:.5f}, saving model to mymodel_2.keras"]
    restored = keras.models.load_model("mymodel_2.keras")
    np.testing.assert_array_equal(restored.predict(x_train[:5], verbose=0), model.predict(x_train[:5], verbose=0))


def test_guide_learning_rate_schedules_by_callback():
    (x_train, y_train), _ = mnist_like()
    model = get_compiled_model()

    def scheduler(epoch, lr):
        if epoch < 2:
            return lr
        return lr * float(np.exp(-0.1))

    history = model.fit(x_train, y_train, epochs=4, batch_size=64, verbose=0,
                        callbacks=[keras.callbacks.LearningRateScheduler(scheduler)])
    np.testing.assert_allclose(history.history["lr"], [1e-3, 1e-3, 1e-3 * np.exp(-0.1), 1e-3 * np.exp(-0.2)],
                               rtol=1e-6)


def test_guide_reduce_lr_on_plateau():
    (x_train, y_train), (x_val, y_val) = mnist_like()
    model = get_compiled_model()
    reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=1, min_lr=1e-5,
                                                  min_delta=10.0)
    history = model.fit(x_train, y_train, epochs=4, batch_size=64, validation_data=(x_val, y_val), verbose=0,
                        callbacks=[reduce_lr])
    # The first epoch sets the best val_loss; no later one beats it by 10, so each lowers the rate.
    np.testing.assert_allclose(history.history["lr"], [1e-3, 1e-3, 2e-4, 4e-5], rtol=1e-6)
    assert history.history["val_loss"][-1] < history.history["val_loss"][0]


def test_guide_tensorboard_arguments():
    pytest.importorskip("tensorboardX")
    (x_train, y_train), _ = mnist_like()
    model = get_compiled_model()
    callbacks = [keras.callbacks.TensorBoard(
        log_dir="/full_path_to_your_logs".lstrip("/"),
        histogram_freq=0,  # How often to log histogram visualizations
        embeddings_freq=0,  # How often to log embedding visualizations
        update_freq="epoch",
    )]  # How often to write logs (default: once per epoch)
    model.fit(x_train, y_train, epochs=2, batch_size=64, callbacks=callbacks, verbose=0)
    assert sorted(os.listdir("full_path_to_your_logs")) == ["train"]
