"""Records what real TensorFlow gives for tf.function, tf.print, tf.cond, tf.while_loop, tf.is_tensor,
tf.config.run_functions_eagerly and the tf.*_initializer aliases, for tests/test_function_tf.py.

Run with a Python that has TensorFlow (CI never needs it):

    pip install tensorflow-cpu
    python tools/make_function_fixtures.py

As in tools/make_data_fixtures.py, each case is code that runs unchanged on
TensorFlow and tinytf; the fixture keeps the code and TensorFlow's outcome
(tests/tf_outcomes.py). The PRINTS cases call tf.print with
``output_stream=OUT``, a ``file://`` path: the fixture keeps the exact text
TensorFlow wrote there.
"""
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from tf_outcomes import run_cases, write_fixture  # noqa: E402

PRELUDE = '''
import collections
Pair = collections.namedtuple("Pair", "a b")

@tf.function
def add_one(x):
    return x + 1

@tf.function(jit_compile=True, reduce_retracing=True)
def square(x):
    return x * x

def documented(x):
    "Doubles x."
    return 2 * x

class Scaler:
    def __init__(self, k):
        self.k = k

    @tf.function
    def scale(self, x):
        return x * self.k

class Opaque:
    pass

scaler = Scaler(3.0)  # TensorFlow binds methods through a weak reference: keep the instance alive

vector_fn = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec((None,), tf.float32)])
pair_fn = tf.function(lambda x, y: x * y, input_signature=[tf.TensorSpec(()), tf.TensorSpec(())])

def eagerly(fn):
    tf.config.run_functions_eagerly(True)
    try:
        return fn()
    finally:
        tf.config.run_functions_eagerly(False)

def gradient_through_function():
    v = tf.Variable(3.0)
    f = tf.function(lambda: v * v)
    with tf.GradientTape() as tape:
        y = f()
    return tape.gradient(y, v)

def same_twice(init):
    return bool(tf.reduce_all(init((3, 2)) == init((3, 2))))
'''

