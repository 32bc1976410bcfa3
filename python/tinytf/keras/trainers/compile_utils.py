"""What ``compile(loss=..., metrics=..., loss_weights=...)`` becomes: ``model.compiled_loss`` and
``model.compiled_metrics``, as in tf.keras 2 (whose names they keep, for the textbooks' custom steps).

Both are containers over the model's outputs, built at the first step from the real targets and
predictions:

1. a user structure is matched to the outputs: a dict by output name (an output missing from it
   gets None), a list by position, a single loss or metric list applies to every output;
2. each entry is resolved: a string id through ``keras.losses.get``/``keras.metrics.get``, a plain
   function wrapped (``LossFunctionWrapper``/``MeanMetricWrapper``, named after the function);
   ``"accuracy"``/``"acc"`` and ``"crossentropy"``/``"ce"`` pick the binary, categorical or sparse
   variant from the target and output shapes;
3. metrics are named as tf.keras names them: ``accuracy``, ``mse``, ``binary_accuracy``; with several
   outputs, ``<output>_<metric>`` (``department_accuracy``) and per-output losses ``<output>_loss``.

``compiled_loss(y_true, y_pred, sample_weight, regularization_losses)`` returns the total loss and
updates the ``loss`` tracker (a ``keras.metrics.Mean`` weighted by batch size, so the epoch's value is
the mean over samples); ``compiled_metrics.update_state(y_true, y_pred, sample_weight)`` updates the
metrics (``weighted_metrics`` see the sample weights, the others do not).
"""
import tinytf as tf
from tinytf import nest
from tinytf.keras import backend
from tinytf.keras import losses as losses_module
from tinytf.keras import metrics as metrics_module

_ACCURACY = ("accuracy", "acc")
_CROSSENTROPY = ("crossentropy", "ce")


# ---------------------------------------------------------------------------- matching structures to outputs
def pseudo_output_names(y_pred):
    """Names for the outputs of a subclassed model: ``output_1``, ``output_2``... (dict keys for a dict)."""
    if not nest.is_nested(y_pred):
        return ["output_1"]
    if isinstance(y_pred, dict):
        return [str(k) for k in sorted(y_pred)]
    return [f"output_{i + 1}" for i in range(len(nest.flatten(y_pred)))]


def check_output_names(struct, output_names, what):
    """Raises when the dict ``struct`` has keys that name no output."""
    unknown = [k for k in struct if k not in output_names]
    if unknown:
        raise ValueError(f"Found unexpected {what} that do not correspond to any Model output: {unknown}. "
                         f"Valid model output names: {list(output_names)}.")


def conform_to_outputs(struct, y_pred, output_names, what):
    """``struct`` (losses, metrics, weights or targets) as a flat list with one entry per output."""
    if struct is None:
        return [None] * len(nest.flatten(y_pred))
    if isinstance(struct, dict) and not isinstance(y_pred, dict):
        check_output_names(struct, output_names, what)
        struct = [struct.get(name) for name in output_names]
        if not nest.is_nested(y_pred):
            struct = struct[0]
    elif isinstance(struct, dict) and isinstance(y_pred, dict):
        check_output_names(struct, sorted(y_pred), what)
        struct = {k: struct.get(k) for k in y_pred}
    return flatten_up_to(y_pred, struct, what)


def flatten_up_to(shallow, deep, what="values"):
    """``deep`` cut at the structure of ``shallow`` (whose leaves may stand for lists in ``deep``)."""
    if not nest.is_nested(shallow):
        return [deep]
    if isinstance(shallow, dict):
        if not isinstance(deep, dict):
            raise ValueError(f"The model returns a dict of outputs {sorted(shallow)}, but the {what} are a "
                             f"{type(deep).__name__}: pass them as a dict with the same keys.")
        return [item for k in sorted(shallow) for item in flatten_up_to(shallow[k], deep.get(k), what)]
    if not isinstance(deep, (list, tuple)) or len(deep) != len(shallow):
        count = len(deep) if isinstance(deep, (list, tuple)) else "a single value"
        raise ValueError(f"The model has {len(shallow)} outputs, but {count} {what} were given: pass one per output "
                         "(a list in output order, or a dict keyed by output name).")
    return [item for s, d in zip(shallow, deep) for item in flatten_up_to(s, d, what)]


def broadcast(struct, y_pred):
    """A single object (not a list/dict) applies to every output; a list of one, to a single output."""
    if not nest.is_nested(y_pred):
        return struct[0] if isinstance(struct, (list, tuple)) and len(struct) == 1 else struct
    if struct is None or nest.is_nested(struct):
        return struct
    return nest.map_structure(lambda _: struct, y_pred)


