"""Resuming after a crash: a training process killed with SIGKILL in the middle of an epoch, then started again,
finishes with the weights an uninterrupted run gets, bit for bit: with BackupAndRestore (per epoch, and every
few batches), and with the keras.io guide's "make or restore" from ModelCheckpoint files."""
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

# A seeded fit that shuffles, drops out and uses Adam, so the resumed run must restore the weights, the
# optimizer's slots and iterations, where training stood, and the random generator. `Pause` stops the
# process (it sleeps) after a chosen step, so the test kills it at a known point, mid-epoch.
BACKUP_SCRIPT = textwrap.dedent("""
    import sys, time
    import numpy as np
    from tinytf import keras

    backup_dir, weights_file, save_freq, pause_at = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((96, 8)).astype("float32")
    y = (x[:, :3].argmax(axis=1)).astype("int32")
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dropout(0.3), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    class Pause(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_begin(self, batch, logs=None):
            print("step", self.epoch, batch, flush=True)

        def on_train_batch_end(self, batch, logs=None):
            if f"{self.epoch},{batch}" == pause_at:
                print("paused", flush=True)
                time.sleep(600)

    callbacks = [Pause()]
    if backup_dir != "-":
        save_freq = save_freq if save_freq == "epoch" else int(save_freq)
        callbacks.insert(0, keras.callbacks.BackupAndRestore(backup_dir, save_freq=save_freq))
    model.fit(x, y, epochs=4, batch_size=16, callbacks=callbacks, verbose=0)
    np.save(weights_file, np.concatenate([w.ravel() for w in model.get_weights()]))
    print("finished", int(model.optimizer.iterations.numpy()), flush=True)
""")


def run_until(command, line, cwd):
    """Starts ``command`` and waits for it to print ``line``; returns the process and what it printed."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = []
    for output in process.stdout:
        printed.append(output.strip())
        if output.strip() == line:
            return process, printed
    process.wait()
    raise AssertionError(f"{command} ended before printing {line!r}: {printed}\n{process.stderr.read()}")


def run(command, cwd):
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.slow
@pytest.mark.parametrize("save_freq, resumes_at", [("epoch", "step 2 0"), ("4", "step 2 4")])
def test_a_killed_fit_resumes_with_backup_and_restore_to_the_same_weights(tmp_path, save_freq, resumes_at):
    (tmp_path / "train.py").write_text(BACKUP_SCRIPT)
    python = [sys.executable, "train.py"]
    straight = run(python + ["-", "straight.npy", save_freq, "-"], tmp_path)
    assert straight[-1] == "finished 24"

    # Killed after step 5 of epoch 2 (6 steps an epoch). The last backup: the end of epoch 1 ("epoch"), or
    # every 4 steps counted across epochs, the 16th step: step 3 of epoch 2 done, so step 4 comes next.
    process, _ = run_until(python + ["backup", "resumed.npy", save_freq, "2,5"], "paused", tmp_path)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert sorted(os.listdir(tmp_path / "backup"))[-1] == "training_metadata.json"

    resumed = run(python + ["backup", "resumed.npy", save_freq, "-"], tmp_path)
    assert resumed[0] == resumes_at and resumed[-1] == "finished 24"
    assert not (tmp_path / "backup").exists()  # deleted once training finished
    np.testing.assert_array_equal(np.load(tmp_path / "resumed.npy"), np.load(tmp_path / "straight.npy"))


# The keras.io guide's fault-tolerance program, as it is written there (the data and the model made small,
# checkpoints every epoch named by it, and fit told where to go on: `initial_epoch` from the newest file).
GUIDE_SCRIPT = textwrap.dedent("""
    import os, sys, time
    import numpy as np
    from tinytf import keras

    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(0)
    x_train = rng.standard_normal((64, 8)).astype("float32")
    y_train = (x_train[:, :3].argmax(axis=1)).astype("int32")

    def get_compiled_model():
        inputs = keras.Input(shape=(8,), name="digits")
        x = keras.layers.Dense(16, activation="relu", name="dense_1")(inputs)
        outputs = keras.layers.Dense(3, activation="softmax", name="predictions")(x)
        model = keras.Model(inputs=inputs, outputs=outputs)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["sparse_categorical_accuracy"])
        return model

    # Prepare a directory to store all the checkpoints.
    checkpoint_dir = "./ckpt"
    if not os.path.exists(checkpoint_dir):
        os.makedirs(checkpoint_dir)

    def make_or_restore_model():
        # Either restore the latest model, or create a fresh one
        # if there is no checkpoint available.
        checkpoints = [checkpoint_dir + "/" + name for name in os.listdir(checkpoint_dir)]
        if checkpoints:
            latest_checkpoint = max(checkpoints, key=os.path.getctime)
            print("Restoring from", latest_checkpoint, flush=True)
            return keras.models.load_model(latest_checkpoint), int(latest_checkpoint[-8:-6])
        print("Creating a new model", flush=True)
        return get_compiled_model(), 0

    class Pause(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if sys.argv[1] == "pause" and self.model.optimizer.iterations.numpy() == 10:
                print("paused", flush=True)
                time.sleep(600)

    model, initial_epoch = make_or_restore_model()
    callbacks = [
        # This callback saves the model every epoch.
        keras.callbacks.ModelCheckpoint(filepath=checkpoint_dir + "/model-{epoch:02d}.keras"),
        Pause(),
    ]
    model.fit(x_train, y_train, epochs=4, batch_size=16, shuffle=False, callbacks=callbacks, verbose=0,
              initial_epoch=initial_epoch)
    np.save("weights.npy", np.concatenate([w.ravel() for w in model.get_weights()]))
    print("finished", int(model.optimizer.iterations.numpy()), flush=True)
""")


@pytest.mark.slow
def test_make_or_restore_from_the_newest_model_checkpoint(tmp_path):
    (tmp_path / "straight").mkdir()
    (tmp_path / "straight" / "train.py").write_text(GUIDE_SCRIPT)
    straight = run([sys.executable, "train.py", "go"], tmp_path / "straight")
    assert straight == ["Creating a new model", "finished 16"]

    (tmp_path / "train.py").write_text(GUIDE_SCRIPT)
    process, printed = run_until([sys.executable, "train.py", "pause"], "paused", tmp_path)
    process.send_signal(signal.SIGKILL)  # in epoch 3 (4 steps an epoch), after model-02.keras was saved
    process.wait()
    assert sorted(os.listdir(tmp_path / "ckpt")) == ["model-01.keras", "model-02.keras"]

    resumed = run([sys.executable, "train.py", "go"], tmp_path)
    assert resumed == ["Restoring from ./ckpt/model-02.keras", "finished 16"]
    np.testing.assert_array_equal(np.load(tmp_path / "weights.npy"), np.load(tmp_path / "straight" / "weights.npy"))
