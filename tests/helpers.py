"""The one helper every op test uses: an op checked against NumPy.

    check_op(tf.add, np.add, shapes=BINARY_SHAPES, dtypes=NUMERIC)

builds seeded random inputs for every shape combination (broadcasting
pairs, 0-d and size-0 shapes included) and every dtype, runs the tinytf op
and the NumPy reference on the same values, and fails with a message that
says which op, which shapes and which dtype went wrong.

``check_rejects_dtype`` is its counterpart for dtypes an op does not take:
TensorFlow raises InvalidArgumentError there, and so must tinytf.
"""
import warnings
import zlib

import numpy as np
import pytest

import tinytf as tf

FLOAT = ("float32", "float64")
INT = ("int32", "int64")
NUMERIC = FLOAT + INT
ALL = NUMERIC + ("bool",)

# Shapes for one-input ops: scalar, vectors, matrices, 3-D, and size-0 ones.
UNARY_SHAPES = [((),), ((1,),), ((7,),), ((3, 4),), ((2, 3, 5),), ((0,),), ((2, 0, 3),)]

# Pairs for two-input ops: equal shapes, every kind of broadcasting, 0-d, size-0.
BINARY_SHAPES = [
    ((), ()),
    ((5,), ()),
    ((), (2, 3)),
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((4,), (3, 4)),
    ((3, 1), (1, 4)),
    ((2, 1, 4), (3, 1)),
    ((1,), (2, 3, 1)),
    ((2, 3, 4), (2, 3, 4)),
    ((0,), ()),
    ((0, 3), (3,)),
    ((0, 3), (1, 3)),
    ((2, 0, 1), (1, 4)),
]

RTOL = {"float32": 2e-6, "float64": 1e-13}


def _seed(*parts):
    """A seed that depends only on the test's parameters (stable across runs and processes)."""
    return zlib.crc32(repr(parts).encode())


