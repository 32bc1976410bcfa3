"""tinytf-bench: time tinytf's kernels beside NumPy (and PyTorch) and do the napkin math.

    tinytf-bench                       # everything, ~1 minute
    tinytf-bench --filter matmul       # only the matmuls
    tinytf-bench --quick --json        # tiny sizes, machine-readable records

For every kernel the story is the one llm.c's dev/cuda files tell:
1. what the kernel must compute (FLOPs) or move (bytes): the napkin math;
2. what it achieved: median time over many runs, turned into GFLOP/s or GB/s;
3. how far from the limit: percent of this machine's peak, measured at start-up
   (see ``measure_peaks``), and the speed ratio to NumPy and PyTorch, which run
   on the same inputs in the same process.
Every implementation's output is also compared against a float64 NumPy
reference (column ``err``), so a fast but wrong kernel cannot hide.

Byte model for GB/s (the minimum traffic a kernel must cause, counted once):
    add          reads 2 arrays, writes 1   -> 12 bytes per float32 element
    relu         reads 1 array,  writes 1   ->  8 bytes per element
    reduce_sum   reads 1 array              ->  4 bytes per element
                 (also reduce_mean, reduce_max, a last-axis sum of a matrix and the
                 column sum over axis 0: each reads its input once, the output is small)
    softmax      reads 1 array,  writes 1   ->  8 bytes per element
    sparse_xent  reads the logits, writes softmax - labels -> 8 bytes per element
    rmsprop      reads w, g, velocity; writes w, velocity -> 20 bytes per parameter
Caches, write-allocate reads and second passes over the data are not counted,
so a kernel that makes extra passes shows up as a lower GB/s.
"""
import argparse
import itertools
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, Dict, List

import numpy as np

import tinytf as tf
from tinytf import _core

MiB = 2**20
ELEMENTWISE_N = 16 * MiB  # 16M float32 = 64 MiB per array


# --------------------------------------------------------------------------
# Kernel definitions: one small function per kernel.
# --------------------------------------------------------------------------

@dataclass
class Kernel:
    """One benchmark: its inputs and the same computation in each framework.

    ``flops`` is set for compute-bound kernels (rate in GFLOP/s), ``bytes``
    for memory-bound ones (rate in GB/s). ``impls`` maps 'numpy' / 'tinytf' /
    'torch' to a function of the input arrays already converted for it.
    """
    name: str
    size: str
    inputs: List[np.ndarray]
    impls: Dict[str, Callable]
    flops: float = 0.0
    bytes: float = 0.0
    # Optional per-framework step after converting the inputs (e.g. make a Variable).
    setup: Dict[str, Callable] = None


def _normal(rng, shape):
    return rng.standard_normal(shape, dtype=np.float32)


def matmul_kernel(rng, n):
    """C = A @ B for square n x n float32: 2*n^3 FLOPs (one multiply + one add per term)."""
    return Kernel("matmul", f"{n}x{n}x{n}", [_normal(rng, (n, n)), _normal(rng, (n, n))],
                  {"numpy": lambda a, b: a @ b,
                   "tinytf": lambda a, b: tf.matmul(a, b),
                   "torch": lambda a, b: a @ b},
                  flops=2.0 * n**3)


def training_matmul_kernel(rng, m, k, n, transpose_a=False, transpose_b=False):
    """One of the MNIST MLP's products at batch 128: C[m x n] = op(A) @ op(B) with op a transpose
    where the backward pass has one (dW = x^T g, dh = g W^T), read through strides, not copied."""
    a_shape = (k, m) if transpose_a else (m, k)
    b_shape = (n, k) if transpose_b else (k, n)
    name = "matmul" + (" AtB" if transpose_a else " ABt" if transpose_b else "")

    def product(a, b):  # NumPy arrays and torch tensors alike: .T is a strided view
        return (a.T if transpose_a else a) @ (b.T if transpose_b else b)

    return Kernel(name, f"{m}x{k}x{n}", [_normal(rng, a_shape), _normal(rng, b_shape)],
                  {"numpy": product, "torch": product,
                   "tinytf": lambda a, b: tf.matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b)},
                  flops=2.0 * m * k * n)


