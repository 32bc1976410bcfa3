"""Recurrent layers: RNN (a cell run over time), LSTMCell and LSTM.

A recurrent layer reads a sequence (batch, steps, features) one step at a time,
carrying a state from each step to the next. The *cell* says what one step does;
``RNN`` runs it over the steps with a plain Python loop of tf ops (so
GradientTape differentiates through time by itself, "backpropagation through
time"):

    states = initial_state or zeros
    for x_t in the steps:                      # reversed with go_backwards=True
        output_t, states = cell(x_t, states)
    return output_T  (or every output_t with return_sequences=True; plus the final states with return_state=True)

The LSTM cell (Hochreiter & Schmidhuber 1997, Keras's gate order i, f, c, o) keeps a
hidden state h and a carry c:

    z = x_t @ kernel + h @ recurrent_kernel + bias         # (batch, 4 * units), split in four
    i = recurrent_activation(z_i)   input gate:  how much new content to write
    f = recurrent_activation(z_f)   forget gate: how much of the carry to keep
    c = f * c + i * activation(z_c)
    o = recurrent_activation(z_o)   output gate: how much of the carry to show
    h = o * activation(c)                                  # the step's output and new hidden state

Weights: kernel (features, 4u), recurrent_kernel (u, 4u), bias (4u,): LSTM(32) on 8
features holds 8*128 + 32*128 + 128 = 5248 parameters. ``unit_forget_bias=True``
starts the forget gate's bias at 1, so the layer remembers by default.

Masks: ``call`` takes an explicit boolean ``mask`` (batch, steps), e.g. from
``Embedding(mask_zero=True).compute_mask(ids)``; a masked step leaves the states
unchanged and repeats the previous output, as in Keras. tinytf does not pass masks
from layer to layer by itself (see docs/keras.md), so pass it by hand; in a
functional model:

    ids = keras.Input(shape=(None,), dtype="int32")
    mask = layers.Lambda(lambda t: tf.not_equal(t, 0))(ids)
    outputs = layers.LSTM(32)(layers.Embedding(10000, 64, mask_zero=True)(ids), mask=mask)

``stateful=True`` and ``time_major=True`` are not supported.
"""
import tinytf as tf
from tinytf.keras import activations, initializers, regularizers
from tinytf.keras.layers.base_layer import Layer
from tinytf.keras.saving import serialization_lib
from tinytf.keras.saving.object_registration import keras_export


def _dropout_masks(like, rate, count, seed=None):
    """``count`` inverted-dropout masks shaped like ``like``: 0 with probability rate, else 1 / (1 - rate)."""
    return [tf.cast(tf.random.uniform(list(like.shape), dtype=like.dtype, seed=seed) >= rate, like.dtype)
            * (1.0 / (1.0 - rate)) for _ in range(count)]


