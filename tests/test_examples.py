"""Every script in examples/ runs to the end (small sizes: TINYTF_EXAMPLES_QUICK=1) and says on its
first line what it does; the chapter-3 and chapter-7 steps they retrace print what they should."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tinytf  # noqa: F401 - imported (and so built) before the scripts' own imports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))
ARGS = {"mnist.py": ["--dataset", "digits", "--epochs", "1"]}  # MNIST itself would need a download
NEEDS = {"mnist.py": "sklearn", "builtin_training_loop.py": "sklearn", "callbacks.py": "sklearn",
         "training_loop_from_scratch.py": "sklearn"}  # scikit-learn's digits when MNIST is not downloaded


def run_example(name, tmp_path):
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])
    env = dict(os.environ, TINYTF_EXAMPLES_QUICK="1", KERAS_HOME=str(tmp_path), MPLBACKEND="Agg")
    result = subprocess.run([sys.executable, str(EXAMPLES / name), *ARGS.get(name, [])], env=env,
                            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.splitlines()


def test_the_examples_are_the_ones_this_file_knows():
    assert set(SCRIPTS) >= {"tensors_and_variables.py", "gradient_tape.py", "linear_classifier.py",
                            "three_ways_to_build_models.py", "builtin_training_loop.py", "callbacks.py",
                            "training_loop_from_scratch.py", "tensor_tour.py", "mnist.py"}


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs(name, tmp_path):
    lines = run_example(name, tmp_path)
    assert lines, f"{name} printed nothing"
    text = "\n".join(lines)
    if name == "gradient_tape.py":
        assert "d(x^2)/dx at x = 3: 6.0" in text and "acceleration: 9.8" in text
        assert "  MatMul" in text and "is a constant the tape was not watching" in text
        assert "left the tape through NumPy" in text and "gradient before and after the update: [ 3. 12.] [ 3. 12.]" in text
    elif name == "linear_classifier.py":
        assert lines[0].startswith("Training a linear classifier") and "Training accuracy: 0.9" in text
    elif name in NEEDS and name != "mnist.py":
        assert lines[0].startswith("Training a Dense(512)-Dropout-Dense(10) classifier on handwritten digits")
        assert lines[1].startswith("Data: digits, 600 training and 200 test images of 64 pixels")
    elif name == "three_ways_to_build_models.py":
        assert 'Model: "my_example_model"' in text and "functional around subclassed: (2, 10)" in text