def match_dtype_and_rank(y_true, y_pred, sample_weight=None):
    """tf.keras's courtesy to loss and metric functions: targets (and sample weights) of shape (n,) for
    outputs of shape (n, k) get a last axis; targets take the outputs' dtype when both are floating
    (or both integer), sample weights always."""
    y_true = tf.convert_to_tensor(y_true)
    if y_true.ndim == 1 and y_pred.ndim == 2:
        y_true = tf.expand_dims(y_true, -1)
    if y_true.dtype != y_pred.dtype and (y_true.dtype.is_floating == y_pred.dtype.is_floating):
        y_true = tf.cast(y_true, y_pred.dtype)
    if sample_weight is not None:
        sample_weight = tf.convert_to_tensor(sample_weight)
        if sample_weight.ndim == 1 and y_pred.ndim == 2:
            sample_weight = tf.expand_dims(sample_weight, -1)
        if sample_weight.dtype != y_pred.dtype:
            sample_weight = tf.cast(sample_weight, y_pred.dtype)
    return y_true, sample_weight


def _variant(identifier, y_true, y_pred, binary, sparse, categorical):
    """The binary, sparse or categorical one of three, from the shapes of targets and outputs (tf.keras's rule)."""
    true_shape, pred_shape = list(y_true.shape), list(y_pred.shape)
    if not true_shape or not pred_shape:
        raise ValueError(f"{identifier!r} cannot tell binary from categorical for scalar targets or outputs "
                         f"(targets {tuple(true_shape)}, outputs {tuple(pred_shape)}): name the metric or loss itself.")
    if pred_shape[-1] == 1:
        return binary
    if len(true_shape) < len(pred_shape) or (true_shape[-1] == 1 and pred_shape[-1] > 1):
        return sparse
    return categorical


def object_name(obj):
    """The name a custom loss or metric gets: its ``name``, a function's ``__name__``, a class's snake_case."""
    if getattr(obj, "name", None):
        return obj.name
    if hasattr(obj, "__name__"):
        return obj.__name__
    return backend.to_snake_case(type(obj).__name__)


def _rename(metric, name):
    try:
        metric.name = name
    except AttributeError:  # a read-only property over _name
        metric._name = name


# ---------------------------------------------------------------------------- losses
def get_loss(identifier, y_true=None, y_pred=None):
    """A Loss object for a string id, a Loss, or a function ``(y_true, y_pred) -> losses``."""
    if identifier is None:
        return None
    if isinstance(identifier, str) and identifier.lower() in _CROSSENTROPY:
        identifier = _variant(identifier, y_true, y_pred, "binary_crossentropy", "sparse_categorical_crossentropy",
                              "categorical_crossentropy")
    loss = losses_module.get(identifier)
    if isinstance(loss, type):
        loss = loss()
    if isinstance(loss, losses_module.Loss):
        return loss
    if not callable(loss):
        raise ValueError(f"Loss should be a callable, received: {loss!r}")
    name = identifier if isinstance(identifier, str) else object_name(loss)
    return losses_module.LossFunctionWrapper(loss, name=name)


