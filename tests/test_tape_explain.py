"""A tape that explains itself (SPEC §4c): print(tape), the reasons for None
gradients, and copy-on-write under a tape (values recorded from TensorFlow 2.21)."""
import warnings

import numpy as np
import pytest

import tinytf as tf
from tinytf import backprop, keras


@pytest.fixture
def fresh_warning(monkeypatch):
    """The once-per-process warning, as if nothing had warned yet."""
    monkeypatch.setattr(backprop, "_warned_once", [False])


def _explained(tape, target, sources, **kwargs):
    """The gradients and the explanation text tape.gradient(..., explain=...) gives."""
    texts = []
    grads = tape.gradient(target, sources, explain=texts.append, **kwargs)
    return grads, "\n".join(texts)


# ---- print(tape) ----

def test_print_tape_names_each_op_its_tensors_and_what_it_saved():
    x = tf.constant(np.ones((2, 3), np.float32))
    w = tf.Variable(np.ones((3, 1), np.float32), name="w")
    with tf.GradientTape() as tape:
        y = tf.exp(tf.matmul(x, w))
    text = str(tape)
    assert text.startswith("GradientTape(persistent=False, watch_accessed_variables=True): 2 ops recorded")
    assert "  watched: w:0 float32 (3, 1)" in text
    lines = text.splitlines()
    matmul = lines.index("  MatMul")
    assert lines[matmul + 1] == "      inputs:  Const:0 float32 (2, 3), w:0 float32 (3, 1) [variable]"
    assert lines[matmul + 2] == "      outputs: MatMul:0 float32 (2, 1)"
    assert lines[matmul + 3] == "      saved for the gradient: Const:0 (24 bytes), w:0 (12 bytes); saves 36 bytes"
    exp = lines.index("  Exp")
    assert lines[exp + 1] == "      inputs:  MatMul:0 float32 (2, 1)"
    assert lines[exp + 3] == "      saved for the gradient: Exp:0 (8 bytes); saves 8 bytes"  # exp keeps its output
    assert lines[-1] == "  memory kept alive for the backward pass: 44 bytes in 3 saved tensors"
    assert tape.explain(print_fn=None) == text == repr(tape)
    tape.gradient(y, w)
    assert "0 ops recorded" in str(tape)  # a non-persistent tape frees everything after its one answer
    assert "0 bytes in 0 saved tensors" in str(tape)


def test_print_tape_numbers_repeated_ops_and_counts_a_shared_saved_tensor_once():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        a = x * x
        b = a * x
    text = str(tape)
    assert "  watched: Const:0 float32 (2,)" in text
    assert "      inputs:  Const:0 float32 (2,) [watched], Const:0 float32 (2,) [watched]" in text
    assert "      outputs: Mul_1:0 float32 (2,)" in text
    assert "      saved for the gradient: Mul:0 (8 bytes), Const:0 (8 bytes); saves 16 bytes" in text
    assert "memory kept alive for the backward pass: 16 bytes in 2 saved tensors" in text
    assert "a persistent tape keeps them until it is deleted" in text
    del b


def test_print_tape_shows_what_it_did_not_record():
    x = tf.Variable([1.0, 2.0], name="x")
    with tf.GradientTape() as tape:
        y = tf.stop_gradient(x * 2.0)
        n = tf.cast(x, tf.int32)
    text = str(tape)
    assert "  StopGradient (not recorded: tf.stop_gradient carries no gradient): Mul:0 -> StopGradient:0" in text
    assert "  Cast (not recorded: an integer dtype carries no gradient): x:0 -> Cast:0" in text
    del y, n


def test_an_ordinary_forward_pass_notes_nothing_beyond_its_nodes():
    # The notes for explanations cost nothing when no value leaves the gradient's path.
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(2)])
    x = np.ones((5, 4), np.float32)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x)))
    assert tape._tape.cuts() == []
    assert all(g is not None for g in tape.gradient(loss, model.trainable_weights))


# ---- copy-on-write: a tape computes the gradient of what was computed ----

def test_assigning_between_forward_pass_and_gradient_keeps_the_recorded_values():
    # Recorded from TensorFlow: w = [1, 2], loss = sum(w^3); SGD(0.1) after the first gradient.
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.GradientTape(persistent=True) as tape:
        loss = tf.reduce_sum(w * w * w)
    g1 = tape.gradient(loss, w)
    keras.optimizers.SGD(0.1).apply_gradients([(g1, w)])
    np.testing.assert_allclose(w.numpy(), [0.7, 0.79999995], rtol=1e-6)
    g2 = tape.gradient(loss, w)
    np.testing.assert_allclose(g1.numpy(), [3.0, 12.0])
    np.testing.assert_allclose(g2.numpy(), [3.0, 12.0])  # the gradient of what was computed, as in TensorFlow
    assert float(loss) == 9.0
    text = str(tape)
    assert "[variable, earlier value]" in text
    assert ("8 bytes of them are an earlier value of variable 'w:0': it was assigned after the tape read it, "
            "so the tape keeps the value it computed with (copy-on-write)") in text
    w.assign([5.0, 6.0])
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), [3.0, 12.0])


def test_a_variable_read_before_and_after_an_assign_inside_the_tape_sums_both():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        a = w * w
        w.assign(5.0)
        b = w * w
        loss = a + b
    assert float(tape.gradient(loss, w)) == 14.0  # TensorFlow: 2*2 + 2*5


