"""Models and objects built the same way by the tests and by the fixture scripts under tools/.

Every builder takes the Keras module to build with: ``tinytf.keras`` in the tests, real Keras
(``tf_keras`` for tf.keras 2, ``keras`` for Keras 3) in the scripts that record what Keras computes
and prints. A fixture and the test that reads it therefore cannot drift apart. This file imports
neither tinytf nor TensorFlow.
"""
import numpy as np

_classes = {}  # (builder, keras module) -> class, so each Keras gets its own subclasses, made once


def _per_keras(make_class):
    """Decorator: ``make_class(keras)`` runs once per Keras module; later calls return the same class."""
    def get(keras):
        key = (make_class.__name__, keras.__name__)
        if key not in _classes:
            _classes[key] = make_class(keras)
        return _classes[key]

    return get


# ---------------------------------------------------------------- layers from fixture specs
def make_layer(keras, spec):
    """The layer a fixture describes as {"class": "Conv2D", "filters": 4, "kernel_size": [3, 2], ...}
    (JSON lists become tuples)."""
    spec = dict(spec)
    cls = getattr(keras.layers, spec.pop("class"))
    return cls(**{key: tuple(v) if isinstance(v, list) else v for key, v in spec.items()})


def call_arguments(call, tf):
    """The keyword arguments of a fixture's layer call ({"training", "mask", "initial_state"}) as tensors
    of ``tf`` (TensorFlow, or tinytf)."""
    kwargs = {}
    if "training" in call:
        kwargs["training"] = call["training"]
    if "mask" in call:
        kwargs["mask"] = tf.constant(np.asarray(call["mask"], dtype=bool))
    if "initial_state" in call:
        kwargs["initial_state"] = [tf.constant(np.asarray(s, dtype=np.float32)) for s in call["initial_state"]]
    return kwargs


def run_layer(keras, tf, spec, inputs, weights, call=None):
    """Builds the layer of ``spec`` on ``inputs``, gives it ``weights`` (a list, or a function of the
    built layer that returns one), then calls it with the fixture's ``call`` arguments.

    Returns (layer, weights, outputs as a list). A fixture script records what Keras returns; a
    test compares what tinytf returns for the same case."""
    layer = make_layer(keras, spec)
    layer(inputs)  # builds (a direct call runs in inference mode: the moving statistics stay put)
    weights = weights(layer) if callable(weights) else weights
    if weights:
        layer.set_weights(weights)
    out = layer(inputs, **call_arguments(call or {}, tf))
    return layer, weights, list(out) if isinstance(out, (list, tuple)) else [out]


# ---------------------------------------------------------------- the textbooks' models
def sequential_906(keras):
    """Deep Learning with Python, chapter 7: two Dense layers, built for 3 features (906 weights)."""
    model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.build(input_shape=(None, 3))
    return model


def sequential_named_input(keras):
    model = keras.Sequential(name="my_example_model")
    model.add(keras.Input(shape=(3,)))
    model.add(keras.layers.Dense(64, activation="relu", name="my_first_layer"))
    model.add(keras.layers.Dense(10, activation="softmax", name="my_last_layer_with_a_rather_long_name"))
    return model


def functional_chain(keras):
    inputs = keras.Input(shape=(3,), name="my_input")
    features = keras.layers.Dense(64, activation="relu")(inputs)
    outputs = keras.layers.Dense(10, activation="softmax")(features)
    return keras.Model(inputs=inputs, outputs=outputs)


# The ticket model's sizes in the book, and the small ones whose outputs the fixtures record.
TICKET_SIZES = {"vocabulary_size": 10000, "num_tags": 100, "num_departments": 4, "hidden": 64}
SMALL_TICKET_SIZES = {"vocabulary_size": 20, "num_tags": 6, "num_departments": 4, "hidden": 8}


def ticket_model(keras, vocabulary_size=10000, num_tags=100, num_departments=4, hidden=64):
    """Chapter 7's customer-ticket model: three inputs, two outputs (priority, department)."""
    layers = keras.layers
    title = keras.Input(shape=(vocabulary_size,), name="title")
    text_body = keras.Input(shape=(vocabulary_size,), name="text_body")
    tags = keras.Input(shape=(num_tags,), name="tags")
    features = layers.Concatenate()([title, text_body, tags])
    features = layers.Dense(hidden, activation="relu")(features)
    priority = layers.Dense(1, activation="sigmoid", name="priority")(features)
    department = layers.Dense(num_departments, activation="softmax", name="department")(features)
    return keras.Model(inputs=[title, text_body, tags], outputs=[priority, department])


