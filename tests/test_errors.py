"""Every error path of the tensor layer: the exception TYPE is what TensorFlow 2.21 raises (recorded here),
and the message names the op and the shapes / dtypes / values involved."""
import numpy as np
import pytest

import tinytf as tf

IAE = tf.errors.InvalidArgumentError


def _c(value, dtype=None):
    return tf.constant(value, dtype=dtype)


# (id, call, exception type TF 2.21 raises, substrings the message must contain)
CASES = [
    # broadcasting and dtype mismatches in binary ops
    ("add_bad_broadcast", lambda: tf.add(tf.ones([2, 3]), tf.ones([4])), IAE, ["add", "(2, 3)", "(4,)"]),
    ("operator_bad_broadcast", lambda: tf.ones([2, 3]) * tf.ones([2]), IAE, ["multiply", "(2, 3)", "(2,)"]),
    ("add_mixed_dtypes", lambda: _c([1.0]) + _c([1]), IAE, ["add", "float32", "int32"]),
    ("equal_mixed_dtypes", lambda: tf.equal(_c([1.0]), _c([1])), IAE, ["equal", "float32", "int32"]),
    ("where_bad_broadcast", lambda: tf.where(_c([True, False]), tf.ones([3]), tf.ones([3])), IAE,
     ["where", "(2,)", "(3,)"]),
    ("where_int_condition", lambda: tf.where(_c([1]), tf.ones([1]), tf.ones([1])), IAE, ["where", "int32"]),
    ("where_mixed_dtypes", lambda: tf.where(_c([True]), tf.ones([1]), tf.ones([1], tf.int32)), IAE,
     ["where", "float32", "int32"]),
    # TF's truediv checks dtypes in Python and raises TypeError: "`x` and `y` must have the same dtype"
    ("divide_mixed_dtypes", lambda: tf.divide(_c([1.0]), _c([1])), TypeError, ["float32", "int32"]),
    # dtypes an op does not take
    ("sqrt_int", lambda: tf.sqrt(_c([1])), IAE, ["sqrt", "int32"]),
    ("log_bool", lambda: tf.math.log(_c([True])), IAE, ["log", "bool"]),
    ("add_bool", lambda: tf.add(_c([True]), _c([True])), IAE, ["add", "bool"]),
    ("logical_and_float", lambda: tf.logical_and(_c([1.0]), _c([1.0])), IAE, ["logical_and", "float32"]),
    ("reduce_sum_bool", lambda: tf.reduce_sum(_c([True])), IAE, ["reduce_sum", "bool"]),
    ("reduce_any_float", lambda: tf.reduce_any(_c([1.0])), IAE, ["reduce_any", "float32"]),
    ("matmul_bool", lambda: tf.matmul(tf.ones([2, 2], tf.bool), tf.ones([2, 2], tf.bool)), IAE, ["matmul", "bool"]),
    ("softmax_int", lambda: tf.nn.softmax(_c([1, 2])), IAE, ["softmax", "int32"]),
    ("gather_float_indices", lambda: tf.gather(tf.ones([3]), _c([1.0])), IAE, ["gather", "float32"]),
    ("one_hot_float_indices", lambda: tf.one_hot(_c([1.0]), 3), IAE, ["one_hot", "float32"]),
    ("sparse_xent_float_labels",
     lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=_c([1.0]), logits=tf.ones([1, 3])), IAE,
     ["float32"]),
    # matmul shapes
    ("matmul_inner_mismatch", lambda: tf.matmul(tf.ones([2, 3]), tf.ones([4, 5])), IAE,
     ["matmul", "[2,3]", "[4,5]"]),
    ("matmul_transpose_mismatch", lambda: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]), transpose_b=False), IAE,
     ["matmul", "[2,3]"]),
    ("matmul_rank1", lambda: tf.matmul(tf.ones([3]), tf.ones([3, 5])), IAE, ["matmul", "(3,)"]),
    ("matmul_batch_mismatch", lambda: tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 5])), IAE,
     ["matmul", "2", "3"]),
    ("matmul_mixed_dtypes", lambda: tf.matmul(tf.ones([2, 3]), tf.ones([3, 5], tf.float64)), IAE,
     ["matmul", "float32", "float64"]),
    ("matmul_operator_mismatch", lambda: tf.ones([2, 3]) @ tf.ones([2, 3]), IAE, ["matmul", "[2,3]"]),
    # reshape and other shape ops
    ("reshape_bad_size", lambda: tf.reshape(tf.ones([2, 3]), [4]), IAE, ["reshape", "6", "4"]),
    ("reshape_two_unknown", lambda: tf.reshape(tf.ones([2, 3]), [-1, -1]), IAE, ["reshape", "-1"]),
    ("reshape_not_divisible", lambda: tf.reshape(tf.ones([2, 3]), [4, -1]), IAE, ["reshape", "6"]),
    ("transpose_bad_perm", lambda: tf.transpose(tf.ones([2, 3]), [0, 0]), IAE, ["transpose", "[0,0]"]),
    ("transpose_short_perm", lambda: tf.transpose(tf.ones([2, 3]), [0]), IAE, ["transpose"]),
    ("squeeze_not_one", lambda: tf.squeeze(tf.ones([2, 3]), [0]), IAE, ["squeeze", "2"]),
    ("expand_dims_axis", lambda: tf.expand_dims(tf.ones([2, 3]), 4), IAE, ["expand_dims", "4"]),
    ("broadcast_to_bad", lambda: tf.broadcast_to(tf.ones([2, 3]), [4, 3]), IAE, ["broadcast_to", "(2, 3)"]),
    ("concat_shapes", lambda: tf.concat([tf.ones([2, 3]), tf.ones([2, 4])], 0), IAE, ["concat", "[2,3]", "[2,4]"]),
    ("concat_axis", lambda: tf.concat([tf.ones([2, 3]), tf.ones([2, 3])], 2), IAE, ["concat", "2"]),
    ("concat_dtypes", lambda: tf.concat([tf.ones([2, 3]), tf.ones([2, 3], tf.int32)], 0), IAE,
     ["concat", "float32", "int32"]),
    ("stack_shapes", lambda: tf.stack([tf.ones([2, 3]), tf.ones([2, 4])]), IAE, ["stack", "[2,3]", "[2,4]"]),
    ("split_uneven", lambda: tf.split(tf.ones([5]), 2), IAE, ["split", "5", "2"]),
    ("split_sizes", lambda: tf.split(tf.ones([5]), [2, 2]), IAE, ["split", "5"]),
    ("tile_multiples_length", lambda: tf.tile(tf.ones([2, 3]), [2]), IAE, ["tile", "2"]),
    ("add_n_shapes", lambda: tf.add_n([tf.ones([2]), tf.ones([3])]), IAE, ["(2,)", "(3,)"]),
    ("add_n_no_broadcast", lambda: tf.add_n([tf.ones([2]), tf.ones([1])]), IAE, ["(2,)", "(1,)"]),
    # axes
    ("reduce_axis_too_big", lambda: tf.reduce_sum(tf.ones([2, 3]), axis=2), IAE, ["reduce_sum", "2"]),
    ("reduce_axis_too_negative", lambda: tf.reduce_max(tf.ones([2, 3]), axis=-3), IAE, ["reduce_max", "-3"]),
    ("reduce_duplicate_axes", lambda: tf.reduce_sum(tf.ones([2, 3]), axis=[0, 0]), IAE, ["reduce_sum", "0"]),
    ("argmax_axis", lambda: tf.argmax(tf.ones([2, 3]), axis=2), IAE, ["argmax", "2"]),
    ("argmax_empty_axis", lambda: tf.argmax(tf.ones([0, 3]), axis=0), IAE, ["argmax", "0"]),
    ("softmax_scalar", lambda: tf.nn.softmax(_c(1.0)), IAE, ["softmax"]),
    # indices
    ("gather_out_of_range", lambda: tf.gather(tf.ones([3]), [5]), IAE, ["gather", "5", "[0, 3)"]),
    ("gather_negative", lambda: tf.gather(tf.ones([3]), [-1]), IAE, ["gather", "-1", "[0, 3)"]),
    ("index_out_of_range", lambda: tf.ones([3])[5], IAE, ["5", "3"]),
    ("index_negative_out_of_range", lambda: tf.ones([3])[-4], IAE, ["-4"]),
    ("index_too_many", lambda: tf.ones([3])[1, 2], IAE, ["(3,)"]),
    ("slice_step_zero", lambda: tf.ones([3])[::0], IAE, ["step", "zero"]),
    ("index_float", lambda: tf.ones([3])[1.0], TypeError, ["1.0"]),
    ("sparse_xent_label_range",
     lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=_c([3]), logits=tf.ones([1, 3])), IAE,
     ["3", "[0, 3)"]),
    # TF raises ValueError in Python for this shape check
    ("sparse_xent_shapes",
     lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=_c([1, 1]), logits=tf.ones([1, 3])), ValueError,
     ["(2,)", "(1, 3)"]),
    ("xent_shapes", lambda: tf.nn.softmax_cross_entropy_with_logits(labels=tf.ones([2, 3]), logits=tf.ones([2, 4])),
     IAE, ["[2,4]", "[2,3]"]),
    ("one_hot_negative_depth", lambda: tf.one_hot([1], -1), IAE, ["one_hot", "-1"]),
    # integer arithmetic
    ("floordiv_by_zero", lambda: _c([1, 2]) // _c([0, 1]), IAE, ["division by zero"]),
    ("floormod_by_zero", lambda: _c([1, 2]) % _c([0, 1]), IAE, ["division by zero"]),
    ("floordiv_by_zero_int64", lambda: tf.math.floordiv(_c([1, 2], tf.int64), _c([1, 0], tf.int64)), IAE,
     ["division by zero"]),
    ("floordiv_scalar_zero", lambda: _c([4, 5]) // 0, IAE, ["division by zero"]),
    ("pow_negative_int", lambda: tf.pow(_c([2]), _c([-1])), IAE, ["negative"]),
    # creation
    ("zeros_negative_dim", lambda: tf.zeros([-1]), IAE, ["-1"]),
    ("fill_negative_dim", lambda: tf.fill([2, -3], 1.0), IAE, ["-3"]),
    ("range_zero_delta", lambda: tf.range(0, 5, 0), IAE, ["delta"]),
    ("constant_float_to_int", lambda: tf.constant(1.5, tf.int32), TypeError, ["1.5", "int32"]),
    ("convert_tensor_dtype", lambda: tf.convert_to_tensor(_c(1.0), tf.float64), ValueError, ["float64", "float32"]),
    ("ragged_list", lambda: tf.constant([[1, 2], [3]]), ValueError, ["non-rectangular"]),
    ("uniform_int_without_maxval", lambda: tf.random.uniform([3], dtype=tf.int32), ValueError, ["maxval"]),
    # Python protocols
    ("float_of_vector", lambda: float(tf.ones([2])), TypeError, []),
    ("bool_of_vector", lambda: bool(tf.ones([2])), ValueError, ["ambiguous"]),
    ("len_of_scalar", lambda: len(_c(1.0)), TypeError, ["len"]),
    ("iter_of_scalar", lambda: iter(_c(1.0)), TypeError, ["iterate"]),
    ("hash", lambda: hash(_c(1.0)), TypeError, ["ref()"]),
]


def _setitem():
    t = _c([[1.0, 2.0], [3.0, 4.0]])
    t[0, 0] = 1.0


CASES.append(("item_assignment", _setitem, TypeError, ["item assignment", "tf.Variable"]))
CASES.append(("equality_with_float_scalar_on_int", lambda: _c([1]) == 1.5, TypeError, ["1.5", "int32"]))


def _normalize(text):
    """Shapes written (2, 3), [2, 3] or [2,3] all read [2,3]; (3,) reads [3]."""
    return text.replace(" ", "").replace("(", "[").replace(")", "]").replace(",]", "]")


@pytest.mark.parametrize("call, error, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error(call, error, words):
    with pytest.raises(Exception) as info:
        call()
    assert type(info.value) is error or (error is IAE and isinstance(info.value, IAE)), (
        f"raised {type(info.value).__module__}.{type(info.value).__name__} ({info.value}); "
        f"TensorFlow raises {error.__name__}")
    message = str(info.value)
    for word in words:
        assert _normalize(word) in _normalize(message), f"the message should mention {word!r}: {message}"


def test_invalid_argument_error_is_an_op_error():
    with pytest.raises(tf.errors.OpError) as info:
        tf.reshape(tf.ones([2, 3]), [4])
    assert isinstance(info.value, tf.errors.InvalidArgumentError)
    assert info.value.message == str(info.value)


def test_failed_op_leaves_inputs_unchanged():
    a = tf.constant(np.arange(6.0, dtype=np.float32).reshape(2, 3))
    with pytest.raises(IAE):
        tf.matmul(a, a)
    np.testing.assert_array_equal(a.numpy(), np.arange(6.0).reshape(2, 3))
