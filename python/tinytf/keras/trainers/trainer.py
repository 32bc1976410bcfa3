"""``Trainer``: compile, fit, evaluate and predict, the training half of ``keras.Model`` (a base class of it).

    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.2)
    model.evaluate(x_test, y_test)          # [loss, accuracy]
    model.predict(x_test[:3])               # NumPy

``fit`` is a straight loop (read it top to bottom below): a data adapter turns the data into
batches, the epoch loop runs ``train_step`` on each batch with the callbacks around it, and each
epoch ends with the validation and ``on_epoch_end``. ``train_step(data)`` is one forward pass
under one ``GradientTape``, one ``optimizer.apply_gradients`` and the metric updates; override it
(and ``test_step``, ``predict_step``, ``compute_loss``, ``metrics``) to customise what ``fit`` does
while keeping its callbacks, progress bar and History.

The metrics stay tensors during an epoch (their state lives in variables): the step returns
``{name: metric.result()}``, and nothing is read back to Python until the progress bar prints or
the epoch ends. Everything runs eagerly (``tf.function`` is eager in tinytf): ``run_eagerly``,
``jit_compile`` and ``steps_per_execution`` are accepted, the last one grouping batches between
callback calls as in Keras.

This file imports nothing from ``keras/models``: a trainer works on ``self``, the model.
"""
import contextlib
import warnings

import tinytf as tf
from tinytf import nest
from tinytf.keras import metrics as metrics_module
from tinytf.keras import optimizers as optimizers_module
from tinytf.keras.callbacks.callback_list import CallbackList, python_values
from tinytf.keras.layers.weight_tracking import remembered_walks
from tinytf.keras.saving import serialization_lib
from tinytf.keras.trainers import compile_utils
from tinytf.keras.trainers.data_adapters import get_data_adapter, train_validation_split, unpack_x_y_sample_weight
from tinytf.keras.trainers.epoch_iterator import EpochIterator

_SHAPE_DEPENDENT_IDS = ("accuracy", "acc", "crossentropy", "ce")  # resolved at the first step, from the data's shapes


