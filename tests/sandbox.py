"""Running tinytf calls that might crash in a child process, so a crash or a hang fails one test, not the run.

    with Sandbox() as box:
        outcome = box.run("result = tf.zeros([2**62])")
        assert outcome.error_type == "ResourceExhaustedError"

The child imports tinytf once and then runs one snippet per request: ``tf`` and ``np`` are in scope, and
``decode_array`` for arrays the parent wrote with ``encode_array``; a snippet leaves its answer in ``result``.
Each answer comes back as an ``Outcome``: the result as a NumPy array (only its shape and dtype when it is
empty or beyond a million elements: a broadcast view may describe 2**40, an empty tensor 2**62 x 0), or
the exception's type name and message, or ``crashed`` with the child's exit status and the end of its
stderr (a segfault's traceback, an ASan report). A snippet that runs longer than ``timeout`` seconds is
a crash too: a watchdog in the child (faulthandler, which needs no GIL) dumps the stacks and exits. The
next request after a crash starts a fresh child.
"""
import base64
import io
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass

import numpy as np

_CHILD = r'''
import base64, faulthandler, io, json, sys, traceback
import numpy as np
import tinytf as tf

def decode_array(text):  # the parent's encode_array
    return np.load(io.BytesIO(base64.b64decode(text)), allow_pickle=False)


faulthandler.enable()
timeout = float(sys.argv[1])
answers, sys.stdout = sys.stdout, sys.stderr  # what a snippet prints must not mix with the answers
for line in sys.stdin:
    request = json.loads(line)
    faulthandler.dump_traceback_later(timeout, exit=True)
    namespace = {"tf": tf, "np": np, "decode_array": decode_array}
    try:
        exec(request["code"], namespace)
        result = namespace.get("result")
        answer = {"kind": "value", "array": None}
        if result is not None:
            if not hasattr(result, "shape"):
                result = np.asarray(result)
            # Shape and dtype from the tensor itself: NumPy cannot hold every shape tinytf can (2**62 x 0 x 2**62).
            answer["shape"], answer["dtype"] = [int(d) for d in result.shape], np.dtype(result.dtype.name).name
            if 0 < np.prod(answer["shape"], dtype=object) <= 10**6:  # the values of small results only
                buffer = io.BytesIO()
                np.save(buffer, np.asarray(result), allow_pickle=False)
                answer["array"] = base64.b64encode(buffer.getvalue()).decode()
    except Exception as err:  # noqa: BLE001 - every exception is an answer
        family = next((name for name, cls in (("tf.errors", tf.errors.OpError), ("ValueError", ValueError),
                                               ("TypeError", TypeError)) if isinstance(err, cls)), "other")
        answer = {"kind": "error", "type": type(err).__name__, "family": family, "message": str(err),
                  "traceback": traceback.format_exc()[-2000:]}
    faulthandler.cancel_dump_traceback_later()
    answers.write(json.dumps(answer) + "\n")
    answers.flush()
'''


def encode_array(array):
    """An array as text for a snippet, which gets it back exactly (dtype, NaNs) with decode_array(text)."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array), allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode()


@dataclass
class Outcome:
    kind: str  # "value", "error" or "crashed"
    value: object = None  # the result as a NumPy array (kind "value"; None if there was none, or empty or huge)
    shape: tuple = None  # the result's shape and dtype name (kind "value", also when it was too large to send)
    dtype: str = ""
    error_type: str = ""  # the exception's class name (kind "error")
    error_family: str = ""  # "tf.errors", "ValueError" or "TypeError" (a subclass of these too), or "other"
    message: str = ""  # the exception's message, or what the crashed child wrote last
    traceback: str = ""  # where the exception came from (kind "error")
    returncode: int = 0  # the crashed child's exit status (negative: the signal)

    def describe(self):
        if self.kind == "value":
            return f"returned {self.value!r}"
        if self.kind == "error":
            return f"raised {self.error_type}: {self.message}\n{self.traceback}"
        return f"crashed the process (exit status {self.returncode}):\n{self.message}"


class Sandbox:
    """A child Python process that runs snippets for tests; see the module docstring."""

    def __init__(self, timeout=60.0):
        self.timeout = timeout
        self._child = None
        self._stderr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        if self._child is not None:
            self._child.stdin.close()
            try:
                self._child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._child.kill()
                self._child.wait()
            self._stderr.close()
            self._child = None

    def _start(self):
        self._stderr = tempfile.TemporaryFile()
        env = dict(os.environ, PYTHONFAULTHANDLER="1")
        self._child = subprocess.Popen([sys.executable, "-c", _CHILD, str(self.timeout)], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=self._stderr, text=True, env=env)

    def run(self, code):
        """Runs `code` in the child and returns its Outcome."""
        if self._child is None:
            self._start()
        try:
            self._child.stdin.write(json.dumps({"code": code}) + "\n")
            self._child.stdin.flush()
            line = self._child.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:  # the child died: its watchdog (a hang) or a crash
            return self._crashed()
        answer = json.loads(line)
        if answer["kind"] == "error":
            return Outcome("error", error_type=answer["type"], error_family=answer["family"],
                           message=answer["message"], traceback=answer["traceback"])
        array = answer["array"]
        value = None if array is None else np.load(io.BytesIO(base64.b64decode(array)), allow_pickle=False)
        shape = None if "shape" not in answer else tuple(answer["shape"])
        return Outcome("value", value=value, shape=shape, dtype=answer.get("dtype", ""))

    def _crashed(self):
        try:
            returncode = self._child.wait(timeout=self.timeout + 30)
        except subprocess.TimeoutExpired:  # the watchdog did not fire: stop the child here
            self._child.kill()
            returncode = self._child.wait()
        self._stderr.seek(0)
        tail = self._stderr.read()[-6000:].decode(errors="replace")
        self._stderr.close()
        self._child = None
        return Outcome("crashed", message=tail, returncode=returncode)
