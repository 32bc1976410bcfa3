"""``tf.GradientTape``: record ops, then ask for gradients.

The tape lives in C++ (cpp/tinytf/autodiff/tape.h). This wrapper handles
Python's side: the ``with`` block, sources and targets given as any nesting
of lists, tuples and dicts, and TensorFlow's options.
"""
from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf._args import tensor as _tensor
from tinytf.variables import Variable

Tensor = _core.Tensor


def _flatten(structure):
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _pack(structure, leaves):
    """Rebuilds `structure` with the next items of the iterator `leaves`."""
    if isinstance(structure, dict):
        return {key: _pack(structure[key], leaves) for key in sorted(structure)}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_pack(item, leaves) for item in structure)
    return next(leaves)


class GradientTape:
    """Records the ops run inside ``with tf.GradientTape() as tape:`` for ``tape.gradient``."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._tape = _core.Tape(bool(persistent), bool(watch_accessed_variables))
        self._persistent = bool(persistent)

    def __enter__(self):
        self._tape.push()
        return self

    def __exit__(self, *exc):
        self._tape.pop()
        return False

    def watch(self, tensor):
        """Records ops on these tensors (or variables), in any nesting of lists/tuples/dicts."""
        for t in _flatten(tensor):
            if isinstance(t, Variable):
                self._tape.watch_variable(t)
            else:
                self._tape.watch(t)

    def watched_variables(self):
        return tuple(self._tape.watched_variables())

    def stop_recording(self):
        """A context in which this tape records nothing."""
        return _StopRecording(self._tape)

    def reset(self):
        """Forgets everything recorded so far."""
        self._tape.reset()

    def gradient(self, target, sources, output_gradients=None, unconnected_gradients="none"):
        """d(target)/d(sources), shaped like `sources`. A non-scalar target is summed.

        Sources the target does not depend on give None, or zeros with
        unconnected_gradients="zero". Integer sources always give None."""
        if unconnected_gradients not in ("none", "zero"):
            raise ValueError(f"Unknown value for unconnected_gradients: {unconnected_gradients!r} (expected 'none' or 'zero')")
        targets = [_tensor(t) for t in _flatten(target)]
        seeds = [None] * len(targets) if output_gradients is None else [
            None if g is None else _tensor(g) for g in _flatten(output_gradients)]
        leaves = _flatten(sources)
        values = [s._value if isinstance(s, Variable) else _tensor(s) for s in leaves]
        grads = self._tape.gradient(targets, seeds, values)
        result = []
        for value, grad in zip(values, grads):
            if not _dtypes.from_core(value._dtype).is_floating:
                grad = None  # integer tensors have no gradient
            elif grad is None and unconnected_gradients == "zero":
                grad = _core.fill(list(value._shape), 0, value._dtype)
            result.append(grad)
        return _pack(sources, iter(result))


class _StopRecording:
    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        self._was = self._tape.recording
        self._tape.recording = False

    def __exit__(self, *exc):
        self._tape.recording = self._was
        return False