def ticket_model_with_difficulty(keras):
    """The ticket model extended with a third output that reuses its features (layer 4)."""
    model = ticket_model(keras)
    difficulty = keras.layers.Dense(3, activation="softmax", name="difficulty")(model.layers[4].output)
    return keras.Model(inputs=model.inputs, outputs=[*model.outputs, difficulty])


@_per_keras
def customer_ticket_model_class(keras):
    """Chapter 7's subclassed version of the ticket model (inputs: a dict)."""
    layers = keras.layers

    class CustomerTicketModel(keras.Model):
        def __init__(self, num_departments):
            super().__init__()
            self.concat_layer = layers.Concatenate()
            self.mixing_layer = layers.Dense(64, activation="relu")
            self.priority_scorer = layers.Dense(1, activation="sigmoid")
            self.department_classifier = layers.Dense(num_departments, activation="softmax")

        def call(self, inputs):
            features = self.concat_layer([inputs["title"], inputs["text_body"], inputs["tags"]])
            features = self.mixing_layer(features)
            return self.priority_scorer(features), self.department_classifier(features)

    return CustomerTicketModel


@_per_keras
def classifier_class(keras):
    """Chapter 7's Classifier: a subclassed model, used inside a functional one."""
    layers = keras.layers

    class Classifier(keras.Model):
        def __init__(self, num_classes=2):
            super().__init__()
            if num_classes == 2:
                num_units = 1
                activation = "sigmoid"
            else:
                num_units = num_classes
                activation = "softmax"
            self.dense = layers.Dense(num_units, activation=activation)

        def call(self, inputs):
            return self.dense(inputs)

    return Classifier


def functional_around_subclassed(keras):
    """Chapter 7: a functional model whose head is a subclassed Classifier(num_classes=10), 3 features in."""
    inputs = keras.Input(shape=(3,))
    features = keras.layers.Dense(64, activation="relu")(inputs)
    outputs = classifier_class(keras)(num_classes=10)(features)
    return keras.Model(inputs=inputs, outputs=outputs)


def subclassed_around_functional(keras):
    """Chapter 7: a subclassed model that calls a functional binary classifier (64 features) on its features."""
    layers = keras.layers
    inputs = keras.Input(shape=(64,))
    outputs = layers.Dense(1, activation="sigmoid")(inputs)
    binary_classifier = keras.Model(inputs=inputs, outputs=outputs)

    class MyModel(keras.Model):
        def __init__(self, num_classes=2):
            super().__init__()
            self.dense = layers.Dense(64, activation="relu")
            self.classifier = binary_classifier

        def call(self, inputs):
            features = self.dense(inputs)
            return self.classifier(features)

    return MyModel()


def ticket_dict_data(samples=2, vocabulary_size=10, num_tags=5):
    return {"title": np.zeros((samples, vocabulary_size), "float32"),
            "text_body": np.zeros((samples, vocabulary_size), "float32"),
            "tags": np.zeros((samples, num_tags), "float32")}


def subclassed_ticket(keras):
    """The subclassed ticket model, called once (a subclassed model is built by its first call)."""
    model = customer_ticket_model_class(keras)(num_departments=4)
    model(ticket_dict_data())
    return model


def subclassed_ticket_wrapped(keras):
    keras.layers.Concatenate()  # so the model's is concatenate_1, whose summary row wraps
    return subclassed_ticket(keras)


def embedding_frozen(keras):
    layers = keras.layers
    inputs = keras.Input(shape=(5,), dtype="int32")
    x = layers.Embedding(50, 8)(inputs)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(x)
    frozen = layers.Dense(4)
    outputs = frozen(x)
    frozen.trainable = False
    return keras.Model(inputs, outputs)


def dict_io_model(keras):
    """Dict inputs and outputs, written out of sorted-key order: Keras orders model.inputs,
    model.outputs and output_names by sorted key (tf.nest), and returns the dict as written."""
    layers = keras.layers
    b = keras.Input(shape=(3,), name="b")
    a = keras.Input(shape=(2,), name="a")
    merged = layers.concatenate([a, b], name="concat")
    outputs = {"sum": layers.Dense(1, name="sum")(merged), "copy": merged, "a_out": layers.Dense(2, name="zz")(a)}
    return keras.Model({"b": b, "a": a}, outputs)


