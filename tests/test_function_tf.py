"""tf.function, tf.print, tf.cond, tf.while_loop, tf.is_tensor, tf.config.run_functions_eagerly and the
tf.*_initializer aliases against real TensorFlow: tests/fixtures/tf_function.json (recorded by
tools/make_function_fixtures.py) holds code snippets with TensorFlow's outcomes, and for tf.print
the exact text TensorFlow wrote; the same code runs here with tinytf."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tf_outcomes import assert_same_outcome, outcome

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "tf_function.json")))

# Where tinytf's message cannot start with TensorFlow's words, the part that must appear instead.
MESSAGE_IN_TINYTF = {
    # TensorFlow names its own DType class; tinytf names tinytf's.
    "signature_of_dtypes": "input_signature must be a possibly nested sequence of TensorSpec objects, got invalid "
                           "args [tf.float32] with types [<class 'tinytf.dtypes.DType'>].",
    "signature_not_a_list": "input_signature must be either a tuple or a list, got <class "
                            "'tinytf.tensor_spec.TensorSpec'>.",
    # TensorFlow's message names the lambda's address.
    "function_object_result": "To be compatible with tf.function, Python functions must return zero or more Tensors "
                              "or ExtensionTypes or None values; in compilation of <function <lambda> at",
    # TensorFlow fails while unpacking the body's result ("'int' object is not iterable"); tinytf says why.
    "while_body_scalar": "`body` must return the loop variables as a list or tuple",
    "while_zero_scalar_vars": "'loop_vars' must be provided.",
    # NumPy's words in TensorFlow, tinytf's tensor's words here (both ValueError).
    "cond_vector_pred": "The truth value of a tensor with more than one element is ambiguous",
    "while_vector_cond": "The truth value of a tensor with more than one element is ambiguous",
    # TensorFlow's message for a missing '1 argument'; tinytf names the loop.
    "while_body_wrong_count": "The two structures don't have the same nested structure.",
    # The list of accepted keywords, then why.
    "init_partition_info": "Keyword argument should be one of ['partition_shape', 'partition_offset']. Received: "
                           "partition_info",
    "init_constant_bad_value": "Invalid type for initial value: object",
    "init_constant_wrong_size": "Eager execution of tf.constant with unsupported shape.",
    "init_ones_none_dtype": "Cannot convert None to a dtype",
}


def _namespace():
    namespace = {"tf": tf, "np": np}
    exec(FIXTURE["prelude"], namespace)  # noqa: S102 - the recorded prelude
    return namespace


@pytest.mark.parametrize("name", sorted(FIXTURE["cases"]))
def test_same_outcome_as_tensorflow(name):
    case = FIXTURE["cases"][name]
    ours = outcome(lambda: eval(case["code"], _namespace()))  # noqa: S307
    assert_same_outcome(name, case, ours, MESSAGE_IN_TINYTF)


@pytest.mark.parametrize("name", sorted(FIXTURE["prints"]))
def test_print_writes_what_tensorflow_writes(name, tmp_path):
    case = FIXTURE["prints"][name]
    namespace = _namespace()
    path = tmp_path / "out.txt"
    namespace["OUT"] = "file://" + str(path)
    eval(case["code"], namespace)  # noqa: S307
    assert path.read_text() == case["text"], case["code"]