# The products of one training step of the MNIST MLP (784-512-10, batch 128): forward, then the
# weight gradients (A^T B) and the hidden layer's gradient (A B^T); the input batch's gradient is
# never computed (the tape does not ask for it).
MLP_PRODUCTS = [(128, 784, 512, False, False), (128, 512, 10, False, False), (784, 128, 512, True, False),
                (512, 128, 10, True, False), (128, 10, 512, False, True)]


def _with_reference(family, fn):
    """fn, run with the reference version of tinytf's kernel `family` (tf.config.set_kernel_variant),
    restoring the version it found afterwards."""
    def run(*args):
        before = tf.config.get_kernel_variant(family)
        tf.config.set_kernel_variant(family, "reference")
        try:
            return fn(*args)
        finally:
            tf.config.set_kernel_variant(family, before)
    return run


def reference_kernel(kernel, family):
    """A `<name> ref` row: the same inputs with tinytf's reference loop of `family` (matmul:
    kernels/gemm_reference.h; reduce, softmax: kernels/reduce_reference.h), next to the same NumPy
    and PyTorch rows: what the fast kernel's blocking, SIMD and threads are worth."""
    return Kernel(f"{kernel.name} ref", kernel.size, kernel.inputs,
                  dict(kernel.impls, tinytf=_with_reference(family, kernel.impls["tinytf"])),
                  flops=kernel.flops, bytes=kernel.bytes, setup=kernel.setup)


def matmul_reference_kernel(rng, n):
    """The product of matmul_kernel with tinytf's reference loop: what packing and register blocking
    are worth."""
    return reference_kernel(matmul_kernel(rng, n), "matmul")


def with_reference(kernel, family):
    """The kernel's row, then its `ref` row (the same inputs)."""
    return [kernel, reference_kernel(kernel, family)]


def add_kernel(rng, n):
    """c = a + b elementwise: reads 2 arrays, writes 1."""
    return Kernel("add", f"{n // MiB}M" if n >= MiB else str(n), [_normal(rng, n), _normal(rng, n)],
                  {"numpy": lambda a, b: a + b,
                   "tinytf": lambda a, b: tf.add(a, b),
                   "torch": lambda a, b: a + b},
                  bytes=3 * 4.0 * n)


def relu_kernel(rng, n):
    """y = max(x, 0): reads 1 array, writes 1."""
    return Kernel("relu", f"{n // MiB}M" if n >= MiB else str(n), [_normal(rng, n)],
                  {"numpy": lambda x: np.maximum(x, 0),
                   "tinytf": lambda x: tf.nn.relu(x),
                   "torch": lambda x: _torch().relu(x)},
                  bytes=2 * 4.0 * n)


def reduce_sum_kernel(rng, n):
    """s = sum(x) over all elements: reads 1 array, writes a scalar."""
    return Kernel("reduce_sum", f"{n // MiB}M" if n >= MiB else str(n), [_normal(rng, n)],
                  {"numpy": lambda x: x.sum(),
                   "tinytf": lambda x: tf.reduce_sum(x),
                   "torch": lambda x: x.sum()},
                  bytes=4.0 * n)


