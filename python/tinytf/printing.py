"""``tf.print``: prints tensors the way TensorFlow does (not the way ``print(t)`` does).

    tf.print("loss:", loss, "weights:", w)        # to stderr, like TensorFlow
    tf.print(x, summarize=-1, output_stream=sys.stdout)

How TensorFlow writes it, and so tinytf:
- a tensor as bare values, ``[[1 2 3]\\n [4 5 6]]``: floats with 6 significant digits
  (9 when 6 do not give the float32 back; 15 or 17 for float64), bools as 1/0;
- ``summarize`` elements at each end of every axis (default 3, -1 for all),
  ``...`` for what is left out;
- strings as they are; any other argument (lists, dicts, numbers, NumPy values)
  as ``pprint.pformat`` writes it (dicts sorted by key), with the tensors inside
  formatted as above;
- arguments joined by ``sep``, followed by ``end``, written to ``output_stream``:
  ``sys.stderr`` (default), ``sys.stdout`` or any object with ``write``, a
  ``"file://path"`` (appended to), or a logging level / function (``logging.INFO``,
  ``logging.info``, ...), which logs to the ``tensorflow`` logger.
"""
import os
import sys

import numpy as np

from tinytf import nest
from tinytf._convert import convert_to_tensor, is_tensor

def print_v2(*inputs, output_stream=None, summarize=3, sep=" ", end=os.linesep, name=None):
    """Prints ``inputs`` (tensors, strings, Python structures) like TensorFlow's ``tf.print``."""
    write = _writer(sys.stderr if output_stream is None else output_stream)
    write(format_inputs(inputs, summarize, sep) + end)


def format_inputs(inputs, summarize=3, sep=" "):
    """The text ``tf.print(*inputs)`` writes, without the ``end``."""
    import pprint  # here, not at the top: `import tinytf` stays fast
    tensors, structures = [], []
    for value in inputs:
        leaves = nest.flatten(value)
        tensors += [convert_to_tensor(leaf) for leaf in leaves if is_tensor(leaf)]
        structures.append((value, leaves))
    # Each tensor is first written as a placeholder that no argument contains, then replaced.
    tensor_free = " ".join(v if isinstance(v, str) else pprint.pformat(
        nest.pack_sequence_as(v, ["" if is_tensor(leaf) else leaf for leaf in leaves])) for v, leaves in structures)
    placeholder = _placeholder(tensor_free)
    templates = [value if isinstance(value, str) else pprint.pformat(
        nest.pack_sequence_as(value, [placeholder if is_tensor(leaf) else leaf for leaf in leaves]))
        for value, leaves in structures]
    pieces = sep.join(templates).replace(repr(placeholder), placeholder).split(placeholder)
    texts = [format_tensor(np.asarray(t), summarize) for t in tensors]
    return pieces[0] + "".join(text + piece for text, piece in zip(texts, pieces[1:]))


def _placeholder(text):
    placeholder, digit = "{}", 0
    while placeholder in text:
        placeholder += str(digit % 10)
        digit += 7
    return placeholder


def format_tensor(array, summarize=3):
    """TensorFlow's summary of a tensor's values (``tf.print``'s format)."""
    size = array.size
    limit = size if summarize is not None and summarize < 0 else min(3 if summarize is None else summarize, size)
    element = _element_formatter(array.dtype)
    if array.ndim == 0:
        return (element(array[()]) if limit else "") + ("..." if size > limit else "")
    return _nested(array, 0, limit, element)


def _nested(array, depth, limit, element):
    if array.ndim == 0:
        return element(array[()])
    # one space between numbers; between rows a newline per remaining axis, then indentation
    spacing = " " if array.ndim == 1 else "\n" * (array.ndim - 1) + " " * (depth + 1)
    n = array.shape[0]
    text = "[" + spacing.join(_nested(array[i], depth + 1, limit, element) for i in range(min(limit, n)))
    if n > 2 * limit:
        text += spacing + "..."  # TensorFlow puts the spacing before "..." even when nothing precedes it
    for i in range(max(limit, n - limit), n):
        text += spacing + _nested(array[i], depth + 1, limit, element)
    return text + "]"


def _element_formatter(dtype):
    if dtype == np.bool_:
        return lambda v: "1" if v else "0"
    if dtype.kind in "iu":
        return lambda v: str(int(v))
    short, long = (6, 9) if dtype == np.float32 else (15, 17)  # FLT_DIG and DBL_DIG, then enough to round-trip

    def float_text(v):
        text = "%.*g" % (short, v)
        if not np.isfinite(v) or dtype.type(float(text)) == v:
            return text
        return "%.*g" % (long, v)
    return float_text


def _writer(stream):
    if isinstance(stream, str) and stream.startswith("file://"):
        def append(text):
            with open(stream[len("file://"):], "a") as f:
                f.write(text)
        return append
    if hasattr(stream, "write"):
        def write(text):
            stream.write(text)
            if hasattr(stream, "flush"):
                stream.flush()
        return write
    level = _log_level(stream)
    if level is not None:
        import logging

        return lambda text: logging.getLogger("tensorflow").log(level, text.rstrip("\n"))
    raise ValueError(f"Unsupported output stream, logging level, or file.{stream}. Supported streams are sys.stdout, "
                     "sys.stderr, tf.logging.info, tf.logging.warning, tf.logging.error. File needs to be in the form "
                     "of 'file://<filepath>'.")


def _log_level(stream):
    """The logging level a logging level or function (``logging.INFO``, ``logging.info``) stands for, else None."""
    import logging

    levels = {logging.INFO: logging.INFO, logging.info: logging.INFO, logging.WARNING: logging.WARNING,
              logging.warning: logging.WARNING, logging.ERROR: logging.ERROR, logging.error: logging.ERROR}
    try:
        return levels.get(stream)
    except TypeError:  # an unhashable object is no level
        return None
