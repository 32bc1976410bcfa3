"""What a student meets first when typing the textbooks' code (issue 12), each checked against what
TensorFlow / tf.keras do (recorded in /work/venvs/tf): copying and pickling tensors and variables (the
chapter-3 plot), variable names, Dense's input checks, and a subclassed model's weights before its call."""
import copy
import io
import pickle

import numpy as np
import pytest

import tinytf as tf
from tinytf import keras
from tinytf.keras import layers


# ---- copying and pickling -------------------------------------------------------------------------
@pytest.mark.parametrize("value", [np.float32(1.5), np.arange(6, dtype=np.int64).reshape(2, 3),
                                   np.array([True, False]), np.zeros((0, 3), np.float64), np.array(-2**31, np.int32)])
def test_tensors_copy_deepcopy_and_pickle(value):
    t = tf.constant(value)
    assert copy.copy(t) is t and copy.deepcopy(t) is t  # immutable: TensorFlow returns the tensor itself
    loaded = pickle.loads(pickle.dumps(t))
    assert loaded.dtype == t.dtype and loaded.shape == t.shape
    np.testing.assert_array_equal(loaded.numpy(), value)


def test_a_view_pickles_its_values():
    t = tf.transpose(tf.reshape(tf.range(6), [2, 3]))[::-1]
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(t)).numpy(), [[2, 5], [1, 4], [0, 3]])


def test_copy_of_a_variable_shares_its_state_as_in_tensorflow():
    w = tf.Variable([1.0, 2.0], name="w")
    c = copy.copy(w)
    c.assign([5.0, 5.0])
    np.testing.assert_array_equal(w.numpy(), [5.0, 5.0])


def test_deepcopy_and_pickle_of_a_variable_are_independent_copies():
    w = tf.Variable([[1, 2]], name="w", trainable=False, dtype=tf.int64)
    for copied in (copy.deepcopy(w), pickle.loads(pickle.dumps(w))):
        assert copied is not w and isinstance(copied, tf.Variable)
        assert (copied.name, copied.trainable, copied.dtype, copied.shape) == ("w:0", False, tf.int64, (1, 2))
        copied.assign([[7, 7]])
        np.testing.assert_array_equal(w.numpy(), [[1, 2]])


def test_deepcopy_keeps_shared_references_shared():
    w = tf.Variable(1.0)
    pair = copy.deepcopy([w, w])
    assert pair[0] is pair[1] and pair[0] is not w


