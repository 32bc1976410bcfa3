"""Exception classes mirroring ``tf.errors``.

C++ errors arrive here through the bindings (src/module.cpp), which raise the
classes this module registers with them when it is imported: an invalid shape
or dtype raises ``InvalidArgumentError``, as in TensorFlow. Like TensorFlow's,
each class takes ``(node_def, op, message)``.
"""
from tinytf import _core


class OpError(Exception):
    """Base class of the errors an op raises."""

    def __init__(self, node_def, op, message, *args):
        super().__init__(message, *args)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self):
        return self.message


class InvalidArgumentError(OpError):
    """An op received an argument it cannot accept (wrong shape, dtype, axis, index...)."""


class OutOfRangeError(OpError):
    """An iteration or index ran past the valid range."""


class ResourceExhaustedError(OpError):
    """Memory (or another resource) ran out."""


class UnimplementedError(OpError):
    """The operation is not supported for these arguments."""


class InternalError(OpError):
    """An internal invariant broke: a bug in tinytf, please report it."""


class NotFoundError(OpError):
    """A file or other named resource does not exist."""


class FailedPreconditionError(OpError):
    """The system is not in a state that allows the operation."""


class UnknownError(OpError):
    """An error with no better category, e.g. an exception raised inside a ``Dataset.from_generator`` generator."""


_core._register_error_classes({cls.__name__: cls for cls in (
    InvalidArgumentError, OutOfRangeError, ResourceExhaustedError, UnimplementedError, InternalError)})
