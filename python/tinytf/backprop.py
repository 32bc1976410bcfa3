"""``tf.GradientTape``: record ops, then ask for gradients.

The tape lives in C++ (cpp/tinytf/autodiff/tape.h). This wrapper handles
Python's side: the ``with`` block, sources and targets given as any nesting
of lists, tuples and dicts, and TensorFlow's options.
"""
import warnings

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf import nest
from tinytf import tape_explain
from tinytf._args import tensor as _tensor
from tinytf.variables import Variable

Tensor = _core.Tensor


class GradientTape:
    """Records the ops run inside ``with tf.GradientTape() as tape:`` for ``tape.gradient``."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._tape = _core.Tape(bool(persistent), bool(watch_accessed_variables))
        self._persistent = bool(persistent)
        self._watch_accessed_variables = bool(watch_accessed_variables)

    def __enter__(self):
        self._tape.push()
        return self

    def __exit__(self, *exc):
        self._tape.pop()
        return False

    def watch(self, tensor):
        """Records ops on these tensors (or variables), in any nesting of lists/tuples/dicts."""
        for t in nest.flatten(tensor):
            if isinstance(t, Variable):
                self._tape.watch_variable(t)
            elif isinstance(t, Tensor):
                if not t.dtype.is_floating:  # TensorFlow's warning, word for word
                    warnings.warn(f"The dtype of the watched tensor must be floating (e.g. tf.float32), got {t.dtype!r}",
                                  stacklevel=2)
                self._tape.watch(t)
            else:
                raise ValueError(f"Passed in object {t!r} of type '{type(t).__name__}', not tf.Tensor or "
                                 "tf.Variable: tape.watch takes tensors and variables (use tf.constant(...) "
                                 "first to watch a Python value)")

    def watched_variables(self):
        return tuple(self._tape.watched_variables())

    def stop_recording(self):
        """A context in which this tape records nothing."""
        return _StopRecording(self._tape)

    def reset(self):
        """Forgets everything recorded so far."""
        self._tape.reset()

    def gradient(self, target, sources, output_gradients=None, unconnected_gradients="none", explain=False):
        """d(target)/d(sources), shaped like `sources`. A non-scalar target is summed.

        Sources the target does not depend on give None, or zeros with
        unconnected_gradients="zero". Integer sources always give None.
        explain=True prints why each None is None (a callable gets the text
        instead); without it, the first None of the process is explained in a
        warning."""
        if unconnected_gradients not in ("none", "zero"):
            raise ValueError(f"Unknown value for unconnected_gradients: {unconnected_gradients!r} (expected 'none' or 'zero')")
        targets = [_tensor(t) for t in _tensors("target", target)]
        seeds = [None] * len(targets) if output_gradients is None else [
            None if g is None else _tensor(g) for g in nest.flatten(output_gradients)]
        leaves = _tensors("sources", sources)
        # Reasons are worked out only when someone will read them.
        ask = bool(explain) or (unconnected_gradients == "none" and not _warned_once[0])
        grads, reasons = self._tape.gradient(targets, seeds, leaves, ask)
        result = []
        for k, (source, grad) in enumerate(zip(leaves, grads)):
            if not source.dtype.is_floating:
                grad = None  # integer tensors have no gradient
                if ask:
                    reasons[k] = ("integer_source", "", 0)
            result.append(grad)
        if ask:
            self._explain_none(leaves, result, reasons, explain)
        if unconnected_gradients == "zero":
            result = [_core.fill(list(s.shape), 0, s.dtype._core) if g is None and s.dtype.is_floating else g
                      for s, g in zip(leaves, result)]
        return nest.pack_sequence_as(sources, result)

    def _explain_none(self, sources, grads, reasons, explain):
        text = tape_explain.explain_none_gradients(sources, grads, reasons, self._watch_accessed_variables)
        if not text:
            return
        if explain:
            (explain if callable(explain) else print)(text)
        elif not _warned_once[0]:
            _warned_once[0] = True
            warnings.warn(text + "\n(tinytf says this once per process; tape.gradient(..., explain=True) explains "
                          "every time.)", stacklevel=3)

    def jacobian(self, target, sources, unconnected_gradients="none", parallel_iterations=None,
                 experimental_use_pfor=True):
        """d target[i...] / d source[j...] for every pair: shape target.shape + source.shape.

        One backward pass per element of target, each seeded with a one-hot
        output gradient."""
        _tensors("target", target)
        target = _tensor(target)
        given = _tensors("sources", sources)
        values = [s._value if isinstance(s, Variable) else s for s in given]
        n = target._numel()
        seeds = [_core.reshape(row, list(target._shape)) for row in _one_hot_rows(n, target)]
        rows = self._tape.jacobian_rows(target, seeds, given)
        result = []
        for k, value in enumerate(values):
            shape = list(target._shape) + list(value._shape)
            if not _dtypes.from_core(value._dtype).is_floating or all(r[k] is None for r in rows):
                zero = unconnected_gradients == "zero" and _dtypes.from_core(value._dtype).is_floating
                result.append(_core.fill(shape, 0, value._dtype) if zero else None)
                continue
            per_row = [r[k] if r[k] is not None else _core.fill(list(value._shape), 0, value._dtype) for r in rows]
            stacked = _core.stack(per_row, 0) if per_row else _core.fill([0] + list(value._shape), 0, value._dtype)
            result.append(_core.reshape(stacked, shape))
        return nest.pack_sequence_as(sources, result)

    def batch_jacobian(self, target, source, unconnected_gradients="none", parallel_iterations=None,
                       experimental_use_pfor=True):
        """Per-example jacobian: target [b, ...] and source [b, ...] give [b] + target.shape[1:] + source.shape[1:].

        Assumes, as TensorFlow does, that example i of target depends only on
        example i of source: then one backward pass per element of one example
        (seeded in every example at once) gives all the rows."""
        target = _tensor(target)
        given = source if isinstance(source, Variable) else _tensor(source)
        value = source._value if isinstance(source, Variable) else given
        if target.ndim == 0 or value.ndim == 0 or target._shape[0] != value._shape[0]:
            raise ValueError(f"batch_jacobian: target {target.shape} and source {value.shape} must share their first "
                             "(batch) dimension")
        batch, rest = target._shape[0], list(target._shape[1:])
        per_example = 1
        for d in rest:
            per_example *= d
        seeds = [_core.broadcast_to(_core.reshape(row, rest), list(target._shape))
                 for row in _one_hot_rows(per_example, target)]
        rows = self._tape.jacobian_rows(target, seeds, [given])
        shape = [batch] + rest + list(value._shape[1:])
        if all(r[0] is None for r in rows):
            return _core.fill(shape, 0, value._dtype) if unconnected_gradients == "zero" else None
        grads = [r[0] if r[0] is not None else _core.fill(list(value._shape), 0, value._dtype) for r in rows]
        stacked = _core.stack(grads, 1)  # [b, per_example, source dims...]
        return _core.reshape(stacked, shape)

    def __repr__(self):
        return self.explain(print_fn=None)

    def explain(self, print_fn=print):
        """Lists the recorded ops in TensorFlow's terms: each op's inputs and outputs (names, shapes,
        dtypes), what it saved for its gradient, and the memory the tape keeps alive.
        print_fn=None returns the text instead of printing it."""
        text = tape_explain.explain_tape(self._tape, self._persistent, self._watch_accessed_variables)
        if print_fn is None:
            return text
        print_fn(text)


def _tensors(what, structure):
    """The leaves of a target or sources structure, each a tensor or variable, or TensorFlow's TypeError."""
    if structure is None:
        raise TypeError(f"Argument `{what}` should be a list or nested structure of Tensors or Variables to be "
                        f"differentiated, but received None.")
    leaves = nest.flatten(structure)
    for i, leaf in enumerate(leaves):
        if not isinstance(leaf, (Tensor, Variable)):
            where = "" if leaves == [structure] else f" (element {i} of {_short(structure)})"
            raise TypeError(f"Argument `{what}` should be a list or nested structure of Tensors or Variables to be "
                            f"differentiated, but it holds {leaf!r} of type {type(leaf).__name__}{where}.")
    return leaves


