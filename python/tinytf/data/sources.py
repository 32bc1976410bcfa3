"""Where elements come from: slices of tensors, whole tensors, a range of numbers, a Python generator."""
import numpy as np

from tinytf import dtypes, errors, nest
from tinytf._convert import convert_to_tensor
from tinytf.data import structure
from tinytf.data.node import Node, RowPlan, Rows, int_arg, invalid
from tinytf.tensor_spec import TensorSpec


class TensorSlices(Node):
    """``from_tensor_slices``: element i is row i of every component."""

    tf_name = "_TensorSliceDataset"

    def __init__(self, tensors):
        what = "Dataset.from_tensor_slices"
        structure.check_not_empty(tensors, what)
        element = structure.normalize(tensors, what)
        flat = nest.flatten(element)
        for t in flat:
            if t.ndim == 0:
                raise ValueError(f"Unbatching a tensor is only supported for rank >= 1. {what} slices every "
                                 f"component along its first axis, but got a scalar: {t!r}.")
        counts = [t._shape[0] for t in flat]
        if len(set(counts)) > 1:
            shapes = ", ".join(str(t.shape) for t in flat)
            raise ValueError(f"Dimensions {counts[0]} and {next(c for c in counts if c != counts[0])} are not "
                             f"compatible: {what} needs the same first dimension (the number of elements) in every "
                             f"component, got shapes {shapes}.")
        self._rows = Rows(element, [np.asarray(t) for t in flat])  # zero-copy views of the tensors
        self.element_spec = nest.map_structure(lambda t: TensorSpec(t.shape[1:], t.dtype), element)
        self.cardinality = counts[0]

    def elements(self):
        return map(self._rows.element, range(self._rows.count))

    def rows(self):
        return RowPlan(self._rows, lambda: iter(range(self._rows.count)))


class Tensors(Node):
    """``from_tensors``: one element, the whole structure."""

    tf_name = "_TensorDataset"
    cardinality = 1

    def __init__(self, tensors):
        structure.check_not_empty(tensors, "Dataset.from_tensors")
        self._element = structure.normalize(tensors, "Dataset.from_tensors")
        self.element_spec = structure.spec_of(self._element)

    def elements(self):
        return iter([self._element])


class Range(Node):
    """``range(start, stop, step)``: int64 scalars (or ``output_type``), like Python's range."""

    tf_name = "_RangeDataset"

    def __init__(self, *args, output_type=dtypes.int64):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Dataset.range takes 1 to 3 arguments (stop | start, stop | start, stop, step), "
                             f"got {len(args)}: {args!r}")
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (args + (1,))[:3]
        start, stop, step = (int_arg(v, n, "Dataset.range") for v, n in zip((start, stop, step), ("start", "stop", "step")))
        if step == 0:
            raise invalid("step must be a non-zero integer. (Dataset.range got step=0)")
        self._range = range(start, stop, step)
        self._dtype = dtypes.as_dtype(output_type)
        self.element_spec = TensorSpec((), self._dtype)
        self.cardinality = len(self._range)

    def elements(self):
        numpy_type = self._dtype.as_numpy_dtype
        return (convert_to_tensor(numpy_type(i)) for i in self._range)


class Generator(Node):
    """``from_generator``: each pass calls ``generator(*args)`` and converts what it yields to the spec."""

    tf_name = "_FlatMapDataset"

    def __init__(self, generator, output_types=None, output_shapes=None, args=None, output_signature=None):
        if not callable(generator):
            raise TypeError(f"`generator` must be a Python callable. Dataset.from_generator got {generator!r}; pass "
                            "the generator function itself (`gen`, not `gen()`).")
        if output_signature is not None:
            if output_types is not None or output_shapes is not None:
                which = "output_types" if output_types is not None else "output_shapes"
                raise TypeError(f"The `{which}` argument can not be used together with the `output_signature` "
                                "argument.")
            for leaf in nest.flatten(output_signature):
                if not isinstance(leaf, TensorSpec):
                    raise TypeError(f"`output_signature` must contain objects that are subclass of `tf.TypeSpec` but "
                                    f"found {type(leaf)} which is not. Use tf.TensorSpec(shape, dtype).")
            spec = output_signature
        elif output_types is not None:
            spec = _spec_from_types(output_types, output_shapes)
        else:
            raise TypeError("To specify the output signature you need to provide either the `output_signature` "
                            "argument or the `output_types` argument.")
        self._generator = generator
        self._args = tuple(convert_to_tensor(a).numpy() for a in (args or ()))  # TF passes NumPy values
        self.element_spec = spec

    def elements(self):
        spec = self.element_spec
        try:
            values = iter(self._generator(*self._args))
        except Exception as err:  # noqa: BLE001 - reported as TensorFlow does, with the cause attached
            raise errors.UnknownError(None, None, f"{type(err).__name__}: {err}") from err
        while True:
            try:
                value = next(values)
            except StopIteration:
                return
            except Exception as err:  # noqa: BLE001
                raise errors.UnknownError(None, None, f"{type(err).__name__}: {err}") from err
            yield self._conform(value, spec)

    @staticmethod
    def _conform(value, spec):
        pairs = structure.match_structure(value, spec)
        if pairs is None:
            raise invalid(f"TypeError: `generator` yielded an element that did not match the expected structure. "
                          f"The expected structure was {structure.describe(spec)}, but the yielded element was "
                          f"{value!r}.")
        tensors = [structure.tensor_of_spec(v, s, lambda text: invalid("TypeError: " + text)) for v, s in pairs]
        return nest.pack_sequence_as(spec, tensors)


def _spec_from_types(types, shapes):
    """The element spec from the older ``output_types`` (+ ``output_shapes``, None: unknown) arguments.

    A list of dtypes means a tuple of them; a shape is a tuple/list of dims, so
    the shapes structure is read down to where ``types`` has a dtype."""
    if isinstance(types, dict):
        return {k: _spec_from_types(t, None if shapes is None else shapes[k]) for k, t in types.items()}
    if isinstance(types, (list, tuple)):
        if shapes is not None and (not isinstance(shapes, (list, tuple)) or len(shapes) != len(types)):
            raise ValueError(f"`output_shapes` {shapes!r} does not match the structure of `output_types` {types!r}")
        return tuple(_spec_from_types(t, None if shapes is None else s)
                     for t, s in zip(types, shapes if shapes is not None else types))
    return TensorSpec(shapes, types)
