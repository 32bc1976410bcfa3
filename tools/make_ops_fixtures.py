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
    # ordering: sort, argsort, top_k, in_top_k (NaN orders are TensorFlow's algorithm's, not recorded here)
    "top_k": "tf.math.top_k(tf.constant([[1.0, 3.0, 3.0, 2.0], [4.0, 1.0, 4.0, 5.0]]), 2)",
    "top_k_all": "tf.math.top_k(tf.constant([[1.0, 3.0, 3.0, 2.0]]), 4)",
    "top_k_int": "tf.math.top_k(tf.constant([3, 1, 3, -2]), 3)",
    "top_k_int64_indices": "tf.math.top_k(tf.constant([3, 1, 3, -2]), 3, index_type=tf.int64)",
    "top_k_infinities": "tf.math.top_k(tf.constant([-np.inf, 2.0, np.inf, 0.0]), 4)",
    "top_k_signed_zeros": "tf.math.top_k(tf.constant([0.0, -0.0, 0.0]), 3)",
    "top_k_tensor_k": "tf.math.top_k(tf.constant([0.0, 2.0, 1.0]), tf.constant(2))",
    "top_k_zero": "tf.math.top_k(tf.constant([[1.0, 2.0]]), 0)",
    "top_k_nn": "tf.nn.top_k(tf.constant([1.0, 5.0, 2.0]), k=1)",
    "top_k_too_big": "tf.math.top_k(tf.constant([[1.0, 3.0, 3.0, 2.0]]), 5)",
    "top_k_negative": "tf.math.top_k(tf.constant([[1.0, 3.0]]), -1)",
    "top_k_scalar": "tf.math.top_k(tf.constant(1.0), 1)",
    "top_k_bool": "tf.math.top_k(tf.constant([True, False]), 1)",
    "sort": "tf.sort(tf.constant([3.0, 1.0, -np.inf, 2.0, np.inf]))",
    "sort_descending": "tf.sort(tf.constant([3.0, 1.0, -np.inf, 2.0]), direction='DESCENDING')",
    "sort_int_limits": "tf.sort(tf.constant([3, -2147483648, 2147483647, 0]))",
    "sort_int_limits_descending": "tf.sort(tf.constant([3, -2147483648, 2147483647, 0]), direction='DESCENDING')",
    "sort_axis0": "tf.sort(tf.constant([[3, 1], [2, 5]]), axis=0)",
    "sort_bad_direction": "tf.sort(tf.constant([3, 1]), direction='UP')",
    "sort_bool": "tf.sort(tf.constant([True, False]))",
    "sort_scalar": "tf.sort(tf.constant(3.0))",
    "sort_bad_axis": "tf.sort(tf.constant([3.0, 1.0]), axis=1)",
    "sort_empty": "tf.sort(tf.zeros([0, 3]))",
    "argsort": "tf.argsort(tf.constant([3.0, 1.0, 3.0, 1.0, 2.0]))",
    "argsort_descending": "tf.argsort(tf.constant([3.0, 1.0, 3.0, 1.0, 2.0]), direction='DESCENDING')",
    "argsort_stable": "tf.argsort(tf.constant([3.0, 1.0, 3.0, 1.0, 2.0]), stable=True)",
    "argsort_int": "tf.argsort(tf.constant([3, 1, 3, 1, 2]), direction='DESCENDING')",
    "argsort_empty": "tf.argsort(tf.zeros([2, 0]))",
    "argsort_axis0": "tf.argsort(tf.constant([[3.0, 1.0], [2.0, 5.0], [2.0, 0.0]]), axis=0)",
    "in_top_k_1": "tf.math.in_top_k(tf.constant([0, 1, 2]), tf.constant([[1.0, 1, 1, 0], [1, 1, 1, 0], [1, 2, 1, 0]]), 1)",
    "in_top_k_2": "tf.math.in_top_k(tf.constant([0, 1, 2]), tf.constant([[1.0, 1, 1, 0], [1, 1, 1, 0], [1, 2, 1, 0]]), 2)",
    "in_top_k_nan_target": "tf.math.in_top_k(tf.constant([0]), tf.constant([[np.nan, 1.0]]), 2)",
    "in_top_k_inf_target": "tf.math.in_top_k(tf.constant([0]), tf.constant([[np.inf, 1.0]]), 2)",
    "in_top_k_nan_elsewhere": "tf.math.in_top_k(tf.constant([1]), tf.constant([[np.nan, 1.0, 0.0]]), 2)",
    "in_top_k_minus_inf_elsewhere": "tf.math.in_top_k(tf.constant([1]), tf.constant([[-np.inf, 1.0, 0.0]]), 1)",
    "in_top_k_out_of_range": "tf.math.in_top_k(tf.constant([5, -1]), tf.constant([[1.0, 1.0], [1.0, 2.0]]), 2)",
    "in_top_k_k0": "tf.math.in_top_k(tf.constant([0]), tf.constant([[1.0, 1.0]]), 0)",
    "in_top_k_k_negative": "tf.math.in_top_k(tf.constant([0]), tf.constant([[1.0, 1.0]]), -1)",
    "in_top_k_k_too_big": "tf.math.in_top_k(tf.constant([0]), tf.constant([[1.0, 3.0]]), 5)",
    "in_top_k_tensor_k": "tf.math.in_top_k(tf.constant([0]), tf.constant([[1.0, 3.0, 0.0]]), tf.constant(2))",
    "in_top_k_int64_targets": "tf.math.in_top_k(tf.constant([0], tf.int64), tf.constant([[1.0, 1.0]]), 1)",
    "in_top_k_keywords": "tf.nn.in_top_k(targets=tf.constant([0]), predictions=tf.constant([[1.0, 1.0]]), k=1)",
    "in_top_k_empty": "tf.math.in_top_k(tf.zeros([0], tf.int32), tf.zeros([0, 3]), 1)",
    "in_top_k_no_classes": "tf.math.in_top_k(tf.zeros([2], tf.int32), tf.zeros([2, 0]), 1)",
    "in_top_k_float64": "tf.math.in_top_k(tf.constant([0]), tf.constant([[1.0, 1.0]], tf.float64), 1)",
    "in_top_k_int_predictions": "tf.math.in_top_k(tf.constant([0]), tf.constant([[1, 1]]), 1)",
    "in_top_k_1d_predictions": "tf.math.in_top_k(tf.constant([0]), tf.constant([1.0, 1.0]), 1)",
    "in_top_k_mismatch": "tf.math.in_top_k(tf.constant([0, 1]), tf.constant([[1.0, 1.0]]), 1)",
    "in_top_k_2d_targets": "tf.math.in_top_k(tf.constant([[0]]), tf.constant([[1.0, 1.0]]), 1)",
    # running sums and products
    "cumsum": "tf.math.cumsum(tf.constant([[1, 2, 3], [4, 5, 6]]), axis=1, exclusive=True, reverse=True)",
    "cumsum_default_axis": "tf.cumsum(tf.constant([[1, 2, 3], [4, 5, 6]]))",
    "cumsum_last_axis": "tf.math.cumsum(m, axis=-1)",
    "cumsum_tensor_axis": "tf.math.cumsum(m, axis=tf.constant(1))",
    "cumsum_empty": "tf.math.cumsum(tf.zeros([0, 2]), axis=0)",
    "cumsum_bool": "tf.math.cumsum(tf.constant([True]))",
    "cumsum_scalar": "tf.math.cumsum(tf.constant(3.0))",
    "cumsum_bad_axis": "tf.math.cumsum(tf.constant([3.0]), axis=1)",
    "cumsum_int_wraps": "tf.math.cumsum(tf.constant([2147483647, 1]))",
    "cumprod": "tf.math.cumprod(tf.constant([[1, 2, 3], [4, 5, 6]]), axis=1, exclusive=True, reverse=True)",
    "cumprod_float": "tf.math.cumprod(tf.constant([1.5, -2.0, 0.0, 3.0]))",
}


def main():
    cases = run_cases(PRELUDE, CASES, {"tf": tf, "np": np})
    write_fixture("tf_ops.json", {"tensorflow": tf.__version__, "prelude": PRELUDE, "cases": cases})


if __name__ == "__main__":
    main()
