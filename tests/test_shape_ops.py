"""Shape ops, creation ops and slicing against NumPy (views included)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf
from helpers import ALL, check_op, random_array


@pytest.mark.parametrize("dtype", ALL)
def test_reshape(dtype):
    cases = [((2, 3, 4), [24]), ((2, 3, 4), [4, -1]), ((2, 3, 4), [-1]), ((6,), [1, 6, 1]), ((), [1, 1]),
             ((1, 1), []), ((0, 3), [3, 0, 5]), ((0, 3), [-1, 3]), ((2, 3), (3, 2))]
    for shape, new in cases:
        check_op(lambda x: tf.reshape(x, new), lambda x: np.reshape(x, new), shapes=[(shape,)], dtypes=(dtype,),
                 name=f"reshape({new})")
    check_op(lambda x: tf.reshape(x, tf.constant([3, 2])), lambda x: x.reshape(3, 2), shapes=[((2, 3),)],
             dtypes=(dtype,), name="reshape(tensor shape)")


@pytest.mark.parametrize("dtype", ALL)
def test_transpose(dtype):
    for shape, perm in [((3, 4), None), ((2, 3, 4), None), ((2, 3, 4), [1, 0, 2]), ((2, 3, 4), [2, 0, 1]),
                        ((5,), [0]), ((), None), ((0, 3, 1), [1, 2, 0])]:
        check_op(lambda x: tf.transpose(x, perm), lambda x: np.transpose(x, perm), shapes=[(shape,)],
                 dtypes=(dtype,), name=f"transpose({perm})")


def test_transpose_negative_perm_matches_tensorflow():
    # TF 2.21 accepts negative entries in perm: tf.transpose(x, [-1, 0, 1]) has shape (4, 2, 3).
    assert tf.transpose(tf.zeros([2, 3, 4]), [-1, 0, 1]).shape.as_list() == [4, 2, 3]


@pytest.mark.parametrize("dtype", ALL)
def test_expand_dims_squeeze(dtype):
    for shape, axis in [((3, 4), 0), ((3, 4), 1), ((3, 4), 2), ((3, 4), -1), ((3, 4), -3), ((), 0), ((0,), 1)]:
        check_op(lambda x: tf.expand_dims(x, axis), lambda x: np.expand_dims(x, axis), shapes=[(shape,)],
                 dtypes=(dtype,), name=f"expand_dims({axis})")
    for shape, axis in [((1, 3, 1, 4), None), ((1, 3, 1, 4), [0]), ((1, 3, 1, 4), [2, 0]), ((1, 3, 1, 4), -2),
                        ((1,), None), ((0, 1), [1]), ((3,), None), ((1, 3, 1), [])]:  # []: all, as None (TF)
        np_axis = (tuple(axis) or None) if isinstance(axis, list) else axis
        check_op(lambda x: tf.squeeze(x, axis), lambda x: np.squeeze(x, np_axis), shapes=[(shape,)],
                 dtypes=(dtype,), name=f"squeeze({axis})")


@pytest.mark.parametrize("dtype", ALL)
def test_broadcast_to_and_tile(dtype):
    for shape, target in [((3,), (2, 3)), ((3, 1), (3, 4)), ((), (2, 2)), ((1, 4), (0, 4)), ((2, 1, 3), (2, 5, 3))]:
        check_op(lambda x: tf.broadcast_to(x, target), lambda x: np.broadcast_to(x, target), shapes=[(shape,)],
                 dtypes=(dtype,), name=f"broadcast_to({target})")
    for shape, reps in [((2, 3), [2, 1]), ((2, 3), [1, 3]), ((2, 3), [2, 2]), ((3,), [0]), ((0, 2), [3, 2]),
                        ((2, 1, 2), [1, 4, 2])]:
        check_op(lambda x: tf.tile(x, reps), lambda x: np.tile(x, reps), shapes=[(shape,)], dtypes=(dtype,),
                 name=f"tile({reps})")


@pytest.mark.parametrize("dtype", ALL)
def test_concat_and_stack(dtype):
    for shapes, axis in [(((2, 3), (4, 3)), 0), (((2, 3), (2, 1), (2, 0)), 1), (((2, 3), (2, 3)), -1),
                         (((0, 3), (2, 3)), 0), (((1, 2, 3),), 2)]:
        check_op(lambda *xs: tf.concat(list(xs), axis), lambda *xs: np.concatenate(xs, axis), shapes=[shapes],
                 dtypes=(dtype,), name=f"concat(axis={axis})")
    for shapes, axis in [(((2, 3),) * 3, 0), (((2, 3),) * 2, 1), (((2, 3),) * 2, 2), (((2, 3),) * 2, -1),
                         (((),) * 4, 0), (((0, 2),) * 2, 1)]:
        check_op(lambda *xs: tf.stack(list(xs), axis), lambda *xs: np.stack(xs, axis), shapes=[shapes],
                 dtypes=(dtype,), name=f"stack(axis={axis})")


def test_concat_and_stack_accept_python_lists():
    np.testing.assert_array_equal(tf.concat([[1, 2], [3]], 0).numpy(), [1, 2, 3])
    np.testing.assert_array_equal(tf.stack([tf.constant([1.0, 2.0]), [3.0, 4.0]]).numpy(), [[1, 2], [3, 4]])


@pytest.mark.parametrize("dtype", ALL)
def test_split_and_unstack(dtype):
    rng = np.random.default_rng(1)
    x = random_array((6, 4, 3), dtype, rng)
    t = tf.constant(x)
    for spec, axis in [(3, 0), (2, 1), ([1, 2, 3], 0), ([1, -1], 2), ([4, 0], 1), (1, 2), ([0, 6], 0)]:
        got = tf.split(t, spec, axis=axis)
        indices = np.cumsum([x.shape[axis] // spec] * spec)[:-1] if isinstance(spec, int) else None
        if indices is None:
            sizes = [x.shape[axis] - sum(s for s in spec if s >= 0) if s == -1 else s for s in spec]
            indices = np.cumsum(sizes)[:-1]
        expected = np.split(x, indices, axis=axis)
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            assert g.dtype == dtype
            np.testing.assert_array_equal(g.numpy(), e, err_msg=f"split({spec}, axis={axis})")
    for axis in (0, 1, 2, -1):
        parts = tf.unstack(t, axis=axis)
        expected = [np.take(x, i, axis=axis) for i in range(x.shape[axis])]
        assert len(parts) == len(expected)
        for g, e in zip(parts, expected):
            np.testing.assert_array_equal(g.numpy(), e)


@pytest.mark.parametrize("dtype", ALL)
def test_gather(dtype):
    rng = np.random.default_rng(2)
    x = random_array((5, 4, 3), dtype, rng)
    for indices, axis in [([0, 4, 2, 2], 0), ([[1, 0], [3, 3]], 1), (2, 0), (np.zeros([0], np.int32), 0), ([2, 0], -1),
                          (np.array([1, 2], dtype=np.int64), 2)]:
        got = tf.gather(tf.constant(x), indices, axis=axis)
        expected = np.take(x, np.asarray(indices, dtype=np.int64), axis=axis)
        assert got.dtype == dtype
        assert got.shape.as_list() == list(expected.shape), f"gather({indices}, axis={axis})"
        np.testing.assert_array_equal(got.numpy(), expected, err_msg=f"gather({indices}, axis={axis})")


def test_one_hot():
    idx = np.array([[0, 2], [1, 5]])
    expected = (idx[..., None] == np.arange(3)).astype(np.float32)  # index 5 >= depth: an all-off row
    got = tf.one_hot(idx, 3)
    assert got.dtype == tf.float32
    np.testing.assert_array_equal(got.numpy(), expected)
    np.testing.assert_array_equal(tf.one_hot([0, 5, -1], 3).numpy(), [[1, 0, 0], [0, 0, 0], [0, 0, 0]])
    got = tf.one_hot(tf.constant([2, 0], tf.int64), 4, on_value=5, off_value=-1)
    assert got.dtype == tf.int32
    np.testing.assert_array_equal(got.numpy(), [[-1, -1, 5, -1], [5, -1, -1, -1]])
    got = tf.one_hot([1, 0], 2, axis=0, dtype=tf.float64)
    assert got.dtype == tf.float64
    np.testing.assert_array_equal(got.numpy(), [[0, 1], [1, 0]])
    assert tf.one_hot(tf.zeros([0], tf.int32), 3).shape.as_list() == [0, 3]


def test_one_hot_of_float_labels_from_numpy():
    """TensorFlow converts a NumPy array of whole floats to the op's integer type (the keras.io guide keeps its
    labels as float32); a float tensor or fractional values stay an error."""
    np.testing.assert_array_equal(tf.one_hot(np.array([2.0, 0.0], "float32"), 3).numpy(), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="integer"):
        tf.one_hot(tf.constant([1.0]), 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="integer"):
        tf.one_hot(np.array([1.5]), 3)


@pytest.mark.parametrize("dtype", ALL)
def test_identity_and_stop_gradient(dtype):
    check_op(tf.identity, lambda x: x, dtypes=(dtype,), name="identity")
    check_op(tf.stop_gradient, lambda x: x, dtypes=(dtype,), name="stop_gradient")


def test_creation_ops():
    for shape in [[], [3], [2, 0], (2, 3)]:
        for dtype in ALL:
            z, o = tf.zeros(shape, dtype), tf.ones(shape, dtype=dtype)
            assert z.dtype == dtype and o.dtype == dtype
            np.testing.assert_array_equal(z.numpy(), np.zeros(shape, dtype))
            np.testing.assert_array_equal(o.numpy(), np.ones(shape, dtype))
    assert tf.zeros([2]).dtype == tf.float32
    base = tf.constant([[1, 2, 3]])
    assert tf.zeros_like(base).dtype == tf.int32
    np.testing.assert_array_equal(tf.ones_like(base, dtype=tf.float64).numpy(), [[1.0, 1.0, 1.0]])
    f = tf.fill([2, 2], 3)
    assert f.dtype == tf.int32 and f.numpy().tolist() == [[3, 3], [3, 3]]
    assert tf.fill([3], 2.5).dtype == tf.float32
    e = tf.eye(2, 3, dtype=tf.int32)
    assert e.dtype == tf.int32
    np.testing.assert_array_equal(e.numpy(), np.eye(2, 3))
    np.testing.assert_array_equal(tf.eye(3, batch_shape=[2]).numpy(), np.broadcast_to(np.eye(3), (2, 3, 3)))


def test_range():
    cases = [((5,), np.arange(5, dtype=np.int32)), ((2, 9, 3), np.arange(2, 9, 3, dtype=np.int32)),
             ((5, 0, -2), np.arange(5, 0, -2, dtype=np.int32)), ((0.0, 1.0, 0.25), np.arange(0, 1, 0.25, dtype=np.float32)),
             ((3, 3), np.arange(3, 3, dtype=np.int32))]
    for args, expected in cases:
        got = tf.range(*args)
        assert got.dtype == expected.dtype.name, f"range{args}"
        np.testing.assert_array_equal(got.numpy(), expected, err_msg=f"range{args}")
    assert tf.range(tf.constant(5, tf.int64)).dtype == tf.int64
    assert tf.range(4, dtype=tf.float64).dtype == tf.float64


def test_shape_size_rank():
    t = tf.zeros([2, 3, 0])
    s = tf.shape(t)
    assert s.dtype == tf.int32 and s.numpy().tolist() == [2, 3, 0]
    assert tf.shape(tf.constant(1.0)).numpy().tolist() == []
    assert tf.shape(t, out_type=tf.int64).dtype == tf.int64
    assert tf.size(tf.zeros([2, 3])).dtype == tf.int32 and int(tf.size(tf.zeros([2, 3]))) == 6
    assert tf.rank(tf.zeros([2, 3])).dtype == tf.int32 and int(tf.rank(tf.zeros([2, 3]))) == 2
    assert tf.size(tf.constant(1.0)).shape.as_list() == []


# -- slicing ------------------------------------------------------------------------------------------------

SLICE_KEYS = [
    0, -1, 2, slice(None), slice(1, 3), slice(None, None, 2), slice(None, None, -1), slice(3, 0, -2),
    slice(-2, None), slice(10, 20), slice(None, -10), (1, 2), (slice(None), 1), (Ellipsis, 1), (1, Ellipsis),
    (None, 1), (1, None, slice(None, None, -1)), (Ellipsis, None), (slice(None), None, slice(1, 3), Ellipsis),
    (-1, -1, -1), (slice(None, None, 3), Ellipsis, slice(None, None, -2)), (),
]


@pytest.mark.parametrize("key", SLICE_KEYS, ids=repr)
def test_slicing_matches_numpy(key):
    check_op(lambda x: x[key], lambda x: x[key], shapes=[((4, 5, 6),)], dtypes=ALL, name=f"x[{key!r}]")


def test_slicing_with_newaxis_and_scalar_tensor_index():
    x = np.arange(24).reshape(2, 3, 4)
    t = tf.constant(x)
    np.testing.assert_array_equal(t[tf.newaxis, 1, ..., tf.newaxis].numpy(), x[None, 1, ..., None])
    np.testing.assert_array_equal(t[tf.constant(1)].numpy(), x[1])
    np.testing.assert_array_equal(t[:, tf.constant(2, tf.int64)].numpy(), x[:, 2])
    np.testing.assert_array_equal(t[tf.constant(0):tf.constant(2)].numpy(), x[0:2])


def test_slices_are_views_and_chain():
    x = np.arange(60, dtype=np.float32).reshape(3, 4, 5)
    t = tf.constant(x)
    v = t[1:, ::-1][:, 1:3, ::2]
    np.testing.assert_array_equal(v.numpy(), x[1:, ::-1][:, 1:3, ::2])
    # a view computes like a contiguous tensor
    np.testing.assert_array_equal((v * 2 + 1).numpy(), x[1:, ::-1][:, 1:3, ::2] * 2 + 1)
    np.testing.assert_array_equal(tf.reshape(v, [-1]).numpy(), x[1:, ::-1][:, 1:3, ::2].reshape(-1))
    tr = tf.transpose(t, [2, 0, 1])
    np.testing.assert_array_equal(tf.reshape(tr, [5, 12]).numpy(), np.transpose(x, [2, 0, 1]).reshape(5, 12))
    np.testing.assert_array_equal(tf.concat([tr[0], tr[1]], 0).numpy(), np.concatenate([x[..., 0], x[..., 1]]))
    # ops on a view never change the base tensor
    _ = v + 1
    np.testing.assert_array_equal(t.numpy(), x)


def test_slice_of_view_shares_memory_with_base():
    t = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    base = np.asarray(t)
    view = np.asarray(t[1])
    assert np.shares_memory(base, view), "t[1] should be a view of t (SPEC: a view where the layout allows)"


@st.composite
def _array_and_key(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5))
    key = draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True))
    return shape, key


@settings(deadline=None, max_examples=300, derandomize=True)
@given(_array_and_key())
def test_property_slicing_matches_numpy(shape_key):
    shape, key = shape_key
    x = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    got = tf.constant(x)[key]
    expected = x[key]
    assert isinstance(got, tf.Tensor)
    assert tuple(got.shape.as_list()) == expected.shape, f"x{list(shape)}[{key!r}]"
    np.testing.assert_array_equal(got.numpy(), expected, err_msg=f"x{list(shape)}[{key!r}]")


@settings(deadline=None, max_examples=100, derandomize=True)
@given(_array_and_key(), st.data())
def test_property_slicing_of_transposed_views(shape_key, data):
    shape, _ = shape_key
    perm = data.draw(st.permutations(range(len(shape))))
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    xt = np.transpose(x, perm)
    key = data.draw(hnp.basic_indices(xt.shape, allow_newaxis=True, allow_ellipsis=True))
    got = tf.transpose(tf.constant(x), perm)[key]
    np.testing.assert_array_equal(got.numpy(), xt[key], err_msg=f"transpose({perm})[{key!r}]")
    np.testing.assert_array_equal((got + 0).numpy(), xt[key])



