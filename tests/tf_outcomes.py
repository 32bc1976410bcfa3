"""What a snippet of TensorFlow code gave, as JSON: shared by the fixture recorder and the tests.

    outcome(lambda: eval(code, namespace))

runs the code and describes its result (tensors and NumPy values by dtype,
shape and values; datasets by repr, cardinality and elements; exceptions
by type name and TensorFlow's core message). tools/make_data_fixtures.py
records TensorFlow's outcomes with it; the tests run the same code with
tinytf and compare. This module imports neither TensorFlow nor tinytf.
"""
import json
import os
import re

import numpy as np

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def core_message(text):
    """TensorFlow's message without the kernel's ``{{function_node ...}}`` prefix, ``[Op:...]`` suffix and traceback."""
    text = re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", str(text))
    text = text.split("\nTraceback (most recent call last)")[0]
    text = re.split(r"\s*\[Op:", text)[0]
    return text.strip()


def encode(value):
    """A JSON-able description of a result: structures kept, arrays/tensors as dtype + shape + values."""
    if isinstance(value, dict):
        return {"dict": [[k, encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {"namedtuple": type(value).__name__, "items": [encode(v) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if type(value).__name__ in ("EagerTensor", "Tensor") or isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        kind = "scalar" if isinstance(value, np.generic) else "array"
        return {kind: str(array.dtype), "shape": list(array.shape), "values": array.tolist()}
    if hasattr(value, "element_spec") and hasattr(value, "cardinality"):  # a Dataset
        described = {"dataset": repr(value), "cardinality": int(value.cardinality())}
        if 0 <= described["cardinality"] <= 50:
            described["elements"] = encode(list(value.as_numpy_iterator()))
        return described
    return {"repr": repr(value)}


def outcome(run):
    """``encode(run())``, or ``{"error": type name, "message": core message}`` when it raises."""
    try:
        return encode(run())
    except Exception as err:  # noqa: BLE001 - every error is part of the recorded behaviour
        return {"error": type(err).__name__, "message": core_message(err)}


def run_cases(prelude, cases, namespace):
    """Runs ``prelude`` then each case's code in ``namespace``: {name: {"code", "outcome"}}."""
    exec(prelude, namespace)  # noqa: S102 - the fixture's own code
    return {name: {"code": code, "outcome": outcome(lambda c=code: eval(c, namespace))}  # noqa: S307
            for name, code in cases.items()}


def rerun(case, prelude, names):
    """The outcome of a recorded case's code run again here: after the fixture's prelude, with ``names`` in scope."""
    namespace = dict(names)
    exec(prelude, namespace)  # noqa: S102 - the fixture's own code
    return outcome(lambda: eval(case["code"], namespace))  # noqa: S307


def write_fixture(filename, contents):
    """Writes a recorded fixture (JSON) into tests/fixtures and says so."""
    path = os.path.join(FIXTURES, filename)
    with open(path, "w") as f:
        json.dump(contents, f, indent=1)
        f.write("\n")
    counts = ", ".join(f"{len(v)} {k}" for k, v in contents.items() if isinstance(v, dict))
    print(f"wrote {counts} to tests/fixtures/{filename}")


def assert_same_outcome(name, case, ours, message_in_tinytf):
    """tinytf's outcome ``ours`` equals TensorFlow's recorded ``case["outcome"]``.

    For errors the type must match and tinytf's message must start with
    TensorFlow's (tinytf may add what to do), or contain
    ``message_in_tinytf[name]`` where the words cannot be TensorFlow's."""
    theirs, code = case["outcome"], case["code"]
    if not (isinstance(theirs, dict) and "error" in theirs):
        assert ours == theirs, f"{code}:\n tinytf:     {ours}\n TensorFlow: {theirs}"
        return
    assert isinstance(ours, dict) and "error" in ours, f"{code}: TensorFlow raised {theirs}, tinytf gave {ours}"
    assert ours["error"] == theirs["error"], f"{code}: {ours} vs TensorFlow's {theirs}"
    expected = message_in_tinytf.get(name)
    if expected is not None:
        assert expected in ours["message"], f"{code}: {ours['message']!r}"
    else:
        assert ours["message"].startswith(theirs["message"]), \
            f"{code}:\n tinytf:     {ours['message']!r}\n TensorFlow: {theirs['message']!r}"
