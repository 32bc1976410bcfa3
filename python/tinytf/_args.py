"""Small argument helpers shared by the op modules."""
from tinytf import _core
from tinytf._convert import convert_operand, convert_to_tensor, shape_list  # noqa: F401 - shape_list is shared

Tensor = _core.Tensor
Variable = _core.Variable


# An op's operand as a tensor (``tensor(x)``, ``tensor(filters, dtype=x.dtype)``): convert_to_tensor itself,
# not a wrapper around it, since every op calls it.
tensor = convert_to_tensor


def tensor_pair(x, y):
    """Both operands of a binary op as tensors: the first tensor among them fixes the dtype
    of the other (``tf.add(1, t)`` uses t's dtype), as in TensorFlow."""
    # A variable takes part as its value (``tf.add(x, bias)``), read as the op would read it:
    # the tapes hear of the read, and a dtype mismatch is the op's InvalidArgumentError, as in TF.
    if isinstance(x, Variable):
        x = x.read_value()
    if isinstance(y, Variable):
        y = y.read_value()
    if not isinstance(x, Tensor) and (isinstance(y, Tensor) or hasattr(y, "__tf_tensor__")):
        y = convert_to_tensor(y)
        return convert_operand(x, y._dtype), y
    x = convert_to_tensor(x)
    return x, (y if isinstance(y, Tensor) else convert_operand(y, x._dtype))


def axes(axis):
    """None (all axes), an int, or a list/tuple/tensor of ints -> None or a list of ints."""
    if axis is None:
        return None
    if isinstance(axis, Tensor):
        axis = axis.numpy().tolist()
    if isinstance(axis, (list, tuple)):
        return [int(a) for a in axis]
    return [int(axis)]
