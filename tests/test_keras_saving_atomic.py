"""An interrupted save never leaves half a file: a process killed (SIGKILL) while it saves, again and again,
leaves under the final name either the file that was there or the complete new one, which loads."""
import os
import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from tinytf import keras

import keras_models

HERE = os.path.dirname(os.path.abspath(__file__))

# The child saves a model whose weights all equal VALUE, as fast as it can, until it is killed.
CHILD = """
import os
import sys
import tempfile
import numpy as np
sys.path.insert(0, {tests!r})
from tinytf import keras
import keras_models
model = keras_models.saved_classifier(keras)
model.set_weights([np.full(tuple(w.shape), {value}, "float32") for w in model.weights])
save = model.save_weights if {path!r}.endswith(".weights.h5") else model.save
save(os.path.join(tempfile.mkdtemp(), os.path.basename({path!r})))  # the first save imports h5py: not timed
print("ready", flush=True)
while True:
    save({path!r})
"""


def saved_value(path):
    """The one value all weights of the saved model have (the file must load)."""
    if path.endswith(".weights.h5"):
        model = keras_models.saved_classifier(keras)
        model.load_weights(path)
    else:
        model = keras.models.load_model(path)
    values = np.unique(np.concatenate([w.ravel() for w in model.get_weights()]))
    assert len(values) == 1, f"a mix of saves in one file: {values}"
    return float(values[0])


def kill_while_saving(path, value, delay):
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(tests=HERE, value=value, path=path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(delay)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()


@pytest.mark.slow
@pytest.mark.parametrize("filename", ["model.keras", "model.weights.h5"])
def test_a_save_killed_at_any_moment_leaves_the_old_file_or_the_new_one(tmp_path, filename):
    path = str(tmp_path / filename)
    old = keras_models.saved_classifier(keras)
    old.set_weights([np.full(tuple(w.shape), 1.0, "float32") for w in old.weights])
    old.save(path) if filename.endswith(".keras") else old.save_weights(path)
    current, seen_new = 1.0, 0
    rng = random.Random(0)
    for attempt in range(8):
        value = 2.0 + attempt
        kill_while_saving(path, value, delay=rng.uniform(0.0, 0.15))
        found = saved_value(path)
        assert found in (current, value), f"attempt {attempt}: weights {found}, expected {current} or {value}"
        seen_new += found == value
        current = found
    assert seen_new > 0  # the kills did not all come before the first save ended
    leftovers = [name for name in os.listdir(tmp_path) if name != filename]
    assert all(name.startswith(f".{filename}.") and name.endswith(".tmp") for name in leftovers), leftovers
