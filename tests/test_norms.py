"""tf.norm / tf.linalg.norm, tf.nn.l2_normalize, tf.clip_by_norm, tf.linalg.global_norm and
tf.clip_by_global_norm against NumPy (TensorFlow's formulas written in NumPy), with TensorFlow's
argument errors; the gradients are in test_gradients.py."""
import numpy as np
import pytest

import tinytf as tf
from helpers import FLOAT, INT, UNARY_SHAPES, check_op, check_rejects_dtype, random_array

TOL = {"float32": 1e-5, "float64": 1e-12}
SHAPES = [shape for (shape,) in UNARY_SHAPES]  # 0-d, vectors, matrices, 3-D and empty


def _np_vector_norm(x, p, axis, keepdims):
    a = np.abs(x.astype(np.float64))
    if p == 1:
        r = np.sum(a, axis=axis, keepdims=keepdims)
    elif p == 2:
        r = np.sqrt(np.sum(a * a, axis=axis, keepdims=keepdims))
    elif np.isinf(p):
        r = np.max(a, axis=axis, keepdims=keepdims, initial=-np.inf)
    else:
        r = np.sum(a**p, axis=axis, keepdims=keepdims) ** (1 / p)
    if keepdims and axis is None:
        r = np.reshape(r, [1] * x.ndim)
    return np.asarray(r, dtype=x.dtype)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("ord", ["euclidean", 1, 2, np.inf, 3, 0.5])
def test_vector_norms_match_numpy(ord, keepdims):
    p = 2 if ord == "euclidean" else ord
    for shape in SHAPES:
        for axis in [None] + list(range(-len(shape), len(shape))):
            check_op(lambda x: tf.norm(x, ord=ord, axis=axis, keepdims=keepdims),
                     lambda x: _np_vector_norm(x, p, axis, keepdims),
                     shapes=[(shape,)], dtypes=FLOAT, rtol=TOL, atol=1e-6,
                     domain="nonzero", name=f"norm(ord={ord}, axis={axis}, keepdims={keepdims})")


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("ord", ["fro", "euclidean", 1, np.inf])
def test_matrix_norms_match_numpy(ord, keepdims):
    np_ord = "fro" if ord == "euclidean" else ord
    for shape, axes in [((3, 4), (0, 1)), ((3, 4), (1, 0)), ((2, 3, 5), (-2, -1)), ((2, 3, 5), (2, 0)),
                        ((0, 3), (0, 1)), ((2, 0, 4), (1, 2))]:
        def reference(x):
            a = np.abs(np.moveaxis(x.astype(np.float64), axes, (-2, -1)))
            if np_ord == "fro":
                r = np.sqrt(np.sum(a * a, axis=(-2, -1)))
            else:  # the largest column (1) or row (inf) sum; the largest of none is -inf, as in TensorFlow
                sums = np.sum(a, axis=-2 if np_ord == 1 else -1)
                r = np.max(sums, axis=-1, initial=-np.inf)
                if a.size and a.shape[-2] and a.shape[-1]:
                    np.testing.assert_allclose(r, np.linalg.norm(a, ord=np_ord, axis=(-2, -1)))
            if keepdims:
                r = np.expand_dims(r, tuple(sorted(a % x.ndim for a in axes)))
            return r.astype(x.dtype)

        check_op(lambda x: tf.linalg.norm(x, ord=ord, axis=axes, keepdims=keepdims), reference,
                 shapes=[(shape,)], dtypes=FLOAT, rtol=TOL, atol=1e-6, name=f"norm(ord={ord}, axis={axes})")


def test_norm_argument_errors_are_tensorflows():
    x = tf.constant([[3.0, -4.0], [1.0, 2.0]])
    for ord in (0, -1, "fro", "inf"):
        with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got"):
            tf.norm(x, ord=ord, axis=1)
    with pytest.raises(ValueError, match=r"'ord' must be a supported matrix norm in \['euclidean', 'fro', 1, 2, inf\], got 3"):
        tf.norm(x, ord=3, axis=[0, 1])
    for axis in ([0, 0], [0, 1, 1], tf.constant(1)):
        with pytest.raises(ValueError, match="'axis' must be None, an integer, or a tuple of 2 unique integers"):
            tf.norm(x, axis=axis)
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        tf.norm(x, axis=2)
    check_rejects_dtype(tf.norm, INT, name="norm")


def test_norm_of_empty_and_scalar():
    assert tf.norm(tf.zeros([0])).numpy() == 0.0
    assert tf.norm(tf.zeros([0]), ord=np.inf).numpy() == -np.inf  # TF 2.21: the max of nothing
    assert tf.norm(tf.constant(-3.0)).numpy() == 3.0


@pytest.mark.parametrize("axis", [None, 0, 1, -1, [0, 1]])
def test_l2_normalize_matches_numpy(axis):
    def reference(x):
        ax = tuple(axis) if isinstance(axis, list) else axis
        return x / np.sqrt(np.maximum(np.sum(x * x, axis=ax, keepdims=True), 1e-12)).astype(x.dtype)

    check_op(lambda x: tf.nn.l2_normalize(x, axis=axis), reference, shapes=[((3, 4),), ((2, 0),), ((1, 5),)],
             dtypes=FLOAT, rtol=TOL, name=f"l2_normalize(axis={axis})")
    assert tf.math.l2_normalize is tf.nn.l2_normalize is tf.linalg.l2_normalize


