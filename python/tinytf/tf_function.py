"""``tf.function``: the decorator TensorFlow programs put on their training steps.

    @tf.function                      # or @tf.function(jit_compile=True), input_signature=[...]
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        ...
        return loss

TensorFlow traces the function into a graph and replays it. tinytf runs the
Python function itself on every call: the results are the eager results,
which is exactly what a traced function must compute. What stays visible
from TensorFlow: results come back as tensors (Python numbers and NumPy
values are converted, ``None`` stays), ``input_signature`` checks and
converts the arguments, and ``tf.config.run_functions_eagerly(True)``
returns the Python function's results untouched. One difference: Python side
effects (``print``, appending to a list) happen on every call, not only
while TensorFlow would trace. The options that steer tracing and
compilation (``jit_compile``, ``reduce_retracing``, ``autograph``,
``experimental_*``) are accepted and kept on the object.
"""
import functools
import inspect

from tinytf import _core, config, nest
from tinytf._convert import convert_to_tensor, is_tensor
from tinytf.tensor_spec import TensorSpec


class Function:
    """A function wrapped by ``tf.function``; ``python_function`` is the original."""

    def __init__(self, python_function, input_signature=None, options=None, instance=None):
        functools.update_wrapper(self, python_function)
        self.python_function = python_function
        self._input_signature = _checked_signature(input_signature)
        self._options = dict(options or {})
        self._instance = instance  # set when reached through an object: the method's `self`

    name = property(lambda self: self.python_function.__name__)
    input_signature = property(lambda self: self._input_signature)
    jit_compile = property(lambda self: self._options.get("jit_compile"))

    def __get__(self, instance, owner=None):
        # `@tf.function` on a method: `obj.method` is a Function bound to obj, as a plain method would be.
        if instance is None:
            return self
        return Function(self.python_function, self._input_signature, self._options, instance)

    def __call__(self, *args, **kwargs):
        if self._instance is not None:
            args = (self._instance,) + args
        if self._input_signature is not None:
            args, kwargs = self._bind(args, kwargs)
        result = self.python_function(*args, **kwargs)
        if config.functions_run_eagerly():
            return result
        return nest.map_structure(self._as_output, result)

    def _as_output(self, value):
        if value is None or isinstance(value, _core.Tensor):
            return value
        try:
            return convert_to_tensor(value)
        except (TypeError, ValueError) as err:
            raise TypeError(f"To be compatible with tf.function, Python functions must return zero or more Tensors "
                            f"or ExtensionTypes or None values; in compilation of {self.python_function}, found "
                            f"return value of type {type(value).__name__}, which is not a Tensor or ExtensionType. "
                            f"({err})") from None

    def _bind(self, args, kwargs):
        """The arguments converted to ``input_signature``'s dtypes and checked against its shapes."""
        parameters = list(inspect.signature(self.python_function).parameters.values())
        first = 1 if self._instance is not None else 0
        named = parameters[first:first + len(self._input_signature)]
        signature = inspect.Signature(named)
        described = ", ".join(f"{p.name}: {s!r}" for p, s in zip(named, self._input_signature))

        def failure(reason):
            shown = args[first:]
            return TypeError(f"Binding inputs to tf.function failed due to `{reason}`. Received args: {shown} and "
                             f"kwargs: {kwargs} for signature: ({described}).")

        try:
            bound = signature.bind(*args[first:], **kwargs)
        except TypeError as err:
            raise failure(err) from None
        converted = {}
        for parameter, spec in zip(named, self._input_signature):
            if parameter.name in bound.arguments:
                converted[parameter.name] = _conform(bound.arguments[parameter.name], spec, failure)
        bound.arguments.update(converted)
        return args[:first] + bound.args, bound.kwargs


def _conform(value, spec, failure):
    """``value`` (nested like ``spec``; a list given for one spec is one value) as tensors of the spec."""
    if isinstance(spec, TensorSpec):
        return _conform_leaf(value, spec, failure)
    if isinstance(spec, dict):
        if not isinstance(value, dict) or set(value) != set(spec):
            raise failure(f"expected a dict with keys {sorted(spec)} for {spec!r}, got {value!r}")
        return {key: _conform(value[key], spec[key], failure) for key in value}
    if not isinstance(value, (list, tuple)) or len(value) != len(spec):
        raise failure(f"expected a sequence of {len(spec)} values for {spec!r}, got {value!r}")
    parts = [_conform(v, s, failure) for v, s in zip(value, spec)]
    return type(value)(*parts) if hasattr(value, "_fields") else type(value)(parts)


def _conform_leaf(value, spec, failure):
    if is_tensor(value):
        tensor = convert_to_tensor(value)
        if tensor.dtype != spec.dtype:
            raise failure(f"Can not cast {TensorSpec.from_tensor(tensor)!r} to {spec!r}")
    else:
        try:
            tensor = convert_to_tensor(value, dtype=spec.dtype)
        except (TypeError, ValueError) as err:
            raise failure(err) from None
    if not spec.shape.is_compatible_with(tensor.shape):
        raise failure(f"Can not cast {TensorSpec.from_tensor(tensor)!r} to {spec!r}")
    return tensor


def _checked_signature(input_signature):
    if input_signature is None:
        return None
    if not isinstance(input_signature, (list, tuple)):
        raise TypeError(f"input_signature must be either a tuple or a list, got {type(input_signature)}.")
    wrong = [leaf for leaf in nest.flatten(input_signature) if not isinstance(leaf, TensorSpec)]
    if wrong:
        raise TypeError(f"input_signature must be a possibly nested sequence of TensorSpec objects, got invalid args "
                        f"{wrong} with types {[type(w) for w in wrong]}.")
    return tuple(input_signature)


def function(func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False,
             experimental_implements=None, experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None, experimental_follow_type_hints=None):
    """Wraps ``func`` (a function or method) as a TensorFlow function; used bare or with arguments."""
    options = {"autograph": autograph, "jit_compile": jit_compile, "reduce_retracing": reduce_retracing,
               "experimental_implements": experimental_implements,
               "experimental_autograph_options": experimental_autograph_options,
               "experimental_attributes": experimental_attributes,
               "experimental_relax_shapes": experimental_relax_shapes, "experimental_compile": experimental_compile,
               "experimental_follow_type_hints": experimental_follow_type_hints}

    def decorate(python_function):
        if not callable(python_function):
            raise TypeError(f"{python_function!r} is not a callable object")
        return Function(python_function, input_signature, options)

    return decorate if func is None else decorate(func)