def reduce_kernel(rng, name, shape, axis):
    """A reduction of float32 `shape` over `axis` (None: all of it): reads the input once.

    name is reduce_sum, reduce_mean or reduce_max; axis=0 of a [batch, units] matrix is
    a Dense layer's bias gradient (a column sum), axis=-1 a row sum."""
    np_fn = {"reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max}[name]
    torch_fn = {"reduce_sum": "sum", "reduce_mean": "mean", "reduce_max": "amax"}[name]
    n = int(np.prod(shape))
    size = f"{n // MiB}M" if len(shape) == 1 and n >= MiB else "x".join(map(str, shape))
    if axis is not None:
        size += f" axis={axis}"

    def torch_impl(x):
        f = getattr(x, torch_fn)
        return f() if axis is None else f(dim=axis)
    return Kernel(name, size, [_normal(rng, shape)],
                  {"numpy": lambda x: np_fn(x, axis=axis),
                   "tinytf": lambda x: getattr(tf, name)(x, axis=axis),
                   "torch": torch_impl},
                  bytes=4.0 * n)


def _numpy_softmax(x):
    """Stable softmax along the last axis: subtract the row max before exp."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_kernel(rng, rows, cols):
    """Row-wise softmax of a [rows, cols] matrix: reads it once, writes it once (ideally)."""
    return Kernel("softmax", f"{rows}x{cols}", [_normal(rng, (rows, cols))],
                  {"numpy": _numpy_softmax,
                   "tinytf": lambda x: tf.nn.softmax(x),
                   "torch": lambda x: _torch().softmax(x, dim=-1)},
                  bytes=2 * 4.0 * rows * cols)


def _numpy_sparse_xent(logits, labels):
    """-log_softmax(logits)[row, label], computed stably."""
    z = logits - logits.max(axis=-1, keepdims=True)
    log_softmax = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return -log_softmax[np.arange(len(labels)), labels.astype(np.int64)]


def sparse_xent_kernel(rng, rows, cols):
    """Training's loss: softmax cross-entropy of [rows, cols] logits against integer labels.

    tinytf's op is fused: one pass reads the logits and writes the loss and softmax - labels for the
    backward pass (8 bytes per element); NumPy and PyTorch compute the loss alone."""
    return Kernel("sparse_xent", f"{rows}x{cols}", [_normal(rng, (rows, cols)), rng.integers(0, cols, rows)],
                  {"numpy": _numpy_sparse_xent,
                   "tinytf": lambda x, y: tf.nn.sparse_softmax_cross_entropy_with_logits(y, x),
                   "torch": lambda x, y: _torch().nn.functional.cross_entropy(x, y, reduction="none")},
                  bytes=2 * 4.0 * rows * cols)


def call_overhead_kernel():
    """a + b on two 0-d float32 tensors: the fixed cost of one op called from Python
    (argument conversion, dispatch, allocation of the result), with no work to hide it."""
    return Kernel("a + b", "scalar", [np.array(1.5, dtype=np.float32), np.array(2.0, dtype=np.float32)],
                  {"numpy": lambda a, b: a + b, "tinytf": lambda a, b: a + b, "torch": lambda a, b: a + b})


def _tinytf_tape(v):
    with tf.GradientTape() as tape:
        y = v * v
    return tape.gradient(y, v)


def _torch_tape(v):
    y = v * v
    return _torch().autograd.grad(y, v)[0]


def tape_kernel():
    """One gradient-tape round trip on a scalar variable: record y = v * v, then dy/dv.

    Pure overhead (the arithmetic is one multiply): what a training step pays per
    recorded op. NumPy has no autodiff; its row is the derivative written by hand (2v)."""
    return Kernel("tape v*v", "scalar", [np.array(3.0, dtype=np.float32)],
                  {"numpy": lambda v: 2 * v, "tinytf": _tinytf_tape, "torch": _torch_tape},
                  setup={"tinytf": tf.Variable, "torch": lambda t: t.clone().requires_grad_(True)})


# ---- one optimizer step ----------------------------------------------------------------------
# RMSprop (lr 1e-3, rho 0.9, eps 1e-7) over the MNIST MLP's four variables (784x512, 512, 512x10, 10):
# the update `fit` runs after every batch. Each implementation keeps its state (variables, velocities)
# between calls; the first call, from zero velocities, is checked against NumPy in float64.
MLP_SHAPES = [(784, 512), (512,), (512, 10), (10,)]
RMSPROP = dict(lr=1e-3, rho=0.9, eps=1e-7)


class _NumpyRmsprop:
    """The reference: a per-variable loop of NumPy operations."""

    def __init__(self, packed):
        self.ws, self.gs = _unpack(packed)
        self.vs = [np.zeros_like(w) for w in self.ws]

    def step(self):
        lr, rho, eps = RMSPROP["lr"], RMSPROP["rho"], RMSPROP["eps"]
        for w, g, v in zip(self.ws, self.gs, self.vs):
            v *= rho
            v += (1 - rho) * g * g
            w -= lr * g / np.sqrt(v + eps)
        return self.ws[0]


class _TinytfRmsprop:
    """keras.optimizers.RMSprop: one fused C++ call per step (fused=True), or the same rule as a
    per-variable Python loop of tf ops (fused=False), what an optimizer written with ops costs."""

    def __init__(self, packed, fused):
        from tinytf import keras
        ws, gs = _unpack(np.asarray(packed))
        self.ws = [tf.Variable(w) for w in ws]
        self.gs = [tf.constant(g) for g in gs]
        self.fused = fused
        self.opt = keras.optimizers.RMSprop(RMSPROP["lr"], rho=RMSPROP["rho"], epsilon=RMSPROP["eps"])
        self.opt.build(self.ws)

    def step(self):
        if self.fused:
            self.opt.apply_gradients(zip(self.gs, self.ws))
            return self.ws[0]
        lr, rho, eps = RMSPROP["lr"], RMSPROP["rho"], RMSPROP["eps"]
        for w, g, v in zip(self.ws, self.gs, self.opt._velocities):
            v.assign(rho * v + (1 - rho) * tf.square(g))
            w.assign_sub(lr * g / tf.sqrt(v + eps))
        return self.ws[0]


class _TorchRmsprop:
    """torch.optim.RMSprop: foreach=True (its multi-tensor path) or a per-parameter loop."""

    def __init__(self, packed, foreach):
        torch = _torch()
        ws, gs = _unpack(packed.numpy())
        self.ws = [torch.nn.Parameter(torch.from_numpy(w.copy())) for w in ws]
        for w, g in zip(self.ws, gs):
            w.grad = torch.from_numpy(g.copy())
        self.opt = torch.optim.RMSprop(self.ws, lr=RMSPROP["lr"], alpha=RMSPROP["rho"], eps=RMSPROP["eps"],
                                       foreach=foreach)

    def step(self):
        self.opt.step()
        return self.ws[0].detach()


def _unpack(packed):
    """[w1, b1, w2, b2, g1, gb1, g2, gb2] from one flat array (inputs travel as one array)."""
    arrays, at = [], 0
    for shape in MLP_SHAPES * 2:
        n = int(np.prod(shape))
        arrays.append(packed[at:at + n].reshape(shape).copy())
        at += n
    return arrays[:4], arrays[4:]


def _numpy_rmsprop(state):
    return (state if isinstance(state, _NumpyRmsprop) else _NumpyRmsprop(state)).step()


def rmsprop_kernel(rng, fused):
    """One RMSprop step over the MLP: tinytf's fused update beside torch.optim.RMSprop(foreach=True),
    or (fused=False) both frameworks' per-variable loops. torch adds eps outside the square root
    (sqrt(v) + eps), Keras inside; the work is the same."""
    params = sum(int(np.prod(s)) for s in MLP_SHAPES)
    weights, grads = _normal(rng, (params,)), _normal(rng, (params,))
    grads += np.copysign(np.float32(0.01), grads)  # no |g| << sqrt(eps): there the two eps placements differ
    packed = np.concatenate([weights, grads])
    return Kernel("rmsprop", "MLP fused" if fused else "MLP per-var", [packed],
                  {"numpy": _numpy_rmsprop, "tinytf": lambda s: s.step(), "torch": lambda s: s.step()},
                  bytes=20.0 * params,
                  setup={"numpy": _NumpyRmsprop, "tinytf": lambda t: _TinytfRmsprop(t, fused),
                         "torch": lambda t: _TorchRmsprop(t, fused)})


def all_kernels(quick):
    """The benchmark list; --quick shrinks every size so the whole run takes seconds."""
    rng = np.random.default_rng(0)
    n_elem = 2**16 if quick else ELEMENTWISE_N
    sizes = (64, 128) if quick else (256, 512, 1024, 2048)
    kernels = [matmul_kernel(rng, n) for n in sizes]
    kernels += [matmul_reference_kernel(rng, n) for n in ((64,) if quick else (256, 1024))]
    kernels += [training_matmul_kernel(rng, *shape) for shape in MLP_PRODUCTS[:1 if quick else None]]
    kernels += [add_kernel(rng, n_elem), relu_kernel(rng, n_elem)]
    # Each reduction and the softmax with its reference row (kernels/reduce_reference.h) right below.
    kernels += with_reference(reduce_sum_kernel(rng, n_elem), "reduce")
    kernels += with_reference(reduce_kernel(rng, "reduce_mean", (n_elem,), None), "reduce")
    kernels += with_reference(reduce_kernel(rng, "reduce_max", (n_elem,), None), "reduce")
    kernels += with_reference(reduce_kernel(rng, "reduce_sum", (64, 1024) if quick else (4096, 4096), -1), "reduce")
    kernels += with_reference(reduce_kernel(rng, "reduce_sum", (32, 64) if quick else (128, 512), 0), "reduce")
    kernels += with_reference(softmax_kernel(rng, 64, 100) if quick else softmax_kernel(rng, 4096, 1000), "softmax")
    kernels.append(sparse_xent_kernel(rng, 64, 100) if quick else sparse_xent_kernel(rng, 4096, 1000))
    kernels += [call_overhead_kernel(), tape_kernel()]
    kernels += [rmsprop_kernel(rng, fused=True), rmsprop_kernel(rng, fused=False)]
    return kernels


# --------------------------------------------------------------------------
# Frameworks: how inputs are converted and what device/threads each one uses.
# --------------------------------------------------------------------------

_TORCH = None


def _torch():
    """The torch module, or None when it is not installed (or --no-torch)."""
    return _TORCH


def _load_torch(threads):
    global _TORCH
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
    _TORCH = torch
    return torch


def _numpy_threads():
    """OpenBLAS/MKL thread count: threadpoolctl if present, else the env var, else the core count."""
    try:
        import threadpoolctl
        counts = [p["num_threads"] for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
        if counts:
            return counts[0]
    except ImportError:
        pass
    for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return os.cpu_count()


def _numpy_blas():
    try:
        return np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # older NumPy: no dict mode
        return "blas"


def frameworks(use_torch):
    """Name -> (convert input array, device label, threads) for every framework available."""
    info = tf.build_info()
    out = {
        "tinytf": (tf.constant, f"CPU {info['simd']}", info["num_threads"]),
        "numpy": (lambda a: a, f"CPU {_numpy_blas()}", _numpy_threads()),
    }
    torch = _load_torch(info["num_threads"]) if use_torch else None
    if torch is not None:
        capability = torch.backends.cpu.get_cpu_capability().lower()
        out["torch"] = (torch.from_numpy, f"CPU {capability}", torch.get_num_threads())
    return out


def to_numpy(result):
    """Any framework's result as a float64 NumPy array (for the error check)."""
    if hasattr(result, "detach"):
        result = result.detach()
    return np.asarray(result.numpy() if hasattr(result, "numpy") else result, dtype=np.float64)


# --------------------------------------------------------------------------
# Timing.
# --------------------------------------------------------------------------

def time_fn(fn, args, min_time, repeat, warmup=2, warmup_time=0.1, min_calls=5):
    """Warm up (at least `warmup` calls and `warmup_time` seconds, so caches, page faults and the
    previous library's spinning worker threads are out of the way), then time each
    call until `repeat` calls if repeat is set, else until min_time seconds have
    passed (at least `min_calls` calls). Returns the list of per-call times in seconds."""
    start = time.perf_counter()
    for i in itertools.count():
        if i >= warmup and time.perf_counter() - start >= min(warmup_time, min_time):
            break
        fn(*args)
    times = []
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
        if repeat:
            if len(times) >= repeat:
                break
        elif len(times) >= min_calls and time.perf_counter() - start >= min_time:
            break
        if len(times) >= 100_000:
            break
    return times


TURNS = 4  # timing windows per implementation of a kernel, taken in turns (time_in_turns)


def time_in_turns(calls, min_time, repeat, turns=TURNS):
    """Times the implementations of one kernel ({impl: (fn, args)}) in turns: `turns` windows each,
    the implementations alternating, each round starting with the next one. This VM's speed drifts
    (up to 1.6x within an hour, BENCHMARKS.md); timed one after the other, a drift during a kernel's
    measurement falls on whichever library ran last, and moves the ratio. In turns it reaches every
    library alike. Each window warms up first (the first one as long as time_fn's default, the later
    ones briefly: the code and data are loaded by then). Returns {impl: per-call times}."""
    names = list(calls)
    times = {name: [] for name in names}
    for turn in range(turns):
        # --repeat N: exactly N calls in all, spread over the windows (0 = timed by min_time)
        window_calls = repeat // turns + (turn < repeat % turns) if repeat else 0
        if repeat and not window_calls:
            break
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            fn, args = calls[name]
            warm = {} if turn == 0 else {"warmup": 1, "warmup_time": 0.02}
            times[name] += time_fn(fn, args, min_time / turns, window_calls, min_calls=2, **warm)
    return times


def summarize(times):
    """median, min, max and the interquartile range as a percent of the median."""
    median = statistics.median(times)
    if len(times) >= 4:
        q1, _, q3 = statistics.quantiles(times, n=4)
    else:
        q1, q3 = min(times), max(times)
    return {"median_s": median, "min_s": min(times), "max_s": max(times),
            "iqr_pct": 100.0 * (q3 - q1) / median, "reps": len(times)}


def measure_peaks(quick, need_flops, min_time):
    """This machine's ceilings, measured by tinytf's own loops (cpp/tinytf/kernels/ceilings.h) at the
    active SIMD level on every thread, as the kernels run:
    - bandwidth: the best copy of a 16M float32 array (64 MiB read + 64 MiB written) split over the
      threads, i.e. the fastest streaming rate at the working-set size the elementwise kernels use;
    - compute: the best rate of a loop of independent FMAs in registers (no memory traffic), i.e. what
      the multipliers can do at most; a matmul can approach it, never pass it.
    """
    n = 2**16 if quick else ELEMENTWISE_N
    src, dst = np.ones(n, np.float32), np.zeros(n, np.float32)
    copy = min(time_fn(_core.stream_copy, (src, dst), min_time, 0))
    peaks = {"bandwidth_GBs": 2 * 4.0 * n / copy / 1e9, "compute_GFLOPs": None,
             "copy_MiB": 4 * n // MiB if n >= MiB else 4 * n / MiB}
    if need_flops:
        iterations = 10_000 if quick else 1_000_000
        flops = _core.fma_loop(iterations)
        best = min(time_fn(_core.fma_loop, (iterations,), min_time, 0))
        peaks["compute_GFLOPs"] = flops / best / 1e9
    return peaks


# --------------------------------------------------------------------------
# Running one kernel across frameworks.
# --------------------------------------------------------------------------

def run_kernel(kernel, fws, peaks, min_time, repeat):
    """Time `kernel` in every framework; return one record per framework."""
    reference = to_numpy(kernel.impls["numpy"](*[x.astype(np.float64) for x in kernel.inputs]))
    scale = max(float(np.abs(reference).max()), 1e-30)
    calls, errors = {}, {}
    for impl, (convert, device, threads) in fws.items():
        args = [convert(x) for x in kernel.inputs]
        if kernel.setup and impl in kernel.setup:
            args = [kernel.setup[impl](a) for a in args]
        fn = kernel.impls[impl]
        errors[impl] = float(np.abs(to_numpy(fn(*args)) - reference).max()) / scale
        calls[impl] = (fn, args)
    times = time_in_turns(calls, min_time, repeat)
    records = []
    for impl, (convert, device, threads) in fws.items():
        stats = summarize(times[impl])
        if kernel.flops:
            rate, unit, peak = kernel.flops / stats["median_s"] / 1e9, "GFLOP/s", peaks["compute_GFLOPs"]
        elif kernel.bytes:
            rate, unit, peak = kernel.bytes / stats["median_s"] / 1e9, "GB/s", peaks["bandwidth_GBs"]
        else:  # pure overhead (the tape round trip): only the time means something
            rate, unit, peak = None, "", None
        records.append(dict(kernel=kernel.name, size=kernel.size, impl=impl, device=device, threads=threads,
                            **stats, rate=rate, rate_unit=unit, flops=kernel.flops, bytes=kernel.bytes,
                            pct_peak=100.0 * rate / peak if peak and rate else None, rel_err=errors[impl]))
    medians = {r["impl"]: r["median_s"] for r in records}
    for r in records:  # speed ratio: >1 means this row is faster than the reference
        r["vs_numpy"] = medians["numpy"] / r["median_s"]
        r["vs_torch"] = medians["torch"] / r["median_s"] if "torch" in medians else None
    return records


# --------------------------------------------------------------------------
# Output.
# --------------------------------------------------------------------------

def _fmt_time(seconds):
    if seconds >= 1.0:
        return f"{seconds:8.3f} s "
    if seconds >= 1e-3:
        return f"{seconds * 1e3:8.3f} ms"
    return f"{seconds * 1e6:8.1f} us"


def _opt(value, fmt):
    return "-" if value is None else format(value, fmt)


COLUMNS = [  # header, width, how to format a record
    ("kernel", 15, lambda r: r["kernel"]),  # "reduce_mean ref"
    ("size", 17, lambda r: r["size"]),
    ("impl", 6, lambda r: r["impl"]),
    ("device", 18, lambda r: r["device"]),
    ("median", 11, lambda r: _fmt_time(r["median_s"])),
    ("iqr", 6, lambda r: f"{r['iqr_pct']:.1f}%"),
    ("reps", 5, lambda r: str(r["reps"])),
    ("rate", 16, lambda r: "-" if r['rate'] is None else f"{r['rate']:8.1f} {r['rate_unit']}"),
    ("%peak", 6, lambda r: _opt(r["pct_peak"], ".0f")),
    ("x numpy", 7, lambda r: f"{r['vs_numpy']:.2f}"),
    ("x torch", 7, lambda r: _opt(r["vs_torch"], ".2f")),
    ("err", 7, lambda r: f"{r['rel_err']:.0e}"),
]


def _row(cells):
    """Text columns (the first four) align left, numbers right."""
    return "  ".join(f"{c:<{w}}" if i < 4 else f"{c:>{w}}" for i, (c, (_, w, _)) in enumerate(zip(cells, COLUMNS)))


def print_table(records, header=True, out=sys.stdout):
    """A fixed-width table, one row per (kernel, framework), a blank line between kernels.
    With header=False, rows are appended to a table already started (so results stream)."""
    if header:
        line = _row([h for h, _, _ in COLUMNS])
        print(line + "\n" + "-" * len(line), file=out)
    previous = None
    for r in records:
        if (r["kernel"], r["size"]) != previous and (previous or not header):
            print(file=out)
        previous = (r["kernel"], r["size"])
        print(_row([f(r) for _, _, f in COLUMNS]), file=out)
    out.flush()


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def print_header(fws, peaks, out=sys.stdout):
    info = tf.build_info()
    print(f"tinytf-bench  tinytf {info['version']}  on {_cpu_model()}, {os.cpu_count()} logical CPUs", file=out)
    for name, (_, device, threads) in fws.items():
        version = {"tinytf": info["version"], "numpy": np.__version__}.get(name) or _torch().__version__
        print(f"  {name:<7}{version:<13}{device:<20}threads={threads}", file=out)
    where = f"{info['simd']}, {info['num_threads']} threads"
    print(f"  peak bandwidth {peaks['bandwidth_GBs']:7.1f} GB/s     (best copy of {peaks['copy_MiB']} MiB, read+write "
          f"bytes; {where})", file=out)
    if peaks["compute_GFLOPs"]:
        print(f"  peak compute   {peaks['compute_GFLOPs']:7.1f} GFLOP/s  (best float32 FMA loop in registers; {where})",
              file=out)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    busy = "  <- other processes are using the cores: expect noisy figures" if load > 0.5 else ""
    print(f"  load average   {load:7.2f}{busy}", file=out)
    print(file=out)


FOOTNOTE = """\
median: of `reps` timed calls, in 4 windows per library taken in turns (so a drift of the machine's speed
        reaches every library alike), each after a warm-up; iqr: interquartile range / median.
rate: matmul 2*m*k*n FLOPs / median (m x k x n); others bytes / median with the byte model
      add 12 B/elem (2 reads + 1 write), relu 8, reduce_sum/mean/max 4 (any axis), softmax 8 (1 read + 1 write),
      sparse_xent 8 (logits read, softmax - labels written),
      rmsprop 20 B/parameter (w, g, velocity read; w, velocity written).
%peak: rate / the measured peak above (>100% is possible: reads alone can beat copy).
x numpy, x torch: speed of this row / speed of the reference (>1 = this row is faster).
"ref" rows: the same kernel and size with tinytf's reference loop (tf.config.set_kernel_variant).
err: max |out - ref| / max |ref|, ref = NumPy in float64."""


# --------------------------------------------------------------------------
# Command line.
# --------------------------------------------------------------------------

DESCRIPTION = """\
Times tinytf's kernels (matmul, elementwise, reductions, softmax, the cross-entropy, the
per-op and per-tape overhead) beside NumPy and PyTorch on the same inputs, in one run, and
does the napkin math: GFLOP/s or GB/s, percent of this machine's measured peak, the speed
ratio to each reference, and the error against a float64 NumPy result."""

EPILOG = """\
examples:
  tinytf-bench                        everything, about a minute
  tinytf-bench --filter matmul        only the matmuls
  tinytf-bench --filter add,relu      two kernels
  tinytf-bench --simd avx2            the CPU kernels compiled for AVX2
  tinytf-bench --quick --json         tiny sizes, machine-readable records
  tinytf-bench --group train          fit/predict of the MNIST MLP and convnet beside PyTorch, Keras

Each kernel family's napkin math and recorded figures: docs/kernels/ and BENCHMARKS.md."""


def parse_args(argv):
    p = argparse.ArgumentParser(prog="tinytf-bench", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--filter", action="append", default=[], metavar="SUBSTR",
                   help="only kernels whose 'name size' contains SUBSTR (repeatable, or a comma list)")
    p.add_argument("--json", action="store_true", help="print a JSON list of records instead of the table")
    p.add_argument("--repeat", type=int, default=0, metavar="N", help="exactly N timed calls per kernel")
    p.add_argument("--min-time", type=float, default=0.5, metavar="S",
                   help="time each kernel for at least S seconds (default 0.5; ignored with --repeat)")
    p.add_argument("--quick", action="store_true", help="tiny sizes and short timings: a smoke test")
    p.add_argument("--simd", choices=["avx512", "avx2", "portable"],
                   help="force tinytf's CPU kernels to this SIMD level first")
    p.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    p.add_argument("--group", choices=["kernels", "train", "all"], default="kernels",
                   help="kernels (default): the table above; train: fit and predict of the MNIST MLP and "
                        "convnet beside PyTorch and Keras (a few minutes); all: both")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.simd:
        _core.set_simd_level(args.simd)
    records = []
    if args.group in ("kernels", "all"):
        records += run_kernels(args)
    if args.group in ("train", "all"):
        from tinytf import bench_train  # whole training runs, one process per framework

        if not args.json and records:
            print()
        records += bench_train.run(quick=args.quick, use_torch=not args.no_torch, as_json=args.json)
    if args.json:
        json.dump(records, sys.stdout, indent=1)
        print()
    return 0


def run_kernels(args):
    """The kernel table (printed unless --json); returns its records."""
    min_time = 0.02 if args.quick and args.min_time == 0.5 else args.min_time
    patterns = [s.strip() for f in args.filter for s in f.split(",") if s.strip()]

    kernels = [k for k in all_kernels(args.quick)
               if not patterns or any(p in f"{k.name} {k.size}" for p in patterns)]
    fws = frameworks(use_torch=not args.no_torch)
    peaks = measure_peaks(args.quick, any(k.flops for k in kernels), min_time)
    if not args.json:
        print_header(fws, peaks)

    records = []
    for kernel in kernels:
        rows = run_kernel(kernel, fws, peaks, min_time, args.repeat)
        records += rows
        if not args.json:
            print_table(rows, header=len(records) == len(rows))

    if args.json:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        for r in records:
            r.update(peak_bandwidth_GBs=peaks["bandwidth_GBs"], peak_compute_GFLOPs=peaks["compute_GFLOPs"],
                     load_avg=load)
    else:
        print()
        print(FOOTNOTE)
    return records


if __name__ == "__main__":
    sys.exit(main())
