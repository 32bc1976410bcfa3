"""tf.data against real TensorFlow: each case of tests/fixtures/tf_data.json (recorded by
tools/make_data_fixtures.py) is a snippet of code run here with tinytf; element specs,
cardinalities, elements (dtypes, shapes, values) and errors (type, message) must agree."""
import json
import os

import numpy as np
import pytest

import tinytf as tf
from tf_outcomes import outcome

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
    theirs = case["outcome"]
    if isinstance(theirs, dict) and "error" in theirs:
        assert isinstance(ours, dict) and "error" in ours, f"{case['code']}: TensorFlow raised {theirs}, tinytf gave {ours}"
        assert ours["error"] == theirs["error"], f"{case['code']}: {ours} vs TensorFlow's {theirs}"
        expected = MESSAGE_IN_TINYTF.get(name)
        if expected is not None:
            assert expected in ours["message"], f"{case['code']}: {ours['message']!r}"
        else:
            assert ours["message"].startswith(theirs["message"]), \
                f"{case['code']}:\n tinytf:     {ours['message']!r}\n TensorFlow: {theirs['message']!r}"
    else:
        assert ours == theirs, f"{case['code']}:\n tinytf:     {ours}\n TensorFlow: {theirs}"
