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