class LossesContainer:
    """``model.compiled_loss``: the compiled losses of every output, their weights, and the loss trackers."""

    def __init__(self, losses, loss_weights=None, output_names=None):
        self._user_losses = losses  # as given: recompiling and saving read them
        self._user_loss_weights = loss_weights
        self._output_names = output_names
        self._total_loss_mean = metrics_module.Mean(name="loss")
        self._losses = None  # per output, once built
        self._loss_weights = None
        self._per_output_metrics = None
        self._built = False

    @property
    def built(self):
        return self._built

    @property
    def metrics(self):
        """The ``loss`` tracker, then ``<output>_loss`` per output (several outputs only)."""
        if not self._built:
            return []
        return [self._total_loss_mean] + [m for m in self._per_output_metrics if m is not None]

    def build(self, y_true, y_pred):
        if self._output_names is None:
            self._output_names = pseudo_output_names(y_pred)
        losses = conform_to_outputs(broadcast(self._user_losses, y_pred), y_pred, self._output_names, "losses")
        targets = conform_to_outputs(y_true, y_pred, self._output_names, "targets") if y_true is not None \
            else [None] * len(losses)
        outputs = nest.flatten(y_pred)
        self._losses = [get_loss(loss, t, p) if loss is not None else None
                        for loss, t, p in zip(losses, targets, outputs)]
        self._loss_weights = conform_to_outputs(broadcast(self._user_loss_weights, y_pred), y_pred,
                                                self._output_names, "loss weights")
        multi = len(self._output_names) > 1
        self._per_output_metrics = [metrics_module.Mean(name=f"{name}_loss") if multi and loss is not None else None
                                    for name, loss in zip(self._output_names, self._losses)]
        self._built = True

    def __call__(self, y_true, y_pred, sample_weight=None, regularization_losses=None):
        """The total loss: the weighted sum of the outputs' losses plus ``regularization_losses``."""
        if not self._built:
            self.build(y_true, y_pred)
        outputs = nest.flatten(y_pred)
        if y_true is None:
            if any(loss is not None for loss in self._losses):
                raise ValueError(f"Target data is missing. Your model was compiled with loss={self._user_losses!r}, "
                                 "and therefore expects target data to be provided in `fit()`: pass `y`, or make the "
                                 "dataset yield `(x, y)` pairs.")
            targets = [None] * len(outputs)
        else:
            targets = conform_to_outputs(y_true, y_pred, self._output_names, "targets")
        weights = conform_to_outputs(broadcast(sample_weight, y_pred), y_pred, self._output_names, "sample weights") \
            if sample_weight is not None else [None] * len(outputs)

        terms, batch_size = [], None
        for y_t, y_p, sw, loss, loss_weight, tracker in zip(targets, outputs, weights, self._losses,
                                                              self._loss_weights, self._per_output_metrics):
            if y_t is None or loss is None:  # an output that is not trained
                continue
            y_t, sw = match_dtype_and_rank(y_t, y_p, sw)
            value = loss(y_t, y_p, sample_weight=sw)
            if batch_size is None:
                batch_size = float(y_t.shape[0])  # weighs the batch in the epoch's mean
            if tracker is not None:
                tracker.update_state(value, sample_weight=batch_size)
            terms.append(value * loss_weight if loss_weight is not None else value)
        if regularization_losses:
            terms.append(tf.add_n(list(regularization_losses)))
        if not terms:
            return None
        total = tf.add_n(terms) if len(terms) > 1 else terms[0]
        self._total_loss_mean.update_state(total, sample_weight=batch_size)
        return total

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()


# ---------------------------------------------------------------------------- metrics
def get_metric(identifier, y_true, y_pred):
    """A Metric object for a string id, a Metric, a Metric class or a function ``(y_true, y_pred) -> values``."""
    if isinstance(identifier, str) and identifier.lower() in _ACCURACY + _CROSSENTROPY:
        names = ("binary_accuracy", "sparse_categorical_accuracy", "categorical_accuracy") \
            if identifier.lower() in _ACCURACY else \
            ("binary_crossentropy", "sparse_categorical_crossentropy", "categorical_crossentropy")
        function = getattr(metrics_module, _variant(identifier, y_true, y_pred, *names))
        return metrics_module.MeanMetricWrapper(function, name=identifier)
    metric = metrics_module.get(identifier)
    if isinstance(metric, type):
        metric = metric()
    if isinstance(metric, metrics_module.Metric):
        # tf.keras's names: a string id names its metric ("mse" -> mse), except a class name, which gives
        # the class's own default name ("AUC" -> auc)
        if isinstance(identifier, str) and identifier != type(metric).__name__:
            _rename(metric, identifier)
        return metric
    if not callable(metric):
        raise ValueError(f"Metric should be a callable, received: {metric!r}")
    name = identifier if isinstance(identifier, str) else object_name(metric)
    return metrics_module.MeanMetricWrapper(metric, name=name)


def _copy_metric(metric):
    """A fresh metric like ``metric`` (one per output when a single one was given for several)."""
    if isinstance(metric, metrics_module.Metric):
        return type(metric).from_config(metric.get_config())
    return metric


def _as_list(metrics):
    if metrics is None:
        return []
    return list(metrics) if isinstance(metrics, (list, tuple)) else [metrics]


