"""keras.callbacks.TensorBoard: event files the real tensorboard package reads back (its EventAccumulator), laid
out and tagged as tf.keras 2 does; clear errors for what it cannot do. Tags, steps and values against a
recorded tf_keras run: test_callbacks_keras.py (the tensorboard_* scenarios)."""
import os
import struct
import sys

import numpy as np
import pytest

from tinytf import keras
from tinytf.keras import layers

pytest.importorskip("tensorboardX")
event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


def classifier():
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu", name="hidden"),
                              layers.Dense(3, activation="softmax", name="out")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype("float32"), rng.integers(0, 3, n)


def read(run_dir):
    """The classic EventAccumulator (simple-value scalars, histograms, images) of one run."""
    accumulator = event_accumulator.EventAccumulator(str(run_dir), size_guidance={event_accumulator.SCALARS: 0,
                                                                                  event_accumulator.HISTOGRAMS: 0,
                                                                                  event_accumulator.IMAGES: 0})
    accumulator.Reload()
    return accumulator


def test_epoch_scalars_are_the_history(tmp_path):
    x, y = data()
    history = classifier().fit(x, y, epochs=3, batch_size=10, validation_split=0.25, verbose=0,
                               callbacks=[keras.callbacks.TensorBoard(log_dir=tmp_path)])
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    for run, prefix in (("train", ""), ("validation", "val_")):
        events = read(tmp_path / run)
        for name in ("loss", "accuracy"):
            scalars = events.Scalars("epoch_" + name)
            assert [s.step for s in scalars] == [0, 1, 2]
            np.testing.assert_allclose([s.value for s in scalars], history.history[prefix + name], rtol=1e-6)


def test_histograms_hold_every_weight(tmp_path):
    x, y = data()
    model = classifier()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path, histogram_freq=2)])
    events = read(tmp_path / "train")
    assert sorted(events.Tags()["histograms"]) == ["hidden/bias_0/histogram", "hidden/kernel_0/histogram",
                                                   "out/bias_0/histogram", "out/kernel_0/histogram"]
    (kernel,) = events.Histograms("hidden/kernel_0/histogram")  # epoch 0 only: every second epoch
    values = model.get_layer("hidden").kernel.numpy()
    assert kernel.step == 0 and kernel.histogram_value.num == values.size
    assert kernel.histogram_value.min == pytest.approx(values.min(), abs=0.5)  # the weights moved in epoch 2


def test_update_freq_writes_batch_scalars_whatever_the_verbosity(tmp_path):
    x, y = data()
    classifier().fit(x, y, epochs=2, batch_size=10, verbose=0,
                     callbacks=[keras.callbacks.TensorBoard(tmp_path, update_freq=3, write_graph=False)])
    events = read(tmp_path / "train")
    assert [s.step for s in events.Scalars("batch_loss")] == [3, 6]  # 8 steps in this fit
    assert sorted(events.Tags()["scalars"]) == ["batch_accuracy", "batch_loss", "epoch_accuracy", "epoch_loss"]


def test_images_steps_per_second_and_a_schedule_s_learning_rate(tmp_path):
    x, y = data()
    model = classifier()
    model.compile(optimizer=keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, 4, 0.5)),
                  loss="sparse_categorical_crossentropy")
    board = keras.callbacks.TensorBoard(tmp_path, histogram_freq=1, write_images=True, write_steps_per_second=True,
                                        update_freq="epoch")
    model.fit(x, y, epochs=1, batch_size=10, verbose=0, callbacks=[board])
    events = read(tmp_path / "train")
    assert set(events.Tags()["scalars"]) == {"epoch_loss", "epoch_learning_rate", "epoch_steps_per_second",
                                             "batch_steps_per_second"}
    assert events.Scalars("epoch_learning_rate")[0].value == pytest.approx(0.1 * 0.5 ** (4 / 4))
    assert len(events.Scalars("batch_steps_per_second")) == 4
    assert "hidden/kernel_0/image" in events.Tags()["images"]
    image = events.Images("hidden/kernel_0/image")[0]
    assert (image.width, image.height) == (8, 4)  # the kernel (4, 8), wider than high


def test_the_model_config_for_the_graph_tab_and_none_for_a_subclassed_model(tmp_path):
    x, y = data()
    classifier().fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path / "a")])
    events = read(tmp_path / "a" / "train")
    assert events.Tags()["tensors"] == ["keras"]
    assert b'"class_name": "Sequential"' in events.Tensors("keras")[0].tensor_proto.string_val[0]

    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(3, activation="softmax")

        def call(self, inputs):
            return self.dense(inputs)

    model = Subclassed()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path / "b")])
    assert read(tmp_path / "b" / "train").Tags()["tensors"] == []


def test_event_files_are_tfrecords_with_masked_crc32c(tmp_path):
    """The framing, checked by hand: length, masked CRC-32C of the length, data, masked CRC-32C of the data."""
    x, y = data()
    classifier().fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path, write_graph=False)])
    (name,) = os.listdir(tmp_path / "train")
    assert name.startswith("events.out.tfevents.")
    blob = (tmp_path / "train" / name).read_bytes()
    records, offset = 0, 0
    while offset < len(blob):
        (length,) = struct.unpack("<Q", blob[offset:offset + 8])
        (length_crc,) = struct.unpack("<I", blob[offset + 8:offset + 12])
        assert length_crc == masked_crc32c(blob[offset:offset + 8])
        payload = blob[offset + 12:offset + 12 + length]
        (payload_crc,) = struct.unpack("<I", blob[offset + 12 + length:offset + 16 + length])
        assert payload_crc == masked_crc32c(payload)
        offset += 16 + length
        records += 1
    assert offset == len(blob) and records == 3  # the file version, epoch_loss, epoch_accuracy


def masked_crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    crc ^= 0xFFFFFFFF
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


# ---------------------------------------------------------------- errors
def test_without_tensorboardx_the_error_names_the_pip_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboardX", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"pip install tensorboardX.*tinytf\[tensorboard\]"):
        keras.callbacks.TensorBoard("logs")


@pytest.mark.parametrize("arguments, message", [
    ({"update_freq": "step"}, '`update_freq` must be "epoch", "batch" or a positive integer'),
    ({"update_freq": 0}, '`update_freq` must be "epoch", "batch" or a positive integer'),
    ({"histogram_freq": -1}, "`histogram_freq` must be a non-negative integer"),
    ({"profile_batch": 3}, "profiling needs TensorFlow's profiler"),
    ({"embeddings_freq": 1}, "embedding projector reads TensorFlow checkpoints"),
    ({"write_grad": True}, "Unrecognized arguments in `TensorBoard` Callback: {'write_grad'}"),
])
def test_arguments_it_cannot_honour_are_refused(arguments, message, tmp_path):
    with pytest.raises(ValueError, match=message):
        keras.callbacks.TensorBoard(tmp_path, **arguments)
    assert os.listdir(tmp_path) == []


def test_tf_keras_1_arguments_are_accepted_and_ignored(tmp_path):
    keras.callbacks.TensorBoard(tmp_path, write_grads=False, batch_size=32)
