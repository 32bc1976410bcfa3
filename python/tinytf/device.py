"""``tf.device``: a scope naming the device for new tensors and ops.

New tensors made from values (tf.constant, tf.zeros, tf.random.*) go to the
scope's device; an op runs on the device of its inputs (inputs on two
devices are an error: tinytf never copies silently); tf.identity(x) inside
a scope copies x to the scope's device, as in TensorFlow.

Device names are TensorFlow's: "/GPU:0", "/device:CPU:0", "GPU:1",
"/job:localhost/replica:0/task:0/device:CPU:0" (case-insensitive type).
With soft placement (tf.config.set_soft_device_placement, on by default) a
scope naming a GPU that is not there runs on the CPU, as in TensorFlow;
without it, entering the scope raises InvalidArgumentError.
"""
import re

from tinytf import _core, config, errors

_CPU_NAME = "/job:localhost/replica:0/task:0/device:CPU:0"
_stack = []

_SPEC = re.compile(
    r"^(?:/job:localhost)?(?:/replica:0)?(?:/task:0)?/?(?:device:)?(?P<type>[A-Za-z]+)(?::(?P<index>\d+))?$")


def parse(name):
    """'/GPU:1' -> ('GPU', 1). Raises ValueError for names TensorFlow would reject."""
    match = _SPEC.match(str(name).strip())
    if not match or match.group("type").upper() not in ("CPU", "GPU"):
        bad = str(name).strip().lstrip("/").split(":")[0]
        raise ValueError(f"Unknown attribute '{bad}' is encountered while parsing the device spec: '{name}'.")
    return match.group("type").upper(), int(match.group("index") or 0)


class device:  # noqa: N801 - TensorFlow's name
    """``with tf.device("/GPU:0"):`` places what runs inside on that device (or the CPU, softly)."""

    def __init__(self, device_name):
        self._requested = None if device_name is None else parse(device_name)

    def __enter__(self):
        placed = self._place(self._requested)
        _stack.append(placed)
        _apply(placed)
        return self

    def __exit__(self, *exc):
        _stack.pop()
        _apply(current())
        return False

    @staticmethod
    def _place(requested):
        if requested is None or requested[0] == "CPU":
            return ("CPU", 0)
        gpus = config.list_physical_devices("GPU")
        if requested[1] < len(gpus):
            return requested
        if config.get_soft_device_placement():
            return ("CPU", 0)
        raise errors.InvalidArgumentError(
            None, None,
            f"Could not satisfy device specification '/job:localhost/replica:0/task:0/device:GPU:{requested[1]}'. "
            f"enable_soft_placement=0. Supported device types [CPU]. All available devices [{_CPU_NAME}]. "
            "Use a CPU device, or tf.config.set_soft_device_placement(True).")


def _apply(placed):
    """Tells the engine where new tensors go (a thread-local default device in C++)."""
    _core.set_default_device(placed[1] if placed[0] == "GPU" else -1)


def current():
    """The (type, index) new tensors go to: the innermost tf.device scope, else the CPU."""
    return _stack[-1] if _stack else ("CPU", 0)