def mnist_convnet(keras):
    """Deep Learning with Python, 8.1: the MNIST convnet (Sequential)."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(128, 3, activation="relu"),
        layers.Flatten(), layers.Dense(10, activation="softmax"),
    ])


def mnist_convnet_functional(keras):
    """Deep Learning with Python, 8.1: the same convnet, functional."""
    layers = keras.layers
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(filters=32, kernel_size=3, activation="relu")(inputs)
    x = layers.MaxPooling2D(pool_size=2)(x)
    x = layers.Conv2D(filters=64, kernel_size=3, activation="relu")(x)
    x = layers.MaxPooling2D(pool_size=2)(x)
    x = layers.Conv2D(filters=128, kernel_size=3, activation="relu")(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


def convnet_batchnorm(keras):
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(16, 3, padding="same", use_bias=False), layers.BatchNormalization(),
        layers.Activation("relu"), layers.AveragePooling2D(2),
        layers.Conv2D(32, 3, strides=2, padding="same"), layers.GlobalAveragePooling2D(),
        layers.Dense(10, activation="softmax"),
    ])


def conv1d_sequence(keras):
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=(100, 4)),
        layers.Conv1D(16, 5, padding="causal", activation="relu"), layers.MaxPooling1D(2),
        layers.Conv1D(32, 3, dilation_rate=2), layers.GlobalMaxPooling1D(), layers.Dense(1),
    ])


def lstm_stack(keras):
    layers = keras.layers
    return keras.Sequential([keras.Input(shape=(None, 8)), layers.LSTM(32, return_sequences=True), layers.LSTM(16),
                             layers.BatchNormalization(), layers.Dense(1)])


def lstm_return_state(keras):
    inputs = keras.Input(shape=(None, 8))
    outputs, h, c = keras.layers.LSTM(32, return_state=True)(inputs)
    return keras.Model(inputs, [outputs, h, c])


# ---------------------------------------------------------------- summaries
# name -> (builder, summary() keyword arguments). tools/make_keras_fixtures.py records each one's
# summary() text from tf.keras 2 (after clear_session()); tests/test_keras_summary.py compares.
SUMMARIES = {
    "sequential_906": (sequential_906, {}),
    "sequential_906_line_length_80": (sequential_906, {"line_length": 80}),
    "sequential_906_positions": (sequential_906, {"positions": [0.5, 0.8, 1.0]}),
    "sequential_named_input": (sequential_named_input, {}),
    "functional_chain": (functional_chain, {}),
    "customer_ticket": (ticket_model, {}),
    "customer_ticket_difficulty": (ticket_model_with_difficulty, {}),
    "subclassed_ticket": (subclassed_ticket, {}),
    "subclassed_ticket_wrapped": (subclassed_ticket_wrapped, {}),
    "embedding_frozen": (embedding_frozen, {}),
    "dict_io": (dict_io_model, {}),
    "mnist_convnet": (mnist_convnet, {}),
    "mnist_convnet_functional": (mnist_convnet_functional, {}),
    "convnet_batchnorm": (convnet_batchnorm, {}),
    "conv1d_sequence": (conv1d_sequence, {}),
    "lstm_stack": (lstm_stack, {}),
    "lstm_return_state": (lstm_return_state, {}),
}


def summary_lines(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda line, **_: lines.append(line), **kwargs)
    return lines


# ---------------------------------------------------------------- serialization (keras.saving)
@_per_keras
def registered_layer_class(keras):
    """A custom layer registered as "tinytf_tests>Scale"."""
    @keras.saving.register_keras_serializable(package="tinytf_tests")
    class Scale(keras.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, inputs):
            return inputs * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    return Scale


@_per_keras
def registered_function(keras):
    @keras.saving.register_keras_serializable(package="tinytf_tests")
    def halve(x):
        return x * 0.5

    return halve


@_per_keras
def unregistered_model_class(keras):
    """A subclassed model nobody registered: loading it needs custom_objects."""
    class TwoDense(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hidden = keras.layers.Dense(4, activation="relu")
            self.out = keras.layers.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    return TwoDense


def serialization_cases(keras, tensor):
    """name -> an object or value whose serialize_keras_object() the tests compare with Keras 3's.

    ``tensor(value, dtype)`` makes a tensor of the library being recorded."""
    layers = keras.layers
    keras.backend.clear_session()
    data = np.ones((2, 4), "float32")
    dense_built = layers.Dense(3, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.02))
    dense_built(data)
    concatenate_built = layers.Concatenate()
    concatenate_built([np.ones((2, 3), "float32"), np.ones((2, 2), "float32")])
    sequential_built = keras.Sequential([layers.Dense(2)])
    sequential_built.build((None, 3))
    inputs = keras.Input(shape=(3,), name="features")
    subclassed = unregistered_model_class(keras)()
    subclassed(data)
    return {
        "dense": layers.Dense(3, activation="softmax", kernel_initializer="he_normal"),
        "dense_built": dense_built,
        "concatenate_built": concatenate_built,
        "conv2d": layers.Conv2D(4, 3, padding="same"),
        "lstm": layers.LSTM(3),
        "batch_normalization": layers.BatchNormalization(),
        "dropout": layers.Dropout(0.5),
        "he_normal": keras.initializers.HeNormal(seed=3),
        "zeros": keras.initializers.Zeros(),
        "l1l2": keras.regularizers.L1L2(l1=0.01, l2=0.02),
        "relu": keras.activations.relu,
        "sequential_input": keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="out")]),
        "sequential_built": sequential_built,
        "functional": keras.Model(inputs, layers.Dense(2, name="head")(inputs)),
        "subclassed": subclassed,
        "registered_layer": registered_layer_class(keras)(factor=3.0),
        "registered_function": registered_function(keras),
        "input": inputs,
        "numpy": np.arange(3, dtype="float32"),
        "numpy_scalar": np.float32(2.5),
        "tensor": tensor([[1, 2]], "int32"),
        "slice": slice(1, None, 2),
        "bytes": b"abc",
        "ellipsis": Ellipsis,
        "nested": {"a": (1, [2.5, None]), "b": "text"},
    }


# ---------------------------------------------------------------- saving (.keras files, keras.saving)
# name -> layer spec (make_layer); tools/make_keras_saving_fixtures.py records Keras 3's config of each one
# and tests/test_keras_saving_files.py compares tinytf's, key for key.
LAYER_CONFIG_SPECS = {
    "dense": {"class": "Dense", "units": 3},
    "dense_full": {"class": "Dense", "units": 3, "activation": "relu", "use_bias": False,
                   "kernel_initializer": "he_normal", "kernel_regularizer": "l2", "name": "d"},
    "activation": {"class": "Activation", "activation": "softmax"},
    "embedding": {"class": "Embedding", "input_dim": 10, "output_dim": 4, "mask_zero": True},
    "flatten": {"class": "Flatten"},
    "reshape": {"class": "Reshape", "target_shape": [2, 3]},
    "concatenate": {"class": "Concatenate", "axis": 1},
    "add": {"class": "Add"},
    "subtract": {"class": "Subtract"},
    "multiply": {"class": "Multiply"},
    "average": {"class": "Average"},
    "maximum": {"class": "Maximum"},
    "minimum": {"class": "Minimum"},
    "dropout": {"class": "Dropout", "rate": 0.3, "seed": 1},
    "conv1d": {"class": "Conv1D", "filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
    "conv2d": {"class": "Conv2D", "filters": 4, "kernel_size": [3, 2], "strides": 2, "padding": "same",
               "activation": "relu"},
    "max_pooling1d": {"class": "MaxPooling1D", "pool_size": 2},
    "max_pooling2d": {"class": "MaxPooling2D", "pool_size": 2},
    "average_pooling1d": {"class": "AveragePooling1D", "pool_size": 2},
    "average_pooling2d": {"class": "AveragePooling2D", "pool_size": [2, 3], "strides": 1, "padding": "same"},
    "global_max_pooling1d": {"class": "GlobalMaxPooling1D"},
    "global_max_pooling2d": {"class": "GlobalMaxPooling2D", "keepdims": True},
    "global_average_pooling1d": {"class": "GlobalAveragePooling1D"},
    "global_average_pooling2d": {"class": "GlobalAveragePooling2D"},
    "batch_normalization": {"class": "BatchNormalization"},
    "batch_normalization_args": {"class": "BatchNormalization", "axis": 1, "momentum": 0.9, "epsilon": 0.01,
                                 "center": False},
    "lstm": {"class": "LSTM", "units": 3},
    "lstm_args": {"class": "LSTM", "units": 3, "return_sequences": True, "return_state": True, "dropout": 0.1,
                  "go_backwards": True},
    "lstm_cell": {"class": "LSTMCell", "units": 3},
}


def saved_mlp(keras):
    layers = keras.layers
    return keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8, activation="relu"), layers.Dropout(0.5),
                             layers.Dense(3, activation="softmax")])


def saved_classifier(keras):
    """The "compiled" fixture: no Dropout, so that training is the same computation in every library."""
    layers = keras.layers
    return keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8, activation="relu"),
                             layers.Dense(3, activation="softmax")])


def saved_convnet(keras):
    layers = keras.layers
    return keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(4, 3, activation="relu"),
                             layers.MaxPooling2D(2), layers.Conv2D(6, 2, padding="same"),
                             layers.GlobalAveragePooling2D(), layers.Dense(2)])


def saved_lstm(keras):
    layers = keras.layers
    inputs = keras.Input(shape=(5, 3))
    sequence = layers.LSTM(4, return_sequences=True)(inputs)
    outputs = layers.Dense(1)(layers.LSTM(2)(sequence))
    return keras.Model(inputs, outputs)


def saved_batchnorm(keras):
    layers = keras.layers
    return keras.Sequential([keras.Input(shape=(4,)), layers.Dense(5), layers.BatchNormalization(),
                             layers.Activation("relu"), layers.Dense(1)])


def saved_ticket(keras):
    return ticket_model(keras, **SMALL_TICKET_SIZES)


def saved_nested(keras):
    """A functional model calling a functional model twice (a shared model: its calls are numbered) and a
    Sequential one, with an output straight from the inner model."""
    layers = keras.layers
    inner_input = keras.Input(shape=(4,))
    inner = keras.Model(inner_input, layers.Dense(3, name="inner_dense")(inner_input), name="inner")
    head = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="head_dense")], name="head")
    x = keras.Input(shape=(4,), name="x")
    first = inner(x)
    second = inner(layers.Dense(4, name="pre")(x))
    return keras.Model(x, [head(layers.Subtract()([first, second])), second], name="outer")


@_per_keras
def subclassed_head_class(keras):
    """A registered subclassed model with get_config. Its attributes sort around `layers`, so that its saved
    file has both kinds of paths of Keras 3's walk: `a_first/vars` and `layers/dense/vars` (for `out`...)."""
    @keras.saving.register_keras_serializable(package="tinytf_tests")
    class SubclassedHead(keras.Model):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.scale = keras.layers.Dense(4)
            self.out = keras.layers.Dense(units)
            self.a_first = keras.layers.Dense(4, activation="relu")

        def call(self, inputs):
            return self.out(self.scale(self.a_first(inputs)))

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return SubclassedHead


