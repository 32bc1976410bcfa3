"""tf.data against real TensorFlow: each case of tests/fixtures/tf_data.json (recorded by
tools/make_data_fixtures.py) is a snippet of code run here with tinytf; element specs,
cardinalities, elements (dtypes, shapes, values) and errors (type, message) must agree."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tf_outcomes import assert_same_outcome, outcome

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "tf_data.json")))

# Where tinytf's message cannot start with TensorFlow's words, the part that must appear instead.
MESSAGE_IN_TINYTF = {
    # TensorFlow names its own DType class; tinytf names tinytf's.
    "gen_signature_of_dtypes": "`output_signature` must contain objects that are subclass of `tf.TypeSpec` but found "
                               "<class 'tinytf.dtypes.DType'> which is not.",
}


def _namespace():
    namespace = {"tf": tf, "np": np, "D": tf.data.Dataset}
    exec(FIXTURE["prelude"], namespace)  # noqa: S102 - the recorded prelude
    return namespace


@pytest.mark.parametrize("name", sorted(FIXTURE["cases"]))
def test_same_outcome_as_tensorflow(name):
    case = FIXTURE["cases"][name]
    namespace = _namespace()
    ours = outcome(lambda: eval(case["code"], namespace))  # noqa: S307
    assert_same_outcome(name, case, ours, MESSAGE_IN_TINYTF)