def random_array(shape, dtype, rng, domain="real"):
    """Random values of dtype; ``domain`` keeps them where the op is defined.

    real: N(0, 2) floats, ints in [-9, 9]; positive: (0.1, 5); nonzero: away
    from 0; unit: (-0.95, 0.95); small_nonneg: ints/floats in [0, 4)."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        if domain == "positive":
            values = rng.integers(1, 10, size=shape)
        elif domain == "nonzero":
            values = rng.integers(1, 10, size=shape) * rng.choice([-1, 1], size=shape)
        elif domain == "small_nonneg":
            values = rng.integers(0, 4, size=shape)
        else:
            values = rng.integers(-9, 10, size=shape)
        return np.asarray(values, dtype=dtype)
    if domain == "positive":
        values = rng.uniform(0.1, 5.0, size=shape)
    elif domain == "nonzero":
        values = rng.uniform(0.5, 4.0, size=shape) * rng.choice([-1, 1], size=shape)
    elif domain == "unit":
        values = rng.uniform(-0.95, 0.95, size=shape)
    elif domain == "small_nonneg":
        values = rng.uniform(0.0, 4.0, size=shape)
    else:
        values = rng.normal(0.0, 2.0, size=shape)
    return np.asarray(values, dtype=dtype)


def _describe(shapes, dtype):
    return ", ".join(f"{dtype}{list(s)}" for s in shapes)


def check_op(tf_fn, np_fn, shapes=UNARY_SHAPES, dtypes=FLOAT, rtol=None, atol=0.0, domain="real",
             out_dtype=None, name=None, seed=0):
    """Checks ``tf_fn(*tensors)`` against ``np_fn(*arrays)`` for every shape tuple and dtype.

    shapes: a list of tuples of shapes, one shape per input (see UNARY_SHAPES,
      BINARY_SHAPES); a single-input op takes ``[(shape,), ...]``.
    dtypes: the dtype names the op supports; each input gets that dtype.
    out_dtype: the dtype name of the result (default: the input dtype), or a
      callable dtype_name -> dtype_name.
    domain: a str for all inputs, or a tuple with one per input (see random_array).
    The NumPy reference runs in the input dtype; for float32 the tolerance is
    a few ulps (pass rtol, a float or a {dtype: rtol} dict, for ops whose
    algorithm differs from NumPy's, e.g. vectorised exp); atol likewise.
    """
    name = name or getattr(tf_fn, "__name__", repr(tf_fn))
    for dtype in dtypes:
        expected_dtype = out_dtype(dtype) if callable(out_dtype) else (out_dtype or dtype)
        for shape_tuple in shapes:
            rng = np.random.default_rng(_seed(name, dtype, shape_tuple, seed))
            domains = domain if isinstance(domain, tuple) else (domain,) * len(shape_tuple)
            arrays = [random_array(s, dtype, rng, d) for s, d in zip(shape_tuple, domains)]
            where = f"{name}({_describe(shape_tuple, dtype)})"
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # e.g. NumPy's "Mean of empty slice"
                expected = np.asarray(np_fn(*arrays))
            got = tf_fn(*[tf.constant(a) for a in arrays])
            assert isinstance(got, tf.Tensor), f"{where} returned {type(got).__name__}, not a tf.Tensor"
            assert got.dtype == expected_dtype, f"{where}: result dtype is {got.dtype.name}, expected {expected_dtype}"
            assert tuple(got.shape.as_list()) == expected.shape, (
                f"{where}: result shape is {got.shape}, NumPy gives {expected.shape}")
            values = got.numpy()
            if np.dtype(expected_dtype).kind in "biu":
                np.testing.assert_array_equal(values, expected.astype(expected_dtype), err_msg=where)
            else:
                tol = (rtol or RTOL).get(expected_dtype, 0.0) if rtol is None or isinstance(rtol, dict) else rtol
                abs_tol = atol.get(expected_dtype, 0.0) if isinstance(atol, dict) else atol
                np.testing.assert_allclose(values, expected.astype(expected_dtype), rtol=tol, atol=abs_tol,
                                           equal_nan=True, err_msg=where)


def check_rejects_dtype(tf_fn, dtypes, arity=1, shape=(2, 3), name=None, error=None):
    """``tf_fn`` on inputs of each dtype in ``dtypes`` raises InvalidArgumentError (or ``error``) naming the dtype."""
    name = name or getattr(tf_fn, "__name__", repr(tf_fn))
    for dtype in dtypes:
        rng = np.random.default_rng(_seed("reject", name, dtype))
        inputs = [tf.constant(random_array(shape, dtype, rng, "positive")) for _ in range(arity)]
        with pytest.raises(error or tf.errors.InvalidArgumentError) as info:
            tf_fn(*inputs)
        assert dtype in str(info.value), f"{name} on {dtype}: the message does not name the dtype: {info.value}"


# ---- gradients: central finite differences in float64 ----

def numeric_grad(f, arrays, i, eps=1e-6):
    """d sum(f(arrays)) / d arrays[i] by central differences."""
    x = arrays[i]
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        plus = [a.copy() for a in arrays]
        minus = [a.copy() for a in arrays]
        plus[i][idx] += eps
        minus[i][idx] -= eps
        grad[idx] = (np.sum(f(*map(tf.constant, plus)).numpy()) - np.sum(f(*map(tf.constant, minus)).numpy())) / (2 * eps)
    return grad


def check_grad(f, *arrays, atol=1e-6):
    """tape.gradient of sum(f(...)) w.r.t. each input matches finite differences."""
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    tensors = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        y = f(*tensors)
    grads = tape.gradient(y, tensors)
    for i, g in enumerate(grads):
        expected = numeric_grad(f, arrays, i)
        assert g is not None, f"no gradient for input {i}"
        np.testing.assert_allclose(g.numpy(), expected, rtol=1e-5, atol=atol, err_msg=f"input {i}")


# ---- thread-count independence ----

def run_with_threads(script, threads):
    """stdout bytes of `python -c script` run with OMP_NUM_THREADS=threads (tests compare 1 and 2)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=300,
                            cwd=os.path.dirname(__file__))
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return result.stdout

