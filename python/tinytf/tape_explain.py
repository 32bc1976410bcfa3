"""What a ``tf.GradientTape`` says about itself: ``print(tape)`` and why a gradient is None.

The tape (cpp/tinytf/autodiff/recording.h) notes what it needs while it
records: each op with its inputs, outputs and saved tensors (ids, shapes and
dtypes, never the bytes themselves), the values it watched, and where a
watched value went on without a gradient (``tf.stop_gradient``, an integer
dtype, NumPy). This module turns those notes into text, in TensorFlow's
vocabulary: an *op* (``MatMul``, ``AddV2``) takes input tensors and makes
output tensors; a tensor is named after the op that made it (``MatMul:0``,
the second one ``MatMul_1:0``), a variable's value after the variable
(``dense/kernel:0``), anything else the tape did not make is a constant
(``Const:0``, ``Const_1:0``), as in a TensorFlow graph.
"""
from tinytf import dtypes as _dtypes


def _describe(info):
    """'float32 (2, 3)' from an (id, shape, dtype, bytes, storage) tuple."""
    _, shape, dtype, _, _ = info
    dims = ", ".join(str(d) for d in shape)
    return f"{_dtypes.from_core(dtype).name} ({dims}{',' if len(shape) == 1 else ''})"


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


class TapeNames:
    """TensorFlow-style names for every tensor a tape has seen, and what each variable value is."""

    def __init__(self, tape):
        self.names = {}  # tensor id -> "MatMul:0"
        self.notes = {}  # tensor id -> "variable", "watched", ...
        self.variables = {}  # tensor id -> (variable, is its current storage, index of this value)
        self._counts = {}
        for variable, values, current_storage in tape.variable_values():
            for k, info in enumerate(values):
                self.names[info[0]] = variable.name
                current = info[4] == current_storage
                self.variables[info[0]] = (variable, current, k)
                self.notes[info[0]] = "variable" if current else "variable, earlier value"
        for tensor_id in sorted(tape.watched_tensors()):
            if tensor_id not in self.names:
                self.notes[tensor_id] = "watched"
                self._name_constant(tensor_id)
        self.nodes = tape.nodes()
        for op, inputs, outputs, _ in self.nodes:
            for info in inputs:
                self._name_constant(info[0])
            base = self._unique(op)
            for k, info in enumerate(outputs):
                self.names.setdefault(info[0], f"{base}:{k}")
        self.cuts = tape.cuts()
        for op, _, inputs, outputs in self.cuts:
            for tensor_id in inputs:
                self._name_constant(tensor_id)
            base = self._unique(op)
            for k, tensor_id in enumerate(outputs):
                self.names.setdefault(tensor_id, f"{base}:{k}")

    def _unique(self, op):
        n = self._counts.get(op, 0)
        self._counts[op] = n + 1
        return op if n == 0 else f"{op}_{n}"

    def _name_constant(self, tensor_id):
        if tensor_id not in self.names:
            self.names[tensor_id] = f"{self._unique('Const')}:0"

    def of(self, tensor_id, otherwise=None):
        return self.names.get(tensor_id, otherwise or f"tensor #{tensor_id}")

    def labelled(self, info):
        """'w:0 float32 (3, 1) [variable]'."""
        note = self.notes.get(info[0])
        return f"{self.of(info[0])} {_describe(info)}" + (f" [{note}]" if note else "")