CASES = {
    # tf.function: results come back as tensors
    "function_int": "add_one(1)",
    "function_float": "add_one(1.5)",
    "function_numpy": "add_one(np.array([1.0, 2.0]))",
    "function_tensor": "add_one(tf.constant([1, 2]))",
    "function_python_result": "tf.function(lambda x: 3)(1)",
    "function_numpy_result": "tf.function(lambda: np.float64(2.5))()",
    "function_structure_result": "tf.function(lambda x: (x, [x, 2.0], {'k': None}))(tf.constant(1.0))",
    "function_none_result": "tf.function(lambda x: None)(1)",
    "function_variable_result": "tf.function(lambda v: v)(tf.Variable(1.0))",
    "function_object_result": "tf.function(lambda: Opaque())()",
    "function_with_options": "square(tf.constant(3.0))",
    "function_all_options": "tf.function(reduce_retracing=True, autograph=False, experimental_relax_shapes=True, "
                            "experimental_compile=True, experimental_autograph_options=None, "
                            "experimental_follow_type_hints=True, experimental_implements=None, "
                            "experimental_attributes=None)(lambda x: x)(1)",
    "function_kwargs": "tf.function(lambda x, y=2: x * y)(3, y=4)",
    "function_method": "scaler.scale(tf.constant(2.0))",
    "function_method_unbound": "Scaler.scale(Scaler(2.0), tf.constant(5.0))",
    "function_python_function": "(add_one.python_function.__name__, scaler.scale.python_function.__name__)",
    "function_names": "(add_one.__name__, tf.function(documented).__doc__, tf.function(documented).name)",
    "function_not_callable": "tf.function(3)",
    "function_eagerly_flag": "(tf.config.functions_run_eagerly(), eagerly(tf.config.functions_run_eagerly))",
    "function_eagerly_raw_result": "eagerly(lambda: tf.function(lambda x: 3)(1))",
    "function_eagerly_numpy_result": "eagerly(lambda: tf.function(lambda: np.float64(2.5))())",
    "function_gradient": "gradient_through_function()",
    # input_signature
    "signature_none": "add_one.input_signature",
    "signature_kept": "vector_fn.input_signature",
    "signature_tensor": "vector_fn(tf.constant([1.0, 2.0]))",
    "signature_list": "vector_fn([1.0, 2.0])",
    "signature_int_list": "vector_fn([1, 2])",
    "signature_float64": "vector_fn(np.array([1.0, 2.0]))",
    "signature_wrong_dtype": "vector_fn(tf.constant([1, 2]))",
    "signature_wrong_shape": "vector_fn(tf.constant([[1.0]]))",
    "signature_too_many": "vector_fn(tf.constant([1.0]), tf.constant([1.0]))",
    "signature_missing": "pair_fn(3.0)",
    "signature_keyword": "pair_fn(3.0, y=4.0)",
    "signature_nested": "tf.function(lambda p: p[0] + p[1], input_signature=[(tf.TensorSpec(()), "
                        "tf.TensorSpec(()))])((1.0, 2.0))",
    "signature_int_for_float": "tf.function(lambda x: x, input_signature=[tf.TensorSpec((), tf.float32)])(3)",
    "signature_float_for_int": "tf.function(lambda x: x, input_signature=[tf.TensorSpec((), tf.int32)])(3.5)",
    "signature_unknown_shape": "tf.function(lambda x: x, input_signature=[tf.TensorSpec(None, tf.float32)])"
                               "(np.ones((2, 3), np.float32)).shape",
    "signature_default_arg": "tf.function(lambda x, y=2.0: x * y, input_signature=[tf.TensorSpec(())])(3.0)",
    "signature_of_dtypes": "tf.function(lambda x: x, input_signature=[tf.float32])",
    "signature_not_a_list": "tf.function(lambda x: x, input_signature=tf.TensorSpec(()))",
    # tf.is_tensor
    "is_tensor": "(tf.is_tensor(tf.constant(1)), tf.is_tensor(tf.Variable(1.0)), tf.is_tensor(np.zeros(2)), "
                 "tf.is_tensor(1), tf.is_tensor([tf.constant(1)]), tf.is_tensor(None), tf.is_tensor('a'))",
    # tf.cond
    "cond_tensor_pred": "tf.cond(tf.constant(True), lambda: 1, lambda: 2)",
    "cond_python_pred": "tf.cond(False, lambda: tf.constant(1), lambda: tf.constant(2))",
    "cond_structure": "tf.cond(True, lambda: (1, [2.0]), lambda: (3, [4.0]))",
    "cond_none_result": "tf.cond(True, lambda: None, lambda: None)",
    "cond_keywords": "tf.cond(pred=tf.constant(2) > 1, true_fn=lambda: 'yes', false_fn=lambda: 'no')",
    "cond_int_pred": "tf.cond(tf.constant(0), lambda: 1, lambda: 2)",
    "cond_float_pred": "tf.cond(tf.constant(1.0), lambda: 1, lambda: 2)",
    "cond_vector_pred": "tf.cond(tf.constant([True, False]), lambda: 1, lambda: 2)",
    "cond_none_pred": "tf.cond(None, lambda: 1, lambda: 2)",
    "cond_true_not_callable": "tf.cond(True, 1, lambda: 2)",
    "cond_false_not_callable": "tf.cond(True, lambda: 1, 2)",
    "cond_false_missing": "tf.cond(True, lambda: 1)",
    # tf.while_loop
    "while_one_var": "tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [0])",
    "while_one_var_list_body": "tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [tf.constant(0)])",
    "while_two_vars": "tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), (0, 0))",
    "while_list_vars_tuple_body": "tf.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1, j * 2), [0, 1])",
    "while_nested": "tf.while_loop(lambda i, p: i < 3, lambda i, p: (i + 1, (p[0] + 1, p[1])), (0, (0.0, 5.0)))",
    "while_never": "tf.while_loop(lambda i: False, lambda i: (i + 1,), [0])",
    "while_maximum_iterations": "tf.while_loop(lambda i: True, lambda i: [i + 1], [0], maximum_iterations=7)",
    "while_maximum_zero": "tf.while_loop(lambda i: True, lambda i: [i + 1], [0], maximum_iterations=0)",
    "while_maximum_tensor": "tf.while_loop(lambda i: i < 100, lambda i: [i + 1], [0], "
                            "maximum_iterations=tf.constant(4))",
    "while_variable": "tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [tf.Variable(0)])",
    "while_numpy": "tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [np.int64(0)])",
    "while_float": "tf.while_loop(lambda x: x < 10.0, lambda x: (x * 2.0,), [1.0])",
    "while_vector_cond": "tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [tf.constant([0, 1])])",
    "while_cond_not_callable": "tf.while_loop(1, lambda i: i, [0])",
    "while_body_not_callable": "tf.while_loop(lambda i: i < 3, 1, [0])",
    "while_no_vars": "tf.while_loop(lambda: False, lambda: (), [])",
    "while_zero_scalar_vars": "tf.while_loop(lambda i: i < 3, lambda i: i + 1, 0)",
    "while_body_scalar": "tf.while_loop(lambda i: i < 10, lambda i: i + 1, [0])",
    "while_body_wrong_count": "tf.while_loop(lambda i: i < 3, lambda i: (i + 1, i), [0])",
    # initializers
    "init_zeros": "tf.zeros_initializer()((2, 3))",
    "init_zeros_int": "tf.zeros_initializer()((2,), dtype=tf.int32)",
    "init_ones": "tf.ones_initializer()((2,), dtype=tf.float64)",
    "init_ones_none_dtype": "tf.ones_initializer()((2,), dtype=None)",
    "init_constant_list": "tf.constant_initializer([1, 2, 3])((3,))",
    "init_constant_scalar": "tf.constant_initializer(2)((2, 2))",
    "init_constant_float": "tf.constant_initializer(0.5)((2,))",
    "init_constant_dtype": "tf.constant_initializer(2)((2,), dtype=tf.float32)",
    "init_constant_wrong_size": "tf.constant_initializer([1, 2, 3])((2,))",
    "init_constant_bad_value": "tf.constant_initializer(object())",
    "init_normal": "(lambda t: (t.shape, t.dtype))(tf.random_normal_initializer()((3, 4)))",
    "init_normal_float64": "tf.random_normal_initializer(stddev=0.01)((2,), dtype=tf.float64).dtype",
    "init_normal_int": "tf.random_normal_initializer()((2,), dtype=tf.int32)",
    "init_normal_seeded_repeats": "(same_twice(tf.random_normal_initializer(seed=1)), "
                                  "same_twice(tf.random_normal_initializer()))",
    "init_uniform": "(lambda t: (t.shape, t.dtype, bool(tf.reduce_all(t >= -0.05)), bool(tf.reduce_all(t < 0.05))))"
                    "(tf.random_uniform_initializer()((50,)))",
    "init_uniform_int": "(lambda t: (t.dtype, bool(tf.reduce_all(t >= 0)), bool(tf.reduce_all(t < 10))))"
                        "(tf.random_uniform_initializer(0, 10)((20,), dtype=tf.int32))",
    "init_uniform_seeded_repeats": "same_twice(tf.random_uniform_initializer(seed=3))",
    "init_configs": "(tf.random_normal_initializer().get_config(), tf.random_uniform_initializer().get_config(), "
                    "tf.constant_initializer(2.0).get_config(), tf.zeros_initializer().get_config(), "
                    "tf.ones_initializer().get_config())",
    "init_from_config": "type(tf.random_normal_initializer.from_config({'mean': 1.0, 'stddev': 2.0, 'seed': 3}))"
                        ".__name__",
    "init_partition_info": "tf.zeros_initializer()((2,), partition_info=None)",
    "init_in_dense": "tf.keras.layers.Dense(2, kernel_initializer=tf.random_normal_initializer(stddev=0.01), "
                     "bias_initializer=tf.ones_initializer())(np.ones((1, 3), np.float32)).shape",
}