def test_a_training_step_updates_variables_in_place():
    # The tape has freed what it saved before the optimizer assigns: no copy is made.
    w = tf.Variable(np.ones((4, 3), np.float32))
    x = tf.constant(np.ones((2, 4), np.float32))
    optimizer = keras.optimizers.SGD(0.1)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.matmul(x, w))
    grads = tape.gradient(loss, [w])
    before = w._value._id
    optimizer.apply_gradients(zip(grads, [w]))
    assert w._value._id == before
    np.testing.assert_allclose(w.numpy(), np.full((4, 3), 0.8, np.float32))


# ---- why a gradient is None ----

def test_unwatched_constant_names_the_fix():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    grad, text = _explained(tape, y, x)
    assert grad is None
    assert text == ("GradientTape.gradient returned None for 1 source:\n"
                    "  - the source (a float32 tensor of shape ()) is a constant the tape was not watching: call "
                    "tape.watch(x) inside the `with tf.GradientTape() as tape:` block before using it, or make it "
                    "a tf.Variable.")


def test_variables_the_tape_did_not_watch():
    frozen = tf.Variable(1.0, trainable=False, name="frozen")
    unused = tf.Variable(2.0, name="unused")
    v = tf.Variable(3.0, name="v")
    with tf.GradientTape() as tape:
        y = frozen * v
    grads, text = _explained(tape, y, [frozen, unused, v])
    assert grads[0] is None and grads[1] is None and float(grads[2]) == 1.0
    assert "returned None for 2 sources" in text
    assert "variable 'frozen:0' is not trainable (trainable=False), so the tape does not watch it by itself" in text
    assert "variable 'unused:0' was not read while the tape was recording" in text
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        y = v * v
    _, text = _explained(tape, y, v)
    assert "made with watch_accessed_variables=False and not told to watch variable 'v:0'" in text


def test_not_connected():
    a, b = tf.Variable(1.0, name="a"), tf.Variable(2.0, name="b")
    with tf.GradientTape() as tape:
        y = a * 2.0
        unrelated = b * 3.0
    grads, text = _explained(tape, y, [a, b])
    assert float(grads[0]) == 2.0 and grads[1] is None
    assert "the target was not computed from variable 'b:0': no recorded op leads from it to the target" in text
    del unrelated


def test_integer_source_and_tensorflows_watch_warning():
    i = tf.constant(3)
    with tf.GradientTape() as tape:
        with pytest.warns(UserWarning, match=r"The dtype of the watched tensor must be floating \(e.g. tf.float32\), "
                                             r"got tf.int32"):
            tape.watch(i)
        y = i * i
    grad, text = _explained(tape, y, i)
    assert grad is None
    assert "the source (a int32 tensor of shape ()) has dtype int32: integer tensors have no gradient" in text


def test_path_through_an_integer_dtype():
    x = tf.Variable([1.5, 2.5], name="x")
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.cast(tf.cast(x, tf.int32) * 2, tf.float32))
    grad, text = _explained(tape, y, x)
    assert grad is None
    assert ("the path from variable 'x:0' to the target goes through Cast, which made an integer (or bool) tensor"
            in text)


def test_path_cut_by_stop_gradient():
    x = tf.Variable(3.0, name="x")
    with tf.GradientTape() as tape:
        y = tf.stop_gradient(x * x) * 2.0 + 1.0
    grad, text = _explained(tape, y, x)
    assert grad is None
    assert "every path from variable 'x:0' to the target goes through tf.stop_gradient" in text


def test_values_that_went_through_numpy():
    x = tf.Variable([1.0, 2.0], name="x")
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.constant(x.numpy() * 2.0))
    grad, text = _explained(tape, y, x)
    assert grad is None
    assert "variable 'x:0': its value left the tape through NumPy (.numpy(), np.asarray, float())" in text

    c = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(c)
        doubled = c * 2.0
        y = tf.reduce_sum(tf.constant(np.asarray(doubled) + 1.0))
    grad, text = _explained(tape, y, c)
    assert grad is None
    assert "a value computed from it (by Mul) left the tape through NumPy" in text


def test_op_without_a_gradient_for_an_input():
    @tf.custom_gradient
    def scale(x, k):
        def grad(upstream):
            return upstream * k, None
        return x * k, grad

    x, k = tf.Variable(2.0, name="x"), tf.Variable(3.0, name="k")
    with tf.GradientTape() as tape:
        y = scale(x, k)
    grads, text = _explained(tape, y, [x, k])
    assert float(grads[0]) == 3.0 and grads[1] is None
    assert "the target depends on variable 'k:0' through CustomGradient, which has no gradient for this input" in text


def test_explain_prints_nothing_when_every_gradient_exists(capsys):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert float(tape.gradient(y, x, explain=True)) == 4.0
    assert capsys.readouterr().out == ""


def test_explain_true_prints(capsys):
    x = tf.constant(1.0)
    with tf.GradientTape() as tape:
        y = x + 1.0
    assert tape.gradient(y, {"x": x}, explain=True) == {"x": None}
    assert "is a constant the tape was not watching" in capsys.readouterr().out


def test_the_first_none_of_the_process_warns_once(fresh_warning):
    x = tf.constant(1.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * 2.0
    with pytest.warns(UserWarning, match="is a constant the tape was not watching") as record:
        assert tape.gradient(y, x) is None
    assert "tinytf says this once per process" in str(record[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tape.gradient(y, x) is None  # no second warning


def test_unconnected_zero_gives_zeros_without_warning(fresh_warning):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = x * 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grad = tape.gradient(y, x, unconnected_gradients="zero")
    np.testing.assert_array_equal(grad.numpy(), [0.0, 0.0])
    assert backprop._warned_once == [False]