def saved_subclassed(keras):
    model = subclassed_head_class(keras)(units=2)
    model(np.zeros((1, 5), "float32"))  # a subclassed model is built by its first call
    return model


# name -> builder of the .keras files recorded from Keras 3 (tests/fixtures/keras3_models/) and of the
# live round trips; "compiled" is also compiled and trained for 2 epochs (optimizer state).
SAVED_MODELS = {"mlp": saved_mlp, "ticket": saved_ticket, "convnet": saved_convnet, "lstm": saved_lstm,
                "batchnorm": saved_batchnorm, "compiled": saved_classifier, "subclassed": saved_subclassed,
                "nested": saved_nested}


def saved_model_inputs(model, seed=0):
    """Seeded inputs for each of the model's inputs (a list for several)."""
    rng = np.random.default_rng(seed)
    try:
        shapes = [tuple(t.shape[1:]) for t in model.inputs]
    except (AttributeError, ValueError):  # a subclassed model: saved_subclassed's inputs
        shapes = [(5,)]
    arrays = [rng.normal(size=(3,) + shape).astype("float32") for shape in shapes]
    return arrays if len(arrays) > 1 else arrays[0]


def set_saved_model_weights(model, seed=0):
    """Seeded weights (variances positive), so the predictions of a saved model say something."""
    rng = np.random.default_rng(seed)
    values = []
    for weight in model.weights:
        value = rng.normal(scale=0.5, size=tuple(weight.shape)).astype("float32")
        values.append(np.abs(value) + 0.5 if "variance" in weight.name else value)
    model.set_weights(values)


def live_model(keras, name):
    """(model, inputs) of the live round trips: SAVED_MODELS[name] with weights and inputs of seed 7;
    "compiled" compiled and trained one epoch (so the file holds optimizer state)."""
    keras.backend.clear_session()
    model = SAVED_MODELS[name](keras)
    set_saved_model_weights(model, seed=7)
    if name == "compiled":
        compile_saved_model(keras, model)
        train_saved_model(model, epochs=1)
    return model, saved_model_inputs(model, seed=7)


def compiled_training_data():
    """The "compiled" fixture's training data: 16 samples of 6 features, 3 classes."""
    rng = np.random.default_rng(1)
    return rng.normal(size=(16, 6)).astype("float32"), rng.integers(0, 3, size=(16,))


def compile_saved_model(keras, model):
    """The "compiled" fixture's compile: Adam (lr 0.01), sparse crossentropy, accuracy."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])


def train_saved_model(model, epochs, initial_epoch=0):
    """Trains on compiled_training_data() without shuffling (batches of 4), so runs can be compared."""
    x, y = compiled_training_data()
    return model.fit(x, y, batch_size=4, epochs=epochs, initial_epoch=initial_epoch, shuffle=False, verbose=0)
