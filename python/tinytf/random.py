"""``tf.random``: seeded, reproducible random tensors.

Seeds follow TensorFlow's rules. ``tf.random.set_seed(s)`` makes the whole
program reproducible: each random op then gets its own stream from a
counter, so two calls give different numbers but a rerun gives the same
ones. An op's own ``seed=`` argument picks the stream explicitly; calling
the same op with the same seed again continues that stream. Without any
seed the numbers differ from run to run.

The numbers come from a counter-based generator (Philox4x32-10, see
cpp/tinytf/kernels/philox.h): they do not depend on the number of threads,
but they are not TensorFlow's own numbers for the same seed.
"""
import os

from tinytf import _core
from tinytf import dtypes as _dtypes
from tinytf._args import shape_list as _shape_list
from tinytf._args import tensor as _tensor

_DEFAULT_GLOBAL_SEED = 87654321  # TensorFlow's, used when only an op seed is given
_global_seed = None
_op_counter = 0
_stream_uses = {}


def set_seed(seed):
    """Sets the global seed: random ops become reproducible from here on."""
    global _global_seed, _op_counter
    _global_seed = None if seed is None else int(seed)
    _op_counter = 0
    _stream_uses.clear()


def get_seed(op_seed):
    """The (global seed, op seed) pair an op with this seed argument uses, as TensorFlow's get_seed."""
    global _op_counter
    if _global_seed is None and op_seed is None:
        return None, None
    if op_seed is None:
        _op_counter += 1
        op_seed = _op_counter
    return (_DEFAULT_GLOBAL_SEED if _global_seed is None else _global_seed), int(op_seed)


def _global_state():
    """Where the seeded generator stands (global seed, op counter, the uses of each op seed), as JSON-able
    data: ``keras.callbacks.BackupAndRestore`` saves it so that a resumed run draws what the interrupted one
    would have drawn next. Not TensorFlow API."""
    return {"seed": _global_seed, "op_counter": _op_counter, "stream_uses": sorted(_stream_uses.items())}


def _set_global_state(state):
    """Puts the generator back where ``_global_state()`` found it."""
    global _global_seed, _op_counter
    _global_seed, _op_counter = state["seed"], state["op_counter"]
    _stream_uses.clear()
    _stream_uses.update({int(seed): int(uses) for seed, uses in state["stream_uses"]})


def _key_and_stream(op_seed):
    """The Philox key and stream for one random op (tf.random.* and tf.nn.dropout)."""
    global_seed, op_seed = get_seed(op_seed)
    if global_seed is None:
        # 128 bits from the operating system (what the secrets module does, without the ~10 ms
        # its import adds to `import tinytf`).
        entropy = int.from_bytes(os.urandom(16), "little")
        return entropy >> 64, entropy & (2**64 - 1)
    uses = _stream_uses.get(op_seed, 0)  # the same op seed again continues its stream
    _stream_uses[op_seed] = uses + 1
    return global_seed & (2**64 - 1), ((op_seed & 0xFFFFFFFF) << 32) | (uses & 0xFFFFFFFF)


def normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None, name=None):
    """Samples from a normal distribution N(mean, stddev**2)."""
    key, stream = _key_and_stream(seed)
    return _core.random_normal(_shape_list(shape), float(mean), float(stddev), _dtypes.as_dtype(dtype)._core, key, stream)


def uniform(shape, minval=0, maxval=None, dtype=_dtypes.float32, seed=None, name=None):
    """Samples uniformly from [minval, maxval); integer dtypes need maxval."""
    dtype = _dtypes.as_dtype(dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype.name}")
        maxval = 1.0
    key, stream = _key_and_stream(seed)
    minval, maxval = _tensor(minval)._item(), _tensor(maxval)._item()
    if dtype.is_integer:
        minval, maxval = int(minval), int(maxval)
    return _core.random_uniform(_shape_list(shape), minval, maxval, dtype._core, key, stream)


def shuffle(value, seed=None, name=None):
    """value with its first axis randomly permuted."""
    key, stream = _key_and_stream(seed)
    return _core.random_shuffle(_tensor(value), key, stream)