def _short(value):
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


# Whether the one warning about a None gradient was given (a list: set inside methods).
_warned_once = [False]


def _one_hot_rows(n, like):
    """The n rows of an n x n identity matrix, in like's dtype (jacobian seeds)."""
    eye = _core.eye(n, n, like._dtype)
    return [eye[i] for i in range(n)]


def custom_gradient(f):
    """Decorator: f(*x) returns (y, grad) and grad(dy) gives the gradient for each x.

        @tf.custom_gradient
        def log1pexp(x):
            e = tf.exp(x)
            def grad(upstream):
                return upstream * (1 - 1 / (1 + e))
            return tf.math.log(1 + e), grad

    The forward computation is not recorded; the tape sees one op whose
    backward pass is `grad` (itself recorded by outer tapes, so second
    derivatives work when grad is written with tf ops)."""
    def decorated(*args, **kwargs):
        inputs = [a for a in args if isinstance(a, Tensor) or isinstance(a, Variable)]
        tensors = [a.read_value() if isinstance(a, Variable) else a for a in inputs]
        with _PauseAll():
            y, grad = f(*args, **kwargs)
        outputs = [_core.stop_gradient(_tensor(t)) for t in nest.flatten(y)]

        def backward(*upstream):
            result = grad(*upstream)
            result = list(result) if isinstance(result, (list, tuple)) else [result]
            return [None if r is None else _tensor(r) for r in result]

        _core.record_custom_gradient(tensors, outputs, backward)
        return nest.pack_sequence_as(y, outputs)

    decorated.__name__ = getattr(f, "__name__", "custom_gradient")
    decorated.__doc__ = f.__doc__
    return decorated


class _PauseAll:
    """No tape records inside (the forward pass of a custom gradient)."""

    def __enter__(self):
        self._paused = _core.pause_recording()

    def __exit__(self, *exc):
        self._paused.resume()
        return False


class _StopRecording:
    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        self._was = self._tape.recording
        self._tape.recording = False

    def __exit__(self, *exc):
        self._tape.recording = self._was
        return False
