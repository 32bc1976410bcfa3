"""Records what real TensorFlow gives for the training ops, for tests/test_ops_tf.py.

Run with a Python that has TensorFlow (CI never needs it):

    pip install tensorflow-cpu
    python tools/make_ops_fixtures.py

Each case is a snippet that runs unchanged on TensorFlow and on tinytf (``tf``,
``np`` and the PRELUDE's tensors are in scope): edge cases of the ops of issue 9
(ties, NaN, infinities, empty inputs, k > n, bad axes, bad shapes, dtypes each
op refuses). The fixture keeps the code and TensorFlow's outcome: values with
their dtype and shape, or the error's type and message (tests/tf_outcomes.py).
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
m = tf.constant([[1.0, 2.0], [3.0, 5.0]])
i = tf.constant([[1, 2], [3, 4]])
b = tf.constant([True, False])
specials = tf.constant([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.5])
'''

CASES = {
    # reductions built from other ops
    "variance_keepdims": "tf.math.reduce_variance(m, axis=1, keepdims=True)",
    "variance_all": "tf.math.reduce_variance(m)",
    "variance_int": "tf.math.reduce_variance(i)",
    "variance_empty": "tf.math.reduce_variance(tf.zeros([0, 3]), axis=0)",
    "std_axis0": "tf.math.reduce_std(m, axis=0)",
    "std_int": "tf.math.reduce_std(i)",
    "std_float64": "tf.math.reduce_std(tf.constant([1.0, 2.0, 4.0], tf.float64))",
    "logsumexp_rows": "tf.reduce_logsumexp(m, axis=1)",
    "logsumexp_big": "tf.reduce_logsumexp(tf.constant([1000.0, 1000.0]))",
    "logsumexp_all_minus_inf": "tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf]))",
    "logsumexp_inf": "tf.reduce_logsumexp(tf.constant([np.inf, 1.0]))",
    "logsumexp_nan": "tf.reduce_logsumexp(tf.constant([np.nan, 1.0]))",
    "logsumexp_empty": "tf.reduce_logsumexp(tf.zeros([0]))",
    "logsumexp_int": "tf.reduce_logsumexp(i)",
    "logsumexp_bad_axis": "tf.reduce_logsumexp(m, axis=2)",
    "any_int": "tf.reduce_any(i)",
    "all_float": "tf.reduce_all(m)",
    "any_axis": "tf.reduce_any(tf.constant([[True, False], [False, False]]), axis=1)",
    "all_empty": "tf.reduce_all(tf.zeros([0], tf.bool))",
    "any_empty": "tf.reduce_any(tf.zeros([0], tf.bool))",
    "euclidean_int": "tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [1, 1]]), axis=1)",
    "euclidean_float": "tf.math.reduce_euclidean_norm(m, keepdims=True)",
    "euclidean_bool": "tf.math.reduce_euclidean_norm(b)",
    "count_nonzero_nan": "tf.math.count_nonzero(tf.constant([0.0, 1.0, np.nan]))",
    "count_nonzero_bool": "tf.math.count_nonzero(b)",
    "count_nonzero_int32": "tf.math.count_nonzero(i, axis=0, keepdims=True, dtype=tf.int32)",
    "count_nonzero_float_dtype": "tf.math.count_nonzero(i, dtype=tf.float32)",
    "count_nonzero_bool_dtype": "tf.math.count_nonzero(i, dtype=tf.bool)",
    "count_nonzero_bad_axis": "tf.math.count_nonzero(i, axis=2)",
    "moments": "tf.nn.moments(m, axes=[0])",
    "moments_keepdims": "tf.nn.moments(m, axes=[0, 1], keepdims=True)",
    "moments_int": "tf.nn.moments(i, axes=[0])",
    "moments_int_axis": "tf.nn.moments(m, axes=1)",
    "moments_bad_axis": "tf.nn.moments(m, axes=[3])",
    # element-wise
    "log1p": "tf.math.log1p(tf.constant([0.0, 1e-10, -1.0, 3.0]))",
    "log1p_int": "tf.math.log1p(i)",
    "expm1": "tf.math.expm1(tf.constant([0.0, 1e-10, -np.inf, 2.0], tf.float64))",
    "expm1_int": "tf.math.expm1(i)",
    "is_nan": "tf.math.is_nan(specials)",
    "is_inf": "tf.math.is_inf(specials)",
    "is_finite": "tf.math.is_finite(specials)",
    "is_nan_int": "tf.math.is_nan(i)",
    "is_finite_bool": "tf.math.is_finite(b)",
    "is_inf_int": "tf.math.is_inf(i)",
    # tf.nn
    "bias_add": "tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1.0, 2.0, 3.0]))",
    "bias_add_int": "tf.nn.bias_add(tf.ones([2, 3], tf.int32), tf.constant([1, 2, 3]))",
    "bias_add_nchw": "tf.nn.bias_add(tf.ones([2, 3, 2, 2]), tf.constant([1.0, 2.0, 3.0]), data_format='NCHW')",
    "bias_add_nc_2d": "tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1.0, 2.0, 3.0]), data_format='NCHW')",
    "bias_add_ndhwc": "tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1.0, 2.0, 3.0]), data_format='NDHWC')",
    "bias_add_wrong_size": "tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1.0, 2.0]))",
    "bias_add_2d_bias": "tf.nn.bias_add(tf.ones([2, 3]), tf.ones([1, 3]))",
    "bias_add_1d_value": "tf.nn.bias_add(tf.ones([3]), tf.ones([3]))",
    "bias_add_dtypes": "tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1, 2, 3]))",
    "bias_add_bool": "tf.nn.bias_add(tf.ones([2, 3], tf.bool), tf.constant([True, True, False]))",
    "bias_add_bad_format": "tf.nn.bias_add(tf.ones([2, 3]), tf.constant([1.0, 2.0, 3.0]), data_format='XYZ')",
    "dropout_rate_zero": "tf.nn.dropout(m, 0.0)",
    "dropout_rate_one": "tf.nn.dropout(m, 1.0)",
    "dropout_negative_rate": "tf.nn.dropout(m, -0.1)",
    "dropout_int": "tf.nn.dropout(i, 0.5)",
    "dropout_bad_noise_shape": "tf.nn.dropout(tf.ones([3, 4]), 0.5, noise_shape=[2, 1])",
    "dropout_shape": "tf.nn.dropout(tf.ones([3, 4], tf.float64), 0.5, noise_shape=[None, 1], seed=1).shape",
    "l2_normalize": "tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1)",
    "l2_normalize_all": "tf.math.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]))",
    "l2_normalize_list": "tf.linalg.l2_normalize(m, axis=[0, 1])",
    "l2_normalize_int": "tf.nn.l2_normalize(tf.constant([3, 4]))",
    # norms
    "norm": "tf.norm(m)",
    "norm_1_axis": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord=1, axis=1)",
    "norm_inf_axis": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord=np.inf, axis=1)",
    "norm_3": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord=3, axis=1)",
    "norm_half": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord=0.5, axis=1)",
    "norm_0": "tf.norm(m, ord=0, axis=1)",
    "norm_minus_1": "tf.norm(m, ord=-1, axis=1)",
    "norm_fro_vector": "tf.norm(m, ord='fro', axis=1)",
    "norm_fro_matrix": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord='fro', axis=[0, 1])",
    "norm_1_matrix": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord=1, axis=[0, 1])",
    "norm_1_matrix_reversed": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord=1, axis=[1, 0])",
    "norm_inf_matrix": "tf.norm(tf.constant([[3.0, -4.0], [1.0, 2.0]]), ord=np.inf, axis=(0, 1))",
    "norm_euclidean_matrix": "tf.norm(tf.constant([[3.0, 4.0]]), ord='euclidean', axis=[0, 1])",
    "norm_3_matrix": "tf.norm(m, ord=3, axis=[0, 1])",
    "norm_keepdims": "tf.norm(m, axis=1, keepdims=True)",
    "norm_keepdims_all": "tf.norm(m, keepdims=True)",
    "norm_int": "tf.norm(tf.constant([3, 4]))",
    "norm_repeated_axis": "tf.norm(m, axis=[0, 0])",
    "norm_three_axes": "tf.norm(m, axis=[0, 1, 1])",
    "norm_axis_out_of_range": "tf.norm(m, axis=2)",
    "norm_tensor_axis": "tf.norm(m, axis=tf.constant(1))",
    "norm_inf_string": "tf.norm(m, ord='inf')",
    "norm_empty": "tf.norm(tf.zeros([0]))",
    "norm_inf_empty": "tf.norm(tf.zeros([0]), ord=np.inf)",
    "linalg_norm": "tf.linalg.norm(tf.constant([[3.0, 4.0]]))",
    # clipping by norm
    "clip_by_norm": "tf.clip_by_norm(tf.constant([[3.0, 4.0]]), 1.0)",
    "clip_by_norm_axes": "tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.1, 0.0]]), 1.0, axes=[1])",
    "clip_by_norm_int_axes": "tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.1, 0.0]]), 1.0, axes=1)",
    "clip_by_norm_zero": "tf.clip_by_norm(tf.constant([0.0, 0.0]), 1.0)",
    "clip_by_norm_negative": "tf.clip_by_norm(tf.constant([3.0, 4.0]), -1.0)",
    "clip_by_norm_tensor_clip": "tf.clip_by_norm(tf.constant([3.0, 4.0]), tf.constant([1.0, 2.0]))",
    "clip_by_norm_float64_clip": "tf.clip_by_norm(tf.constant([3.0, 4.0]), tf.constant(1.0, tf.float64))",
    "clip_by_norm_int_clip": "tf.clip_by_norm(tf.constant([3.0, 4.0]), 1)",
    "clip_by_norm_inf": "tf.clip_by_norm(tf.constant([np.inf, 4.0]), 1.0)",
    "clip_by_norm_int": "tf.clip_by_norm(tf.constant([3, 4]), 1)",
    "global_norm": "tf.linalg.global_norm([tf.constant([3.0, 4.0]), None, tf.constant([[12.0]])])",
    "global_norm_empty": "tf.linalg.global_norm([])",
    "global_norm_not_a_list": "tf.linalg.global_norm(tf.constant([3.0]))",
    "clip_by_global_norm": "tf.clip_by_global_norm([tf.constant([3.0, 4.0]), None, tf.constant([12.0])], 6.5)",
    "clip_by_global_norm_use_norm": "tf.clip_by_global_norm([tf.constant([3.0, 4.0])], 1.0, use_norm=tf.constant(10.0))",
    "clip_by_global_norm_small": "tf.clip_by_global_norm([tf.constant([0.3, 0.4])], 1.0)",
    "clip_by_global_norm_tuple": "tf.clip_by_global_norm((tf.constant([3.0, 4.0]),), 1.0)",
    "clip_by_global_norm_variable": "tf.clip_by_global_norm([tf.Variable([3.0, 4.0])], 1.0)",
    "clip_by_global_norm_not_a_list": "tf.clip_by_global_norm(tf.constant([3.0, 4.0]), 1.0)",
    "clip_by_global_norm_empty": "tf.clip_by_global_norm([], 1.0)",
    "clip_by_global_norm_none": "tf.clip_by_global_norm([None], 1.0)",
    "clip_by_global_norm_dtypes": "tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([1.0], tf.float64)], 1.0)",
    "clip_by_global_norm_inf": "tf.clip_by_global_norm([tf.constant([np.inf, 4.0])], 1.0)",
    "clip_by_global_norm_nan": "tf.clip_by_global_norm([tf.constant([np.nan, 4.0])], 1.0)",
    "clip_by_global_norm_int": "tf.clip_by_global_norm([tf.constant([3, 4])], 1.0)",
}


def main():
    cases = run_cases(PRELUDE, CASES, {"tf": tf, "np": np})
    write_fixture("tf_ops.json", {"tensorflow": tf.__version__, "prelude": PRELUDE, "cases": cases})


if __name__ == "__main__":
    main()
