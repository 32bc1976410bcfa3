"""``tf.cond`` and ``tf.while_loop`` with eager semantics: plain Python ``if`` and ``while``.

    y = tf.cond(x > 0, lambda: x, lambda: -x)
    i, total = tf.while_loop(lambda i, total: i < 10, lambda i, total: (i + 1, total + i), (0, 0))

TensorFlow builds graph ops for these inside a ``tf.function``; run eagerly
(as tinytf always runs) they call the branch or the body, and so does tinytf.
As in eager TensorFlow, ``cond`` returns the branch's result as it is, and
``while_loop`` converts the loop variables to tensors and returns them in
the structure the body gives back.
"""
from tinytf import nest
from tinytf._convert import convert_to_tensor


def cond(pred, true_fn=None, false_fn=None, name=None):
    """``true_fn()`` if ``pred`` (a bool scalar tensor or Python value) is true, else ``false_fn()``."""
    for label, fn in (("true_fn", true_fn), ("false_fn", false_fn)):
        if fn is None:
            raise TypeError(f"cond(): '{label}' argument required")
        if not callable(fn):
            raise TypeError(f"'{label}' must be callable.")
    if pred is None:
        raise ValueError("Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a "
                         "Tensor. (tf.cond needs a boolean `pred`.)")
    return true_fn() if pred else false_fn()


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, maximum_iterations=None, name=None):
    """Repeats ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` (at most ``maximum_iterations`` times)."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if not isinstance(loop_vars, (list, tuple)):
        if not loop_vars:
            raise ValueError("'loop_vars' must be provided.")
        raise TypeError(f"tf.while_loop: `loop_vars` must be a list or tuple of loop variables (e.g. [i]), got "
                        f"{loop_vars!r}")
    if not loop_vars:
        raise ValueError("'loop_vars' must be provided.")
    limit = None if maximum_iterations is None else int(maximum_iterations)
    loop_vars = nest.map_structure(convert_to_tensor, loop_vars)
    count = 0
    while (limit is None or count < limit) and cond(*loop_vars):
        result = body(*loop_vars)
        if not isinstance(result, (list, tuple)):
            raise TypeError(f"tf.while_loop: `body` must return the loop variables as a list or tuple like "
                            f"`loop_vars` ({len(loop_vars)} of them), got {result!r}. For one variable write "
                            f"`lambda i: (i + 1,)`.")
        nest.assert_same_structure(loop_vars, result, check_types=False)
        loop_vars = nest.map_structure(convert_to_tensor, result)
        count += 1
    return loop_vars
