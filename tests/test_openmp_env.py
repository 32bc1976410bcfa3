"""How long OpenMP's waiting threads spin (python/tinytf/__init__.py): 1,000 rounds unless the user chose.

libgomp prints the settings it read when OMP_DISPLAY_ENV=VERBOSE, so these tests read what the library
actually got, in a fresh process each (it reads them once, when tinytf's engine loads it)."""
import os
import re
import subprocess
import sys

import pytest

SCRIPT = "import os, tinytf; print('after import:', os.environ.get('GOMP_SPINCOUNT'))"


def _run(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY")}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                          env={**base, "OMP_DISPLAY_ENV": "VERBOSE", **env})
    assert proc.returncode == 0, proc.stderr
    shown = re.search(r"GOMP_SPINCOUNT = '(\d+)'", proc.stderr + proc.stdout)
    if shown is None:
        pytest.skip("this build's OpenMP runtime does not print GOMP_SPINCOUNT (not libgomp, or no OpenMP)")
    after = re.search(r"after import: (\S+)", proc.stdout).group(1)
    return int(shown.group(1)), after


def test_waiting_threads_spin_briefly_and_the_environment_is_left_as_it_was():
    spincount, after = _run()
    assert spincount == 1000
    assert after == "None", "tinytf must not leave GOMP_SPINCOUNT behind for later processes and libraries"


def test_a_spincount_of_the_users_own_is_kept():
    assert _run(GOMP_SPINCOUNT="5000") == (5000, "5000")


def test_a_wait_policy_of_the_users_own_is_kept():
    spincount, after = _run(OMP_WAIT_POLICY="active")
    assert spincount > 1000 and after == "None"  # ACTIVE: libgomp's own (much longer) spin
