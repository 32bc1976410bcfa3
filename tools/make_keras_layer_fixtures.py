"""Records what real Keras computes for the second half of tinytf's layer catalogue:
convolution, pooling, BatchNormalization, LSTM (tests/test_keras_conv_pool.py and
tests/test_keras_norm_rnn.py read the result; they never need TensorFlow).

Run with a Python that has TensorFlow and tf_keras (classic tf.keras 2):

    pip install tensorflow-cpu tf_keras
    python tools/make_keras_layer_fixtures.py

It writes tests/fixtures/keras_layers2.json:

    "layers":    one case per layer and option: the layer's constructor arguments, the
                 arguments of the call (training, mask, initial_state), fixed weights
                 and inputs, Keras's outputs, and the weights after the call (for
                 BatchNormalization, whose moving statistics a training call moves);
    "configs":   the keys of each layer's get_config().

The layers are built from their specs by tests/keras_models.py, as the tests build them. (The
summaries of convnets and recurrent models are recorded with the others by make_keras_fixtures.py.)
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402
from tf_keras import layers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import keras_models  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "fixtures", "keras_layers2.json")


def normal(rng, shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def to_list(value):
    """Nested lists; float32 values with 9 significant digits (enough to read back the same float32)."""
    array = np.asarray(value)
    if array.dtype.kind == "f":
        return json.loads(json.dumps(array.astype(np.float64).tolist(), default=float),
                          parse_float=lambda text: float(f"{float(text):.9g}"))
    return array.tolist()


def layer_cases():
    rng = np.random.default_rng(20240602)
    cases = []

    def record(name, spec, inputs, weights="random", call=None, scale=0.5):
        """Builds the layer from spec ({"class": ..., **kwargs}), sets weights, calls it on inputs."""
        def random_weights(layer):
            return [normal(rng, w.shape, scale) for w in layer.get_weights()]

        call = dict(call or {})
        layer, weights, outputs = keras_models.run_layer(
            keras, tf, spec, inputs, random_weights if weights == "random" else weights or [], call)
        outputs = [to_list(o) for o in outputs]
        cases.append({"name": name, "layer": spec, "call": call,
                      "weights": [to_list(w) for w in weights], "inputs": to_list(inputs), "outputs": outputs,
                      "weights_after": [to_list(w) for w in layer.get_weights()]})

    # ---- Conv1D: (batch, steps, channels)
    x1 = normal(rng, (2, 9, 3))
    record("conv1d_valid", {"class": "Conv1D", "filters": 4, "kernel_size": 3}, x1)
    record("conv1d_same_relu", {"class": "Conv1D", "filters": 4, "kernel_size": 4, "padding": "same",
                                "activation": "relu"}, x1)
    record("conv1d_causal_dilated", {"class": "Conv1D", "filters": 2, "kernel_size": 3, "padding": "causal",
                                     "dilation_rate": 2}, x1)
    record("conv1d_strides2_same", {"class": "Conv1D", "filters": 3, "kernel_size": 3, "strides": 2,
                                    "padding": "same"}, x1)
    record("conv1d_dilation_valid", {"class": "Conv1D", "filters": 3, "kernel_size": 2, "dilation_rate": 3}, x1)
    record("conv1d_no_bias", {"class": "Conv1D", "filters": 2, "kernel_size": 5, "use_bias": False}, x1)

    # ---- Conv2D: (batch, rows, cols, channels)
    x2 = normal(rng, (2, 7, 6, 3))
    record("conv2d_valid", {"class": "Conv2D", "filters": 4, "kernel_size": 3}, x2)
    record("conv2d_same_tanh", {"class": "Conv2D", "filters": 4, "kernel_size": [3, 2], "padding": "same",
                                "activation": "tanh"}, x2)
    record("conv2d_strides2_same", {"class": "Conv2D", "filters": 2, "kernel_size": 3, "strides": 2,
                                    "padding": "same"}, x2)
    record("conv2d_strides_2_1_valid", {"class": "Conv2D", "filters": 3, "kernel_size": [2, 3], "strides": [2, 1]},
           x2)
    record("conv2d_dilation2_same", {"class": "Conv2D", "filters": 2, "kernel_size": 3, "dilation_rate": 2,
                                     "padding": "same"}, x2)
    record("conv2d_dilation_2_1_valid", {"class": "Conv2D", "filters": 2, "kernel_size": 2,
                                         "dilation_rate": [2, 1]}, x2)
    record("conv2d_1x1_no_bias_relu", {"class": "Conv2D", "filters": 5, "kernel_size": 1, "use_bias": False,
                                       "activation": "relu"}, x2)

    # ---- pooling
    p1 = normal(rng, (2, 7, 3))
    record("max_pooling1d", {"class": "MaxPooling1D"}, p1, weights=None)
    record("max_pooling1d_3_1", {"class": "MaxPooling1D", "pool_size": 3, "strides": 1}, p1, weights=None)
    record("max_pooling1d_same", {"class": "MaxPooling1D", "pool_size": 2, "padding": "same"}, p1, weights=None)
    record("average_pooling1d", {"class": "AveragePooling1D"}, p1, weights=None)
    record("average_pooling1d_same_3_2", {"class": "AveragePooling1D", "pool_size": 3, "strides": 2,
                                          "padding": "same"}, p1, weights=None)
    p2 = normal(rng, (2, 7, 6, 3))
    record("max_pooling2d", {"class": "MaxPooling2D"}, p2, weights=None)
    record("max_pooling2d_3_s2_same", {"class": "MaxPooling2D", "pool_size": 3, "strides": 2, "padding": "same"}, p2,
           weights=None)
    record("max_pooling2d_2x3_s1", {"class": "MaxPooling2D", "pool_size": [2, 3], "strides": 1}, p2, weights=None)
    record("average_pooling2d", {"class": "AveragePooling2D"}, p2, weights=None)
    record("average_pooling2d_3_same", {"class": "AveragePooling2D", "pool_size": 3, "strides": [2, 1],
                                        "padding": "same"}, p2, weights=None)
    record("global_max_pooling1d", {"class": "GlobalMaxPooling1D"}, p1, weights=None)
    record("global_average_pooling1d", {"class": "GlobalAveragePooling1D"}, p1, weights=None)
    record("global_average_pooling1d_keepdims", {"class": "GlobalAveragePooling1D", "keepdims": True}, p1,
           weights=None)
    record("global_max_pooling2d", {"class": "GlobalMaxPooling2D"}, p2, weights=None)
    record("global_max_pooling2d_keepdims", {"class": "GlobalMaxPooling2D", "keepdims": True}, p2, weights=None)
    record("global_average_pooling2d", {"class": "GlobalAveragePooling2D"}, p2, weights=None)

    # ---- BatchNormalization: weights [gamma, beta, moving_mean, moving_variance]
    def bn_weights(shape, center=True, scale=True):
        result = []
        if scale:
            result.append(1.0 + normal(rng, shape, 0.3))
        if center:
            result.append(normal(rng, shape, 0.5))
        result.append(normal(rng, shape, 0.5))
        result.append(np.abs(normal(rng, shape, 0.5)) + 0.5)
        return result

    b2 = normal(rng, (6, 4), 2.0) + 1.0
    record("bn_inference_default_call", {"class": "BatchNormalization"}, b2, weights=bn_weights((4,)))
    record("bn_inference", {"class": "BatchNormalization"}, b2, weights=bn_weights((4,)), call={"training": False})
    record("bn_training", {"class": "BatchNormalization"}, b2, weights=bn_weights((4,)), call={"training": True})
    record("bn_training_momentum_eps", {"class": "BatchNormalization", "momentum": 0.9, "epsilon": 0.01}, b2,
           weights=bn_weights((4,)), call={"training": True})
    record("bn_training_no_center_no_scale", {"class": "BatchNormalization", "center": False, "scale": False}, b2,
           weights=bn_weights((4,), center=False, scale=False), call={"training": True})
    b4 = normal(rng, (3, 4, 5, 2), 1.5) - 0.5  # rank 4: Keras's fused path
    record("bn_training_images", {"class": "BatchNormalization"}, b4, weights=bn_weights((2,)),
           call={"training": True})
    record("bn_inference_images", {"class": "BatchNormalization"}, b4, weights=bn_weights((2,)),
           call={"training": False})
    record("bn_training_images_axis1", {"class": "BatchNormalization", "axis": 1}, b4, weights=bn_weights((4,)),
           call={"training": True})
    record("bn_training_images_axis2", {"class": "BatchNormalization", "axis": 2}, b4, weights=bn_weights((5,)),
           call={"training": True})
    b3 = normal(rng, (4, 3, 5))
    record("bn_training_axis1", {"class": "BatchNormalization", "axis": 1}, b3, weights=bn_weights((3,)),
           call={"training": True})
    record("bn_inference_axis1", {"class": "BatchNormalization", "axis": 1}, b3, weights=bn_weights((3,)),
           call={"training": False})
    record("bn_training_axes_1_2", {"class": "BatchNormalization", "axis": [1, 2]}, b3,
           weights=bn_weights((1, 3, 5)), call={"training": True})

    # ---- LSTM: weights [kernel (in, 4u), recurrent_kernel (u, 4u), bias (4u,)]
    s = normal(rng, (3, 5, 4))
    record("lstm", {"class": "LSTM", "units": 3}, s)
    record("lstm_return_sequences", {"class": "LSTM", "units": 3, "return_sequences": True}, s)
    record("lstm_return_state", {"class": "LSTM", "units": 3, "return_state": True}, s)
    record("lstm_sequences_and_state", {"class": "LSTM", "units": 2, "return_sequences": True,
                                        "return_state": True}, s)
    record("lstm_go_backwards", {"class": "LSTM", "units": 3, "go_backwards": True, "return_sequences": True}, s)
    record("lstm_no_bias", {"class": "LSTM", "units": 3, "use_bias": False}, s)
    record("lstm_relu_softsign", {"class": "LSTM", "units": 3, "activation": "relu",
                                  "recurrent_activation": "softsign", "return_sequences": True}, s)
    record("lstm_initial_state", {"class": "LSTM", "units": 3, "return_state": True}, s,
           call={"initial_state": [normal(rng, (3, 3)).tolist(), normal(rng, (3, 3)).tolist()]})
    mask = [[True, True, True, False, False], [True, True, True, True, True], [True, False, True, True, False]]
    record("lstm_mask", {"class": "LSTM", "units": 3, "return_sequences": True, "return_state": True}, s,
           call={"mask": mask})
    record("lstm_mask_last", {"class": "LSTM", "units": 3}, s, call={"mask": mask})
    record("lstm_dropout_inference", {"class": "LSTM", "units": 3, "dropout": 0.5, "recurrent_dropout": 0.5}, s,
           call={"training": False})
    return cases


def configs():
    examples = [layers.Conv1D(2, 3), layers.Conv2D(2, 3), layers.MaxPooling1D(), layers.MaxPooling2D(),
                layers.AveragePooling1D(), layers.AveragePooling2D(), layers.GlobalMaxPooling1D(),
                layers.GlobalMaxPooling2D(), layers.GlobalAveragePooling1D(), layers.GlobalAveragePooling2D(),
                layers.BatchNormalization(), layers.LSTM(3)]
    return {type(layer).__name__: sorted(layer.get_config()) for layer in examples}


def main():
    data = {"layers": layer_cases(), "configs": configs()}
    with open(OUT, "w") as f:
        json.dump(data, f)
    print(f"wrote {OUT}: {len(data['layers'])} layer cases, {len(data['configs'])} configs")


if __name__ == "__main__":
    main()