@keras_export("keras.layers.LSTMCell")
class LSTMCell(Layer):
    """One LSTM step: ``cell(x_t, [h, c]) -> (h_new, [h_new, c_new])``. ``LSTM`` runs it over a sequence."""

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, implementation=2, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        if self.units <= 0:
            raise ValueError(f"Received an invalid value for argument `units`, expected a positive integer, "
                             f"got {units}.")
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = kernel_constraint
        self.recurrent_constraint = recurrent_constraint
        self.bias_constraint = bias_constraint
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        # Keras's implementation 2 fuses the four gates; recurrent dropout needs the per-gate form (1).
        self.implementation = 1 if self.recurrent_dropout else int(implementation)
        self.seed = seed
        self.state_size = [self.units, self.units]
        self.output_size = self.units
        self.reset_dropout_mask()

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(f"The last dimension (features) of the inputs to {type(self).__name__} should be "
                             f"defined. Found None. Full input shape received: {tuple(input_shape)}")
        self.kernel = self.add_weight(name="kernel", shape=(input_dim, 4 * self.units),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(name="recurrent_kernel", shape=(self.units, 4 * self.units),
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        if self.use_bias:
            bias_initializer = self.bias_initializer
            if self.unit_forget_bias:  # [bias_init(u), ones(u), bias_init(2u)]: the forget gate starts open
                def bias_initializer(shape, dtype=None, init=self.bias_initializer, u=self.units):
                    parts = [init((u,), dtype=dtype), tf.ones([u], dtype=dtype), init((2 * u,), dtype=dtype)]
                    return tf.concat([tf.cast(tf.convert_to_tensor(p), dtype) for p in parts], axis=0)
            self.bias = self.add_weight(name="bias", shape=(4 * self.units,), initializer=bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        else:
            self.bias = None
        self.built = True

    def reset_dropout_mask(self):
        """Forget the dropout masks: the next training call draws new ones, kept for all its steps."""
        self._input_masks = None
        self._recurrent_masks = None

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        batch_size = batch_size if batch_size is not None else inputs.shape[0]
        dtype = dtype or (inputs.dtype if inputs is not None else self._dtype)
        return [tf.zeros([batch_size, size], dtype=dtype) for size in self.state_size]

    def call(self, inputs, states, training=None):
        h_tm1, c_tm1 = states[0], states[1]
        if inputs.dtype != self.kernel.dtype:
            inputs = tf.cast(inputs, self.kernel.dtype)
        if training and 0 < self.dropout < 1 and self._input_masks is None:
            self._input_masks = _dropout_masks(inputs, self.dropout, 4, self.seed)
        if training and 0 < self.recurrent_dropout < 1 and self._recurrent_masks is None:
            self._recurrent_masks = _dropout_masks(h_tm1, self.recurrent_dropout, 4, self.seed)
        input_masks = self._input_masks if training else None
        recurrent_masks = self._recurrent_masks if training else None

        if input_masks is None and recurrent_masks is None:  # the fused form: one matmul per weight
            z = tf.matmul(inputs, self.kernel) + tf.matmul(h_tm1, self.recurrent_kernel)
            if self.use_bias:
                z = z + self.bias
            z_i, z_f, z_c, z_o = tf.split(z, 4, axis=1)
        else:  # per gate, each with its own dropout masks on x and h
            kernels = tf.split(self.kernel, 4, axis=1)
            recurrent_kernels = tf.split(self.recurrent_kernel, 4, axis=1)
            biases = tf.split(self.bias, 4, axis=0) if self.use_bias else [None] * 4
            gates = []
            for g in range(4):
                x = inputs * input_masks[g] if input_masks is not None else inputs
                h = h_tm1 * recurrent_masks[g] if recurrent_masks is not None else h_tm1
                z = tf.matmul(x, kernels[g]) + tf.matmul(h, recurrent_kernels[g])
                gates.append(z + biases[g] if biases[g] is not None else z)
            z_i, z_f, z_c, z_o = gates

        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = f * c_tm1 + i * self.activation(z_c)
        o = self.recurrent_activation(z_o)
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": activations.serialize(self.activation),
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "unit_forget_bias": self.unit_forget_bias,
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None,
                "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout, "seed": self.seed}


@keras_export("keras.layers.RNN")
class RNN(Layer):
    """Runs a cell over the steps of (batch, steps, features) inputs.

    ``RNN(LSTMCell(32))`` computes what ``LSTM(32)`` does. Any layer with a ``state_size``
    (an int or a list of ints) and ``call(inputs, states) -> (output, new_states)`` can be the cell."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 unroll=False, time_major=False, **kwargs):
        zero_output_for_mask = kwargs.pop("zero_output_for_mask", False)
        super().__init__(**kwargs)
        if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
            raise ValueError(f"Argument `cell` should have a `call` method and a `state_size` attribute. "
                             f"Received: cell={cell!r}")
        if stateful:
            raise ValueError(f"{type(self).__name__}: tinytf does not support stateful=True (states carried "
                             "between batches); pass the previous final states as `initial_state` instead.")
        if time_major:
            raise ValueError(f"{type(self).__name__}: tinytf supports time_major=False only (inputs shaped "
                             "(batch, steps, features)); transpose the inputs with tf.transpose(x, [1, 0, 2]).")
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = False
        self.unroll = bool(unroll)  # the Python loop is always "unrolled"; kept for the config
        self.time_major = False
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True

    @property
    def _state_sizes(self):
        size = self.cell.state_size
        return list(size) if isinstance(size, (list, tuple)) else [size]

    def build(self, input_shape):
        if isinstance(input_shape, list):  # [inputs, *initial_states] given as one list
            input_shape = input_shape[0]
        if len(input_shape) != 3:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the layer: expected ndim=3 "
                             f"(batch, steps, features), found ndim={len(input_shape)}. Full shape received: "
                             f"{tuple(input_shape)}")
        if not self.cell.built:
            self.cell.build(tf.TensorShape([input_shape[0], input_shape[-1]]))
            self.cell.built = True
        self.built = True

    def get_initial_state(self, inputs):
        return [tf.zeros([inputs.shape[0], size], dtype=inputs.dtype) for size in self._state_sizes]

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(inputs, (list, tuple)):  # RNN([x, h0, c0]) as in Keras
            inputs, initial_state = inputs[0], list(inputs[1:]) or initial_state
        if inputs.ndim != 3:
            raise ValueError(f"{type(self).__name__} expects inputs shaped (batch, steps, features), got "
                             f"{tuple(inputs.shape)}")
        if inputs.shape[1] == 0:
            raise ValueError(f"{type(self).__name__}: the input sequence has no steps: {tuple(inputs.shape)}")
        states = self.get_initial_state(inputs) if initial_state is None else self._check_states(initial_state,
                                                                                                 inputs)
        steps = tf.unstack(inputs, axis=1)
        step_masks = None
        if mask is not None:
            mask = tf.convert_to_tensor(mask)
            if tuple(mask.shape) != tuple(inputs.shape[:2]):
                raise ValueError(f"{type(self).__name__}: mask shape {tuple(mask.shape)} does not match the "
                                 f"inputs' (batch, steps) = {tuple(inputs.shape[:2])}")
            step_masks = [tf.expand_dims(m, 1) for m in tf.unstack(tf.cast(mask, inputs.dtype), axis=1)]
        order = range(len(steps) - 1, -1, -1) if self.go_backwards else range(len(steps))
        if hasattr(self.cell, "reset_dropout_mask"):
            self.cell.reset_dropout_mask()

        outputs = []
        for t in order:
            output, new_states = self.cell(steps[t], states, training=training)
            new_states = list(new_states) if isinstance(new_states, (list, tuple)) else [new_states]
            if step_masks is not None:  # a masked step keeps the states and repeats the previous output
                keep = step_masks[t]     # (batch, 1): 1.0 for real steps, 0.0 for padding
                held = outputs[-1] if outputs and not self.zero_output_for_mask else tf.zeros_like(output)
                output = keep * output + (1.0 - keep) * held
                new_states = [keep * new + (1.0 - keep) * old for new, old in zip(new_states, states)]
            outputs.append(output)
            states = new_states

        if hasattr(self.cell, "reset_dropout_mask"):
            self.cell.reset_dropout_mask()
        result = tf.stack(outputs, axis=1) if self.return_sequences else outputs[-1]
        return [result] + states if self.return_state else result

    def _check_states(self, initial_state, inputs):
        states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        sizes = self._state_sizes
        if len(states) != len(sizes):
            raise ValueError(f"Layer {self.name} expects {len(sizes)} initial states (sizes {sizes}), "
                             f"but it received {len(states)}.")
        result = []
        for state, size in zip(states, sizes):
            state = tf.convert_to_tensor(state)
            if state.dtype != inputs.dtype:
                state = tf.cast(state, inputs.dtype)
            if tuple(state.shape) != (inputs.shape[0], size):
                raise ValueError(f"Layer {self.name}: an initial state has shape {tuple(state.shape)}, expected "
                                 f"(batch, {size}) = {(inputs.shape[0], size)}")
            result.append(state)
        return result

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        return [output_mask] + [None] * len(self._state_sizes) if self.return_state else output_mask

    def get_config(self):
        config = {**super().get_config(), "return_sequences": self.return_sequences,
                  "return_state": self.return_state, "go_backwards": self.go_backwards, "stateful": self.stateful,
                  "unroll": self.unroll, "zero_output_for_mask": self.zero_output_for_mask}
        if type(self) is RNN:
            config["cell"] = serialization_lib.serialize_keras_object(self.cell)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = serialization_lib.deserialize_keras_object(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)


# The LSTM's arguments that belong to its cell (the rest are RNN's or Layer's).
_CELL_ARGS = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
              "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
              "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
              "bias_constraint", "dropout", "recurrent_dropout", "seed")


@keras_export("keras.layers.LSTM")
class LSTM(RNN):
    """Long Short-Term Memory: ``LSTM(units)`` on (batch, steps, features) -> (batch, units).

    ``return_sequences=True``: every step's output, (batch, steps, units) (stack LSTMs that way).
    ``return_state=True``: ``[output, h, c]``, the final hidden state and carry too.
    ``initial_state=[h0, c0]``: start from given states instead of zeros.
    ``dropout`` / ``recurrent_dropout``: dropout on the inputs / on h, active only when training,
    with one mask per sequence (the same at every step), as in Keras."""

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, time_major=False, unroll=False, **kwargs):
        implementation = kwargs.pop("implementation", 2)
        seed = kwargs.pop("seed", None)
        cell = LSTMCell(units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
                        kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
                        bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
                        kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
                        bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                        recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
                        recurrent_dropout=recurrent_dropout, implementation=implementation, seed=seed,
                        dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True), name="lstm_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, time_major=time_major, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)

    def get_config(self):
        cell = self.cell.get_config()
        config = {key: cell[key] for key in _CELL_ARGS}
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # The cell's settings, readable on the layer as in Keras (layer.units, layer.dropout, ...).
    units = property(lambda self: self.cell.units)
    activation = property(lambda self: self.cell.activation)
    recurrent_activation = property(lambda self: self.cell.recurrent_activation)
    use_bias = property(lambda self: self.cell.use_bias)
    dropout = property(lambda self: self.cell.dropout)
    recurrent_dropout = property(lambda self: self.cell.recurrent_dropout)