def explain_tape(tape, persistent, watch_accessed_variables):
    """The text of ``print(tape)``: what the tape recorded and the memory it keeps for the backward pass."""
    names = TapeNames(tape)
    lines = [f"GradientTape(persistent={persistent}, watch_accessed_variables={watch_accessed_variables}): "
             f"{_plural(len(names.nodes), 'op')} recorded"]
    watched = [f"{variable.name} {_describe(info)}" for variable, values, _ in tape.variable_values() for info in values]
    watched += [f"{names.of(i)} {_describe(info)}" for i, info in sorted(tape.watched_tensors().items())
                if i not in names.variables]
    if watched:
        lines.append("  watched: " + ", ".join(watched))
    saved_once = {}  # tensor id -> info: a tensor saved by two ops is held once
    for op, inputs, outputs, saved in names.nodes:
        saved = list({info[0]: info for info in saved}.values())  # (id, bytes, storage); Mul(w, w) saves w once
        lines.append(f"  {op}")
        lines.append("      inputs:  " + (", ".join(names.labelled(i) for i in inputs) or "none"))
        lines.append("      outputs: " + ", ".join(names.labelled(o) for o in outputs))
        if saved:
            held = sum(info[1] for info in saved)
            what = ", ".join(f"{names.of(info[0], 'an intermediate')} ({info[1]} bytes)" for info in saved)
            lines.append(f"      saved for the gradient: {what}; saves {held} bytes")
        else:
            lines.append("      saved for the gradient: nothing (its gradient needs no values)")
        for info in saved:
            saved_once[info[0]] = info
    for op, reason, inputs, outputs in names.cuts:
        if reason != "after":
            why = "tf.stop_gradient" if reason == "stop_gradient" else "an integer dtype"
            ins = ", ".join(names.of(i) for i in inputs)
            outs = ", ".join(names.of(o) for o in outputs)
            lines.append(f"  {op} (not recorded: {why} carries no gradient): {ins} -> {outs}")
    total = sum(info[1] for info in saved_once.values())
    lines.append(f"  memory kept alive for the backward pass: {total} bytes in {_plural(len(saved_once), 'saved tensor')}")
    for tensor_id, info in saved_once.items():
        variable = names.variables.get(tensor_id)
        if variable is not None and not variable[1]:
            lines.append(f"    {info[1]} bytes of them are an earlier value of variable '{variable[0].name}': it was "
                         "assigned after the tape read it, so the tape keeps the value it computed with (copy-on-write)")
    if persistent and names.nodes:
        lines.append("  a persistent tape keeps them until it is deleted (del tape); a non-persistent tape frees "
                     "them after its one gradient() call")
    return "\n".join(lines)


def why_none(reason, source, label, watch_accessed_variables):
    """One sentence saying why `source` (named `label`) got no gradient, and what to do."""
    kind, op, tensor_id = reason
    if kind == "integer_source":
        return (f"{label} has dtype {source.dtype.name}: integer tensors have no gradient. Make it a float "
                "(tf.cast(x, tf.float32), or tf.constant(..., dtype=tf.float32)) before the tape uses it.")
    if kind == "not_watched":
        if not _is_variable(source):
            return (f"{label} is a constant the tape was not watching: call tape.watch(x) inside the "
                    "`with tf.GradientTape() as tape:` block before using it, or make it a tf.Variable.")
        if not source.trainable:
            return (f"{label} is not trainable (trainable=False), so the tape does not watch it by itself: call "
                    "tape.watch(v) inside the block before using it.")
        if not watch_accessed_variables:
            return (f"the tape was made with watch_accessed_variables=False and not told to watch {label}: call "
                    "tape.watch(v) inside the block before using it.")
        return (f"{label} was not read while the tape was recording: the target was not computed from it inside "
                "the `with tf.GradientTape() as tape:` block (a value read before the block is a constant to the tape).")
    if kind == "stop_gradient":
        return f"every path from {label} to the target goes through tf.stop_gradient, which blocks the gradient."
    if kind == "integer_path":
        return (f"the path from {label} to the target goes through {op}, which made an integer (or bool) tensor: "
                "integer tensors carry no gradient. Keep that part of the computation in floats.")
    if kind == "numpy":
        what = f"a value computed from it (by {op})" if op else "its value"
        return (f"{label}: {what} left the tape through NumPy (.numpy(), np.asarray, float()): a tensor made from "
                "a NumPy array is a new constant the tape cannot connect to it. Compute with tf ops instead of NumPy "
                "inside the tape.")
    if kind == "no_gradient_op":
        return f"the target depends on {label} through {op or 'an op'}, which has no gradient for this input."
    return (f"the target was not computed from {label}: no recorded op leads from it to the target "
            "(check that the target uses this very tensor or variable).")


def _is_variable(source):
    from tinytf.variables import Variable
    return isinstance(source, Variable)


def source_label(source, index, count):
    """How a message names a source: "variable 'w:0'" or "sources[1] (a float32 tensor of shape (3,))"."""
    if _is_variable(source):
        return f"variable '{source.name}'"
    where = "the source" if count == 1 else f"sources[{index}]"
    return f"{where} (a {source.dtype.name} tensor of shape {source.shape})"


def explain_none_gradients(sources, grads, reasons, watch_accessed_variables):
    """The text for every None in `grads`, or '' when there is none."""
    lines = []
    for k, (source, grad, reason) in enumerate(zip(sources, grads, reasons)):
        if grad is None:
            label = source_label(source, k, len(sources))
            lines.append(f"  - {why_none(reason, source, label, watch_accessed_variables)}")
    if not lines:
        return ""
    return f"GradientTape.gradient returned None for {_plural(len(lines), 'source')}:\n" + "\n".join(lines)
