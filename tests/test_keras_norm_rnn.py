"""BatchNormalization and LSTM: outputs and moving statistics against real Keras
(tests/fixtures/keras_layers2.json, recorded by tools/make_keras_layer_fixtures.py), gradients
against finite differences, training/inference rules and configs. The layers are built from the
fixture's specs by tests/keras_models.py, as the fixture script built them."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers

import keras_models

from test_keras_gradients import check_gradients, normal

FIXTURES = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_layers2.json")))
# The saved config is Keras 3's (tools/make_keras_saving_fixtures.py), as a .keras file holds it.
KERAS3_CONFIGS = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras3_configs.json")))["layers"]
CASES = [c for c in FIXTURES["layers"] if c["layer"]["class"] in ("BatchNormalization", "LSTM")]


# ---------------------------------------------------------------- forward, against Keras
@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_forward_matches_keras(case):
    weights = [np.asarray(w, dtype=np.float32) for w in case["weights"]]
    layer, _, outs = keras_models.run_layer(keras, tf, case["layer"], np.asarray(case["inputs"], dtype=np.float32),
                                            weights, case["call"])
    assert len(outs) == len(case["outputs"]), \
        f"{case['name']}: {len(outs)} outputs, Keras returns {len(case['outputs'])}"
    for i, (got, expected) in enumerate(zip(outs, case["outputs"])):
        expected = np.asarray(expected)
        assert tuple(got.shape) == expected.shape, f"{case['name']} output {i}: {tuple(got.shape)} vs {expected.shape}"
        np.testing.assert_allclose(got.numpy(), expected, rtol=2e-5, atol=2e-5,
                                   err_msg=f"{case['name']} output {i}: differs from Keras")
    # BatchNormalization's moving statistics after the call (moved only by training=True).
    for w, expected in zip(layer.get_weights(), case["weights_after"]):
        np.testing.assert_allclose(w, np.asarray(expected), rtol=1e-5, atol=1e-6,
                                   err_msg=f"{case['name']}: weights after the call differ from Keras's")


def test_fixtures_cover_the_options():
    names = {c["name"] for c in CASES}
    for name in ("bn_training", "bn_inference", "bn_inference_default_call", "bn_training_images",
                 "bn_training_axis1", "lstm", "lstm_return_sequences", "lstm_return_state", "lstm_mask",
                 "lstm_go_backwards", "lstm_initial_state"):
        assert name in names, name
    training = next(c for c in CASES if c["name"] == "bn_training")
    assert not np.allclose(training["weights"][2], training["weights_after"][2]), "the fixture's moving mean moved"


# ---------------------------------------------------------------- BatchNormalization rules
def test_batchnorm_weights_and_param_counts():
    bn = layers.BatchNormalization()
    bn.build((None, 64))
    assert [w.name for w in bn.weights] == ["batch_normalization/gamma:0", "batch_normalization/beta:0",
                                            "batch_normalization/moving_mean:0",
                                            "batch_normalization/moving_variance:0"]
    assert len(bn.trainable_weights) == 2 and len(bn.non_trainable_weights) == 2
    assert bn.count_params() == 256
    assert sum(int(np.prod(w.shape)) for w in bn.non_trainable_weights) == 128
    plain = layers.BatchNormalization(center=False, scale=False)
    plain.build((None, 5, 8))
    assert plain.trainable_weights == [] and plain.count_params() == 16


def test_batchnorm_training_uses_batch_statistics_and_moves_the_moving_ones():
    rng = np.random.default_rng(0)
    x = (rng.normal(size=(50, 3)) * [1.0, 2.0, 0.5] + [3.0, -1.0, 0.0]).astype(np.float32)
    bn = layers.BatchNormalization(momentum=0.8)
    y = bn(x, training=True).numpy()
    np.testing.assert_allclose(y.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(y.var(axis=0), x.var(axis=0) / (x.var(axis=0) + 1e-3), rtol=1e-4)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.2 * x.mean(axis=0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.8 + 0.2 * x.var(axis=0), rtol=1e-5)
    # Inference (no training argument, or training=False) uses the moving statistics and moves nothing.
    mean, var = bn.moving_mean.numpy(), bn.moving_variance.numpy()
    for out in (bn(x), bn(x, training=False)):
        np.testing.assert_allclose(out.numpy(), (x - mean) / np.sqrt(var + 1e-3), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(bn.moving_mean.numpy(), mean)


def test_frozen_batchnorm_runs_in_inference_mode_even_when_training():
    x = normal(8, 3).astype(np.float32) + 2.0
    bn = layers.BatchNormalization()
    bn.build((None, 3))
    bn.trainable = False
    out = bn(x, training=True)
    np.testing.assert_allclose(out.numpy(), x / np.sqrt(1 + 1e-3), rtol=1e-5)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), np.zeros(3))
    assert bn.trainable_weights == [] and len(bn.non_trainable_weights) == 4


def test_batchnorm_training_flag_reaches_it_inside_a_model():
    model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2, kernel_initializer="ones"),
                              layers.BatchNormalization()])
    bn = model.layers[1]
    x = normal(6, 2).astype(np.float32)
    model(x)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), 0.0)  # building and inference leave it alone
    model(x, training=True)
    assert np.all(bn.moving_mean.numpy() != 0.0)


def test_symbolic_call_with_training_true_does_not_move_the_statistics():
    bn = layers.BatchNormalization()
    inputs = keras.Input(shape=(3,))
    bn(inputs, training=True)  # shape inference runs call() on zeros
    np.testing.assert_array_equal(bn.moving_mean.numpy(), 0.0)
    np.testing.assert_array_equal(bn.moving_variance.numpy(), 1.0)


def test_batchnorm_gradients_in_training_mode():
    for layer, shape in ((layers.BatchNormalization(dtype="float64", beta_initializer="random_normal",
                                                    gamma_initializer="random_normal"), (5, 3)),
                         (layers.BatchNormalization(axis=1, momentum=0.5, dtype="float64"), (3, 2, 4)),
                         (layers.BatchNormalization(dtype="float64", center=False), (2, 3, 2, 2))):
        check_gradients(layer, normal(*shape), training=True)


def test_batchnorm_gradients_in_inference_mode():
    check_gradients(layers.BatchNormalization(dtype="float64", gamma_initializer="random_normal"), normal(4, 3))


def test_batchnorm_config_round_trip():
    bn = layers.BatchNormalization(axis=1, momentum=0.9, epsilon=1e-5, center=False, gamma_initializer="he_normal")
    config = bn.get_config()
    assert sorted(config) == sorted(KERAS3_CONFIGS["batch_normalization"]["config"])
    clone = layers.deserialize(layers.serialize(bn))
    assert type(clone) is layers.BatchNormalization and clone.get_config() == config


def test_batchnorm_errors():
    with pytest.raises(ValueError, match="batch axis"):
        layers.BatchNormalization(axis=0)(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="axis"):
        layers.BatchNormalization(axis=3)(np.zeros((2, 3), np.float32))


# ---------------------------------------------------------------- LSTM
def test_lstm_weights_and_param_counts():
    lstm = layers.LSTM(32)
    lstm(np.zeros((1, 3, 8), np.float32))
    assert [tuple(w.shape) for w in lstm.weights] == [(8, 128), (32, 128), (128,)]
    assert lstm.count_params() == 5248
    bias = lstm.cell.bias.numpy()  # unit_forget_bias: the forget gate's slice starts at 1
    np.testing.assert_array_equal(bias[32:64], 1.0)
    np.testing.assert_array_equal(np.delete(bias, range(32, 64)), 0.0)
    kernel = lstm.cell.recurrent_kernel.numpy()  # orthogonal initializer: orthonormal rows
    np.testing.assert_allclose(kernel @ kernel.T, np.eye(32), atol=1e-5)
    no_forget = layers.LSTM(4, unit_forget_bias=False)
    no_forget(np.zeros((1, 2, 3), np.float32))
    np.testing.assert_array_equal(no_forget.cell.bias.numpy(), 0.0)


def test_lstm_outputs_shapes():
    x = normal(2, 5, 3).astype(np.float32)
    assert tuple(layers.LSTM(4)(x).shape) == (2, 4)
    assert tuple(layers.LSTM(4, return_sequences=True)(x).shape) == (2, 5, 4)
    out, h, c = layers.LSTM(4, return_state=True)(x)
    np.testing.assert_array_equal(out.numpy(), h.numpy())
    seq, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(x)
    np.testing.assert_array_equal(seq.numpy()[:, -1], h.numpy())
    inputs = keras.Input(shape=(None, 3))  # any number of steps
    assert tuple(layers.LSTM(4, return_sequences=True)(inputs).shape) == (None, None, 4)
    assert [tuple(t.shape) for t in layers.LSTM(4, return_state=True)(inputs)] == [(None, 4)] * 3


def test_rnn_with_lstm_cell_is_lstm():
    x = normal(2, 4, 3).astype(np.float32)
    lstm = layers.LSTM(5, return_sequences=True)
    rnn = layers.RNN(layers.LSTMCell(5), return_sequences=True)
    lstm(x)
    rnn(x)
    rnn.set_weights(lstm.get_weights())
    np.testing.assert_allclose(rnn(x).numpy(), lstm(x).numpy(), rtol=1e-6)
    clone = layers.deserialize(layers.serialize(rnn))
    assert type(clone.cell) is layers.LSTMCell and clone.cell.units == 5


def test_lstm_gradients():
    check_gradients(layers.LSTM(3, dtype="float64", bias_initializer="random_normal"), normal(2, 4, 3))
    check_gradients(layers.LSTM(2, return_sequences=True, go_backwards=True, dtype="float64"), normal(2, 3, 2))


def test_lstm_gradients_with_states_and_mask():
    x = normal(2, 4, 2)
    mask = tf.constant(np.array([[True, True, False, False], [True, True, True, True]]))

    class Masked(layers.Layer):  # the LSTM with a fixed mask, so check_gradients can call it
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.lstm = layers.LSTM(2, return_state=True, return_sequences=True, dtype="float64")

        def call(self, inputs):
            return self.lstm(inputs, mask=mask)

    check_gradients(Masked(dtype="float64"), x)


def test_lstm_with_embedding_mask_ignores_the_padding():
    """Embedding(mask_zero=True) pads with 0; passing its mask makes the padding invisible."""
    tf.random.set_seed(3)
    embedding = layers.Embedding(10, 4, mask_zero=True)
    lstm = layers.LSTM(3, return_sequences=True)
    ids = np.array([[4, 2, 7, 0, 0], [1, 5, 9, 3, 8]])
    padded = lstm(embedding(ids), mask=embedding.compute_mask(ids)).numpy()
    alone = lstm(embedding(ids[:1, :3])).numpy()
    np.testing.assert_allclose(padded[0, :3], alone[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(padded[0, 3:], padded[0, [2, 2]], rtol=1e-6)  # padding repeats the last output
    last = layers.LSTM(3)
    last.build((None, 5, 4))
    last.set_weights(lstm.get_weights())
    np.testing.assert_allclose(last(embedding(ids), mask=embedding.compute_mask(ids)).numpy()[0], alone[0, -1],
                               rtol=1e-5, atol=1e-6)


def test_lstm_mask_in_a_functional_model():
    ids = keras.Input(shape=(None,), dtype="int32")
    mask = layers.Lambda(lambda t: tf.not_equal(t, 0))(ids)
    outputs = layers.LSTM(3)(layers.Embedding(10, 4, mask_zero=True)(ids), mask=mask)
    model = keras.Model(ids, outputs)
    np.testing.assert_allclose(model(np.array([[4, 2, 7, 0, 0]])).numpy(), model(np.array([[4, 2, 7]])).numpy(),
                               rtol=1e-6)


def test_lstm_dropout_only_while_training():
    x = normal(4, 6, 3).astype(np.float32)
    lstm = layers.LSTM(5, dropout=0.5, recurrent_dropout=0.5)
    plain = lstm(x).numpy()
    np.testing.assert_array_equal(lstm(x, training=False).numpy(), plain)
    tf.random.set_seed(1)
    dropped = lstm(x, training=True).numpy()
    assert dropped.shape == plain.shape and not np.allclose(dropped, plain)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(lstm(x, training=True))
    assert all(g is not None for g in tape.gradient(loss, lstm.trainable_weights))


def test_lstm_config_round_trip_and_keys_match_keras():
    lstm = layers.LSTM(7, activation="relu", return_sequences=True, dropout=0.1, go_backwards=True,
                       unit_forget_bias=False)
    config = lstm.get_config()
    assert sorted(config) == sorted(KERAS3_CONFIGS["lstm"]["config"])
    assert (config["units"], config["activation"], config["return_sequences"], config["dropout"]) == (7, "relu",
                                                                                                      True, 0.1)
    clone = layers.deserialize(layers.serialize(lstm))
    assert type(clone) is layers.LSTM and clone.get_config() == config


def test_lstm_errors_name_the_fix():
    with pytest.raises(ValueError, match="stateful"):
        layers.LSTM(3, stateful=True)
    with pytest.raises(ValueError, match="time_major"):
        layers.LSTM(3, time_major=True)
    with pytest.raises(ValueError, match="ndim=3"):
        layers.LSTM(3)(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="initial states"):
        layers.LSTM(3)(np.zeros((2, 4, 3), np.float32), initial_state=[np.zeros((2, 3), np.float32)])


def test_lstm_learns_with_gradient_tape():
    """A few SGD steps on an LSTM regressor lower its loss."""
    tf.random.set_seed(0)
    model = keras.Sequential([keras.Input(shape=(5, 2)), layers.LSTM(4), layers.Dense(1)])
    rng = np.random.default_rng(2)
    x = rng.normal(size=(16, 5, 2)).astype(np.float32)
    y = x.sum(axis=(1, 2))[:, None] * 0.2
    losses = []
    for _ in range(6):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_weights)
        for w, g in zip(model.trainable_weights, grads):
            w.assign_sub(0.1 * g)
        losses.append(float(loss))
    assert losses[-1] < losses[0]
