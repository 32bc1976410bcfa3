"""tinytf: a small deep-learning engine that speaks TensorFlow.

    import tinytf as tf
    x = tf.constant([[1., 2.], [3., 4.]])
    print(tf.matmul(x, x))

The engine is C++ (cpp/), bound by pybind11 (src/); this package is the
TensorFlow-shaped namespace over it. See README.md and docs/architecture.md.
"""
import os as _os

# OpenMP's worker threads (libgomp) spin 300,000 rounds at each barrier before they sleep. On a busy machine
# (a build, a browser: a student's laptop) a spinning worker holds the core that the thread it waits for
# needs: with other busy processes a two-thread training step took 1.1-1.8x as long (two runs) as with 1,000
# rounds, libgomp's own choice when it knows the CPUs are oversubscribed; on a quiet machine the two measured
# the same (BENCHMARKS.md, "Waiting threads on a busy machine"). libgomp reads the setting once, when _core
# loads it, so it is set just for that and removed again: processes started later and other libraries see the
# environment as it was. A GOMP_SPINCOUNT or OMP_WAIT_POLICY of the user's own is kept.
_set_spincount = "GOMP_SPINCOUNT" not in _os.environ and "OMP_WAIT_POLICY" not in _os.environ
if _set_spincount:
    _os.environ["GOMP_SPINCOUNT"] = "1000"
try:
    from tinytf import _core
finally:
    if _set_spincount:
        del _os.environ["GOMP_SPINCOUNT"]
del _os, _set_spincount
from tinytf import errors  # first: registers the error classes C++ exceptions become
from tinytf import _tensor  # noqa: F401 - adds printing, .shape and friends to Tensor
from tinytf import config, linalg, math, nest, nn, random
from tinytf._convert import constant, convert_to_tensor, is_tensor
from tinytf.backprop import GradientTape, custom_gradient
from tinytf.control_flow import cond, while_loop
from tinytf.tf_function import function
from tinytf.init_ops import (
    constant_initializer, ones_initializer, random_normal_initializer, random_uniform_initializer, zeros_initializer,
)
from tinytf.printing import print_v2 as print  # noqa: A004 - TensorFlow's name
from tinytf.device import device
from tinytf.variables import Variable
from tinytf.array_ops import (
    boolean_mask, broadcast_to, concat, expand_dims, eye, fill, gather, gather_nd, identity, newaxis, one_hot, ones,
    ones_like, range, rank, reshape, shape, size, split, squeeze, stack, stop_gradient, tile, transpose, unstack, zeros,
    zeros_like,
)
from tinytf.clip_ops import clip_by_global_norm, clip_by_norm
from tinytf.dtypes import DType, as_dtype, bool, double, float32, float64, int32, int64  # noqa: A004
from tinytf.math_ops import (
    abs, add, add_n, argmax, argmin, cast, clip_by_value, cumsum, divide, equal, exp, floordiv, greater, greater_equal,
    less, less_equal, log, logical_and, logical_not, logical_or, matmul, maximum, minimum, multiply, negative,
    not_equal, pow, reduce_all, reduce_any, reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
    reduce_sum, sigmoid, sign, sqrt, square, subtract, tanh, truediv, where,
)
from tinytf.linalg import norm
from tinytf.sort_ops import argsort, sort
from tinytf.nn import softmax
from tinytf.tensor_shape import TensorShape
from tinytf.tensor_spec import TensorSpec

Tensor = _core.Tensor

__version__ = _core.build_info()["version"]


def __getattr__(name):
    # tf.keras and tf.data are imported on first use: `import tinytf as tf` stays fast and
    # tf.keras.layers.Dense works without a separate `from tinytf import keras`.
    if name in ("data", "keras"):
        import importlib

        return importlib.import_module(f"tinytf.{name}")
    raise AttributeError(f"module 'tinytf' has no attribute {name!r}")


def build_info():
    """How this tinytf was built and what it uses here: version, CUDA, SIMD level, OpenMP.

    ``simd`` is the instruction set the CPU kernels run with on this machine
    (set TINYTF_SIMD=avx2 or portable to force a lower one); ``sanitize`` names the sanitizers the
    build was compiled with ("address,undefined,float-cast-overflow" for CI's sanitizer build, else "")."""
    return _core.build_info()
