"""The training ops against real TensorFlow: tests/fixtures/tf_ops.json (recorded by
tools/make_ops_fixtures.py) holds snippets with TensorFlow's outcomes (values with dtype and shape,
or the error raised); the same code runs here with tinytf.

Values must match TensorFlow's to float32 rounding. Errors must be of TensorFlow's type; where
TensorFlow's Python layer raises (ValueError, TypeError) tinytf's message starts with TensorFlow's
words, and where the kernel's text is part of the contract (MESSAGE_FROM_TF) tinytf's message
contains it. Other kernel messages are tinytf's own: they name the op, the shapes and dtypes."""
import json
import math
import os

import numpy as np
import pytest

import tinytf as tf
from tf_outcomes import rerun

FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "tf_ops.json")))

# Where tinytf's message cannot start with TensorFlow's words, the part that must appear instead.
MESSAGE_IN_TINYTF = {
    # TensorFlow names its own tensor class.
    "global_norm_not_a_list": "`t_list` should be a sequence of tensors. Received <class 'tinytf",
    "clip_by_global_norm_not_a_list": "`t_list` should be a sequence of tensors. Received <class 'tinytf",
    # TensorFlow's text without its ", node name: GatherNd".
    "gather_nd_out_of_range": "indices[1] = [2, 0] does not index into param shape [2,2]",
    "gather_nd_negative": "indices[0] = [0, -1] does not index into param shape [2,2]",
    "gather_nd_out_of_range_nested": "indices[1,1] = [9, 9] does not index into param shape [2,3,4]",
    "gather_nd_out_of_range_vector": "indices = [5, 0] does not index into param shape [2,2]",
    "gather_nd_out_of_range_batch": "indices[1,1] = [1, 3] does not index into param shape [2,3,4]",
}

# InvalidArgumentErrors whose TensorFlow text tinytf's message must contain.
MESSAGE_FROM_TF = {"top_k_too_big", "top_k_negative", "top_k_scalar", "in_top_k_1d_predictions",
                   "in_top_k_mismatch", "in_top_k_2d_targets", "cumsum_scalar", "cumsum_bad_axis",
                   "gather_nd_tuple_too_long", "gather_nd_scalar_params", "gather_nd_scalar_indices"}


def _same(ours, theirs, where):
    """Recursive comparison of two outcome encodings; floats to float32 rounding."""
    if isinstance(theirs, dict) and ("array" in theirs or "scalar" in theirs):
        kind = "array" if "array" in theirs else "scalar"
        assert isinstance(ours, dict) and kind in ours, f"{where}: tinytf gave {ours}, TensorFlow {theirs}"
        assert ours[kind] == theirs[kind] and ours["shape"] == theirs["shape"], f"{where}: {ours} vs {theirs}"
        got, expected = np.asarray(ours["values"], dtype=object), np.asarray(theirs["values"], dtype=object)
        if theirs[kind].startswith("float"):
            np.testing.assert_allclose(np.asarray(got, float), np.asarray(expected, float), rtol=2e-6,
                                       atol=1e-30, equal_nan=True, err_msg=where)
        else:
            assert ours["values"] == theirs["values"], f"{where}: {ours} vs {theirs}"
    elif isinstance(theirs, dict) and len(theirs) == 1 and isinstance(next(iter(theirs.values())), list):
        key = next(iter(theirs))
        assert isinstance(ours, dict) and key in ours and len(ours[key]) == len(theirs[key]), \
            f"{where}: tinytf gave {ours}, TensorFlow {theirs}"
        for k, (o, t) in enumerate(zip(ours[key], theirs[key])):
            _same(o, t, f"{where}[{k}]")
    elif isinstance(theirs, float) and math.isnan(theirs):
        assert isinstance(ours, float) and math.isnan(ours), f"{where}: {ours} vs {theirs}"
    else:
        assert ours == theirs, f"{where}: tinytf gave {ours}, TensorFlow {theirs}"


@pytest.mark.parametrize("name", sorted(FIXTURE["cases"]))
def test_same_outcome_as_tensorflow(name):
    case = FIXTURE["cases"][name]
    theirs, code = case["outcome"], case["code"]
    ours = rerun(case, FIXTURE["prelude"], {"tf": tf, "np": np})
    if not (isinstance(theirs, dict) and "error" in theirs):
        _same(ours, theirs, code)
        return
    assert isinstance(ours, dict) and "error" in ours, f"{code}: TensorFlow raised {theirs}, tinytf gave {ours}"
    assert ours["error"] == theirs["error"], f"{code}: tinytf raised {ours}, TensorFlow {theirs}"
    if name in MESSAGE_IN_TINYTF:
        assert MESSAGE_IN_TINYTF[name] in ours["message"], f"{code}: {ours['message']!r}"
    elif theirs["error"] in ("ValueError", "TypeError"):  # raised by TensorFlow's Python layer: its words
        assert ours["message"].startswith(theirs["message"]), \
            f"{code}:\n tinytf:     {ours['message']!r}\n TensorFlow: {theirs['message']!r}"
    elif name in MESSAGE_FROM_TF:
        assert theirs["message"] in ours["message"], \
            f"{code}:\n tinytf:     {ours['message']!r}\n TensorFlow: {theirs['message']!r}"
