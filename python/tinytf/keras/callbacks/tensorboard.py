"""``keras.callbacks.TensorBoard``: event files that TensorBoard draws (``tensorboard --logdir logs``).

    board = keras.callbacks.TensorBoard(log_dir="logs", histogram_freq=1)
    model.fit(x, y, epochs=10, validation_split=0.2, callbacks=[board])

What it writes, laid out as tf.keras 2 lays it out (one run per folder):

    logs/train/        epoch_loss, epoch_accuracy, ... at step = epoch (counting from 0); with
                       update_freq="batch" or n, batch_loss, ... every n training steps (step = the
                       steps of this fit so far, from 1); weight histograms <weight name>/histogram
                       every histogram_freq epochs; the model's config (tag "keras") for the graph tab
    logs/validation/   epoch_loss, ... of the validation (the val_ values without "val_"), and
                       evaluation_loss_vs_iterations, ... at step = optimizer.iterations after every
                       evaluation (also an evaluate() given this callback)

The files are TensorBoard's own format (TFRecord framing with masked CRC-32C around ``Event``
protobufs) written by ``tensorboardX``: a maintained writer that needs only ``protobuf`` and
``numpy`` (about 0.5 MB installed), where the ``tensorboard`` package's writer brings its server,
gRPC, Pillow and more (about 30 MB). ``pip install "tinytf[tensorboard]"`` installs it.

tinytf runs eagerly, so there is no op graph to show: ``write_graph`` writes the Keras model's
config (a Sequential or functional model's ``to_json()``), which TensorBoard's graph tab draws as
the "conceptual graph", as tf.keras 2 does beside its op graph. ``profile_batch`` and
``embeddings_freq`` need TensorFlow's profiler and checkpoints: only their "off" values (0) are taken.
"""
import itertools
import os
import time
import warnings

import numpy as np

from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.callbacks.step_counter import StepCounter
from tinytf.keras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from tinytf.keras.saving.object_registration import keras_export

_FILE_NUMBERS = itertools.count()  # a new event file gets a new name, even within the same second
_V1_ARGUMENTS = {"write_grads", "embeddings_layer_names", "embeddings_data", "batch_size"}  # ignored, as tf.keras 2


def summary_writer_class():
    """tensorboardX's SummaryWriter, or an ImportError that says what to install."""
    try:
        from tensorboardX import SummaryWriter
    except ImportError as e:
        raise ImportError("keras.callbacks.TensorBoard writes its event files with the tensorboardX package, which is "
                          "not installed. Install it with `pip install tensorboardX` (or `pip install "
                          "\"tinytf[tensorboard]\"`).") from e
    return SummaryWriter