def test_l2_normalize_zero_vector_and_dtypes():
    np.testing.assert_array_equal(tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1).numpy(),
                                  np.array([[0.6, 0.8], [0, 0]], np.float32))
    np.testing.assert_allclose(tf.nn.l2_normalize(tf.constant([3.0, 4.0]), dim=0).numpy(), [0.6, 0.8])
    with pytest.raises(TypeError, match="Cannot convert 1e-12 to EagerTensor of dtype int32"):
        tf.nn.l2_normalize(tf.constant([3, 4]))


def _np_clip_by_norm(t, clip, axes):
    clip = max(clip, 0)
    l2sum = np.sum(t * t, axis=axes, keepdims=True)
    l2norm = np.where(l2sum > 0, np.sqrt(np.where(l2sum > 0, l2sum, 1)), l2sum)
    return (t * clip / np.maximum(l2norm, clip)).astype(t.dtype)


@pytest.mark.parametrize("clip", [-1.0, 0.5, 3.0, 100.0])
@pytest.mark.parametrize("axes", [None, [0], [1], [0, 1]])
def test_clip_by_norm_matches_tensorflows_formula(clip, axes):
    ax = None if axes is None else tuple(axes)
    check_op(lambda t: tf.clip_by_norm(t, clip, axes=axes), lambda t: _np_clip_by_norm(t, clip, ax),
             shapes=[((3, 4),), ((2, 0),), ((1, 5),)], dtypes=FLOAT, rtol=TOL, name=f"clip_by_norm({clip}, {axes})")


def test_clip_by_norm_edges():
    assert tf.clip_by_norm(tf.constant([0.0, 0.0]), 1.0).numpy().tolist() == [0.0, 0.0]
    assert tf.clip_by_norm(tf.constant([3.0, 4.0]), -1.0).numpy().tolist() == [0.0, 0.0]  # TF: a negative norm zeroes
    got = tf.clip_by_norm(tf.constant([np.inf, 4.0]), 1.0).numpy()
    assert np.isnan(got[0]) and got[1] == 0.0
    np.testing.assert_allclose(tf.clip_by_norm(tf.constant([3.0, 4.0]), tf.constant([1.0, 2.0])).numpy(), [0.6, 1.6])
    np.testing.assert_allclose(tf.clip_by_norm(tf.constant([3.0, 4.0]), tf.constant(1.0, tf.float64)).numpy(),
                               [0.6, 0.8])  # clip_norm is cast to t's dtype
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32"):
        tf.clip_by_norm(tf.constant([3, 4]), 1)


def test_global_norm_and_clip_by_global_norm():
    rng = np.random.default_rng(0)
    arrays = [random_array((3, 4), "float32", rng), random_array((5,), "float32", rng), random_array((), "float32", rng)]
    expected_norm = np.sqrt(sum(np.sum(a.astype(np.float64) ** 2) for a in arrays))
    tensors = [tf.constant(a) for a in arrays]
    np.testing.assert_allclose(tf.linalg.global_norm(tensors + [None]).numpy(), expected_norm, rtol=1e-6)
    for clip in (0.5 * expected_norm, 2 * expected_norm):
        clipped, norm = tf.clip_by_global_norm([tensors[0], None, tensors[1], tensors[2]], clip)
        assert isinstance(clipped, list) and clipped[1] is None and len(clipped) == 4
        np.testing.assert_allclose(norm.numpy(), expected_norm, rtol=1e-6)
        scale = clip * min(1 / expected_norm, 1 / clip)
        for got, a in zip([clipped[0], clipped[2], clipped[3]], arrays):
            np.testing.assert_allclose(got.numpy(), a * scale, rtol=1e-5)


def test_clip_by_global_norm_edges_are_tensorflows():
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0])], 1.0, use_norm=tf.constant(10.0))
    np.testing.assert_allclose(clipped[0].numpy(), [0.3, 0.4]) and float(norm) == 10.0
    clipped, norm = tf.clip_by_global_norm([], 1.0)
    assert clipped == [] and float(norm) == 0.0
    clipped, norm = tf.clip_by_global_norm([None], 1.0)
    assert clipped == [None] and float(norm) == 0.0
    for bad in (np.inf, np.nan):  # a non-finite norm makes every value NaN
        clipped, _ = tf.clip_by_global_norm([tf.constant([bad, 4.0])], 1.0)
        assert np.isnan(clipped[0].numpy()).all()
    clipped, _ = tf.clip_by_global_norm((tf.Variable([3.0, 4.0]),), 1.0)  # tuples and variables
    np.testing.assert_allclose(clipped[0].numpy(), [0.6, 0.8])
    with pytest.raises(TypeError, match="`t_list` should be a sequence of tensors"):
        tf.clip_by_global_norm(tf.constant([3.0, 4.0]), 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="float64"):  # the global norm needs one dtype
        tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([1.0], tf.float64)], 1.0)
    clipped, _ = tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([1.0], tf.float64)], 1.0,
                                        use_norm=tf.constant(6.0))  # ... but a given norm scales any dtype
    assert clipped[1].dtype == tf.float64 and float(clipped[0][0]) == 0.5
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32"):
        tf.clip_by_global_norm([tf.constant([3, 4])], 1.0)