class MetricsContainer:
    """``model.compiled_metrics``: the compiled metrics of every output, in tf.keras's order and names.

    Until its first ``update_state`` it also stands in ``model.metrics`` as Keras 3's ``compile_metrics``
    (a metric whose result is a dict), so that a Keras 3 ``train_step`` that updates every metric of
    ``self.metrics`` with ``(y, y_pred)`` builds and updates the compiled ones."""

    name = "compile_metrics"

    def __init__(self, metrics=None, weighted_metrics=None, output_names=None):
        seen, duplicated = set(), []
        for metric in nest.flatten(metrics) + nest.flatten(weighted_metrics):
            if isinstance(metric, metrics_module.Metric):
                if id(metric) in seen:
                    duplicated.append(metric)
                seen.add(id(metric))
        if duplicated:
            raise ValueError("Found duplicated metrics object in the user provided metrics and weighted metrics. This "
                             "will cause the same metric object to be updated multiple times, and report wrong "
                             f"results. Duplicated items: {duplicated}")
        self._user_metrics = metrics
        self._user_weighted_metrics = weighted_metrics
        self._output_names = output_names
        self._metrics = None  # per output: a list of metrics
        self._weighted_metrics = None
        self._metrics_in_order = []
        self._built = False

    @property
    def built(self):
        return self._built

    @property
    def metrics(self):
        """Per output, its metrics then its weighted metrics."""
        return list(self._metrics_in_order) if self._built else []

    @property
    def has_metrics(self):
        """Whether compile was given any metric."""
        return any(m is not None for m in nest.flatten(self._user_metrics) + nest.flatten(self._user_weighted_metrics))

    def result(self):
        """``{name: result}`` of the compiled metrics (empty until the first update)."""
        return {metric.name: metric.result() for metric in self.metrics}

    @property
    def unweighted_metrics(self):
        return [m for per_output in self._metrics for m in per_output] if self._built else None

    @property
    def weighted_metrics(self):
        return [m for per_output in self._weighted_metrics for m in per_output] if self._built else None

    def _per_output(self, user, y_true, y_pred):
        """One list of Metric objects per output."""
        if user is not None and nest.is_nested(y_pred) and (not nest.is_nested(user) or (
                isinstance(user, (list, tuple)) and not any(nest.is_nested(m) for m in user))):
            # one metric, or a flat list of them, for every output (copied: each output keeps its own state)
            per_output = [[_copy_metric(m) for m in _as_list(user)] for _ in nest.flatten(y_pred)]
        else:
            per_output = conform_to_outputs(user, y_pred, self._output_names, "metrics")
        targets = conform_to_outputs(y_true, y_pred, self._output_names, "targets") if y_true is not None \
            else [None] * len(per_output)
        return [[get_metric(m, t, p) for m in _as_list(metrics)]
                for metrics, t, p in zip(per_output, targets, nest.flatten(y_pred))]

    def build(self, y_true, y_pred):
        if self._output_names is None:
            self._output_names = pseudo_output_names(y_pred)
        self._metrics = self._per_output(self._user_metrics, y_true, y_pred)
        self._weighted_metrics = self._per_output(self._user_weighted_metrics, y_true, y_pred)
        self._set_names(len(self._output_names) > 1)
        self._metrics_in_order = [m for plain, weighted in zip(self._metrics, self._weighted_metrics)
                                  for m in plain + weighted]
        self._built = True

    def _set_names(self, multi):
        """``<output>_<name>`` with several outputs; a weighted metric whose name is taken gets ``weighted_``."""
        names = set()
        for output, plain, weighted in zip(self._output_names, self._metrics, self._weighted_metrics):
            for metric in plain:
                if multi:
                    _rename(metric, f"{output}_{metric.name}")
                if metric.name in names:
                    raise ValueError(f"Found two metrics with the same name: {metric.name}. All the metrics added to "
                                     "the model need to have unique names.")
                names.add(metric.name)
            for metric in weighted:
                if multi:
                    taken = f"{output}_{metric.name}" in names
                    _rename(metric, f"{output}_weighted_{metric.name}" if taken else f"{output}_{metric.name}")
                elif metric.name in names:
                    _rename(metric, f"weighted_{metric.name}")
                if metric.name in names:
                    raise ValueError(f"Found two weighted metrics with the same name: {metric.name}. All the metrics "
                                     "added to the model need to have unique names.")
                names.add(metric.name)

    def update_state(self, y_true, y_pred, sample_weight=None):
        if y_true is None:  # no targets (a model trained by add_loss alone): nothing to compare with
            return
        if not self._built:
            self.build(y_true, y_pred)
        targets = conform_to_outputs(y_true, y_pred, self._output_names, "targets")
        weights = conform_to_outputs(broadcast(sample_weight, y_pred), y_pred, self._output_names, "sample weights") \
            if sample_weight is not None else [None] * len(targets)
        for y_t, y_p, sw, plain, weighted in zip(targets, nest.flatten(y_pred), weights, self._metrics,
                                                 self._weighted_metrics):
            if y_t is None or not (plain or weighted):
                continue
            y_t, sw = match_dtype_and_rank(y_t, y_p, sw)
            for metric in plain:
                metric.update_state(y_t, y_p)
            for metric in weighted:
                metric.update_state(y_t, y_p, sample_weight=sw)

    def reset_state(self):
        metrics = self._metrics_in_order if self._built else \
            nest.flatten(self._user_metrics) + nest.flatten(self._user_weighted_metrics)
        for metric in metrics:
            if isinstance(metric, metrics_module.Metric):
                metric.reset_state()
