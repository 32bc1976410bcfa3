"""Records what real TensorFlow's tf.data gives, for tests/test_data_tf.py.

Run with a Python that has TensorFlow (CI never needs it):

    pip install tensorflow-cpu
    python tools/make_data_fixtures.py

Each case is a snippet of code that runs unchanged on TensorFlow and on
tinytf (``tf``, ``np``, ``D = tf.data.Dataset`` and the PRELUDE's helpers are
in scope). The fixture keeps the code and TensorFlow's outcome (element
specs, cardinalities, elements as NumPy values, or the error's type and
message, see tests/tf_outcomes.py); the test runs the same code on tinytf.
Shuffled orders are compared as sorted values: tinytf's random numbers
are its own.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from tf_outcomes import run_cases, write_fixture  # noqa: E402

PRELUDE = '''
import collections
Pair = collections.namedtuple("Pair", "a b")
def gen():
    for i in range(3):
        yield i, [float(i)] * 2
def gen_ints():
    yield 1
    yield 2
def gen_lists():
    yield [1, 2]
    yield [3]
def gen_fails():
    yield 1
    raise ZeroDivisionError("division by zero")
def counted(n):
    for i in range(n):
        yield i
sig = (tf.TensorSpec((), tf.int32), tf.TensorSpec((2,), tf.float32))
always = lambda *args: True
'''

CASES = {
    # from_tensor_slices: structures and dtypes
    "slices_floats": "D.from_tensor_slices([1.0, 2.0, 3.0])",
    "slices_ints": "D.from_tensor_slices([1, 2])",
    "slices_big_ints": "D.from_tensor_slices([1, 2**40])",
    "slices_bools": "D.from_tensor_slices([True, False])",
    "slices_np_int64": "D.from_tensor_slices(np.arange(3))",
    "slices_np_float64": "D.from_tensor_slices(np.arange(6.0).reshape(3, 2))",
    "slices_np_int32_matrix": "D.from_tensor_slices(np.arange(6, dtype=np.int32).reshape(2, 3))",
    "slices_tuple": "D.from_tensor_slices((np.arange(6.0).reshape(3, 2), [1, 2, 3]))",
    "slices_list_is_one_tensor": "D.from_tensor_slices([np.zeros((3, 2)), np.ones((3, 2))])",
    "slices_list_of_lists": "D.from_tensor_slices([[1, 2], [3, 4]])",
    "slices_dict": "D.from_tensor_slices({'b': [1, 2], 'a': [1.0, 2.0]})",
    "slices_nested": "D.from_tensor_slices(((np.arange(6.0).reshape(3, 2),), {'k': [1, 2, 3]}))",
    "slices_namedtuple": "D.from_tensor_slices(Pair([1, 2], [3, 4]))",
    "slices_tensor": "D.from_tensor_slices(tf.reshape(tf.range(8), (4, 2)))",
    "slices_variable": "D.from_tensor_slices(tf.Variable([1.0, 2.0]))",
    "slices_empty_rows": "D.from_tensor_slices(np.zeros((0, 2)))",
    "slices_tuple_of_lists": "D.from_tensor_slices(([1, 2], [[1, 2], [3, 4]]))",
    "slices_mismatch": "D.from_tensor_slices((np.zeros((3, 2)), [1, 2]))",
    "slices_mismatch_dict": "D.from_tensor_slices({'a': [1, 2], 'b': [1, 2, 3]})",
    "slices_mismatch_three": "D.from_tensor_slices(([1, 2], [1, 2], [1]))",
    "slices_scalar": "D.from_tensor_slices(1.0)",
    "slices_none": "D.from_tensor_slices(None)",
    "slices_empty_tuple": "D.from_tensor_slices(())",
    "slices_empty_dict": "D.from_tensor_slices({})",
    "slices_ragged": "D.from_tensor_slices([[1, 2], [3]])",
    # from_tensors, range
    "tensors": "D.from_tensors([1, 2, 3])",
    "tensors_dict": "D.from_tensors({'a': 1, 'b': (2.0, [3, 4])})",
    "range_stop": "D.range(5)",
    "range_start_stop_step": "D.range(2, 10, 3)",
    "range_negative_step": "D.range(5, 0, -2)",
    "range_empty": "D.range(5, 0)",
    "range_int32": "D.range(3, output_type=tf.int32)",
    "range_step_zero": "list(D.range(0, 5, 0))",
    "range_float": "D.range(1.5)",
    # batch / unbatch
    "batch": "D.from_tensor_slices([1.0, 2.0, 3.0]).batch(2)",
    "batch_drop": "D.from_tensor_slices([1.0, 2.0, 3.0]).batch(2, drop_remainder=True)",
    "batch_exact": "D.range(6).batch(3)",
    "batch_tuple": "D.from_tensor_slices((np.arange(10.0).reshape(5, 2), np.arange(5))).batch(2)",
    "batch_dict": "D.from_tensor_slices({'a': [1, 2, 3], 'b': [[1.0], [2.0], [3.0]]}).batch(2)",
    "batch_namedtuple": "D.from_tensor_slices(Pair([1, 2], [3, 4])).batch(2)",
    "batch_of_batches": "D.range(10).batch(2).batch(3)",
    "batch_parallel": "D.range(5).batch(2, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)",
    "batch_range": "D.range(7).batch(3)",
    "batch_zero": "D.range(3).batch(0)",
    "batch_negative": "D.range(3).batch(-1)",
    "batch_float": "D.range(3).batch(2.0)",
    "batch_string": "D.range(3).batch('2')",
    "batch_none": "D.range(3).batch(None)",
    "batch_ragged": "list(D.from_generator(gen_lists, output_signature=tf.TensorSpec((None,), tf.int32)).batch(2))",
    "batch_repeat_card": "D.range(3).repeat().batch(2).cardinality()",
    "unbatch": "D.from_tensor_slices([[1, 2], [3, 4]]).unbatch()",
    "unbatch_of_batch": "D.range(5).batch(2).unbatch()",
    "unbatch_dict": "D.from_tensors({'a': [1, 2], 'b': [[1.0], [2.0]]}).unbatch()",
    "unbatch_scalar": "D.range(3).unbatch()",
    "unbatch_mismatch": "D.from_tensors(([1, 2], [1, 2, 3])).unbatch()",
    # map / filter
    "map_tuple_out": "D.range(3).map(lambda x: (x, x * 2))",
    "map_unpacks_tuple": "D.from_tensor_slices(([1, 2], [3, 4])).map(lambda a, b: a + b)",
    "map_dict_in": "D.from_tensor_slices({'a': [1, 2]}).map(lambda d: d['a'])",
    "map_namedtuple_in": "D.from_tensor_slices(Pair([1, 2], [3, 4])).map(lambda p: p.a + p.b)",
    "map_python_int": "D.range(3).map(lambda x: 2)",
    "map_python_float": "D.range(3).map(lambda x: 2.0)",
    "map_numpy_float64": "D.range(3).map(lambda x: np.float64(1.5))",
    "map_list_becomes_tuple": "D.range(3).map(lambda x: [x, x])",
    "map_one_tuple": "D.range(3).map(lambda x: (x,))",
    "map_dict_out": "D.range(3).map(lambda x: {'y': x, 'x': tf.cast(x, tf.float32)})",
    "map_after_batch": "D.range(10).batch(4).map(lambda x: x * 2)",
    "map_after_batch_sum": "D.range(10).batch(4).map(lambda x: tf.reduce_sum(x))",
    "map_after_batch_drop": "D.range(10).batch(4, drop_remainder=True).map(lambda x: x + 1)",
    "map_parallel": "D.range(4).map(lambda x: x * 2, num_parallel_calls=tf.data.AUTOTUNE, deterministic=False)",
    "map_not_callable": "D.range(3).map(3)",
    "filter": "list(D.range(10).filter(lambda x: x % 2 == 0).as_numpy_iterator())",
    "filter_card": "D.range(10).filter(always).cardinality()",
    "filter_tuple": "list(D.from_tensor_slices(([1, 2], [3, 4])).filter(lambda a, b: a > 1).as_numpy_iterator())",
    "filter_python_bool": "list(D.range(4).filter(lambda x: True).as_numpy_iterator())",
    "filter_not_bool": "list(D.range(10).filter(lambda x: x))",
    "filter_not_callable": "D.range(3).filter(3)",
    # reorder steps
    "take_skip": "(D.range(3).take(2), D.range(3).skip(2))",
    "take_all": "D.range(3).take(-1)",
    "take_more": "D.range(3).take(10)",
    "take_zero": "D.range(3).take(0)",
    "skip_all": "D.range(3).skip(-1)",
    "skip_more": "D.range(3).skip(5)",
    "take_float": "D.range(3).take(1.5)",
    "take_none": "D.range(3).take(None)",
    "repeat_twice": "D.range(3).repeat(2)",
    "repeat_zero": "D.range(3).repeat(0)",
    "repeat_forever_card": "(D.range(3).repeat().cardinality(), D.range(3).repeat(-5).cardinality())",
    "repeat_empty_forever": "D.range(0).repeat()",
    "repeat_float": "D.range(3).repeat(1.5)",
    "shuffle_sorted": "sorted(D.range(10).shuffle(4, seed=1).as_numpy_iterator())",
    "shuffle_card": "D.range(10).shuffle(4).cardinality()",
    "shuffle_zero": "D.range(3).shuffle(0)",
    "shuffle_negative": "D.range(3).shuffle(-1)",
    "shuffle_float": "D.range(3).shuffle(2.5)",
    "shuffle_none": "D.range(3).shuffle(None)",
    "shuffle_whole": "sorted(D.range(5).shuffle(tf.data.UNKNOWN_CARDINALITY, seed=1).as_numpy_iterator())",
    "prefetch": "D.range(3).prefetch(tf.data.AUTOTUNE)",
    "prefetch_one": "D.range(3).prefetch(1)",
    "prefetch_negative": "D.range(3).prefetch(-5)",
    "cache": "D.range(3).cache()",
    "enumerate": "D.from_tensor_slices([1.0, 2.0, 3.0]).enumerate()",
    "enumerate_start": "D.from_tensor_slices([1.0, 2.0, 3.0]).enumerate(start=5)",
    "enumerate_float": "D.range(2).enumerate(1.5)",
    # zip / concatenate
    "zip_tuple": "D.zip((D.from_tensor_slices([1.0, 2.0, 3.0]), D.range(5)))",
    "zip_args": "D.zip(D.range(2), D.range(3))",
    "zip_dict": "D.zip({'y': D.range(2), 'x': D.from_tensor_slices([1.0, 2.0])})",
    "zip_nested": "D.zip((D.range(2), (D.range(3), D.range(4))))",
    "zip_list": "D.zip([D.range(2), D.range(3)])",
    "zip_not_dataset": "D.zip((D.range(2), 1))",
    "concatenate": "D.range(2).concatenate(D.range(5, 7))",
    "concatenate_shapes_relax": "D.from_tensors([1, 2]).concatenate(D.from_tensors([1, 2, 3]))",
    "concatenate_dtypes": "D.from_tensor_slices([1.0]).concatenate(D.range(3))",
    # cardinality rules
    "card_take_of_infinite": "D.range(3).repeat().take(5).cardinality()",
    "card_skip_of_infinite": "D.range(3).repeat().skip(5).cardinality()",
    "card_concat_infinite": "D.range(3).repeat().concatenate(D.range(2)).cardinality()",
    "card_batch_unknown": "D.range(3).filter(always).batch(2).cardinality()",
    "card_take_unknown": "D.range(3).filter(always).take(2).cardinality()",
    "card_zip_infinite": "D.zip((D.range(3).repeat(), D.range(5))).cardinality()",
    "card_zip_unknown": "D.zip((D.range(3).filter(always), D.range(5))).cardinality()",
    "card_zip_unknown_infinite": "D.zip((D.range(3).filter(always), D.range(5).repeat())).cardinality()",
    "card_repeat_unknown": "D.range(3).filter(always).repeat(2).cardinality()",
    "card_repeat_unknown_forever": "D.range(3).filter(always).repeat().cardinality()",
    "card_skip_unknown": "D.range(3).filter(always).skip(2).cardinality()",
    "card_unbatch": "D.range(4).batch(2).unbatch().cardinality()",
    "card_enumerate_infinite": "D.range(3).repeat().enumerate().cardinality()",
    "card_generator": "D.from_generator(gen, output_signature=sig).cardinality()",
    "card_experimental": "tf.data.experimental.cardinality(D.range(7))",
    "constants": "(tf.data.AUTOTUNE, tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY,"
                 " tf.data.experimental.AUTOTUNE)",
    "len": "len(D.range(4).batch(3))",
    "len_infinite": "len(D.range(3).repeat())",
    "len_unknown": "len(D.range(3).filter(always))",
    "bool_empty": "bool(D.range(0))",
    # from_generator
    "gen_signature": "D.from_generator(gen, output_signature=sig)",
    "gen_elements": "list(D.from_generator(gen, output_signature=sig))",
    "gen_types": "D.from_generator(gen, output_types=(tf.int32, tf.float32))",
    "gen_types_values": "list(D.from_generator(gen, output_types=(tf.int32, tf.float32)).as_numpy_iterator())",
    "gen_types_shapes": "D.from_generator(gen, output_types=(tf.int32, tf.float32), output_shapes=((), (None,)))",
    "gen_types_batch": "D.from_generator(gen, output_types=(tf.int32, tf.float32)).batch(2)",
    "gen_batch": "list(D.from_generator(gen, output_signature=sig).batch(2).as_numpy_iterator())",
    "gen_repeat": "len(list(D.from_generator(gen, output_signature=sig).repeat(2)))",
    "gen_args": "list(D.from_generator(counted, output_signature=tf.TensorSpec((), tf.int64), args=(3,))"
                ".as_numpy_iterator())",
    "gen_unknown_dim": "list(D.from_generator(gen_lists, output_signature=tf.TensorSpec((None,), tf.int32))"
                       ".as_numpy_iterator())",
    "gen_dict": "list(D.from_generator(lambda: iter([{'a': 1, 'b': 2.0}]), output_signature={'b': "
                "tf.TensorSpec((), tf.float32), 'a': tf.TensorSpec((), tf.int32)}))",
    "gen_int_to_float": "list(D.from_generator(gen_ints, output_signature=tf.TensorSpec((), tf.float32)))",
    "gen_float_to_int": "list(D.from_generator(lambda: iter([np.float32(1.5)]), "
                        "output_signature=tf.TensorSpec((), tf.int32)))",
    "gen_int64_to_int32": "list(D.from_generator(lambda: iter([np.int64(2)]), "
                          "output_signature=tf.TensorSpec((), tf.int32)))",
    "gen_values_to_int": "list(D.from_generator(gen, output_signature=(tf.TensorSpec((), tf.int32), "
                         "tf.TensorSpec((2,), tf.int32))))",
    "gen_missing_signature": "D.from_generator(gen)",
    "gen_both_signatures": "D.from_generator(gen, output_types=tf.int32, output_signature=tf.TensorSpec(()))",
    "gen_not_callable": "D.from_generator(gen(), output_types=tf.int32)",
    "gen_signature_of_dtypes": "D.from_generator(gen, output_signature=(tf.int32, tf.float32))",
    "gen_wrong_structure": "list(D.from_generator(gen, output_signature=tf.TensorSpec((), tf.int32)))",
    "gen_scalar_for_tuple": "list(D.from_generator(gen_ints, output_signature=(tf.TensorSpec((), tf.int32), "
                            "tf.TensorSpec((), tf.int32))))",
    "gen_list_for_tuple": "list(D.from_generator(lambda: iter([[1, 2]]), output_signature=(tf.TensorSpec((), "
                          "tf.int32), tf.TensorSpec((), tf.int32))))",
    "gen_wrong_shape": "list(D.from_generator(gen, output_signature=(tf.TensorSpec((), tf.int32), "
                       "tf.TensorSpec((3,), tf.float32))))",
    "gen_raises": "list(D.from_generator(gen_fails, output_signature=tf.TensorSpec((), tf.int32)))",
    # consuming
    "iterate": "list(D.from_tensor_slices({'b': [1, 2], 'a': [1.0, 2.0]}))",
    "numpy_iterator_tuple": "list(D.from_tensor_slices(([1, 2], [3, 4])).as_numpy_iterator())",
    "reduce": "D.range(5).reduce(np.int64(0), lambda s, x: s + x)",
    "reduce_float": "D.from_tensor_slices([1.0, 2.0]).reduce(0.0, lambda s, x: s + x)",
    "reduce_tuple": "D.range(5).reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * (x + 1)))",
    "reduce_dtype_change": "D.range(3).reduce(np.int64(0), lambda s, x: tf.cast(s, tf.float32))",
    "reduce_components": "D.range(3).reduce(np.int64(0), lambda s, x: (s, x))",
    "get_next_at_end": "(lambda it: (next(it), it.get_next()))(iter(D.range(1)))",
    "iterator_spec": "iter(D.range(2)).element_spec",
    # TensorSpec
    "spec": "tf.TensorSpec(shape=(None, 2), dtype=tf.float64, name='x')",
    "spec_default": "tf.TensorSpec(None)",
    "spec_int_shape": "tf.TensorSpec(3)",
    "spec_string_dtype": "tf.TensorSpec((), 'int64')",
    "spec_equal": "(tf.TensorSpec([None, 2], 'float64') == tf.TensorSpec((None, 2), tf.float64), "
                  "tf.TensorSpec(()) != tf.TensorSpec((1,)))",
    "spec_compatible": "(tf.TensorSpec((None, 2)).is_compatible_with(tf.zeros((3, 2))), "
                       "tf.TensorSpec((None, 2)).is_compatible_with(tf.zeros((3, 3))), "
                       "tf.TensorSpec((None, 2)).is_compatible_with(tf.TensorSpec((4, 2))), "
                       "tf.TensorSpec((None, 2)).is_compatible_with(tf.TensorSpec((4, 2), tf.int32)), "
                       "tf.TensorSpec(None).is_compatible_with(tf.zeros((1, 2, 3))))",
    "spec_from_tensor": "tf.TensorSpec.from_tensor(tf.zeros((2, 3)))",
    "spec_supertype": "tf.TensorSpec((2,)).most_specific_common_supertype([tf.TensorSpec((3,))])",
    "spec_bad_dtype": "tf.TensorSpec((2,), 'foo')",
    "spec_shape_str": "(str(tf.TensorSpec(None).shape), repr(tf.TensorSpec(None).shape), "
                      "tf.TensorSpec(None).shape.rank, tf.TensorSpec([None, 3]).shape.as_list())",
    "shape_unknown_as_list": "tf.TensorSpec(None).shape.as_list()",
    "shape_unknown_len": "len(tf.TensorShape(None))",
    "shape_compatible": "(tf.TensorShape(None).is_compatible_with([1, 2]), "
                        "tf.TensorShape([None, 2]).is_compatible_with([3, 2]), "
                        "tf.TensorShape([1]).is_compatible_with([1, 2]))",
    "shape_most_specific": "(tf.TensorShape([1, 2]).most_specific_compatible_shape([1, 3]), "
                           "tf.TensorShape([1]).most_specific_compatible_shape([1, 3]))",
    "shape_merge": "tf.TensorShape([None, 2]).merge_with([3, None])",
    "shape_merge_bad": "tf.TensorShape([1, 2]).merge_with([3, None])",
}


def main():
    cases = run_cases(PRELUDE, CASES, {"tf": tf, "np": np, "D": tf.data.Dataset})
    write_fixture("tf_data.json", {"tensorflow": tf.__version__, "prelude": PRELUDE, "cases": cases})


if __name__ == "__main__":
    main()
