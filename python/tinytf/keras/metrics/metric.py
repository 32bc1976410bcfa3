"""``keras.metrics.Metric``: the base of every metric, a small state machine over tf.Variables.

    m = keras.metrics.Mean()
    m.update_state([1.0, 3.0])      # state: total = 4, count = 2 (Variables, updated on the device)
    m.update_state([5.0])
    float(m.result())               # 3.0: read back to the host only here
    m.reset_state()                 # total = count = 0 again

A subclass creates its state with ``add_weight`` (a non-trainable tf.Variable the metric tracks), and
implements ``update_state(y_true, y_pred, sample_weight=None)`` with ``assign``/``assign_add`` and
``result()``; the state is never copied to NumPy on the way, so metrics cost no host round trip per
batch. ``reset_state`` sets every variable back to zeros; ``metric(y_true, y_pred)`` updates and
returns the result. The variables are those ``add_weight`` created plus any Variable or Metric held
in an attribute (found each time ``variables`` is read, as for layers).
"""
import tinytf as tf
from tinytf.keras import backend, initializers
from tinytf.keras.layers.weight_tracking import add_weight_arguments, held_in_attributes
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.metrics.Metric", "keras.Metric")
class Metric:
    """Base class of metrics: subclasses define ``update_state``, ``result`` and create their state in
    ``__init__`` with ``add_weight``."""

    def __init__(self, dtype=None, name=None):
        self.name = name or backend.unique_object_name(backend.to_snake_case(type(self).__name__))
        self._dtype = tf.as_dtype(dtype or backend.floatx()).name
        self._own_variables = []

    @property
    def dtype(self):
        return self._dtype

    # ------------------------------------------------------------------ state
    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation="sum", name=None):
        """A new non-trainable Variable of this metric's state, initialised by ``initializer``."""
        if not hasattr(self, "_own_variables"):
            raise RuntimeError(f"{type(self).__name__}: you forgot to call `super().__init__()` in the `__init__()` "
                               "method. Go add it!")
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        dtype = tf.as_dtype(dtype or self._dtype)
        value = initializers.get(initializer or "zeros")(shape, dtype=dtype)
        variable = tf.Variable(tf.cast(value, dtype) if value.dtype != dtype else value, trainable=False,
                               name=name or "Variable", dtype=dtype)
        self._own_variables.append(variable)
        return variable

    def add_weight(self, *args, **kwargs):
        """``add_variable`` under its older name: ``add_weight(shape=(), initializer="zeros", dtype=None,
        name=None)``. tf.keras 2's order, with the name first (``add_weight("total", shape=())``), works too;
        its ``aggregation``/``synchronization`` arguments are accepted and ignored."""
        kwargs = add_weight_arguments(args, kwargs, order=("shape", "initializer", "dtype", "name"),
                                      name_first_order=("name", "shape", "aggregation", "synchronization",
                                                        "initializer", "dtype"))
        kwargs.pop("aggregation", None)
        kwargs.pop("synchronization", None)
        unknown = set(kwargs) - {"shape", "initializer", "dtype", "name"}
        if unknown:
            raise TypeError(f"add_weight() got unexpected keyword arguments {sorted(unknown)}")
        return self.add_variable(**kwargs)

    @property
    def variables(self):
        """This metric's state: its own variables, then those held in attributes and those of the metrics it holds."""
        result = list(self._own_variables)
        for held in held_in_attributes(self, (tf.Variable, Metric)):
            for variable in held.variables if isinstance(held, Metric) else [held]:
                if not any(variable is v for v in result):
                    result.append(variable)
        return result

    weights = variables  # tf.keras 2's name

    # ------------------------------------------------------------------ the protocol
    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define update_state(y_true, y_pred, "
                                  "sample_weight=None), which accumulates the state with assign/assign_add")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__} must define result(), which computes the metric's value "
                                  "from its state")

    def reset_state(self):
        """Every variable back to zeros."""
        for variable in self.variables:
            variable.assign(tf.zeros(variable.shape, dtype=variable.dtype))

    def reset_states(self):
        """tf.keras 2's name of ``reset_state``."""
        self.reset_state()

    def __call__(self, *args, **kwargs):
        """``update_state(*args, **kwargs)``, then the ``result()``."""
        self.update_state(*args, **kwargs)
        return self.result()

    # ------------------------------------------------------------------ config
    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"