@keras_export("keras.callbacks.TensorBoard")
class TensorBoard(Callback):
    """Writes the metrics of every epoch (and, when asked, of every ``update_freq`` batches), the
    validation's, weight histograms and the model's config for TensorBoard."""

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0, embeddings_freq=0,
                 embeddings_metadata=None, **kwargs):
        super().__init__()
        unknown = set(kwargs) - _V1_ARGUMENTS
        if unknown:
            raise ValueError(f"Unrecognized arguments in `TensorBoard` Callback: {unknown}. Supported kwargs are: "
                             f"{_V1_ARGUMENTS}")
        if update_freq not in ("epoch", "batch") and (isinstance(update_freq, bool) or not isinstance(update_freq, int)
                                                       or update_freq < 1):
            raise ValueError(f'`update_freq` must be "epoch", "batch" or a positive integer. Received: '
                             f"update_freq={update_freq!r}")
        if not isinstance(histogram_freq, int) or histogram_freq < 0:
            raise ValueError(f"`histogram_freq` must be a non-negative integer. Received: histogram_freq="
                             f"{histogram_freq!r}")
        if profile_batch not in (0, None, (0, 0), [0, 0]):
            raise ValueError(f"TensorBoard(profile_batch={profile_batch!r}): profiling needs TensorFlow's profiler, "
                             "which tinytf does not have; leave profile_batch=0.")
        if embeddings_freq:
            raise ValueError(f"TensorBoard(embeddings_freq={embeddings_freq!r}): the embedding projector reads "
                             "TensorFlow checkpoints, which tinytf does not write; leave embeddings_freq=0.")
        self._writer_class = summary_writer_class()  # fails now, not after the first epoch, if it is missing
        self._supports_tf_logs = True
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers = {}
        self._in_fit = False
        self._steps = StepCounter()  # .total: the steps of this fit so far (tf.keras's model._train_counter)
        self._epoch_start = self._batch_start = 0.0

    # ---- the two runs
    def _writer(self, run):
        """The writer of ``run`` ("train" or "validation"), made when first needed (no empty runs)."""
        if run not in self._writers:
            # Named as TensorFlow names them (time, host, then process and a counter), so that a second writer
            # in the same second (an evaluate after fit) starts a file of its own instead of overwriting one.
            suffix = f".{os.getpid()}.{next(_FILE_NUMBERS)}.v2"
            self._writers[run] = self._writer_class(logdir=os.path.join(self.log_dir, run), filename_suffix=suffix)
        return self._writers[run]

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # ---- hooks
    def set_model(self, model):
        super().set_model(model)
        self._close_writers()
        if self.write_graph:
            self._write_model_config()

    def on_train_begin(self, logs=None):
        self._steps = StepCounter()
        self._in_fit = True

    def on_train_end(self, logs=None):
        self._in_fit = False
        self._close_writers()  # what the writers hold reaches the files (they also write every 2 minutes)

    def on_epoch_begin(self, epoch, logs=None):
        self._steps.start_epoch()
        self._epoch_start = time.time()

    def _implements_train_batch_hooks(self):
        return self.update_freq != "epoch" or self.write_steps_per_second

    def on_train_batch_begin(self, batch, logs=None):
        self._batch_start = time.time()

    def on_train_batch_end(self, batch, logs=None):
        self._steps.advance(batch)
        step = self._steps.total
        writer = self._writer("train")
        if self.write_steps_per_second:
            writer.add_scalar("batch_steps_per_second", 1.0 / max(time.time() - self._batch_start, 1e-9),
                              step)
        if self.update_freq != "epoch" and step % self.update_freq == 0:
            for name, value in _scalars(logs):
                writer.add_scalar("batch_" + name, value, step)

    def on_epoch_end(self, epoch, logs=None):
        train = {k: v for k, v in (logs or {}).items() if not k.startswith("val_")}
        validation = {k[len("val_"):]: v for k, v in (logs or {}).items() if k.startswith("val_")}
        schedule = getattr(self.model.optimizer, "_learning_rate", None)
        if isinstance(schedule, LearningRateSchedule):  # the rate is a schedule: show where it stands
            train["learning_rate"] = schedule(self.model.optimizer.iterations)
        if self.write_steps_per_second:
            train["steps_per_second"] = self._steps.in_epoch / max(time.time() - self._epoch_start, 1e-9)
        for run, values in (("train", train), ("validation", validation)):
            if values:
                writer = self._writer(run)
                for name, value in _scalars(values):
                    writer.add_scalar("epoch_" + name, value, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write_weights(epoch)

    def on_test_begin(self, logs=None):
        self._writer("validation")

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None:
            return
        step = int(np.asarray(optimizer.iterations))
        writer = self._writer("validation")
        for name, value in _scalars(logs):
            writer.add_scalar(f"evaluation_{name}_vs_iterations", value, step)
        if not self._in_fit:  # an evaluate() of its own ends here, with no on_train_end to close the file
            writer.close()
            del self._writers["validation"]

    # ---- what is written besides scalars
    def _write_weights(self, epoch):
        """A histogram (and with ``write_images`` a picture) of every weight, tagged as tf.keras 2 tags them."""
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                name = weight.name.replace(":", "_")
                values = np.asarray(weight.numpy())
                writer.add_histogram(name + "/histogram", values, epoch, bins="tensorflow")
                if self.write_images:
                    image = _as_images(values)
                    if image is not None:
                        writer.add_images(name + "/image", image, epoch, dataformats="NHWC")

    def _write_model_config(self):
        """The model's JSON config under the tag "keras" with the graph_keras_model plugin, which TensorBoard's
        graph tab draws (tf.keras 2's ``keras_model_summary``); only Sequential and functional models have one."""
        functional = getattr(self.model, "functional_class", None)  # keras.Model fills the slot (a floor above)
        if not (functional and isinstance(self.model, functional)) and type(self.model).__name__ != "Sequential":
            return
        try:
            config = self.model.to_json()
        except Exception as e:  # noqa: BLE001 - as tf.keras: a model that cannot be written must not stop training
            warnings.warn(f"Model failed to serialize as JSON. Ignoring... {e}", stacklevel=3)
            return
        from tensorboardX.proto.summary_pb2 import Summary, SummaryMetadata
        from tensorboardX.proto.tensor_pb2 import TensorProto
        from tensorboardX.proto.types_pb2 import DT_STRING

        metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="graph_keras_model",
                                                                          content=b"1"))
        tensor = TensorProto(dtype=DT_STRING, string_val=[config.encode("utf-8")])
        summary = Summary(value=[Summary.Value(tag="keras", metadata=metadata, tensor=tensor)])
        # tensorboardX has no public call for a summary with its own plugin: its file writer takes one as is.
        self._writer("train")._get_file_writer().add_summary(summary, global_step=0)


def _scalars(logs):
    """``(name, float)`` of the logs' single numbers (tensors read here), skipping anything else."""
    for name, value in (logs or {}).items():
        array = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
        if array.ndim == 0 and array.dtype.kind in "fiub":
            yield name, float(array)


def _as_images(weight):
    """A weight as a batch of grey NHWC images, by tf.keras 2's rules: a bias a 1-pixel-high strip, a kernel
    one image (wider than high), a 3-D kernel one image per output channel; None for other ranks."""
    values = np.squeeze(weight)
    if values.ndim == 1:
        return values.reshape(1, 1, -1, 1)
    if values.ndim == 2:
        if values.shape[0] > values.shape[1]:
            values = values.T
        return values.reshape(1, values.shape[0], values.shape[1], 1)
    if values.ndim == 3:
        values = np.transpose(values, (2, 0, 1))
        return values.reshape(values.shape[0], values.shape[1], values.shape[2], 1)
    return None
