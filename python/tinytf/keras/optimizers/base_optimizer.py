"""``keras.optimizers.Optimizer``: the base of every optimizer, with Keras 3's API.

    optimizer = keras.optimizers.RMSprop(learning_rate=1e-3)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))

What the base class owns (the subclasses add their slot variables and update rule):

- ``iterations``: an int64 ``tf.Variable``, the number of updates so far (+1 per apply);
- ``learning_rate``: a float32 ``tf.Variable`` (readable and settable while training:
  ``opt.learning_rate = 0.01`` or ``opt.learning_rate.assign(0.01)``), or a schedule called with
  ``iterations``, or a zero-argument callable;
- ``variables``: every state variable, in Keras 3's order and with Keras 3's names (``iteration``,
  ``learning_rate``, then the slots ``build`` creates: ``{variable path}_{slot name}``), which is
  the order a ``.keras`` file stores them in.

``apply(grads, variables)`` runs in numbered steps (read it top to bottom below):

1. build the slot variables on the first call (later calls must pass the same variables);
2. drop ``None`` gradients with Keras's warning (an error if none is left);
3. undo ``loss_scale_factor``, clip (``clipnorm``, ``clipvalue`` or ``global_clipnorm``);
4. weight decay and the update rule (``_backend_update_step``): for the built-in optimizers one
   C++ call over all variables (``tinytf.training_ops``, the rules of
   cpp/tinytf/kernels/optimizer_rules.h);
5. apply each variable's ``constraint``;
6. ``iterations += 1``.

A built-in optimizer names its rule (``_update_rule = "rmsprop"``), lists its slots
(``_slot_lists``) and hands its hyper-parameters to the rule (``_update_settings``). A user's
optimizer subclasses this class, creates its slots in ``build`` (``add_variable_from_reference``)
and writes ``update_step(gradient, variable, learning_rate)`` with tf ops, as in Keras 3.
"""
import re
import warnings

import numpy as np

import tinytf as tf
from tinytf import training_ops
from tinytf.keras import backend, initializers
from tinytf.keras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from tinytf.keras.optimizers.schedules.learning_rate_schedule import serialize as serialize_schedule
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export

_UNSUPPORTED = {"use_ema": False, "ema_overwrite_frequency": None, "gradient_accumulation_steps": None}


def _variable_path(variable):
    """Keras 3's path of a variable: ``dense/kernel`` for a layer weight, ``w:0`` for a plain tf.Variable."""
    return getattr(variable, "path", None) or str(variable.name)


