"""``keras.utils.Progbar``: the classic tf.keras 2 progress bar, character for character.

    469/469 [==============================] - 3s 6ms/step - loss: 0.2450 - accuracy: 0.9293

While running it shows ``ETA: 1:02`` instead of the time taken. The three
ways it writes (``tests/fixtures/progbar.json`` records tf_keras's own bytes):

- ``verbose=1`` on a terminal (or in a notebook): every update rewrites the
  line in place: backspaces over the previous bar, a carriage return, the new
  line, padded with spaces when it became shorter;
- ``verbose=1`` into a file or a pipe: each shown update on a new line;
- ``verbose=2``: one line when the bar finishes, with the time per epoch.
``verbose=0`` writes nothing. Updates closer than ``interval`` seconds to the
last one shown are not shown (the final one always is).

Values passed as ``(name, value)`` are averaged over the steps they cover
(weighted by ``current - previous current``), except the ``stateful_metrics``,
shown as given. Numbers print as ``%.4f``, or ``%.4e`` when small.

For the trainer and for tests, ``clock`` (the time source, seconds),
``stream`` (default ``sys.stdout`` at write time) and ``dynamic_display``
(terminal-style output; default: detected) can be given, and
``each_update_in_files=False`` makes ``verbose=1`` write only the finished
line into a file or pipe (``fit``'s logs: one line per epoch). Detection is
"stream is a terminal, or we run in IPython/PyCharm": tf_keras also says yes
for every POSIX process, which fills piped logs with backspaces.
"""
import os
import sys
import time

import numpy as np


class Progbar:
    """A progress bar for ``target`` steps (None: unknown)."""

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None, unit_name="step",
                 *, clock=None, stream=None, dynamic_display=None, each_update_in_files=True):
        if target is not None and target <= 0:
            raise ValueError(f"Progbar: `target` must be a positive number of steps or None, got {target}")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics) if stateful_metrics else set()
        self._clock = clock or time.time
        self._stream = stream
        self._dynamic_display = _is_interactive(stream) if dynamic_display is None else dynamic_display
        self._shows_updates = self._dynamic_display or each_update_in_files  # else only the finished line
        self._total_width = 0  # length of the line on screen (to erase and to pad)
        self._seen_so_far = 0
        self._values = {}  # name -> [weighted sum, weight]
        self._values_order = []
        self._start = self._clock()
        self._last_update = 0
        self._time_at_epoch_start = self._start
        self._time_at_epoch_end = None
        self._time_after_first_step = None

    def update(self, current, values=None, finalize=None):
        """Shows step ``current``; ``values`` is a list of ``(name, value for the last step)``."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._accumulate(current, values or [])
        now = self._clock()
        if current == self.target:
            self._time_at_epoch_end = now
        if current == 1:
            self._time_after_first_step = now  # the first step includes start-up work: timed apart
        if self.verbose == 1:
            if not finalize and (now - self._last_update < self.interval or not self._shows_updates):
                return
            self._write(self._line_in_place(current, now, finalize))
        elif self.verbose == 2 and finalize:
            self._write(self._epoch_line(current, now))
        self._last_update = now

    def add(self, n, values=None):
        """``update`` ``n`` steps further."""
        self.update(self._seen_so_far + n, values)

    # ---- the parts of a line -------------------------------------------------------------------------------------------
    def _accumulate(self, current, values):
        for name, value in values:
            if name not in self._values_order:
                self._values_order.append(name)
            if name in self.stateful_metrics:
                self._values[name] = [value, 1]  # shown as given
                continue
            steps = max(current - self._seen_so_far, 1)  # at least 1: a repeated `current` still counts
            if name in self._values:
                self._values[name][0] += value * steps
                self._values[name][1] += steps
            else:
                self._values[name] = [value * steps, steps]
        self._seen_so_far = current

    def _average(self, name):
        total, weight = self._values[name]
        return np.mean(total / max(1, weight))

    def _line_in_place(self, current, now, finalize):
        """verbose=1: erase the previous line (terminal) or start a new one, then bar, time and values."""
        previous_width = self._total_width
        if self._dynamic_display:
            message = "\b" * previous_width + "\r"
        else:  # a new line below the previous update's, which tf_keras leaves open
            message = "\n" if self._shows_updates else ""
        if self.target is not None:
            bar = "%*d/%d [" % (_digits(self.target), current, self.target)
            filled = int(self.width * current / self.target)
            if filled > 0:
                bar += "=" * (filled - 1) + (">" if current < self.target else "=")
            bar += "." * (self.width - filled) + "]"
        else:
            bar = "%7d/Unknown" % current
        self._total_width = len(bar)
        per_step = self._step_duration(current, now)
        if self.target is None or finalize:
            info = f" - {now - self._start:.0f}s" + _format_time(per_step, self.unit_name)
        else:
            info = " - ETA: " + _format_eta(per_step * (self.target - current))
        for name in self._values_order:
            average = self._average(name)
            info += f" - {name}: {average:.4f}" if abs(average) > 1e-3 else f" - {name}: {average:.4e}"
        self._total_width += len(info)
        if previous_width > self._total_width:
            info += " " * (previous_width - self._total_width)  # cover the rest of the longer old line
        return message + bar + info + ("\n" if finalize else "")

    def _epoch_line(self, current, now):
        """verbose=2: one line at the end: count, seconds, values, time per epoch and per step."""
        count = "%*d/%d" % (_digits(self.target), current, self.target) if self.target is not None else "%d" % current
        info = count + f" - {now - self._start:.0f}s"
        for name in self._values_order:
            average = self._average(name)
            # no abs() here, as in tf_keras: negative values print in %.4e
            info += f" - {name}: {average:.4f}" if average > 1e-3 else f" - {name}: {average:.4e}"
        if self._time_at_epoch_end:
            epoch_time = self._time_at_epoch_end - self._time_at_epoch_start
            self._time_at_epoch_start = now
            self._time_at_epoch_end = None
            info += " -" + _format_time(epoch_time, "epoch")
            info += " -" + _format_time(epoch_time / self.target, self.unit_name) + "\n"
        return info

    def _step_duration(self, current, now):
        """Seconds per step, leaving out the first step (it includes start-up work) once there are others."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            duration = (now - self._time_after_first_step) / (current - 1)
        else:
            duration = (now - self._start) / current
        return duration

    def _write(self, text):
        stream = self._stream or sys.stdout
        stream.write(text)
        stream.flush()


def _digits(target):
    return int(np.log10(target)) + 1


def _format_time(seconds, unit_name):
    """`` 3s/epoch``, `` 6ms/step`` or `` 850us/step``."""
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"


def _format_eta(seconds):
    """``1:02:03`` over an hour, ``2:05`` over a minute, else ``42s``."""
    if seconds > 3600:
        return "%d:%02d:%02d" % (seconds // 3600, (seconds % 3600) // 60, seconds % 60)
    if seconds > 60:
        return "%d:%02d" % (seconds // 60, seconds % 60)
    return "%ds" % seconds


def _is_interactive(stream):
    stream = stream or sys.stdout
    return (hasattr(stream, "isatty") and stream.isatty()) or "ipykernel" in sys.modules or \
        "PYCHARM_HOSTED" in os.environ