class Trainer:
    """compile / fit / evaluate / predict and the steps they run. Its state is set by ``compile``."""

    # Until compile() runs (class attributes, so a Model needs no extra __init__).
    _is_compiled = False
    optimizer = None
    compiled_loss = None
    compiled_metrics = None
    loss = None
    history = None
    stop_training = False
    train_function = None
    test_function = None
    predict_function = None
    _run_eagerly = None
    _jit_compile = None
    _steps_per_execution = 1
    _added_metric_trackers = None
    _compile_config = None
    _validation = None  # fit's validation batches, while fit runs
    _initial_epoch = None  # where a callback (BackupAndRestore) resumes an interrupted fit: the epoch,
    _initial_step = None  # and the steps of it already done; set in on_train_begin, read once by fit
    _run_attribute_metrics = None  # the metrics held in attributes, while fit/evaluate runs

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None,
                run_eagerly=None, steps_per_execution=None, jit_compile=None, pss_evaluation_shards=0, **kwargs):
        """Configures the model for training: the optimizer, the loss(es) and the metrics.

        Each may be a string id, an object or a plain function; ``loss``, ``metrics`` and
        ``loss_weights`` may be lists (in output order) or dicts (by output name) for a model with
        several outputs. Compiling again replaces everything, the optimizer's state too."""
        kwargs.pop("from_serialized", None)
        if "experimental_steps_per_execution" in kwargs and not steps_per_execution:
            steps_per_execution = kwargs.pop("experimental_steps_per_execution")
        if kwargs:
            raise TypeError(f"Invalid keyword argument(s) in `compile()`: {sorted(kwargs)}. Valid keyword arguments "
                            "include \"cloning\", \"experimental_run_tf_function\", \"distribute\", \"target_tensors\", "
                            "or \"sample_weight_mode\".")
        if run_eagerly and jit_compile:
            raise ValueError("You cannot enable `run_eagerly` and `jit_compile` at the same time.")
        steps_per_execution = 1 if steps_per_execution in (None, "auto") else steps_per_execution
        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(f"`steps_per_execution` must be a positive integer, got {steps_per_execution!r}.")

        # 1. Check every string id and output name now, so that a typo fails here, not in fit.
        self._check_compile_arguments(loss, metrics, weighted_metrics, loss_weights)

        # 2. Replace the whole configuration: a string id makes a new optimizer (fresh state).
        self.optimizer = optimizers_module.get(optimizer)
        output_names = self._known_output_names()
        self.compiled_loss = compile_utils.LossesContainer(loss, loss_weights, output_names=output_names)
        self.compiled_metrics = compile_utils.MetricsContainer(metrics, weighted_metrics, output_names=output_names)
        self._added_metric_trackers = AddedMetrics()
        self.loss = loss or {}
        self._run_eagerly = run_eagerly
        self._jit_compile = jit_compile
        self._steps_per_execution = steps_per_execution
        self.train_function = self.test_function = self.predict_function = None
        self.stop_training = False
        # What get_compile_config() saves: the arguments, with the optimizer object (its config, as Keras 3).
        self._compile_config = {"optimizer": self.optimizer, "loss": loss, "loss_weights": loss_weights,
                                "metrics": metrics, "weighted_metrics": weighted_metrics,
                                "run_eagerly": bool(run_eagerly), "steps_per_execution": steps_per_execution,
                                "jit_compile": bool(jit_compile)}
        self._is_compiled = True

    def get_compile_config(self):
        """compile()'s arguments as Keras 3's config (the ``compile_config`` of a ``.keras`` file); {} before compile."""
        if not self._is_compiled:
            return {}
        return serialization_lib.serialize_keras_object(self._compile_config)

    def compile_from_config(self, config):
        """Compiles the model from ``get_compile_config()``'s output (``keras.models.load_model`` does it), and
        builds the optimizer's slots for the model's variables so that their saved values can be loaded."""
        if type(self).compile is not Trainer.compile:
            warnings.warn("`compile()` was not called as part of model loading because the model's `compile()` "
                          "method is custom. All subclassed Models that have `compile()` overridden should also "
                          "override `get_compile_config()` and `compile_from_config(config)`. Alternatively, you can "
                          "call `compile()` manually after loading.", stacklevel=2)
            return
        self.compile(**serialization_lib.deserialize_keras_object(config))
        if self.built:
            self.optimizer.build(self.trainable_variables)

    def _known_output_names(self):
        """The output names of a functional or Sequential model; None for a subclassed one (named later)."""
        try:
            names = getattr(self, "output_names", None)
        except (AttributeError, ValueError):  # a Sequential model without an input shape yet
            return None
        return list(names) if names else None

    def _check_compile_arguments(self, loss, metrics, weighted_metrics, loss_weights):
        for identifier in nest.flatten(loss):
            if isinstance(identifier, str) and identifier.lower() not in _SHAPE_DEPENDENT_IDS:
                compile_utils.get_loss(identifier)  # raises for an unknown id, naming the valid ones
        for identifier in nest.flatten(metrics) + nest.flatten(weighted_metrics):
            if isinstance(identifier, str) and identifier.lower() not in _SHAPE_DEPENDENT_IDS:
                metrics_module.get(identifier)
        names = self._known_output_names()
        if names is None:
            return
        for what, struct in [("losses", loss), ("metrics", metrics), ("weighted metrics", weighted_metrics),
                             ("loss weights", loss_weights)]:
            if isinstance(struct, dict):
                compile_utils.check_output_names(struct, names, what)
            elif isinstance(struct, (list, tuple)) and what in ("losses", "loss weights") and len(names) > 1 \
                    and len(struct) != len(names):
                raise ValueError(f"When passing a list as {what}, it should have one entry per model output. The "
                                 f"model has {len(names)} outputs ({names}), but you passed {what}={struct!r}.")

    @property
    def run_eagerly(self):
        return bool(self._run_eagerly)

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = value

    @property
    def jit_compile(self):
        return bool(self._jit_compile)

    @jit_compile.setter
    def jit_compile(self, value):
        self._jit_compile = value

    @property
    def steps_per_execution(self):
        return self._steps_per_execution

    @steps_per_execution.setter
    def steps_per_execution(self, value):
        self._steps_per_execution = value

    def _assert_compile_was_called(self):
        if not self._is_compiled:
            raise RuntimeError("You must compile your model before training/testing. Use "
                               "`model.compile(optimizer, loss)`.")

    # ------------------------------------------------------------------ metrics
    @property
    def metrics(self):
        """The metrics ``fit`` reports, in tf.keras's order: the ``loss`` tracker (and ``<output>_loss``),
        the compiled metrics, those of ``add_metric``, then metric objects the model or its layers hold
        as attributes. The compiled ones exist once the first step ran; before, the compiled metrics
        stand there as one ``compile_metrics`` entry (Keras 3's)."""
        result = []
        if self._is_compiled:
            compiled = self.compiled_metrics
            unbuilt = [compiled] if not compiled.built and compiled.has_metrics else []  # Keras 3's compile_metrics
            result += self.compiled_loss.metrics + (compiled.metrics or unbuilt) + self._added_metric_trackers.metrics
        seen = {id(m) for m in result}
        for metric in self._attribute_metrics():
            if id(metric) not in seen:
                seen.add(id(metric))
                result.append(metric)
        return result

    def _attribute_metrics(self):
        """keras.metrics objects held as attributes (also in lists) by the model and the layers inside it.

        Found by walking the layers; while fit/evaluate runs, once (``_run_attribute_metrics``)."""
        if self._run_attribute_metrics is not None:
            return self._run_attribute_metrics
        found = []
        for layer in self._flatten_layers(include_self=True):
            for value in vars(layer).values():
                for item in (value if isinstance(value, (list, tuple)) else [value]):
                    if isinstance(item, metrics_module.Metric):
                        found.append(item)
        return found

    @property
    def metrics_names(self):
        """The names of ``metrics``: the keys of ``evaluate(return_dict=True)`` and of History (with ``val_``)."""
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        """Resets the state of every metric (``fit`` does it at each epoch, ``evaluate`` at its start)."""
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self):
        """``{name: result}`` of ``metrics`` (tensors; a metric whose result is a dict adds its entries)."""
        results = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                results.update(result)
            else:
                results[metric.name] = result
        return results

    # ------------------------------------------------------------------ the steps
    def train_step(self, data):
        """One training step on one batch: forward pass, loss, gradients, update, metrics.

        ``data`` is the batch: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``. Returns the values
        the callbacks and the progress bar get, by default ``{name: result}`` of ``metrics``."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight)
        self._validate_target_and_loss(y, loss)
        variables = self.trainable_variables
        gradients = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(gradients, variables))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        """One evaluation step: forward pass in inference mode, the loss tracker and the metrics."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        self.compute_loss(x, y, y_pred, sample_weight)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """One prediction step: the model's outputs for the batch's ``x``."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The total loss of a batch: the compiled losses plus the model's ``losses`` (``add_loss``,
        regularizers). It also updates the ``loss`` tracker."""
        return self.compiled_loss(y, y_pred, sample_weight, regularization_losses=self.losses)

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics (and the ``add_metric`` ones) and returns ``get_metrics_result()``."""
        self.compiled_metrics.update_state(y, y_pred, sample_weight)
        self._added_metric_trackers.update(self._collect_added_metrics())
        return self.get_metrics_result()

    def _validate_target_and_loss(self, y, loss):
        if self.loss and y is None:
            raise ValueError(f"Target data is missing. Your model was compiled with loss={self.loss!r}, and therefore "
                             "expects target data to be provided in `fit()`.")
        if loss is None:
            raise ValueError("No loss found. You may have forgotten to provide a `loss` argument in the `compile()` "
                             "method.")

    def make_train_function(self, force=False):
        """The function ``fit`` calls on each group of ``steps_per_execution`` batches."""
        if self.train_function is None or force:
            self.train_function = _run_steps(self, "train_step")
        return self.train_function

    def make_test_function(self, force=False):
        if self.test_function is None or force:
            self.test_function = _run_steps(self, "test_step")
        return self.test_function

    def make_predict_function(self, force=False):
        if self.predict_function is None or force:
            self.predict_function = _run_steps(self, "predict_step", keep_all=True)
        return self.predict_function

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1,
            max_queue_size=10, workers=1, use_multiprocessing=False):
        """Trains the model for ``epochs`` passes over the data; returns the ``History``."""
        # 1. Check the model is compiled and the arguments make sense.
        self._assert_compile_was_called()
        verbose = _verbosity(verbose)
        _check_validation_freq(validation_freq)
        _check_positive_int("epochs", epochs)

        # 2. Split off the validation data: the last `validation_split` of the arrays, before shuffling.
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = train_validation_split((x, y, sample_weight), validation_split)

        # 3. The training data as epochs of batches (the adapter checks sizes and types now, before training).
        epoch_iterator = EpochIterator(
            get_data_adapter(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps_per_epoch,
                             shuffle=shuffle, class_weight=class_weight),
            steps_per_epoch, self._steps_per_execution, epochs=epochs - initial_epoch)
        validation = None
        if validation_data is not None:
            val_x, val_y, val_sample_weight = unpack_x_y_sample_weight(validation_data)
            validation = EpochIterator(
                get_data_adapter(val_x, val_y, val_sample_weight, batch_size=validation_batch_size or batch_size,
                                 steps_per_epoch=validation_steps),
                validation_steps, self._steps_per_execution)

        # 4. The callbacks: the user's, then History and the progress bar.
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=epochs, steps=epoch_iterator.num_batches)

        # 5. The epoch loop.
        self.stop_training = False
        train_function = self.make_train_function()
        callbacks.on_train_begin()
        initial_epoch, steps_done = self._resume_point(initial_epoch)
        training_logs = None
        with self._running(validation):
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callbacks.on_epoch_begin(epoch)

                # 6. The step loop: `train_step` on each batch, the callbacks around it.
                logs = None
                for first_step, last_step, batches in epoch_iterator.epoch():
                    if last_step < steps_done:  # a resumed epoch: these batches were trained on before
                        continue
                    callbacks.on_train_batch_begin(first_step)
                    logs = train_function(batches)
                    callbacks.on_train_batch_end(last_step, logs)
                    if self.stop_training:
                        break
                steps_done = 0
                if logs is None:  # the data ran out before this epoch's first step
                    break

                # 7. The epoch's results, read as Python numbers once, then the validation's (`val_...`).
                epoch_logs = python_values(self._metrics_result_or(logs))
                if validation is not None and _should_eval(epoch, validation_freq):
                    val_logs = self.evaluate(callbacks=callbacks, return_dict=True, _use_cached_eval_dataset=True)
                    epoch_logs.update({"val_" + name: value for name, value in val_logs.items()})
                callbacks.on_epoch_end(epoch, epoch_logs)
                training_logs = epoch_logs
                if self.stop_training or epoch_iterator.ran_out:
                    break
        callbacks.on_train_end(logs=training_logs)
        return self.history

    def _resume_point(self, initial_epoch):
        """``(epoch, steps already done in it)`` where the epoch loop starts: ``initial_epoch``, unless a callback
        restored an interrupted run in ``on_train_begin`` (BackupAndRestore sets ``_initial_epoch``/``_initial_step``,
        as in Keras 3); read once."""
        epoch, step = self._initial_epoch, self._initial_step
        self._initial_epoch = self._initial_step = None
        return (initial_epoch, 0) if epoch is None else (epoch, step or 0)

    @contextlib.contextmanager
    def _running(self, validation=None):
        """While fit or evaluate runs: its validation batches, the metrics held in attributes found
        once instead of at every step (an evaluate inside fit keeps fit's), and each layer's
        attributes walked once (``remembered_walks``, keras/layers/weight_tracking.py)."""
        if self._run_attribute_metrics is not None:
            yield
            return
        with remembered_walks():
            self._run_attribute_metrics = self._attribute_metrics()
            self._validation = validation
            try:
                yield
            finally:
                self._run_attribute_metrics = None
                self._validation = None

    def _metrics_result_or(self, logs):
        """The model's metrics, unless a custom step returned other keys: then what it returned (as Keras does)."""
        results = self.get_metrics_result()
        if isinstance(logs, dict) and set(logs) == set(results):
            return results
        return dict(logs) if isinstance(logs, dict) else {"output": logs}

    # ------------------------------------------------------------------ evaluate
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, max_queue_size=10, workers=1, use_multiprocessing=False, return_dict=False,
                 **kwargs):
        """The loss and metrics on the data: ``loss``, ``[loss, *metrics]`` or, with ``return_dict``, a dict."""
        use_cached = kwargs.pop("_use_cached_eval_dataset", False)
        if kwargs:
            raise TypeError(f"Invalid keyword arguments: {list(kwargs)}")
        self._assert_compile_was_called()
        verbose = _verbosity(verbose)
        if use_cached:  # fit's validation data, adapted once
            epoch_iterator = self._validation
        else:
            epoch_iterator = EpochIterator(
                get_data_adapter(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps),
                steps, self._steps_per_execution)
        epoch_iterator.start_over()
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
                                     steps=epoch_iterator.num_batches)

        test_function = self.make_test_function()
        with self._running():
            self.reset_metrics()
            callbacks.on_test_begin()
            logs = None
            for first_step, last_step, batches in epoch_iterator.epoch():
                callbacks.on_test_batch_begin(first_step)
                logs = test_function(batches)
                callbacks.on_test_batch_end(last_step, logs)
            logs = python_values(self._metrics_result_or(logs)) if logs is not None else {}
        callbacks.on_test_end(logs)
        return logs if return_dict else self._in_metrics_order(logs)

    def _in_metrics_order(self, logs):
        """The values of ``logs`` as ``evaluate`` lists them: in ``metrics_names`` order, then the rest
        sorted by name; a single value alone."""
        names = self.metrics_names
        values = [logs[name] for name in names if name in logs] + [logs[k] for k in sorted(logs) if k not in names]
        return values[0] if len(values) == 1 else values

    # ------------------------------------------------------------------ predict
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, max_queue_size=10, workers=1,
                use_multiprocessing=False):
        """The model's outputs for ``x``, batch by batch, as NumPy arrays (in the structure the model returns)."""
        verbose = _verbosity(verbose)
        epoch_iterator = EpochIterator(get_data_adapter(x, batch_size=batch_size, steps_per_epoch=steps),
                                       steps, self._steps_per_execution)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
                                     steps=epoch_iterator.num_batches)
        predict_function = self.make_predict_function()
        callbacks.on_predict_begin()
        outputs = []  # one structure of tensors per batch; read back to NumPy once, at the end
        with remembered_walks():
            for first_step, last_step, batches in epoch_iterator.epoch():
                callbacks.on_predict_batch_begin(first_step)
                batch_outputs = predict_function(batches)
                outputs += batch_outputs
                callbacks.on_predict_batch_end(last_step, {"outputs": batch_outputs[-1]})
        callbacks.on_predict_end()
        return _concatenate(outputs)

    # ------------------------------------------------------------------ one batch
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True,
                       return_dict=False):
        """One ``train_step`` on the whole of ``x``; returns the metrics like ``evaluate``."""
        self._assert_compile_was_called()
        if reset_metrics:
            self.reset_metrics()
        batch = _single_batch(x, y, sample_weight, class_weight)
        logs = python_values(self._metrics_result_or(self.make_train_function()([batch])))
        return logs if return_dict else self._in_metrics_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
        """One ``test_step`` on the whole of ``x``."""
        self._assert_compile_was_called()
        if reset_metrics:
            self.reset_metrics()
        batch = _single_batch(x, y, sample_weight)
        logs = python_values(self._metrics_result_or(self.make_test_function()([batch])))
        return logs if return_dict else self._in_metrics_order(logs)

    def predict_on_batch(self, x):
        """The model's outputs for the whole of ``x``, as NumPy."""
        return _concatenate(self.make_predict_function()([_single_batch(x)]))