PRINTS = {
    "scalar_float": "tf.print(tf.constant(0.1), output_stream=OUT)",
    "floats": "tf.print(tf.constant([-1.5, 2.0, 3.25]), output_stream=OUT)",
    "float_digits": "tf.print(tf.constant([1.0, 123456789.0, 1e-7, 1e10, 1.5e16, 123456.7, 0.0001, 0.00001234, "
                    "-0.0, 1.2345678, 1 / 3]), summarize=-1, output_stream=OUT)",
    "float64_digits": "tf.print(tf.constant([0.1, 1 / 3, 1.2345678901234, 2.5e-300], tf.float64), output_stream=OUT)",
    "nan_inf": "tf.print(tf.constant([np.nan, np.inf, -np.inf, 0.0]), output_stream=OUT)",
    "ints": "tf.print(tf.range(5), output_stream=OUT)",
    "ints_summarized": "tf.print(tf.range(10), output_stream=OUT)",
    "int64": "tf.print(tf.constant([2**40, -3], tf.int64), output_stream=OUT)",
    "bools": "tf.print(tf.constant([True, False]), tf.constant(True), output_stream=OUT)",
    "matrix": "tf.print(tf.reshape(tf.range(6), (2, 3)), output_stream=OUT)",
    "long_matrix": "tf.print(tf.reshape(tf.range(40), (8, 5)), output_stream=OUT)",
    "wide_matrix": "tf.print(tf.reshape(tf.range(40), (5, 8)), output_stream=OUT)",
    "cube": "tf.print(tf.reshape(tf.range(24), (2, 3, 4)), output_stream=OUT)",
    "big_cube": "tf.print(tf.reshape(tf.range(7 * 7 * 7), (7, 7, 7)), output_stream=OUT)",
    "rank4": "tf.print(tf.reshape(tf.range(16), (2, 2, 2, 2)), output_stream=OUT)",
    "empty": "tf.print(tf.zeros((0,)), output_stream=OUT)",
    "empty_rows": "tf.print(tf.zeros((2, 0)), output_stream=OUT)",
    "empty_matrix": "tf.print(tf.zeros((0, 3)), output_stream=OUT)",
    "variable": "tf.print(tf.Variable([1.0, 2.0]), output_stream=OUT)",
    "scalar_int": "tf.print(tf.constant(7), output_stream=OUT)",
    "summarize_2": "tf.print(tf.range(10), summarize=2, output_stream=OUT)",
    "summarize_all": "tf.print(tf.range(10), summarize=-1, output_stream=OUT)",
    "summarize_none": "tf.print(tf.range(10), summarize=None, output_stream=OUT)",
    "summarize_0": "tf.print(tf.range(10), summarize=0, output_stream=OUT)",
    "summarize_1_matrix": "tf.print(tf.reshape(tf.range(40), (8, 5)), summarize=1, output_stream=OUT)",
    "summarize_scalar_0": "tf.print(tf.constant(5), summarize=0, output_stream=OUT)",
    "sep_end": "tf.print('sep', 1, 2, sep='|', end='$\\n', output_stream=OUT)",
    "no_end": "tf.print('a', end='', output_stream=OUT)",
    "message_and_tensor": "tf.print('loss:', tf.constant(0.25), 'step', 3, output_stream=OUT)",
    "python_values": "tf.print(1, 2.5, True, None, [1, 2], (3, 4), {'b': 1, 'a': tf.constant(2)}, "
                     "np.array([1.5, 2]), 'str', output_stream=OUT)",
    "numpy_scalars": "tf.print(np.float32(0.1), np.float64(1 / 3), np.int64(5), output_stream=OUT)",
    "python_floats": "tf.print(0.1, 1 / 3, 1e-7, 123456789.0, output_stream=OUT)",
    "nested": "tf.print([tf.constant(1), [tf.constant([1.5, 2.5])]], output_stream=OUT)",
    "dict_sorted": "tf.print({'b': tf.constant([1, 2]), 'a': 'x'}, output_stream=OUT)",
    "namedtuple": "tf.print(Pair(tf.constant(1), 2), output_stream=OUT)",
    "tuple_single": "tf.print((tf.constant(1),), output_stream=OUT)",
    "long_list_wraps": "tf.print([tf.constant(i) for i in range(30)], output_stream=OUT)",
    "long_python_list_wraps": "tf.print(list(range(40)), output_stream=OUT)",
    "braces": "tf.print('{}', tf.constant(1), '{} {}', output_stream=OUT)",
    "nothing": "tf.print(output_stream=OUT)",
}


def main():
    namespace = {"tf": tf, "np": np}
    cases = run_cases(PRELUDE, CASES, namespace)
    prints = {}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "out.txt")
        namespace["OUT"] = "file://" + path
        for name, code in PRINTS.items():
            open(path, "w").close()
            eval(code, namespace)  # noqa: S307
            with open(path) as f:
                prints[name] = {"code": code, "text": f.read()}
    write_fixture("tf_function.json", {"tensorflow": tf.__version__, "prelude": PRELUDE, "cases": cases,
                                       "prints": prints})


if __name__ == "__main__":
    main()