@keras_export("keras.Optimizer", "keras.optimizers.Optimizer")
class Optimizer:
    """Base class: subclasses define ``build(variables)`` (slots) and ``update_step`` (the rule)."""

    _update_rule = None  # the built-ins: their fused C++ rule ("sgd", "rmsprop", ...)

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        self._lock = False  # set first: __setattr__ checks it to catch a subclass that skipped super().__init__()
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.")
        if kwargs:
            hint = " Use `learning_rate` instead of `lr`." if "lr" in kwargs else ""
            raise ValueError(f"Argument(s) not recognized: {kwargs}.{hint}")
        given = {"use_ema": use_ema, "ema_overwrite_frequency": ema_overwrite_frequency,
                 "gradient_accumulation_steps": gradient_accumulation_steps}
        for argument, value in given.items():
            if value != _UNSUPPORTED[argument]:
                raise ValueError(f"{type(self).__name__}: tinytf does not support `{argument}` (received "
                                 f"{argument}={value!r}); leave it at its default {_UNSUPPORTED[argument]!r}.")
        if sum(arg is not None for arg in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: "
                             f"clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}")

        self.name = name if name is not None else backend.unique_object_name(backend.to_snake_case(
            type(self).__name__))
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._trainable_variables_indices = {}

        self._iterations = self._new_variable(0, "iteration", tf.int64)
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            self._learning_rate = self._new_variable(self._float_learning_rate(learning_rate), "learning_rate",
                                                     backend.floatx())

    @staticmethod
    def _float_learning_rate(value):
        # Keras 3 wants a Python float; tf.keras 2 also took ints and NumPy numbers, so tinytf does too.
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            raise ValueError("Argument `learning_rate` should be float, or an instance of LearningRateSchedule, or "
                             "a callable (that takes in the current iteration value and returns the corresponding "
                             f"learning rate value). Received instead: learning_rate={value}")
        return float(value)

    # ------------------------------------------------------------------ state variables
    def _new_variable(self, initial_value, name, dtype):
        """A non-trainable state variable named and tracked as Keras 3 does (path ``adam/iteration``)."""
        path = f"{self.name}/{name}"
        variable = tf.Variable(initial_value, trainable=False, name=path, dtype=dtype)
        variable.path = path
        self._track_variable(variable)
        return variable

    def _track_variable(self, variable):
        if not any(v is variable for v in self._variables):
            self._variables.append(variable)

    def _untrack_variable(self, variable):
        self._variables = [v for v in self._variables if v is not variable]

    def __setattr__(self, name, value):
        # A tf.Variable held in an attribute is optimizer state (as Keras 3's tracker does).
        if name != "_lock":
            self._check_super_called()
            if isinstance(value, tf.Variable) and hasattr(self, "_variables"):
                self._track_variable(value)
        super().__setattr__(name, value)

    def _check_super_called(self):
        if not hasattr(self, "_lock"):
            raise RuntimeError(f"In optimizer '{type(self).__name__}', you forgot to call `super().__init__()` as "
                               "the first statement in the `__init__()` method. Go add it!")

    @property
    def variables(self):
        return self._variables[:]

    @property
    def iterations(self):
        return self._iterations

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", layout=None, name=None):
        """A new state variable of ``shape``, tracked in ``variables``."""
        self._check_super_called()
        dtype = tf.as_dtype(dtype if dtype is not None else backend.floatx())
        value = initializers.get(initializer)(tuple(shape), dtype=dtype)
        return self._new_variable(value, name if name is not None else "variable", dtype)

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A state variable shaped like ``reference_variable``, named ``{its path}_{name}``
        (``dense_kernel_momentum``; ``w_0_momentum`` for a plain ``tf.Variable`` named ``w``)."""
        prefix = _variable_path(reference_variable).replace("/", "_").replace(":", "_")
        return self.add_variable(shape=tuple(reference_variable.shape), initializer=initializer,
                                 dtype=reference_variable.dtype, name=f"{prefix}_{name or 'var'}")

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per trainable variable for each name in ``name`` (a str or a list), created
        variable by variable (``kernel_momentum, kernel_velocity, bias_momentum, ...``, Keras's order).
        Returns a list of slots, or a tuple of lists for several names."""
        names = [name] if isinstance(name, str) else list(name)
        initializers_ = [initializer] * len(names) if isinstance(initializer, (str, initializers.Initializer)) \
            else list(initializer)
        if len(names) != len(initializers_):
            raise ValueError(f"The number of provided names must match the number of provided initializers.  "
                             f"Received name='{name}', initializer='{initializer}'")
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for column, slot_name, slot_init in zip(slots, names, initializers_):
                column.append(self.add_variable_from_reference(variable, name=slot_name, initializer=slot_init))
        return slots[0] if isinstance(name, str) else slots

    def build(self, variables):
        """Remembers the trainable variables (their order gives each its slots); subclasses add slots."""
        variables = list(variables)
        keys = [self._var_key(v) for v in variables]
        if len(set(keys)) != len(keys):
            twice = sorted({_variable_path(v) for v in variables if keys.count(self._var_key(v)) > 1})
            raise ValueError(f"{type(self).__name__}.build: variables {twice} appear more than once in the list; "
                             "each variable can be updated once per step.")
        self._trainable_variables_indices = {key: i for i, key in enumerate(keys)}
        self._trainable_variables = variables
        self.built = True

    def _var_key(self, variable):
        return id(variable)

    def _get_variable_index(self, variable):
        return self._trainable_variables_indices[self._var_key(variable)]

    def _check_variables_are_known(self, variables):
        for variable in variables:
            if self._var_key(variable) not in self._trainable_variables_indices:
                raise ValueError(f"Unknown variable: {variable}. This optimizer can only be called for the "
                                 "variables it was originally built with. When working with a new set of variables, "
                                 "you should recreate a new optimizer instance.")

    def set_weights(self, weights):
        """Sets every state variable from NumPy arrays, in ``variables`` order."""
        if not self.built:
            raise ValueError("You are calling `set_weights()` on an optimizer that has not yet been built. Please "
                             "call `optimizer.build(trainable_variables)` to create the optimizer weights before "
                             "calling `set_weights()`.")
        for variable, weight in zip(self._variables, weights):
            if tuple(variable.shape) != tuple(getattr(weight, "shape", ())):
                raise ValueError(f"Optimizer variable {variable.path} has shape {tuple(variable.shape)} not "
                                 f"compatible with provided weight shape {tuple(weight.shape)}.")
        for variable, weight in zip(self._variables, weights):
            variable.assign(weight)

    def save_own_variables(self, store):
        """The state for a ``.keras`` file: ``store["0"], store["1"], ...`` in ``variables`` order."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        if len(store.keys()) != len(self.variables):
            message = (f"Skipping variable loading for optimizer '{self.name}', because it has "
                       f"{len(self.variables)} variables whereas the saved optimizer has {len(store.keys())} "
                       "variables. ")
            if not self.variables:
                message += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(message, stacklevel=2)
            return
        for i, variable in enumerate(self.variables):
            variable.assign(store[str(i)])

    # ------------------------------------------------------------------ the learning rate
    @property
    def learning_rate(self):
        """The float32 variable, or the schedule's value at ``iterations``, or the callable's value."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if isinstance(self._learning_rate, tf.Variable):
            return self._learning_rate
        return self._learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        previous = self._learning_rate if isinstance(self._learning_rate, tf.Variable) else None
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        elif isinstance(self._learning_rate, LearningRateSchedule):
            raise TypeError("This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` "
                            "constructor argument, hence its learning rate is not settable. If you need the learning "
                            "rate to be settable, you should instantiate the optimizer with a float `learning_rate` "
                            "argument.")
        elif previous is None:  # it was a callable: a variable again
            self._learning_rate = self._new_variable(self._float_learning_rate(learning_rate), "learning_rate",
                                                     backend.floatx())
        else:
            previous.assign(self._float_learning_rate(learning_rate))
        if previous is not None and self._learning_rate is not previous:
            self._untrack_variable(previous)

    lr = learning_rate  # tf.keras 2's alias

    # ------------------------------------------------------------------ applying gradients
    def apply_gradients(self, grads_and_vars):
        """``apply_gradients(zip(grads, variables))``: one update of every variable. Returns ``iterations``."""
        pairs = list(grads_and_vars)
        if not pairs:
            raise ValueError("apply_gradients() received no (gradient, variable) pairs: pass "
                             "zip(grads, model.trainable_variables).")
        grads, variables = zip(*pairs)
        self.apply(grads, variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """One update: ``grads`` matches ``trainable_variables`` (or, if None, the variables the
        optimizer was built with) one to one."""
        grads = list(grads)
        if not grads:
            return
        # 1. build on the first call; afterwards only the same variables are accepted
        if trainable_variables is None:
            if not self.built:
                raise ValueError("When passing `grads` without `variables`, the optimizer must already be built on "
                                 "a list of variables. Call `optimizer.build(trainable_variables)` first. ")
            if len(grads) != len(self._trainable_variables):
                raise ValueError("When passing `grads` as a list of gradient tensors, the gradients must match "
                                 f"`optimizer.variables` one-to-one. Received a list of {len(grads)} gradients, but "
                                 f"the optimizer is tracking {len(self._trainable_variables)} trainable variables.")
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if len(grads) != len(trainable_variables):
                raise ValueError(f"apply: got {len(grads)} gradients for {len(trainable_variables)} variables; "
                                 "pass one gradient (or None) per variable.")
            if not self.built:
                self.build(trainable_variables)
            self._check_variables_are_known(trainable_variables)

        # 2. variables without a gradient are left alone
        grads, trainable_variables = self._filter_empty_gradients(grads, trainable_variables)
        grads = [self._as_gradient(g, v) for g, v in zip(grads, trainable_variables)]

        # 3. loss scaling and clipping
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        grads = self._clip_gradients(grads)

        # 4. weight decay and the update rule
        self._backend_update_step(grads, trainable_variables, self.learning_rate)

        # 5. constraints (a layer weight's `constraint`, e.g. keras.constraints.NonNeg)
        for variable in trainable_variables:
            constraint = getattr(variable, "constraint", None)
            if constraint is not None:
                variable.assign(constraint(variable))

        # 6. one more step
        self._iterations.assign_add(1)

    @staticmethod
    def _as_gradient(gradient, variable):
        """Tensors as they are (the update checks their dtype); NumPy arrays and numbers in the variable's dtype."""
        if isinstance(gradient, tf.Tensor):
            return gradient
        return tf.convert_to_tensor(gradient, dtype=variable.dtype)

    def _filter_empty_gradients(self, grads, variables):
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        missing = [_variable_path(v) for g, v in zip(grads, variables) if g is None]
        if not kept:
            raise ValueError(f"No gradients provided for any variable: {missing}. Check that the loss depends on "
                             "the variables (and that they are trainable tf.Variables read inside the tape).")
        if missing:
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the loss. If using "
                          "`model.compile()`, did you forget to provide a `loss` argument?")
        return [g for g, _ in kept], [v for _, v in kept]

    def _clip_gradients(self, grads):
        if self.clipnorm and self.clipnorm > 0:
            return [self._clip_by_norm(g) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return [tf.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _clip_by_norm(self, values):
        """``values * clipnorm / max(norm(values), clipnorm)``, Keras's rule (a zero gradient stays zero)."""
        l2sum = tf.reduce_sum(tf.square(values), keepdims=True)
        positive = l2sum > 0
        l2norm = tf.where(positive, tf.sqrt(tf.where(positive, l2sum, tf.ones_like(l2sum))), l2sum)
        return (values * self.clipnorm) / tf.maximum(l2norm, self.clipnorm)

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        """Weight decay and the update of every variable. The built-ins: one fused C++ call. A user's
        optimizer: weight decay (fused), then its ``update_step`` variable by variable."""
        if self._update_rule is not None:
            self._fused_update(self._update_rule, grads, trainable_variables, learning_rate)
            return
        if self.weight_decay is not None:
            self._fused_update("weight_decay", grads, trainable_variables, learning_rate)
        for grad, variable in zip(grads, trainable_variables):
            self.update_step(grad, variable, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        """The update of one variable (without weight decay, as in Keras)."""
        if self._update_rule is None:
            raise NotImplementedError(f"{type(self).__name__} must define update_step(gradient, variable, "
                                      "learning_rate), the update of one variable.")
        self._fused_update(self._update_rule, [gradient], [variable], learning_rate, weight_decay=False)

    def _fused_update(self, rule, grads, variables, learning_rate, weight_decay=True):
        """One C++ call: checks every variable, gradient and slot, then updates them all."""
        settings = training_ops.OptimizerSettings()
        settings.learning_rate = float(learning_rate)
        settings.step = int(self._iterations) + 1
        settings.has_weight_decay = weight_decay and self.weight_decay is not None
        if settings.has_weight_decay:
            settings.weight_decay = float(self.weight_decay)
        slots = []
        if rule != "weight_decay":
            self._update_settings(settings)
            slots = [[kind[self._get_variable_index(v)] for v in variables] if kind else []
                     for kind in self._slot_lists()]
        decay = [settings.has_weight_decay and self._use_weight_decay(v) for v in variables]
        training_ops.apply_optimizer_step(type(self).__name__, rule, settings, list(variables), list(grads), slots,
                                          decay)

    def _slot_lists(self):
        """The built-ins: their slot variables, kind by kind in the rule's order (each a list with one
        slot per trainable variable, or [] for a kind these settings do not use)."""
        return []

    def _update_settings(self, settings):
        """The built-ins: copy their hyper-parameters into ``settings`` (a training_ops.OptimizerSettings)."""

    def assign(self, variable, value):
        variable.assign(value)

    def assign_add(self, variable, value):
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        variable.assign_sub(value)

    def scale_loss(self, loss):
        """The loss times ``loss_scale_factor`` (if set); ``apply`` divides the gradients by it again."""
        return loss * self.loss_scale_factor if self.loss_scale_factor is not None else loss

    def finalize_variable_values(self, var_list):
        """Called by ``fit`` when training ends: nothing to do without ``use_ema`` (which tinytf does not support)."""

    # ------------------------------------------------------------------ weight decay
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Variables (``var_list``) or name fragments (``var_names=["bias"]``) that weight decay skips.
        Call it before the optimizer is built."""
        if self.built:
            raise ValueError("`exclude_from_weight_decay()` can only be configured before the optimizer is built.")
        self._exclude_from_weight_decay = {self._var_key(v) for v in var_list or []}
        self._exclude_from_weight_decay_pattern = re.compile("|".join(set(var_names))) if var_names else None

    def _use_weight_decay(self, variable):
        if self._var_key(variable) in getattr(self, "_exclude_from_weight_decay", set()):
            return False
        pattern = getattr(self, "_exclude_from_weight_decay_pattern", None)
        return pattern is None or re.search(pattern, str(variable.name)) is None

    # ------------------------------------------------------------------ saved state (Keras 3's methods)
    def save_own_variables(self, store):
        """``variables`` (iterations, learning rate, slots) into ``store`` as "0", "1"... (a saved file's
        ``optimizer/vars``, keras/saving/weights_file.py)."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Sets ``variables`` from ``store``; as in Keras 3, a store with another number of variables (an
        optimizer not built yet, or built for other variables) is skipped with a warning."""
        variables = self.variables
        if len(store) != len(variables):
            message = (f"Skipping variable loading for optimizer '{self.name}', because it has {len(variables)} "
                       f"variables whereas the saved optimizer has {len(store)} variables. ")
            if not self.built:
                message += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(message, stacklevel=2)
            return
        self._check_own_variables(store)
        for i, variable in enumerate(variables):
            variable.assign(np.asarray(store[str(i)]).astype(variable.dtype.as_numpy_dtype))

    def _check_own_variables(self, store, where="the store"):
        """A ValueError naming the slot and both shapes if a saved value does not fit (counts are load's business)."""
        if len(store) != len(self.variables):
            return
        for i, variable in enumerate(self.variables):
            saved = tuple(np.shape(store[str(i)]))
            if saved != tuple(variable.shape):
                raise ValueError(f"Optimizer variable {_variable_path(variable)} has shape {tuple(variable.shape)} "
                                 f"not compatible with provided weight shape {saved} ({where}/{i}).")

    # ------------------------------------------------------------------ configuration
    def get_config(self):
        """The constructor arguments (Keras 3's keys); the learning rate as its current float value
        or its schedule's config."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            learning_rate = serialize_schedule(self._learning_rate)
        elif isinstance(self._learning_rate, tf.Variable):
            learning_rate = float(self._learning_rate.numpy())
        else:
            learning_rate = serialization_lib.serialize_keras_object(self._learning_rate)
        return {"name": self.name, "learning_rate": learning_rate, "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue,
                "use_ema": self.use_ema, "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency, "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = serialization_lib.deserialize_keras_object(config["learning_rate"],
                                                                                 custom_objects=custom_objects)
        return cls(**config)


def global_norm(value_list):
    """sqrt of the sum of squares of every element of every tensor in the list."""
    return tf.sqrt(tf.reduce_sum(tf.stack([tf.reduce_sum(tf.square(v)) for v in value_list])))


def clip_by_global_norm(value_list, clip_norm):
    """Scales every tensor by ``clip_norm / max(global_norm, clip_norm)``; NaN everywhere if the norm is not finite."""
    use_norm = global_norm(value_list)
    scale = clip_norm * tf.minimum(1.0 / use_norm, 1.0 / clip_norm) + (use_norm - use_norm)
    return [v * scale for v in value_list]