class AddedMetrics:
    """The running means of the values layers report with ``add_metric`` (one ``keras.metrics.Mean`` per name)."""

    def __init__(self):
        self._trackers = {}

    @property
    def metrics(self):
        return list(self._trackers.values())

    def update(self, added):
        for entry in added:
            name = entry["name"]
            if name not in self._trackers:
                self._trackers[name] = metrics_module.Mean(name=name)
            tracker = self._trackers[name]
            if entry["aggregation"] is None:  # an already aggregated value: shown as the latest one
                tracker.reset_state()
            tracker.update_state(entry["value"])


def _run_steps(model, step_name, keep_all=False):
    """A function running ``model.<step_name>`` on each batch of a group (``steps_per_execution``);
    it returns the last step's logs, or (``keep_all``) every step's outputs."""
    def run(batches):
        step = getattr(model, step_name)  # looked up at each call: a subclass may override it
        results = [step(data) for data in batches]
        return results if keep_all else results[-1]
    return run


def _single_batch(x, y=None, sample_weight=None, class_weight=None):
    """All of ``x`` (and ``y``, ``sample_weight``) as one batch."""
    adapter = get_data_adapter(x, y, sample_weight, steps_per_epoch=1, class_weight=class_weight)
    return next(iter(adapter.batches()))


