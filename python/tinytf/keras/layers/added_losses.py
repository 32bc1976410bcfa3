"""``AddedLosses``: what ``add_loss`` and ``add_metric`` record during a call (a base class of ``Layer``).

A loss term belongs to the call that added it: the outermost ``Layer.__call__`` clears every
layer's terms first, so ``model.losses`` after a forward pass holds that pass's terms (the
activity regularizers' among them) plus the callables (weight regularizers), evaluated each time
``losses`` is read. ``add_metric`` values work the same way; the training loop reads them with
``_collect_added_metrics()``. It leans on ``WeightTracking._flatten_layers`` to find the layers inside.
"""
import tinytf as tf


class AddedLosses:
    """add_loss / losses and add_metric, over a layer and the layers inside it."""

    def __init__(self):
        self._losses = []  # tensors added during the latest call
        self._callable_losses = []  # zero-argument callables (weight regularizers), evaluated when read
        self._added_metrics = []  # {"name", "value", "aggregation"} dicts of the latest call

    def add_loss(self, loss):
        """Adds a loss term (a scalar tensor, or a zero-argument callable) to ``losses``.

        Called inside ``call``, the term belongs to that call: the next outermost
        call starts afresh, as in Keras."""
        if callable(loss) and not isinstance(loss, (tf.Tensor, tf.Variable)):
            self._callable_losses.append(loss)
        else:
            self._losses.append(loss if isinstance(loss, tf.Tensor) else tf.convert_to_tensor(loss, dtype_hint=self._dtype))

    @property
    def losses(self):
        """The losses added by this layer and the layers inside it (regularization penalties included)."""
        result = []
        for layer in self._flatten_layers(include_self=True):
            result += layer._losses
            result += [fn() for fn in layer._callable_losses]
        return result

    def _clear_losses(self):
        for layer in self._flatten_layers(include_self=True):
            layer._losses = []
            layer._added_metrics = []

    def add_metric(self, value, name=None, aggregation="mean"):
        """Records a value to report as a metric (averaged over an epoch by ``fit``).

        Like losses, what a call records is replaced by the next call's. The training
        loop reads them with ``_collect_added_metrics()``: a list of dicts
        {"name", "value", "aggregation"}."""
        if name is None:
            raise ValueError("Please provide a name for your metric like "
                             "`self.add_metric(tf.reduce_sum(inputs), name='mean_activation')`")
        if aggregation not in ("mean", None):
            raise ValueError(f"add_metric: aggregation must be 'mean' (or None), got {aggregation!r}")
        self._added_metrics.append({"name": name, "value": value, "aggregation": aggregation})

    def _collect_added_metrics(self):
        result = []
        for layer in self._flatten_layers(include_self=True):
            result += layer._added_metrics
        return result