def test_chapter_3_decision_line_plots_with_tensors():
    """Deep Learning with Python, chapter 3: the linear classifier's line, plotted from tf.Variables
    (matplotlib copies what it plots with copy.copy)."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    W = tf.Variable(tf.random.uniform(shape=(2, 1)) + 0.5)
    b = tf.Variable(tf.zeros(shape=(1,)))
    inputs = np.random.default_rng(0).standard_normal((20, 2)).astype("float32")
    predictions = tf.matmul(inputs, W) + b
    x = np.linspace(-1, 4, 100)
    y = -W[0] / W[1] * x + (0.5 - b) / W[1]
    plt.figure()
    plt.plot(x, y, "-r")
    plt.scatter(inputs[:, 0], inputs[:, 1], c=predictions[:, 0] > 0.5)
    png = io.BytesIO()
    plt.savefig(png, format="png")
    plt.close()
    assert png.getvalue().startswith(b"\x89PNG") and len(png.getvalue()) > 1000
    w = W.numpy()
    # y was computed in float32 (W is unseeded, as in the book): near the line's zero crossing only an
    # absolute tolerance makes sense.
    np.testing.assert_allclose(np.asarray(y), -w[0] / w[1] * x + (0.5 - b.numpy()) / w[1], rtol=1e-5, atol=1e-6)


# ---- names --------------------------------------------------------------------------------------------
def test_unnamed_eager_variables_are_all_named_variable():
    assert [tf.Variable(1.0).name, tf.Variable(2.0).name, tf.Variable(3.0, name="w").name] == [
        "Variable:0", "Variable:0", "w:0"]


# ---- Dense checks its inputs (Keras's InputSpec) --------------------------------------------------------
def test_dense_wants_at_least_two_dimensions():
    for bad, found in ((tf.ones([3]), "ndim=1"), (tf.constant(1.0), "ndim=0"), (np.ones(3), "ndim=1")):
        dense = layers.Dense(4, name="d")
        with pytest.raises(ValueError, match=f'Input 0 of layer "d" is incompatible with the layer: expected '
                                             f"min_ndim=2, found {found}"):
            dense(bad)
        assert not dense.built  # nothing was built from the bad input


def test_dense_built_for_3_features_called_with_4_names_the_layer():
    dense = layers.Dense(4, name="classifier")
    dense(tf.ones([2, 3]))
    with pytest.raises(ValueError, match=r'layer "classifier" is incompatible with the layer: expected axis -1 of '
                                         r"input shape to have value 3, but received input with shape \(2, 4\)"):
        dense(tf.ones([2, 4]))
    assert dense(tf.ones([5, 2, 3])).shape == (5, 2, 4)  # any rank >= 2 with 3 features


def test_input_spec_dtype_and_dense_on_integers():
    class Ids(layers.Layer):
        def __init__(self):
            super().__init__(name="ids")
            self.input_spec = layers.InputSpec(dtype="int32", ndim=2)

    with pytest.raises(ValueError, match='Input 0 of layer "ids" is incompatible with the layer: expected '
                                         "dtype=int32, found dtype=float32"):
        Ids()(tf.ones([2, 3]))
    assert Ids()(tf.ones([2, 3], dtype=tf.int32)).dtype == tf.int32
    dense = layers.Dense(2, kernel_initializer="ones")
    out = dense(tf.constant([[1, 2, 3]]))  # integers are cast to the kernel's dtype
    assert out.dtype == tf.float32 and out.numpy().tolist() == [[6.0, 6.0]]


def test_dense_input_spec_applies_to_symbolic_calls():
    dense = layers.Dense(2, name="head")
    dense(keras.Input((3,)))
    with pytest.raises(ValueError, match='layer "head".*value 3.*\\(None, 5\\)'):
        dense(keras.Input((5,)))


def test_input_spec_rules():
    spec = keras.layers.InputSpec(ndim=3, axes={-1: 2})
    assert repr(spec) == "InputSpec(ndim=3, axes={-1: 2})"
    layer = layers.Layer(name="custom")
    layer.input_spec = spec
    assert layer(tf.ones([1, 4, 2])).shape == (1, 4, 2)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        layer(tf.ones([4, 2]))
    layer.input_spec = keras.layers.InputSpec(shape=(None, 3), dtype="float32")
    with pytest.raises(ValueError, match=r"expected shape=\(None, 3\), found shape=\(2, 4\)"):
        layer(tf.ones([2, 4]))
    with pytest.raises(ValueError, match="expected dtype=float32, found dtype=int32"):
        layer(tf.ones([2, 3], tf.int32))
    layer.input_spec = [keras.layers.InputSpec(max_ndim=1), None]
    with pytest.raises(ValueError, match="expects 2 input"):
        layer(tf.ones([1]))
    with pytest.raises(TypeError, match="axes"):
        keras.layers.InputSpec(axes={"last": 2})


# ---- a model's weights before its first call ---------------------------------------------------------
class _Ticket(keras.Model):  # creates its weights in call(), defines no build()
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x)


class _TicketWithBuild(_Ticket):
    def build(self, input_shape):
        self.dense.build(input_shape)


def test_weights_before_the_first_call_follow_tf_keras():
    assert _Ticket().weights == [] and _Ticket().trainable_weights == []
    with pytest.raises(ValueError, match="have not yet been created"):
        _TicketWithBuild().weights
    with pytest.raises(ValueError, match="have not yet been created"):
        keras.Sequential([layers.Dense(2)]).weights
    model = _Ticket()
    model(tf.ones([1, 4]))
    assert [tuple(w.shape) for w in model.weights] == [(4, 3), (3,)]