def _concatenate(outputs):
    """Per-batch outputs (structures of tensors) joined along the batch axis, as NumPy."""
    if not outputs:
        return None
    flat = [nest.flatten(o) for o in outputs]
    joined = [(tf.concat(list(parts), axis=0) if len(parts) > 1 else parts[0]).numpy() for parts in zip(*flat)]
    return nest.pack_sequence_as(outputs[0], joined)


def _verbosity(verbose):
    """tf.keras's rule: "auto" is 1 (a progress bar; one line per epoch when the output is not a terminal)."""
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1, 2 or \"auto\", got {verbose!r}.")
    return verbose


def _should_eval(epoch, validation_freq):
    epoch += 1  # the user counts from 1
    return epoch % validation_freq == 0 if isinstance(validation_freq, int) else epoch in validation_freq


def _check_validation_freq(validation_freq):
    if isinstance(validation_freq, bool) or not isinstance(validation_freq, (int, list, tuple)):
        raise ValueError(f"Expected `validation_freq` to be a list or int. Received: validation_freq={validation_freq} "
                         f"of the type {type(validation_freq)}.")
    if isinstance(validation_freq, int) and validation_freq < 1:
        raise ValueError(f"`validation_freq` must be a positive integer, got {validation_freq}.")


def _check_positive_int(name, value, zero_ok=False):
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if zero_ok else 1):
        raise ValueError(f"`{name}` must be a {'non-negative' if zero_ok else 'positive'} integer, got {value!r}.")

