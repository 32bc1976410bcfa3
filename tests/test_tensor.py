"""The Tensor object: conversion rules, printing, Python protocols, indexing, immutability, zero-copy NumPy."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf

# -- conversion rules (TensorFlow's) -----------------------------------------------------------------------


@pytest.mark.parametrize("value, dtype, shape", [
    (1.5, "float32", []),
    (3, "int32", []),
    (True, "bool", []),
    (2 ** 40, "int64", []),
    ([1, 2 ** 40], "int64", [2]),
    ([[1.0, 2], [3, 4]], "float32", [2, 2]),
    ([1, 2, 3], "int32", [3]),
    ([True, False], "bool", [2]),
    (np.array([1, 2]), "int64", [2]),
    (np.array([1.0, 2.0]), "float64", [2]),
    (np.array([1, 2], dtype=np.int32), "int32", [2]),
    (np.float32(2.5), "float32", []),
    (np.float64(2.5), "float64", []),
    (np.int64(7), "int64", []),
    (np.array(3.0), "float64", []),
    (np.zeros((2, 0)), "float64", [2, 0]),
])
def test_conversion_dtype_rules(value, dtype, shape):
    for convert in (tf.constant, tf.convert_to_tensor):
        t = convert(value)
        assert t.dtype == dtype, f"{convert.__name__}({value!r}) has dtype {t.dtype.name}, TF gives {dtype}"
        assert t.shape.as_list() == shape, f"{convert.__name__}({value!r}) has shape {t.shape}, TF gives {shape}"
        np.testing.assert_array_equal(t.numpy(), np.asarray(value))


def test_constant_with_dtype_and_shape():
    t = tf.constant(1, dtype=tf.float64)
    assert t.dtype == tf.float64 and float(t) == 1.0
    assert tf.constant([1, 2], dtype="float32").dtype == tf.float32
    t = tf.constant(0.5, shape=[2, 3])
    assert t.shape.as_list() == [2, 3] and np.all(t.numpy() == 0.5)
    np.testing.assert_array_equal(tf.constant([1, 2, 3, 4], shape=(2, 2)).numpy(), [[1, 2], [3, 4]])
    with pytest.raises(TypeError, match="int32"):
        tf.constant(1.5, dtype=tf.int32)  # TF: Cannot convert 1.5 to EagerTensor of dtype int32
    with pytest.raises(ValueError, match="float64"):
        tf.convert_to_tensor(tf.constant(1.0), dtype=tf.float64)  # TF never converts a tensor silently
    with pytest.raises(ValueError, match="non-rectangular"):
        tf.constant([[1, 2], [3]])


def test_mixing_tensor_dtypes_raises_invalid_argument():
    pairs = [(tf.constant([1.0]), tf.constant([1])), (tf.constant([1.0]), tf.constant([1.0], tf.float64)),
             (tf.constant([1], tf.int64), tf.constant([1]))]
    for a, b in pairs:
        for op in (lambda x, y: x + y, lambda x, y: x * y, tf.subtract, tf.maximum, lambda x, y: x < y,
                   lambda x, y: x == y, lambda x, y: x // y):
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                op(a, b)
            assert a.dtype.name in str(info.value) and b.dtype.name in str(info.value), str(info.value)


def test_python_scalar_takes_tensor_dtype():
    assert (tf.constant([1.0], tf.float64) + 2).dtype == tf.float64
    assert (tf.constant([1], tf.int64) * 3).dtype == tf.int64
    assert (2.5 * tf.constant([1.0])).dtype == tf.float32
    assert (tf.constant([4], tf.int64) // 3).numpy().tolist() == [1]
    assert (tf.constant([1.0], tf.float64) < 2).dtype == tf.bool


def test_float_scalar_with_int_tensor_raises_type_error():
    # TF 2.21: "Cannot convert 1.5 to EagerTensor of dtype int32" (TypeError) for these.
    for fn in (lambda t: t * 1.5, lambda t: t - 1.5, lambda t: 1.5 + t, lambda t: t < 1.5, lambda t: t == 1.5,
               lambda t: tf.multiply(1.5, t)):
        with pytest.raises(TypeError, match="int32"):
            fn(tf.constant([1]))


# -- printing (literal strings from TF 2.21) ---------------------------------------------------------------

PRINT_CASES = [
    (lambda: tf.constant([[1.0], [2.5]]),
     "tf.Tensor(\n[[1. ]\n [2.5]], shape=(2, 1), dtype=float32)",
     "<tf.Tensor: shape=(2, 1), dtype=float32, numpy=\narray([[1. ],\n       [2.5]], dtype=float32)>"),
    (lambda: tf.constant(3.5),
     "tf.Tensor(3.5, shape=(), dtype=float32)",
     "<tf.Tensor: shape=(), dtype=float32, numpy=3.5>"),
    (lambda: tf.constant(7),
     "tf.Tensor(7, shape=(), dtype=int32)",
     "<tf.Tensor: shape=(), dtype=int32, numpy=7>"),
    (lambda: tf.constant(True),
     "tf.Tensor(True, shape=(), dtype=bool)",
     "<tf.Tensor: shape=(), dtype=bool, numpy=True>"),
    (lambda: tf.constant(0.1, tf.float64),
     "tf.Tensor(0.1, shape=(), dtype=float64)",
     "<tf.Tensor: shape=(), dtype=float64, numpy=0.1>"),
    (lambda: tf.constant([1, 2, 3], tf.int64),
     "tf.Tensor([1 2 3], shape=(3,), dtype=int64)",
     "<tf.Tensor: shape=(3,), dtype=int64, numpy=array([1, 2, 3])>"),
    (lambda: tf.constant([0.1, 2.0], tf.float64),
     "tf.Tensor([0.1 2. ], shape=(2,), dtype=float64)",
     "<tf.Tensor: shape=(2,), dtype=float64, numpy=array([0.1, 2. ])>"),
    (lambda: tf.constant([True, False]),
     "tf.Tensor([ True False], shape=(2,), dtype=bool)",
     "<tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>"),
    (lambda: tf.zeros([0, 3]),
     "tf.Tensor([], shape=(0, 3), dtype=float32)",
     "<tf.Tensor: shape=(0, 3), dtype=float32, numpy=array([], shape=(0, 3), dtype=float32)>"),
    (lambda: tf.reshape(tf.range(8.0), [2, 2, 2]),
     "tf.Tensor(\n[[[0. 1.]\n  [2. 3.]]\n\n [[4. 5.]\n  [6. 7.]]], shape=(2, 2, 2), dtype=float32)",
     "<tf.Tensor: shape=(2, 2, 2), dtype=float32, numpy=\narray([[[0., 1.],\n        [2., 3.]],\n\n"
     "       [[4., 5.],\n        [6., 7.]]], dtype=float32)>"),
    (lambda: tf.constant([1 / 3, 2 / 3]),
     "tf.Tensor([0.33333334 0.6666667 ], shape=(2,), dtype=float32)",
     "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.33333334, 0.6666667 ], dtype=float32)>"),
    (lambda: tf.range(2000),
     "tf.Tensor([   0    1    2 ... 1997 1998 1999], shape=(2000,), dtype=int32)",
     "<tf.Tensor: shape=(2000,), dtype=int32, numpy=\narray([   0,    1,    2, ..., 1997, 1998, 1999],\n"
     "      shape=(2000,), dtype=int32)>"),
]


@pytest.mark.parametrize("index", range(len(PRINT_CASES)))
def test_str_and_repr_match_tensorflow(index):
    make, expected_str, expected_repr = PRINT_CASES[index]
    t = make()
    assert str(t) == expected_str
    assert repr(t) == expected_repr


def test_format():
    assert f"{tf.constant(3.14159):.3f}" == "3.142"
    assert f"{tf.constant(7):>4d}" == "   7"
    assert f"{tf.constant([1.0, 2.0])}" == "[1. 2.]"  # TF formats the NumPy value: format(t) == '[1. 2.]'
    with pytest.raises(TypeError):
        f"{tf.constant([1.0, 2.0]):.2f}"


def test_shape_dtype_and_protocols():
    t = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    assert isinstance(t.shape, tf.TensorShape)
    assert t.shape == (2, 3) and t.shape.as_list() == [2, 3] and t.shape[0] == 2 and len(t.shape) == 2
    assert t.dtype == tf.float32 and t.dtype == "float32"
    assert t.ndim == 2 and len(t) == 2
    rows = list(t)
    assert len(rows) == 2 and all(isinstance(r, tf.Tensor) for r in rows)
    np.testing.assert_array_equal(rows[1].numpy(), [3, 4, 5])
    assert float(tf.constant(2.5)) == 2.5 and int(tf.constant(7)) == 7 and bool(tf.constant(True)) is True
    assert isinstance(tf.constant(2.5).numpy(), np.floating)
    with pytest.raises(TypeError):
        float(tf.ones([2]))
    with pytest.raises(ValueError):
        bool(tf.ones([2]))
    with pytest.raises(TypeError):
        len(tf.constant(1.0))
    with pytest.raises(TypeError):
        iter(tf.constant(1.0))
    with pytest.raises(TypeError, match="ref"):
        hash(t)
    assert {t.ref(): 1}[t.ref()] == 1
    assert list(range(5))[tf.constant(2)] == 2  # __index__ for scalar integer tensors


def test_numpy_returns_a_copy():
    t = tf.constant([1.0, 2.0])
    a = t.numpy()
    a[0] = 100.0
    assert t.numpy()[0] == 1.0


def test_asarray_is_zero_copy_and_read_only():
    t = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    a = np.asarray(t)
    b = np.asarray(t)
    assert a.dtype == np.float32 and a.shape == (3, 4)
    assert np.shares_memory(a, b), "np.asarray(t) must not copy"
    assert not a.flags.writeable
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
    for dtype in ("float64", "int32", "int64", "bool"):
        c = np.asarray(tf.zeros([2, 2], dtype))
        assert c.dtype == dtype and not c.flags.writeable
    assert np.asarray(t, dtype=np.float64).dtype == np.float64


def test_item_assignment_raises_type_error_pointing_to_variable():
    t = tf.constant([[1, 2], [3, 4]])
    with pytest.raises(TypeError, match="does not support item assignment") as info:
        t[0, 0] = 1
    assert "tf.Variable" in str(info.value)
    with pytest.raises(TypeError, match="tf.Variable"):
        t[0] = tf.constant([5, 6])
    np.testing.assert_array_equal(t.numpy(), [[1, 2], [3, 4]])


def test_in_place_operators_make_new_tensors():
    t = tf.constant([1.0, 2.0])
    alias = t
    t += 1
    assert alias.numpy().tolist() == [1.0, 2.0] and t.numpy().tolist() == [2.0, 3.0]


# -- indexing vs NumPy ---------------------------------------------------------------------------------------


@st.composite
def _tensor_and_key(draw):
    dtype = draw(st.sampled_from(["float32", "float64", "int32", "int64", "bool"]))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6))
    array = draw(hnp.arrays(dtype, shape, elements=hnp.from_dtype(np.dtype(dtype), allow_nan=False)
                            if dtype != "bool" else st.booleans()))
    key = draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True))
    return array, key


@settings(deadline=None, max_examples=300, derandomize=True)
@given(_tensor_and_key())
def test_property_indexing_matches_numpy(array_key):
    array, key = array_key
    got = tf.constant(array)[key]
    expected = array[key]
    assert isinstance(got, tf.Tensor)
    assert got.dtype == array.dtype.name
    assert tuple(got.shape.as_list()) == np.shape(expected), f"{array.shape}[{key!r}]"
    np.testing.assert_array_equal(got.numpy(), expected, err_msg=f"{array.shape}[{key!r}]")


def test_index_with_scalar_int_tensor_key_parts():
    x = np.arange(30).reshape(5, 6)
    t = tf.constant(x)
    i = tf.constant(3)
    np.testing.assert_array_equal(t[i].numpy(), x[3])
    np.testing.assert_array_equal(t[i, 1:].numpy(), x[3, 1:])
    np.testing.assert_array_equal(t[1:i].numpy(), x[1:3])
    np.testing.assert_array_equal(t[::tf.constant(2, tf.int64)].numpy(), x[::2])


def test_bad_index_types_raise_type_error():
    t = tf.ones([3])
    for key in (1.0, tf.constant(1.0), "a", tf.constant([0, 1])):
        with pytest.raises(TypeError):
            t[key]
