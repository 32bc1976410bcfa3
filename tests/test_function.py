"""tf.function, tf.print, tf.cond, tf.while_loop and the initializer aliases beyond the recorded
TensorFlow outcomes (test_function_tf.py): streams, gradients, methods, the eager switch."""
import io
import logging
import sys

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.printing import format_inputs


def test_print_goes_to_stderr_by_default(capsys):
    tf.print("loss:", tf.constant([0.5, 0.25]))
    captured = capsys.readouterr()
    assert captured.err == "loss: [0.5 0.25]\n" and captured.out == ""
    tf.print("x", tf.constant(1), output_stream=sys.stdout)
    assert capsys.readouterr().out == "x 1\n"


def test_print_to_any_writable_a_file_url_and_a_logger(tmp_path, caplog):
    buffer = io.StringIO()
    tf.print(tf.ones((2, 2)), output_stream=buffer)
    assert buffer.getvalue() == "[[1 1]\n [1 1]]\n"
    path = tmp_path / "log.txt"
    tf.print("a", output_stream=f"file://{path}")
    tf.print("b", output_stream=f"file://{path}")
    assert path.read_text() == "a\nb\n"  # appended, as TensorFlow does
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        tf.print("step", tf.constant(3), output_stream=logging.info)
    assert [r.getMessage() for r in caplog.records] == ["step 3"]


def test_print_rejects_unknown_streams_and_keywords():
    with pytest.raises(ValueError, match="Unsupported output stream"):
        tf.print("x", output_stream=42)
    with pytest.raises(TypeError):
        tf.print("x", colour="red")


def test_print_summarizes_big_tensors():
    text = format_inputs([tf.zeros((1000, 1000))])
    assert text.count("\n") == 6 and text.startswith("[[0 0 0 ... 0 0 0]")


def test_function_runs_python_on_every_call_and_gradients_flow():
    calls = []
    v = tf.Variable(3.0)

    @tf.function
    def loss():
        calls.append(1)
        return v * v

    for _ in range(3):
        with tf.GradientTape() as tape:
            value = loss()
        assert float(tape.gradient(value, v)) == 6.0
    assert len(calls) == 3


def test_a_textbook_training_step_under_tf_function_matches_eager():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 2)).astype("float32")
    y = (x @ np.array([[2.0], [-1.0]], "float32") + 0.5).astype("float32")

    def make_step(w, b):
        def step(inputs, targets):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(tf.matmul(inputs, w) + b - targets))
            gw, gb = tape.gradient(loss, [w, b])
            w.assign_sub(0.1 * gw)
            b.assign_sub(0.1 * gb)
            return loss
        return step

    eager_w, eager_b = tf.Variable(tf.zeros((2, 1))), tf.Variable(tf.zeros((1,)))
    graph_w, graph_b = tf.Variable(tf.zeros((2, 1))), tf.Variable(tf.zeros((1,)))
    eager_step = make_step(eager_w, eager_b)
    graph_step = tf.function(make_step(graph_w, graph_b), jit_compile=True)
    for _ in range(20):
        a, b = eager_step(x, y), graph_step(x, y)
        assert float(a) == float(b)
    np.testing.assert_array_equal(eager_w.numpy(), graph_w.numpy())
    assert float(a) < 0.1


def test_function_on_methods_binds_self_and_signatures_skip_it():
    class Model:
        def __init__(self, k):
            self.k = k

        @tf.function(input_signature=[tf.TensorSpec((None,), tf.float32)])
        def scale(self, x):
            return x * self.k

    m = Model(2.0)
    np.testing.assert_array_equal(m.scale([1, 2]).numpy(), [2.0, 4.0])
    assert m.scale.python_function is Model.__dict__["scale"].python_function
    with pytest.raises(TypeError, match="Can not cast"):
        m.scale(tf.constant([[1.0]]))


def test_run_functions_eagerly_switch():
    f = tf.function(lambda: 3)
    assert isinstance(f(), tf.Tensor)
    tf.config.run_functions_eagerly(True)
    try:
        assert tf.config.functions_run_eagerly() is True and f() == 3 and not isinstance(f(), tf.Tensor)
    finally:
        tf.config.run_functions_eagerly(False)
    assert tf.config.functions_run_eagerly() is False


def test_function_keeps_the_options_it_was_given():
    f = tf.function(lambda x: x, jit_compile=True, reduce_retracing=True)
    assert f.jit_compile is True and f.input_signature is None


def test_cond_and_while_loop_are_differentiable():
    x = tf.Variable(1.5)
    with tf.GradientTape() as tape:
        y = tf.cond(x > 1.0, lambda: x * x, lambda: -x)
    assert float(tape.gradient(y, x)) == 3.0
    with tf.GradientTape() as tape:
        _, power = tf.while_loop(lambda i, p: i < 4, lambda i, p: (i + 1, p * x), (0, tf.constant(1.0)))
    assert float(power) == 1.5 ** 4
    assert float(tape.gradient(power, x)) == pytest.approx(4 * 1.5 ** 3)


def test_initializer_aliases_work_in_keras_layers():
    layer = keras.layers.Dense(3, kernel_initializer=tf.random_normal_initializer(stddev=0.01, seed=4),
                               bias_initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
    layer(np.ones((1, 5), "float32"))
    kernel, bias = layer.get_weights()
    assert kernel.shape == (5, 3) and abs(kernel.std() - 0.01) < 0.006
    np.testing.assert_array_equal(bias, [1.0, 2.0, 3.0])
    again = keras.layers.Dense(3, kernel_initializer=tf.random_normal_initializer(stddev=0.01, seed=4))
    again(np.ones((1, 5), "float32"))
    np.testing.assert_array_equal(again.get_weights()[0], kernel)  # a seed fixes the values


def test_unseeded_initializers_follow_tf_random_set_seed():
    tf.random.set_seed(3)
    a = tf.random_uniform_initializer(-1.0, 1.0)((4,)).numpy()
    tf.random.set_seed(3)
    b = tf.random_uniform_initializer(-1.0, 1.0)((4,)).numpy()
    np.testing.assert_array_equal(a, b)
    assert np.all(np.abs(a) < 1.0) and len(set(a.tolist())) == 4
