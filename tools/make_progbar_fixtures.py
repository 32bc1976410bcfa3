"""Records the exact text tf_keras 2's Progbar writes, for tests/test_progbar.py.

Run with a Python that has tf_keras (classic tf.keras 2, whose progress bar the SPEC follows):

    pip install tensorflow-cpu tf_keras
    python tools/make_progbar_fixtures.py

Each scenario builds a Progbar and feeds it updates at given times of a fake
clock (tf_keras reads ``time.time()``; it is replaced by the scenario's clock).
The text written to stdout is recorded twice: as on a terminal (in place,
with backspaces and carriage returns) and as into a file or pipe (tf_keras's
``_dynamic_display`` False). tinytf's Progbar replays the scenarios with the
same clock and must write the same bytes.
"""
import io
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tf_keras  # noqa: E402
from tf_keras.src.utils import generic_utils  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from tf_outcomes import write_fixture  # noqa: E402


def epoch(n, start=100.0, first=0.5, step=0.006, values=lambda i: [("loss", 1.0 / i), ("accuracy", 0.5 + i / 100)]):
    """Updates 1..n of one epoch: a slow first step, then ``step`` seconds each."""
    return [[start + first + (i - 1) * step, "update", i, values(i)] for i in range(1, n + 1)]


SCENARIOS = {
    # a training epoch: interval throttling, ETA, averaging over steps, the final line
    "epoch": {"init": {"target": 30}, "start": 100.0, "steps": epoch(30, step=0.02)},
    "epoch_mnist_size": {"init": {"target": 469}, "start": 0.0, "steps": epoch(469, start=0.0, first=0.4)},
    "small_values": {"init": {"target": 4}, "start": 0.0,
                     "steps": epoch(4, start=0.0, step=0.1, values=lambda i: [("loss", 1e-5 * i), ("mae", -0.5),
                                                                              ("tiny", -1e-4), ("zero", 0.0)])},
    "stateful": {"init": {"target": 5, "stateful_metrics": ["accuracy"]}, "start": 0.0,
                 "steps": epoch(5, start=0.0, step=0.1)},
    "late_values": {"init": {"target": 3}, "start": 0.0,
                    "steps": [[0.1, "update", 1, []], [0.2, "update", 2, [("loss", 2.0)]],
                              [0.3, "update", 3, [("loss", 1.0), ("val", 4.0)]]]},
    "unknown_target": {"init": {"target": None}, "start": 10.0,
                       "steps": [[10.2, "update", 1, [("loss", 0.3)]], [10.4, "update", 2, [("loss", 0.2)]],
                                 [10.6, "update", 3, [("loss", 0.1)]], [10.8, "update", 3, [("loss", 0.1)], True]]},
    "eta_minutes_and_hours": {"init": {"target": 1000}, "start": 0.0,
                              "steps": [[2.0, "update", 1, []], [7.0, "update", 2, []], [80.0, "update", 3, []],
                                        [100.0, "update", 500, []], [4000.0, "update", 999, []],
                                        [4001.0, "update", 1000, []]]},
    "seconds_per_step": {"init": {"target": 2}, "start": 0.0,
                         "steps": [[3.0, "update", 1, [("loss", 5.0)]], [9.0, "update", 2, [("loss", 4.0)]]]},
    "microseconds_per_step": {"init": {"target": 3000}, "start": 0.0,
                              "steps": [[0.001, "update", 1000, []], [0.002, "update", 3000, []]]},
    "zero_time": {"init": {"target": 2}, "start": 5.0, "steps": [[5.0, "update", 1, []], [5.0, "update", 2, []]]},
    "add": {"init": {"target": 6, "unit_name": "sample"}, "start": 0.0,
            "steps": [[0.5, "add", 2, [("loss", 1.0)]], [1.0, "add", 2, [("loss", 0.5)]],
                      [1.5, "add", 2, [("loss", 0.25)]]]},
    "shrinking_line": {"init": {"target": 100}, "start": 0.0,
                       "steps": [[1.0, "update", 1, []], [5000.0, "update", 2, []], [5001.0, "update", 99, []],
                                 [5002.0, "update", 100, []]]},
    "finalize_early_and_past_target": {"init": {"target": 10}, "start": 0.0,
                                       "steps": [[1.0, "update", 4, [("loss", 1.0)], True],
                                                 [2.0, "update", 12, [("loss", 2.0)]]]},
    "interval": {"init": {"target": 10, "interval": 1.0}, "start": 0.0,
                 "steps": [[t / 4, "update", i, [("loss", 1.0)]] for i, t in enumerate(range(1, 11), 1)]},
    "width_10": {"init": {"target": 7, "width": 10}, "start": 0.0, "steps": epoch(7, start=0.0, step=0.05)},
    "evaluate_once": {"init": {"target": 79}, "start": 0.0,
                      "steps": [[0.9, "update", 79, [("loss", 0.35), ("accuracy", 0.87)]]]},
    "silent": {"init": {"target": 3, "verbose": 0}, "start": 0.0, "steps": epoch(3, start=0.0)},
    "verbose_2": {"init": {"target": 8, "verbose": 2}, "start": 0.0,
                  "steps": epoch(8, start=0.0, step=0.25, values=lambda i: [("loss", 0.1 * i), ("neg", -0.5),
                                                                            ("tiny", 2e-4)])},
    "verbose_2_two_epochs": {"init": {"target": 2, "verbose": 2}, "start": 0.0,
                             "steps": [[1.0, "update", 1, [("loss", 1.0)]], [2.0, "update", 2, [("loss", 0.5)]],
                                       [3.0, "update", 1, [("loss", 0.4)]], [3.5, "update", 2, [("loss", 0.3)]]]},
    "verbose_2_finalize_early": {"init": {"target": 5, "verbose": 2}, "start": 0.0,
                                 "steps": [[1.0, "update", 3, [("loss", 1.0)], True]]},
}


class Clock:
    now = 0.0

    def time(self):
        return self.now


def record(scenario, dynamic):
    clock = Clock()
    generic_utils.time = clock  # tf_keras reads generic_utils.time.time()
    clock.now = scenario["start"]
    bar = tf_keras.utils.Progbar(**scenario["init"])
    bar._dynamic_display = dynamic
    out, saved = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        for when, method, current, values, *finalize in scenario["steps"]:
            clock.now = when
            values = [tuple(v) for v in values]
            if method == "add":
                bar.add(current, values)
            else:
                bar.update(current, values, finalize=finalize[0] if finalize else None)
    finally:
        sys.stdout = saved
    return out.getvalue()


def main():
    scenarios = {name: dict(s, terminal=record(s, True), file=record(s, False)) for name, s in SCENARIOS.items()}
    write_fixture("progbar.json", {"tf_keras": tf_keras.__version__, "scenarios": scenarios})


if __name__ == "__main__":
    main()
