"""The CUDA kernels of cuda/, run on the CPU under the emulation layer.

tests/cuda_emu/cuda_emu.h lets the unmodified kernel sources compile with g++:
one fiber per CUDA thread, blocks one after another, checked shared memory,
emulated warp collectives (docs/cuda.md). This file

* builds the kernels + tests/cuda_emu/driver.cpp twice: plainly, and under
  AddressSanitizer + UBSan (cached under build/cuda_emu/, keyed by a hash of
  every source involved, so only the first run of a session pays for it);
* runs every kernel family through the launcher API (cuda/launch.h) on small
  shapes, ragged ones included, with NumPy computing the expected values,
  under three thread schedules (forward, reverse, random);
* checks that outputs outside the written view stay untouched (no stray
  writes) and that random numbers equal the CPU kernel's bit for bit;
* checks the emulation layer itself (shuffles, votes, atomics, barriers) and
  that it catches seeded bugs: a missing __syncthreads, an out-of-bounds
  shared write, a divergent barrier, uninitialised shared memory, a shuffle
  naming an exited lane, an out-of-bounds global write (AddressSanitizer);
* drops each __syncthreads of the real kernels in turn and checks the
  emulation notices (a race report, or wrong results): every barrier is needed
  and the detector is sharp enough to see it go.

Selected by ``pytest -k "cuda or emul or sim"``; skipped when g++ is missing.
"""
import concurrent.futures
import hashlib
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
CUDA = ROOT / "cuda"
EMU = ROOT / "tests" / "cuda_emu"
CXX = shutil.which(os.environ.get("CXX", "g++")) or shutil.which("g++")
SCHEDULES = ("forward", "reverse", "random")
ERROR_EXIT = 86  # cuda_emu.h's exit status for a detected bug

pytestmark = pytest.mark.skipif(CXX is None, reason="the CUDA emulation tests need g++ (not found on PATH)")

# ---- building --------------------------------------------------------------------------------

# The kernel units; runtime.cu only wraps the CUDA runtime (memory, copies) and has no kernels to emulate.
KERNEL_UNITS = sorted(p for p in CUDA.glob("*.cu") if p.name != "runtime.cu")
TEST_UNITS = [EMU / "driver.cpp", EMU / "emu_checks.cpp"]
FLAGS = ["-std=c++17", f"-I{ROOT / 'cpp'}", f"-I{CUDA}", f"-I{EMU}", "-Wall", "-Wextra", "-Werror",
         "-Wno-unknown-pragmas"]
VARIANTS = {
    "plain": ["-O1"],
    # -O0 halves the compile time of the sanitized build; the cases are small.
    "asan": ["-O0", "-g", "-fsanitize=address,undefined,float-cast-overflow", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"],
}


def _source_hash():
    h = hashlib.sha256()
    files = sorted(CUDA.glob("*")) + sorted(EMU.glob("*")) + sorted((ROOT / "cpp" / "tinytf" / "kernels").glob("*.h"))
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    h.update(" ".join(FLAGS).encode())
    h.update(CXX.encode())
    return h.hexdigest()[:16]


def _compile(args):
    cmd, out = args
    tmp = out.with_suffix(".tmp.o")
    proc = subprocess.run(cmd + ["-o", str(tmp)], capture_output=True, text=True)
    if proc.returncode != 0:
        return f"{' '.join(cmd)}\n{proc.stderr}"
    tmp.replace(out)
    return None


def _build(variant):
    """Compiles (or finds in the cache) the driver for a variant; returns its path."""
    out_dir = ROOT / "build" / "cuda_emu" / f"{variant}-{_source_hash()}"
    exe = out_dir / "cuda_emu_driver"
    if exe.exists():
        return exe
    out_dir.mkdir(parents=True, exist_ok=True)
    flags = FLAGS + VARIANTS[variant]
    jobs = []
    for src in KERNEL_UNITS:  # the .cu files, as C++ with the emulation header forced in first
        jobs.append(([CXX] + flags + ["-x", "c++", "-include", "cuda_emu.h", "-c", str(src)], out_dir / f"{src.stem}.o"))
    for src in TEST_UNITS:
        jobs.append(([CXX] + flags + ["-c", str(src)], out_dir / f"{src.stem}.o"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:  # two cores
        errors = [e for e in pool.map(_compile, jobs) if e]
    if errors:
        pytest.fail("building the CUDA emulation failed:\n" + "\n".join(errors)[:8000])
    tmp = out_dir / "cuda_emu_driver.tmp"
    link = subprocess.run([CXX] + VARIANTS[variant] + [str(o) for _, o in jobs] + ["-o", str(tmp)],
                          capture_output=True, text=True)
    if link.returncode != 0:
        pytest.fail("linking the CUDA emulation failed:\n" + link.stderr[:8000])
    tmp.replace(exe)
    return exe


@pytest.fixture(scope="session")
def emu_driver():
    return _build("plain")


@pytest.fixture(scope="session")
def emu_asan_driver():
    return _build("asan")


def _run(driver, case_lines, workdir, schedule="forward", seed=1, extra_env=None):
    workdir.mkdir(parents=True, exist_ok=True)
    case_file = workdir / f"cases-{schedule}.txt"
    case_file.write_text("\n".join(case_lines) + "\n")
    env = dict(os.environ, CUDA_EMU_SCHEDULE=schedule, CUDA_EMU_SEED=str(seed), CUDA_EMU_SMS="1",
               ASAN_OPTIONS="detect_leaks=0:abort_on_error=0", UBSAN_OPTIONS="print_stacktrace=1")
    env.update(extra_env or {})
    return subprocess.run([str(driver), str(case_file)], capture_output=True, text=True, env=env, timeout=300)


# ---- cases: inputs written with NumPy, expected values computed with NumPy ------------------------

DT = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i64": np.int64, "b8": np.bool_}
FLOAT, INT = ("f32", "f64"), ("i32", "i64")
NUMERIC = FLOAT + INT
RTOL = {"f32": 2e-6, "f64": 1e-13}
SENTINEL = {"f32": -7777.0, "f64": -7777.0, "i32": -7777, "i64": -7777, "b8": True}

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _gelu(x):
    return 0.5 * x * (1 + _erf(x * 0.70710678118654752440))


UNARY = {  # name: (dtypes, reference in float64, input domain)
    "identity": (NUMERIC + ("b8",), lambda x: x, None),
    "negative": (NUMERIC, np.negative, None),
    "abs": (NUMERIC, np.abs, None),
    "sign": (NUMERIC, np.sign, None),
    "square": (NUMERIC, np.square, None),
    "relu": (NUMERIC, lambda x: np.maximum(x, 0), None),
    "sqrt": (FLOAT, np.sqrt, "positive"),
    "rsqrt": (FLOAT, lambda x: 1 / np.sqrt(x), "positive"),
    "exp": (FLOAT, np.exp, None),
    "log": (FLOAT, np.log, "positive"),
    "log1p": (FLOAT, np.log1p, "positive"),
    "expm1": (FLOAT, np.expm1, None),
    "erf": (FLOAT, _erf, None),
    "tanh": (FLOAT, np.tanh, None),
    "reciprocal": (FLOAT, lambda x: 1 / x, "nonzero"),
    "sigmoid": (FLOAT, lambda x: 1 / (1 + np.exp(-x)), None),
    "softplus": (FLOAT, lambda x: np.logaddexp(0, x), None),
    "elu": (FLOAT, lambda x: np.where(x > 0, x, np.expm1(x)), None),
    "selu": (FLOAT, lambda x: 1.0507009873554804934193349852946 * np.where(
        x > 0, x, 1.6732632423543772848170429916717 * np.expm1(x)), None),
    "gelu": (FLOAT, _gelu, None),
    "gelu_tanh": (FLOAT, lambda x: 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3))), None),
    "leaky_relu": (FLOAT, lambda x: np.where(x > 0, x, 0.2 * x), None),
    "logical_not": (("b8",), np.logical_not, None),
}


PREDICATES = {"is_nan": np.isnan, "is_inf": np.isinf, "is_finite": np.isfinite}  # floats in, bools out


def _floormod(a, b):
    r = np.fmod(a, b)
    return np.where((r != 0) & ((r < 0) != (b < 0)), r + b, r)


def _floordiv(a, b, dt):
    if dt in FLOAT:
        return np.floor(a / b)
    return (a - _floormod(a, b)) // b


BINARY = {  # name: (dtypes, reference, output bool?, domain of b)
    "add": (NUMERIC, lambda a, b, dt: a + b, False, None),
    "subtract": (NUMERIC, lambda a, b, dt: a - b, False, None),
    "multiply": (NUMERIC, lambda a, b, dt: a * b, False, None),
    "maximum": (NUMERIC, lambda a, b, dt: np.maximum(a, b), False, None),
    "minimum": (NUMERIC, lambda a, b, dt: np.minimum(a, b), False, None),
    "floordiv": (NUMERIC, _floordiv, False, "nonzero"),
    "floormod": (NUMERIC, lambda a, b, dt: _floormod(a, b), False, "nonzero"),
    "pow": (NUMERIC, lambda a, b, dt: np.power(a, b), False, "pow"),
    "divide": (FLOAT, lambda a, b, dt: a / b, False, "nonzero"),
    "div_no_nan": (FLOAT, lambda a, b, dt: np.divide(a, b, out=np.zeros_like(a), where=b != 0), False, None),
    "equal": (NUMERIC + ("b8",), lambda a, b, dt: a == b, True, None),
    "not_equal": (NUMERIC + ("b8",), lambda a, b, dt: a != b, True, None),
    "less": (NUMERIC, lambda a, b, dt: a < b, True, None),
    "less_equal": (NUMERIC, lambda a, b, dt: a <= b, True, None),
    "greater": (NUMERIC, lambda a, b, dt: a > b, True, None),
    "greater_equal": (NUMERIC, lambda a, b, dt: a >= b, True, None),
    "logical_and": (("b8",), lambda a, b, dt: a & b, True, None),
    "logical_or": (("b8",), lambda a, b, dt: a | b, True, None),
}

# Shapes for elementwise cases: 0-d, size 0, ragged lengths (not a multiple of
# any pack width), and one long enough that the capped grid loops (grid-stride).
EW_SHAPES = [(), (0,), (1,), (7,), (3, 5), (2, 3, 5), (33, 31), (5003,)]


class Cases:
    """Collects driver cases, their input files and their checks."""

    def __init__(self, workdir, seed=0):
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.lines, self.checks = [], {}
        self.rng = np.random.default_rng(seed)
        self.count = 0

    def _file(self, name, array):
        path = self.dir / name
        np.ascontiguousarray(array).tofile(path)
        return path

    def values(self, shape, dt, domain=None):
        n = int(np.prod(shape))
        if dt == "b8":
            return self.rng.random(n).reshape(shape) < 0.5
        if dt in INT:
            lo, hi = {"nonzero": (1, 9), "pow": (0, 5), "positive": (1, 50)}.get(domain, (-50, 50))
            v = self.rng.integers(lo, hi, size=n)
            if domain == "nonzero":
                v = v * self.rng.choice([-1, 1], size=n)
            return v.astype(DT[dt]).reshape(shape)
        v = self.rng.standard_normal(n) * 2
        if domain == "positive":
            v = np.abs(v) + 0.1
        elif domain == "nonzero":
            v = np.where(np.abs(v) < 0.1, 0.5, v)
        elif domain == "pow":
            v = self.rng.uniform(-2, 2, n)
        elif domain == "special":  # NaN, infinities and -0.0 among ordinary numbers
            v = np.where(self.rng.random(n) < 0.4, self.rng.choice([np.nan, np.inf, -np.inf, -0.0], n), v)
        return v.astype(DT[dt]).reshape(shape)

    def operand(self, shape, dt, kind, domain=None):
        """A view of `shape` inside a flat buffer: (buffer, offset, strides, view)."""
        n = int(np.prod(shape))
        rank = len(shape)
        c_strides = [int(np.prod(shape[d + 1:])) for d in range(rank)]
        if kind == "offset":  # misaligned start: no 16-byte packs
            buf = self.values((n + 1,), dt, domain)
            off, strides = 1, c_strides
        elif kind == "strided":  # every other element
            buf = self.values((2 * n + 1,), dt, domain)
            off, strides = 0, [2 * s for s in c_strides]
        elif kind == "transposed" and rank >= 2:
            perm = list(range(rank))[::-1]
            tshape = [shape[p] for p in perm]
            buf = self.values((n,), dt, domain)
            t_strides = [int(np.prod(tshape[d + 1:])) for d in range(rank)]
            strides = [0] * rank
            for d, p in enumerate(perm):
                strides[p] = t_strides[d]
            off = 0
        elif kind == "bcast" and rank >= 1:  # the leading dimensions broadcast (stride 0)
            small = list(shape)
            small[0] = 1
            m = int(np.prod(small))
            buf = self.values((max(m, 1),), dt, domain)
            s_strides = [int(np.prod(small[d + 1:])) for d in range(rank)]
            strides = [0] + s_strides[1:]
            off = 0
        elif kind == "scalar":
            buf = self.values((1,), dt, domain)
            off, strides = 0, [0] * rank
        else:
            buf = self.values((max(n, 1),), dt, domain)
            off, strides = 0, c_strides
        item = buf.dtype.itemsize
        view = np.lib.stride_tricks.as_strided(buf[off:] if buf.size > off else buf, shape,
                                               [s * item for s in strides])
        return buf, off, strides, view

    def add(self, family, line, check):
        cid = f"{family}.{self.count}"
        self.count += 1
        self.lines.append(f"id={cid} {line}")
        self.checks[cid] = check
        return cid

    # ---- elementwise ----
    def elementwise(self, kind, op, dt, out_dt, shape, in_kinds, out_kind, ref, domains=(None, None, None)):
        cid = f"ew{self.count}"
        ins = []
        for k, (ik, dom) in enumerate(zip(in_kinds, domains)):
            idt = "b8" if (kind == "where" and k == 0) else dt
            ins.append(self.operand(shape, idt, ik, dom))
        n = int(np.prod(shape))
        rank = len(shape)
        c_strides = [int(np.prod(shape[d + 1:])) for d in range(rank)]
        if out_kind == "transposed" and rank >= 2:
            perm = list(range(rank))[::-1]
            tshape = [shape[p] for p in perm]
            t_strides = [int(np.prod(tshape[d + 1:])) for d in range(rank)]
            o_strides = [0] * rank
            for d, p in enumerate(perm):
                o_strides[p] = t_strides[d]
            o_off, o_size = 0, n
        elif out_kind == "offset":
            o_strides, o_off, o_size = c_strides, 3, n + 5
        else:
            o_strides, o_off, o_size = c_strides, 0, n
        out_buf = np.full(max(o_size, 1), SENTINEL[out_dt], dtype=DT[out_dt])
        out_path = f"{cid}.out"
        self._file(out_path, out_buf)
        words = [f"kind={kind}", f"op={op}", f"dtype={dt}", f"out_dtype={out_dt}",
                 "shape=" + ",".join(map(str, shape)), "s0=" + ",".join(map(str, o_strides)), f"o0={o_off}"]
        for k, (buf, off, strides, _) in enumerate(ins, start=1):
            words += [f"in{k}={self._file(f'{cid}.in{k}', buf)}", f"s{k}=" + ",".join(map(str, strides)), f"o{k}={off}"]
        words.append(f"out=OUTDIR/{out_path}")
        expected = ref(*[np.asarray(v) for *_, v in ins])

        def check(outdir):
            got_buf = np.fromfile(outdir / out_path, dtype=DT[out_dt])
            item = got_buf.dtype.itemsize
            got = np.lib.stride_tricks.as_strided(got_buf[o_off:] if got_buf.size > o_off else got_buf, shape,
                                                  [s * item for s in o_strides])
            mask = np.ones(got_buf.shape, bool)
            idx = np.lib.stride_tricks.as_strided(np.arange(got_buf.size)[o_off:] if got_buf.size > o_off
                                                  else np.arange(got_buf.size), shape,
                                                  [s * 8 for s in o_strides])
            mask[idx.ravel()] = False
            if n == 0:
                mask[:] = True
            assert (got_buf[mask] == SENTINEL[out_dt]).all(), "elements outside the output view were written"
            _compare(got, np.asarray(expected).astype(DT[out_dt]), out_dt)

        self.add(kind, " ".join(words), check)

    def copy_out(self, cid_prefix, out_dt, size, fill=None):
        name = f"{cid_prefix}.out"
        buf = np.full(max(size, 1), SENTINEL[out_dt] if fill is None else fill, dtype=DT[out_dt])
        self._file(name, buf)
        return name


def _compare(got, expected, dt):
    if dt in FLOAT:
        np.testing.assert_allclose(got, expected, rtol=RTOL[dt] * 5, atol=RTOL[dt], equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)


def _build_cases(workdir):
    c = Cases(workdir)
    # unary ops, each dtype, several layouts
    layouts = [("contig", "contig"), ("transposed", "contig"), ("offset", "offset"), ("strided", "transposed")]
    for op, (dtypes, ref, domain) in UNARY.items():
        for dt in dtypes:
            for i, shape in enumerate(EW_SHAPES):
                ik, ok = layouts[(i + len(op)) % len(layouts)]
                c.elementwise("unary", op, dt, dt, shape, [ik], ok,
                              lambda x, ref=ref, dt=dt: ref(x.astype(np.float64) if dt in FLOAT else x),
                              domains=(domain,))
    for op, ref in PREDICATES.items():
        for dt in FLOAT:
            for i, shape in enumerate(EW_SHAPES):
                ik, ok = layouts[(i + len(op)) % len(layouts)]
                c.elementwise("unary", op, dt, "b8", shape, [ik], ok, ref, domains=("special",))
    # binary ops with broadcasting and scalars
    pairs = [("contig", "contig", "contig"), ("contig", "scalar", "contig"), ("scalar", "contig", "offset"),
             ("bcast", "transposed", "contig"), ("strided", "bcast", "transposed"), ("offset", "offset", "contig")]
    for op, (dtypes, ref, boolean, domain) in BINARY.items():
        for dt in dtypes:
            for i, shape in enumerate(EW_SHAPES):
                ak, bk, ok = pairs[(i + len(op) + len(dt)) % len(pairs)]
                c.elementwise("binary", op, dt, "b8" if boolean else dt, shape, [ak, bk], ok,
                              lambda a, b, ref=ref, dt=dt: ref(a.astype(np.float64), b.astype(np.float64), dt)
                              if dt in FLOAT and not boolean else ref(a, b, dt),
                              domains=(("positive" if dt in FLOAT else "pow") if op == "pow" else None, domain))
    # casts between every pair of dtypes
    for src in NUMERIC + ("b8",):
        for dst in NUMERIC + ("b8",):
            shape = (5, 7)
            c.elementwise("cast", "cast", src, dst, shape, ["transposed" if src == dst else "contig"], "contig",
                          lambda x, dst=dst: x.astype(DT[dst]))
    for dt in NUMERIC + ("b8",):
        c.elementwise("where", "where", dt, dt, (4, 6), ["bcast", "contig", "scalar"], "contig",
                      lambda cond, x, y: np.where(cond, x, y))
        c.elementwise("where", "where", dt, dt, (3, 1, 5), ["contig", "transposed", "contig"], "offset",
                      lambda cond, x, y: np.where(cond, x, y))
    # fill: aligned and misaligned starts, ragged lengths
    for dt in NUMERIC + ("b8",):
        for n, off in ((0, 0), (1, 0), (37, 0), (37, 1), (5003, 3)):
            name = c.copy_out(f"fill{c.count}", dt, n + off + 2)
            value = 1 if dt == "b8" else 3

            def check(outdir, name=name, dt=dt, n=n, off=off, value=value):
                got = np.fromfile(outdir / name, dtype=DT[dt])
                exp = np.full(max(n + off + 2, 1), SENTINEL[dt], dtype=DT[dt])
                exp[off:off + n] = value
                np.testing.assert_array_equal(got, exp)
            c.add("fill", f"kind=fill dtype={dt} n={n} o0={off} value={value} out=OUTDIR/{name}", check)

    _gemm_cases(c)
    _row_cases(c)
    _xent_cases(c)
    _indexing_cases(c)
    _conv_cases(c)
    _max_pool_cases(c)
    _random_cases(c)
    _update_cases(c)
    _sort_cases(c)
    return c


def _gemm_cases(c):
    # (m, n, k): empty, k = 0, 1-sized, ragged around the 16/64 tiles, several k-tiles
    sizes = [(0, 5, 3), (4, 0, 3), (3, 4, 0), (1, 1, 1), (5, 7, 3), (17, 15, 33), (64, 64, 16), (65, 70, 50),
             (100, 33, 47)]
    for version in (1, 2, 3):
        for i, (m, n, k) in enumerate(sizes):
            for dt in (("f32", "f64", "i32", "i64")[(i + version) % 4], "f32"):
                ta, tb = (i % 2 == 1), (i % 3 == 2)
                a = c.values((m, k), dt)
                b = c.values((k, n), dt)
                if dt in INT:
                    a, b = a % 7, b % 7
                a_buf = np.ascontiguousarray(a.T if ta else a).ravel()
                b_buf = np.ascontiguousarray(b.T if tb else b).ravel()
                a_rs, a_cs = (1, m) if ta else (k, 1)
                b_rs, b_cs = (1, k) if tb else (n, 1)
                c_rs = n + 2  # padded rows in C
                name = c.copy_out(f"gemm{c.count}", dt, m * c_rs)
                pa = c._file(f"gemm{c.count}.a", a_buf if a_buf.size else np.zeros(1, DT[dt]))
                pb = c._file(f"gemm{c.count}.b", b_buf if b_buf.size else np.zeros(1, DT[dt]))
                expected = (a.astype(np.float64) @ b.astype(np.float64)) if dt in FLOAT else a @ b

                def check(outdir, name=name, dt=dt, m=m, n=n, c_rs=c_rs, expected=expected, k=k):
                    got = np.fromfile(outdir / name, dtype=DT[dt])
                    if m == 0:
                        return
                    full = got[:m * c_rs].reshape(m, c_rs)
                    assert (full[:, n:] == SENTINEL[dt]).all(), "gemm wrote into the padding of C"
                    if dt in FLOAT:
                        tol = 1e-5 * max(k, 1) if dt == "f32" else 1e-12 * max(k, 1)
                        np.testing.assert_allclose(full[:, :n], expected, rtol=tol, atol=tol)
                    else:
                        np.testing.assert_array_equal(full[:, :n], expected)
                c.add("gemm", f"kind=gemm dtype={dt} m={m} n={n} k={k} a_rs={a_rs} a_cs={a_cs} b_rs={b_rs} "
                              f"b_cs={b_cs} c_rs={c_rs} version={version} in1={pa} in2={pb} out=OUTDIR/{name}", check)


# Row shapes reach every version: warp per row (cols <= 1024), block per row
# (cols > 1024, rows >= 4 with one emulated SM; 40 rows > the 32-block grid,
# so blocks loop), and split rows (few long rows: partials then a combine).
ROW_SHAPES = [(0, 5), (1, 1), (3, 0), (7, 33), (70, 10), (40, 1100), (1, 20000), (2, 9000), (3, 5000)]


COLUMN_SHAPES = [(0, 5), (5, 0), (1, 1), (7, 33), (300, 3), (130, 70), (20, 5000)]


def _row_cases(c):
    def ref_reduce(op, x, dt):
        rows, cols = x.shape
        if dt in FLOAT:
            x64 = x.astype(np.float64)
            if op in ("max", "min") and cols == 0:
                return np.full(rows, -np.inf if op == "max" else np.inf)
            return {"sum": x64.sum(1), "prod": x64.prod(1), "max": x.max(1, initial=-np.inf) if cols else None,
                    "min": x.min(1, initial=np.inf) if cols else None,
                    "mean": x64.sum(1) / cols if cols else np.full(rows, np.nan)}[op]
        info = np.iinfo(DT[dt])
        if op == "max":
            return x.max(1, initial=info.min)
        if op == "min":
            return x.min(1, initial=info.max)
        if op == "mean":
            s = x.astype(np.int64).sum(1)
            return np.zeros(rows, np.int64) if cols == 0 else np.sign(s) * (np.abs(s) // cols)
        return {"sum": x.sum(1, dtype=DT[dt]), "prod": x.prod(1, dtype=DT[dt])}[op]

    def _cancellation_atol(op, x, dt):
        """A sum's rounding error is bounded by the sum of the |terms|, not by the result: where terms
        cancel (a row summing to -0.0016 from terms of size 1), only an absolute tolerance holds."""
        if op not in ("sum", "mean") or dt not in FLOAT or x.size == 0:
            return 0.0
        scale = np.abs(x.astype(np.float64)).sum(1)
        return float(RTOL[dt] * 5 * (scale / x.shape[1] if op == "mean" else scale).max())

    # Column reductions (axis=0, reduce_columns): one pass with a thread per
    # column, or row chunks and a combine when the columns are too few (300x3,
    # 130x70 with two emulated SMs); 20x5000 has more columns than the grid.
    def reduce_input(op, rows, cols, dt):
        if op == "prod":  # values near 1 (floats) or in {-1, 1} (ints) so products stay finite/exact
            return (1 + c.rng.uniform(-0.001, 0.001, (rows, cols))).astype(DT[dt]) if dt in FLOAT else \
                c.rng.choice(np.array([1, 1, 1, -1], DT[dt]), (rows, cols))
        return c.values((rows, cols), dt)

    def reduce_check(op, x_rows, dt, name):
        """The check of an output file holding op over each row of x_rows (one value per row)."""
        n, expected, atol = x_rows.shape[0], ref_reduce(op, x_rows, dt), _cancellation_atol(op, x_rows, dt)

        def check(outdir):
            got = np.fromfile(outdir / name, dtype=DT[dt])[:n]
            if dt in FLOAT:
                np.testing.assert_allclose(got, np.asarray(expected).astype(DT[dt]), rtol=RTOL[dt] * 5,
                                           atol=atol, equal_nan=True)
            else:
                np.testing.assert_array_equal(got, expected)
        return check

    for i, (rows, cols) in enumerate(COLUMN_SHAPES):
        for j, op in enumerate(("sum", "mean", "prod", "max", "min")):
            dt = NUMERIC[(i + j) % 4]
            x = reduce_input(op, rows, cols, dt)
            if op in ("max", "min") and dt in FLOAT and x.size > 1:
                x[rows // 2, cols // 2] = np.nan  # NaN wins
            px = c._file(f"col{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
            name = c.copy_out(f"col{c.count}", dt, cols)
            c.add("reduce", f"kind=reduce op={op} dtype={dt} rows={rows} cols={cols} axis=0 in1={px} "
                            f"out=OUTDIR/{name}", reduce_check(op, np.ascontiguousarray(x.T), dt, name))

    for i, (rows, cols) in enumerate(ROW_SHAPES):
        for j, op in enumerate(("sum", "mean", "prod", "max", "min")):
            dt = NUMERIC[(i + j) % 4]
            x = reduce_input(op, rows, cols, dt)
            px = c._file(f"red{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
            name = c.copy_out(f"red{c.count}", dt, rows)
            c.add("reduce", f"kind=reduce op={op} dtype={dt} rows={rows} cols={cols} in1={px} out=OUTDIR/{name}",
                  reduce_check(op, x, dt, name))
        # argmax / argmin: ties (small integers) and NaN rows
        for op in ("argmax", "argmin"):
            if cols == 0:
                continue
            dt = NUMERIC[i % 4]
            x = c.values((rows, cols), dt)
            if dt in INT:
                x = (x % 5).astype(DT[dt])
            elif rows > 1:
                x[rows // 2, cols // 2] = np.nan
            idt = ("i32", "i64")[i % 2]
            px = c._file(f"arg{c.count}.x", x)
            name = c.copy_out(f"arg{c.count}", idt, rows)
            expected = (np.argmax if op == "argmax" else np.argmin)(x, axis=1)

            def check(outdir, name=name, idt=idt, rows=rows, expected=expected):
                np.testing.assert_array_equal(np.fromfile(outdir / name, dtype=DT[idt])[:rows], expected)
            c.add("argreduce", f"kind=argreduce op={op} dtype={dt} index_dtype={idt} rows={rows} cols={cols} "
                               f"in1={px} out=OUTDIR/{name}", check)
        # softmax / log_softmax
        if rows * cols <= 50000:
            for op in ("softmax", "log_softmax"):
                dt = FLOAT[(i + len(op)) % 2]
                x = (c.values((rows, cols), "f64") * 5).astype(DT[dt])
                px = c._file(f"sm{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
                name = c.copy_out(f"sm{c.count}", dt, rows * cols)
                x64 = x.astype(np.float64)
                z = x64 - (x64.max(1, keepdims=True) if cols else 0)
                lse = np.log(np.exp(z).sum(1, keepdims=True))
                expected = z - lse if op == "log_softmax" else np.exp(z - lse)

                def check(outdir, name=name, dt=dt, n=rows * cols, expected=expected):
                    got = np.fromfile(outdir / name, dtype=DT[dt])[:n]
                    np.testing.assert_allclose(got, expected.ravel(), rtol=RTOL[dt] * 20, atol=RTOL[dt] * 5)
                c.add("softmax", f"kind=softmax op={op} dtype={dt} rows={rows} cols={cols} in1={px} "
                                 f"out=OUTDIR/{name}", check)


def _xent_cases(c):
    """The fused cross-entropies on rows that reach both versions (warp per row, block per row)."""
    for i, (rows, cols) in enumerate(ROW_SHAPES):
        if rows * cols > 50000:
            continue
        dt = FLOAT[i % 2]
        x = (c.values((rows, cols), "f64") * 5).astype(DT[dt])
        x64 = x.astype(np.float64)
        z = x64 - (x64.max(1, keepdims=True) if cols else 0)
        with np.errstate(divide="ignore"):  # rows without classes: log(0), unused
            log_softmax = z - np.log(np.exp(z).sum(1, keepdims=True))
        px = c._file(f"xe{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
        tol = dict(rtol=RTOL[dt] * 50, atol=RTOL[dt] * 20)

        y = c.rng.random((rows, cols)).astype(DT[dt])
        y /= np.maximum(y.sum(1, keepdims=True), 1e-3)
        py = c._file(f"xe{c.count}.y", y if y.size else np.zeros(1, DT[dt]))
        loss, grad = c.copy_out(f"xe{c.count}.loss", dt, rows), c.copy_out(f"xe{c.count}.grad", dt, rows * cols)
        expected_loss = -(y * log_softmax).sum(1)
        expected_grad = np.exp(log_softmax) - y

        def check(outdir, loss=loss, grad=grad, dt=dt, rows=rows, el=expected_loss, eg=expected_grad, tol=tol):
            np.testing.assert_allclose(np.fromfile(outdir / loss, DT[dt])[:rows], el, **tol)
            np.testing.assert_allclose(np.fromfile(outdir / grad, DT[dt])[:eg.size], eg.ravel(), **tol)
        c.add("xent", f"kind=xent dtype={dt} rows={rows} cols={cols} in1={px} in2={py} out=OUTDIR/{loss} "
                      f"out2=OUTDIR/{grad}", check)

        idt = INT[i % 2]
        labels = c.rng.integers(0, max(cols, 1), rows).astype(DT[idt])
        if rows > 2:
            labels[1] = cols  # outside [0, cols): a row of NaN, as TensorFlow's GPU kernel gives
        pl = c._file(f"sx{c.count}.labels", labels if labels.size else np.zeros(1, DT[idt]))
        loss, grad = c.copy_out(f"sx{c.count}.loss", dt, rows), c.copy_out(f"sx{c.count}.grad", dt, rows * cols)
        bad = (labels < 0) | (labels >= cols)
        safe = np.where(bad, 0, labels).astype(np.int64)
        expected_loss = np.where(bad, np.nan, -log_softmax[np.arange(rows), safe] if cols else np.nan)
        expected_grad = np.exp(log_softmax) - np.eye(max(cols, 1))[safe][:, :cols]
        expected_grad[bad] = np.nan

        def check(outdir, loss=loss, grad=grad, dt=dt, rows=rows, el=expected_loss, eg=expected_grad, tol=tol):
            np.testing.assert_allclose(np.fromfile(outdir / loss, DT[dt])[:rows], el, equal_nan=True, **tol)
            np.testing.assert_allclose(np.fromfile(outdir / grad, DT[dt])[:eg.size], eg.ravel(), equal_nan=True,
                                       **tol)
        c.add("sparse_xent", f"kind=sparse_xent dtype={dt} index_dtype={idt} rows={rows} cols={cols} in1={px} "
                             f"in2={pl} out=OUTDIR/{loss} out2=OUTDIR/{grad}", check)


SORT_SHAPES = [(0, 5), (1, 1), (3, 0), (5, 7), (40, 33), (2, 300), (300, 4)]


def _sort_cases(c):
    """sort_rows (both directions, k <= cols) on ties and NaN, and scan_rows (sums and products, exclusive,
    reverse) on rows shorter and longer than a block; the sort must equal the CPU kernel's bit for bit."""
    for i, (rows, cols) in enumerate(SORT_SHAPES):
        dt, idt = NUMERIC[i % 4], ("i32", "i64")[i % 2]
        x = c.values((rows, cols), dt)
        x = np.round(x / 4).astype(DT[dt]) if dt in FLOAT else (x % 7).astype(DT[dt])  # many ties
        if dt in FLOAT and x.size:
            x.flat[::5] = np.nan
        for descending in (0, 1):
            for k in sorted({0, cols // 2, cols}):
                px = c._file(f"sort{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
                name = c.copy_out(f"sort{c.count}", dt, rows * k)
                iname = c.copy_out(f"sorti{c.count}", idt, rows * k)

                def check(outdir, name=name, iname=iname, dt=dt, idt=idt, n=rows * k, x=x, k=k, d=descending):
                    got_v = np.fromfile(outdir / name, dtype=DT[dt])[:n]
                    got_i = np.fromfile(outdir / iname, dtype=DT[idt])[:n]
                    np.testing.assert_array_equal(got_v.view(np.uint8), np.fromfile(outdir / f"{name}.cpu", DT[dt])[:n].view(np.uint8))
                    np.testing.assert_array_equal(got_i, np.fromfile(outdir / f"{iname}.cpu", DT[idt])[:n])
                    key = (lambda v: (-np.nan_to_num(v, nan=np.inf) if d else np.nan_to_num(v, nan=np.inf)))
                    for r in range(x.shape[0]):  # NumPy's stable sort on a NaN-free key gives the same order
                        expected = np.argsort(key(x[r]) if dt in FLOAT else (-x[r] if d else x[r]), kind="stable")[:k]
                        np.testing.assert_array_equal(got_i[r * k:(r + 1) * k], expected)
                c.add("sort", f"kind=sort dtype={dt} index_dtype={idt} rows={rows} cols={cols} k={k} "
                              f"descending={descending} in1={px} out=OUTDIR/{name} out_idx=OUTDIR/{iname} "
                              f"out_cpu=OUTDIR/{name}.cpu out_idx_cpu=OUTDIR/{iname}.cpu", check)
    for i, (rows, cols) in enumerate([(0, 4), (3, 0), (1, 1), (4, 7), (20, 33), (2, 1000), (3, 257)]):
        for j, op in enumerate(("sum", "prod")):
            dt = NUMERIC[(i + j) % 4]
            x = c.values((rows, cols), dt)
            if op == "prod":  # products that stay finite and exact
                x = (1 + c.rng.uniform(-0.001, 0.001, (rows, cols))).astype(DT[dt]) if dt in FLOAT else \
                    c.rng.choice(np.array([1, 1, 1, -1], DT[dt]), (rows, cols))
            exclusive, reverse = (i + j) % 2, (i // 2) % 2
            px = c._file(f"scan{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
            name = c.copy_out(f"scan{c.count}", dt, rows * cols)
            wide = np.flip(x, 1) if reverse else x
            wide = wide.astype(np.float64) if dt in FLOAT else wide
            expected = (np.cumprod if op == "prod" else np.cumsum)(wide, axis=1) if cols else wide
            if exclusive and cols:
                expected = np.concatenate([np.full((rows, 1), 1 if op == "prod" else 0), expected[:, :-1]], 1)
            expected = (np.flip(expected, 1) if reverse else expected).astype(DT[dt])

            def check(outdir, name=name, dt=dt, n=rows * cols, expected=expected):
                _compare(np.fromfile(outdir / name, dtype=DT[dt])[:n], expected.ravel(), dt)
            c.add("scan", f"kind=scan op={op} dtype={dt} rows={rows} cols={cols} exclusive={exclusive} "
                          f"reverse={reverse} in1={px} out=OUTDIR/{name}", check)


def _indexing_cases(c):
    for i, (outer, axis_size, inner, n_idx) in enumerate([(1, 5, 1, 3), (3, 4, 7, 5), (2, 6, 0, 3), (4, 3, 33, 0),
                                                          (2, 50, 65, 40)]):
        for dt in (NUMERIC + ("b8",))[i % 2::2]:
            idt = ("i32", "i64")[i % 2]
            params = c.values((outer, axis_size, inner), dt)
            idx = c.rng.integers(0, axis_size, n_idx).astype(DT[idt])
            if n_idx > 2:
                idx[1] = axis_size  # out of range: the CUDA gather writes zeros there
            pp = c._file(f"g{c.count}.p", params if params.size else np.zeros(1, DT[dt]))
            pi = c._file(f"g{c.count}.i", idx)
            name = c.copy_out(f"g{c.count}", dt, outer * n_idx * inner)
            safe = np.clip(idx, 0, axis_size - 1)
            expected = params[:, safe, :].copy()
            expected[:, (idx < 0) | (idx >= axis_size), :] = 0

            def check(outdir, name=name, dt=dt, expected=expected):
                got = np.fromfile(outdir / name, dtype=DT[dt])[:expected.size]
                np.testing.assert_array_equal(got, expected.ravel())
            c.add("gather", f"kind=gather dtype={dt} index_dtype={idt} outer={outer} axis_size={axis_size} "
                            f"inner={inner} in1={pp} in2={pi} out=OUTDIR/{name}", check)
        if n_idx > 0 and inner > 0:
            for dt in NUMERIC[i % 2::2]:
                idt = ("i64", "i32")[i % 2]
                upd = c.values((outer, n_idx, inner), dt)
                idx = c.rng.integers(0, axis_size, n_idx).astype(DT[idt])
                idx[0] = idx[-1]  # a repeated index: rows add up
                pu = c._file(f"sc{c.count}.u", upd)
                pi = c._file(f"sc{c.count}.i", idx)
                name = c.copy_out(f"sc{c.count}", dt, outer * axis_size * inner, fill=0)
                expected = np.zeros((outer, axis_size, inner), DT[dt])
                for j in range(n_idx):
                    expected[:, idx[j], :] += upd[:, j, :]

                def check(outdir, name=name, dt=dt, expected=expected):
                    got = np.fromfile(outdir / name, dtype=DT[dt])[:expected.size]
                    np.testing.assert_array_equal(got, expected.ravel())
                c.add("scatter", f"kind=scatter dtype={dt} index_dtype={idt} outer={outer} axis_size={axis_size} "
                                 f"inner={inner} in1={pu} in2={pi} out=OUTDIR/{name}", check)
    for i, (n, depth) in enumerate([(0, 3), (1, 1), (6, 4), (37, 10), (5, 0)]):
        for dt in NUMERIC + ("b8",):
            idt = ("i32", "i64")[(i + len(dt)) % 2]
            idx = c.rng.integers(-1, depth + 2, n).astype(DT[idt])  # -1 and >= depth give all-off rows
            pi = c._file(f"oh{c.count}.i", idx if idx.size else np.zeros(1, DT[idt]))
            name = c.copy_out(f"oh{c.count}", dt, n * depth)
            on, off = (1, 0) if dt == "b8" else (3, -1)
            expected = np.where(np.arange(depth)[None, :] == idx[:, None], on, off).astype(DT[dt])
            # the driver takes n from the file size, so an empty index file must stay empty
            if n == 0:
                pi.write_bytes(b"")

            def check(outdir, name=name, dt=dt, expected=expected):
                got = np.fromfile(outdir / name, dtype=DT[dt])[:expected.size]
                np.testing.assert_array_equal(got, expected.ravel())
            c.add("one_hot", f"kind=one_hot dtype={dt} index_dtype={idt} depth={depth} on={on} off={off} in1={pi} "
                             f"out=OUTDIR/{name}", check)


def conv_geometry(n, h, w, c, kh, kw, sh, sw, dh, dw, padding):
    """TensorFlow's window geometry (as cpp/tinytf/ops/conv.cpp computes it) as driver words."""
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if padding == "VALID":
        oh, ow, pt, pl = (h - eh) // sh + 1, (w - ew) // sw + 1, 0, 0
    else:
        oh, ow = -(-h // sh), -(-w // sw)
        pt, pl = max(0, (oh - 1) * sh + eh - h) // 2, max(0, (ow - 1) * sw + ew - w) // 2
    return dict(n=n, h=h, w=w, c=c, kh=kh, kw=kw, sh=sh, sw=sw, dh=dh, dw=dw, pt=pt, pl=pl, oh=oh, ow=ow)


def _window_pairs(g):
    """(oy, ox, ky, kx, iy, ix) for every window element that reads an input element."""
    for oy, ox, ky, kx in np.ndindex(g["oh"], g["ow"], g["kh"], g["kw"]):
        iy, ix = oy * g["sh"] - g["pt"] + ky * g["dh"], ox * g["sw"] - g["pl"] + kx * g["dw"]
        if 0 <= iy < g["h"] and 0 <= ix < g["w"]:
            yield oy, ox, ky, kx, iy, ix


# (n, h, w, c, kh, kw, sh, sw, dh, dw, padding): 1x1, SAME with uneven padding, strides and
# dilations, pooling windows, a window larger than the input, an empty batch, and one
# large enough that the capped grid loops.
CONV_SHAPES = [(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "VALID"), (2, 5, 6, 3, 3, 3, 1, 1, 1, 1, "SAME"),
               (1, 7, 5, 2, 3, 2, 2, 3, 1, 1, "SAME"), (2, 9, 8, 1, 3, 3, 2, 2, 2, 1, "VALID"),
               (1, 6, 6, 4, 2, 2, 2, 2, 1, 1, "VALID"), (3, 4, 4, 5, 5, 5, 1, 1, 1, 1, "SAME"),
               (0, 3, 3, 2, 2, 2, 1, 1, 1, 1, "VALID"), (2, 11, 13, 7, 3, 3, 1, 1, 1, 1, "SAME")]


def _conv_cases(c):
    for i, shape in enumerate(CONV_SHAPES):
        g = conv_geometry(*shape)
        words = " ".join(f"{k}={v}" for k, v in g.items())
        dt = FLOAT[i % 2]
        x = c.values((g["n"], g["h"], g["w"], g["c"]), dt)
        pad = -np.inf if i % 3 == 1 else 0.0  # max pooling pads with -inf
        expected = np.full((g["n"], g["oh"], g["ow"], g["kh"], g["kw"], g["c"]), pad, DT[dt])
        for oy, ox, ky, kx, iy, ix in _window_pairs(g):
            expected[:, oy, ox, ky, kx, :] = x[:, iy, ix, :]
        px = c._file(f"i2c{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
        name = c.copy_out(f"i2c{c.count}", dt, expected.size)

        def check(outdir, name=name, dt=dt, expected=expected):
            got = np.fromfile(outdir / name, dtype=DT[dt])
            np.testing.assert_array_equal(got[:expected.size], expected.ravel())
            np.testing.assert_array_equal(got.view(np.uint8), np.fromfile(outdir / f"{name}.cpu", DT[dt]).view(np.uint8))
        c.add("im2col", f"kind=im2col dtype={dt} {words} pad={pad} in1={px} out=OUTDIR/{name} "
                        f"out_cpu=OUTDIR/{name}.cpu", check)

        cols = c.values(expected.shape, dt)
        dx = np.zeros((g["n"], g["h"], g["w"], g["c"]))
        for oy, ox, ky, kx, iy, ix in _window_pairs(g):
            dx[:, iy, ix, :] += cols[:, oy, ox, ky, kx, :]
        pc = c._file(f"c2i{c.count}.cols", cols if cols.size else np.zeros(1, DT[dt]))
        name = c.copy_out(f"c2i{c.count}", dt, dx.size)

        def check(outdir, name=name, dt=dt, expected=dx):
            got = np.fromfile(outdir / name, dtype=DT[dt])
            _compare(got[:expected.size], expected.ravel(), dt)
            # the same additions in the same order as the CPU kernel: the same bits
            np.testing.assert_array_equal(got.view(np.uint8), np.fromfile(outdir / f"{name}.cpu", DT[dt]).view(np.uint8))
        c.add("col2im", f"kind=col2im dtype={dt} {words} in1={pc} out=OUTDIR/{name} out_cpu=OUTDIR/{name}.cpu", check)



def _max_pool_cases(c):
    """Max pooling over CONV_SHAPES' windows on small integers (many equal maxima): the emulated CUDA
    kernels against a NumPy model of kernels/max_pool_window.h's rules, and bit for bit against the CPU."""
    for i, shape in enumerate(CONV_SHAPES):
        g = conv_geometry(*shape)
        words = " ".join(f"{k}={v}" for k, v in g.items())
        dt = FLOAT[i % 2]
        n, oh, ow, ch = g["n"], g["oh"], g["ow"], g["c"]
        x = c.rng.integers(-2, 3, size=(n, g["h"], g["w"], ch)).astype(DT[dt])
        y = np.full((n, oh, ow, ch), np.finfo(DT[dt]).min, DT[dt])
        where = np.full((n, oh, ow, ch), -1, np.int32)
        for oy, ox, ky, kx, iy, ix in _window_pairs(g):  # window order: the first of equal maxima wins
            v = x[:, iy, ix, :]
            take = (v > y[:, oy, ox, :]) | (where[:, oy, ox, :] < 0)
            y[:, oy, ox, :] = np.maximum(v, y[:, oy, ox, :])
            where[:, oy, ox, :][take] = iy * g["w"] + ix
        px = c._file(f"mp{c.count}.x", x if x.size else np.zeros(1, DT[dt]))
        name = c.copy_out(f"mp{c.count}", dt, y.size)
        where_name = c.copy_out(f"mp{c.count}.where", "i32", y.size)

        def check(outdir, name=name, where_name=where_name, dt=dt, y=y, where=where):
            got = np.fromfile(outdir / name, dtype=DT[dt])
            np.testing.assert_array_equal(got[:y.size], y.ravel())
            np.testing.assert_array_equal(np.fromfile(outdir / where_name, np.int32)[:where.size], where.ravel())
            np.testing.assert_array_equal(got.view(np.uint8), np.fromfile(outdir / f"{name}.cpu", DT[dt]).view(np.uint8))
            np.testing.assert_array_equal(np.fromfile(outdir / where_name, np.int32),
                                          np.fromfile(outdir / f"{where_name}.cpu", np.int32))
        c.add("max_pool", f"kind=max_pool dtype={dt} {words} in1={px} out=OUTDIR/{name} out_cpu=OUTDIR/{name}.cpu "
                          f"out_where=OUTDIR/{where_name} out_where_cpu=OUTDIR/{where_name}.cpu", check)

        grad = c.values(y.shape, dt)
        dx = np.zeros((n, g["h"], g["w"], ch))
        b_idx, c_idx = np.meshgrid(np.arange(n), np.arange(ch), indexing="ij")
        for oy, ox in np.ndindex(oh, ow) if n else ():
            np.add.at(dx.reshape(n, -1, ch), (b_idx, where[:, oy, ox, :], c_idx), grad[:, oy, ox, :])
        pw = c._file(f"mpg{c.count}.where", where if where.size else np.zeros(1, np.int32))
        pg = c._file(f"mpg{c.count}.grad", grad if grad.size else np.zeros(1, DT[dt]))
        name = c.copy_out(f"mpg{c.count}", dt, dx.size)

        def check(outdir, name=name, dt=dt, expected=dx):
            got = np.fromfile(outdir / name, dtype=DT[dt])
            _compare(got[:expected.size], expected.ravel(), dt)
            np.testing.assert_array_equal(got.view(np.uint8), np.fromfile(outdir / f"{name}.cpu", DT[dt]).view(np.uint8))
        c.add("max_pool", f"kind=max_pool_grad dtype={dt} {words} in1={pg} in2={pw} out=OUTDIR/{name} "
                          f"out_cpu=OUTDIR/{name}.cpu", check)

        src = c.values(x.shape, dt)
        gathered = np.take_along_axis(src.reshape(n, -1, ch), where.reshape(n, -1, ch), axis=1) if n else y
        ps = c._file(f"mpx{c.count}.x", src if src.size else np.zeros(1, DT[dt]))
        name = c.copy_out(f"mpx{c.count}", dt, y.size)

        def check(outdir, name=name, dt=dt, expected=gathered):
            got = np.fromfile(outdir / name, dtype=DT[dt])
            np.testing.assert_array_equal(got[:expected.size], expected.ravel())
            np.testing.assert_array_equal(got.view(np.uint8), np.fromfile(outdir / f"{name}.cpu", DT[dt]).view(np.uint8))
        c.add("max_pool", f"kind=max_pool_gather dtype={dt} {words} in1={ps} in2={pw} out=OUTDIR/{name} "
                          f"out_cpu=OUTDIR/{name}.cpu", check)

def _random_cases(c):
    for i, (dt, op, n, a, b) in enumerate([("f32", "uniform", 1, 0, 1), ("f32", "uniform", 1027, -2, 3),
                                           ("f64", "uniform", 999, 0, 1), ("f32", "normal", 1031, 0, 1),
                                           ("f64", "normal", 513, 2, 0.5), ("i32", "uniform", 777, -5, 9),
                                           ("i64", "uniform", 301, 0, 1000000007), ("f32", "normal", 0, 0, 1),
                                           ("f32", "keep_mask", 1029, 0.3, 1 / 0.7),
                                           ("f64", "keep_mask", 517, 0.5, 2.0)]):
        seed, stream = 1234567890123 + i, 7 * i
        name = f"rnd{c.count}"

        def check(outdir, name=name, dt=dt, n=n, a=a, b=b, op=op):
            gpu = np.fromfile(outdir / f"{name}.gpu", dtype=DT[dt])
            cpu = np.fromfile(outdir / f"{name}.cpu", dtype=DT[dt])
            assert gpu.size == n
            if op == "normal" and ON_REAL_GPU["on"]:  # the GPU's log/sin/cos round differently
                tol = 2e-5 if dt == "f32" else 1e-12
                np.testing.assert_allclose(gpu, cpu, rtol=tol, atol=tol)
            else:
                np.testing.assert_array_equal(gpu.view(np.uint8), cpu.view(np.uint8))  # bit for bit
            if op == "uniform" and n:
                assert gpu.min() >= a and gpu.max() < b
            if op == "keep_mask":  # dropout's mask: 0 with probability a, else b
                assert set(np.unique(gpu)) == {0, DT[dt](b)} and abs(np.mean(gpu == 0) - a) < 0.07
        c.add("random", f"kind=random op={op} dtype={dt} n={n} a={a} b={b} seed={seed} stream={stream} "
                        f"out=OUTDIR/{name}.gpu out_cpu=OUTDIR/{name}.cpu", check)


# Optimizer rules with settings that use every slot and branch; weight decay on some variables.
# (rule, settings, number of slots those settings give the rule)
UPDATE_RULES = [
    ("sgd", "momentum=0 nesterov=0", 0), ("sgd", "momentum=0.9 nesterov=0", 1), ("sgd", "momentum=0.9 nesterov=1", 1),
    ("rmsprop", "rho=0.9 momentum=0 centered=0", 1), ("rmsprop", "rho=0.8 momentum=0 centered=1", 2),
    ("rmsprop", "rho=0.9 momentum=0.5 centered=0", 2), ("rmsprop", "rho=0.8 momentum=0.5 centered=1", 3),
    ("adam", "beta1=0.9 beta2=0.999 amsgrad=0", 2), ("adam", "beta1=0.8 beta2=0.99 amsgrad=1", 3),
    ("adagrad", "eps=1e-3", 1), ("nadam", "beta1=0.9 beta2=0.999 u=0.45", 2), ("weight_decay", "", 0),
]
# Variables per step: ragged sizes around the 4096-element chunks, an empty one, more variables
# than one launch's batch holds (24); once (the last rule, float32) more chunks than it holds (192).
UPDATE_SIZES = [[5, 0, 4099, 1, 4096, 8193, 37], [3] * 30 + [5000]]
UPDATE_MANY_CHUNKS = [3, 100 * 4096 + 5, 100 * 4096 - 1]


def _update_cases(c):
    for i, (rule, words, n_slots) in enumerate(UPDATE_RULES):
        for dt in FLOAT:
            sizes = UPDATE_SIZES[(i + FLOAT.index(dt)) % len(UPDATE_SIZES)]
            if i == len(UPDATE_RULES) - 1 and dt == "f32":
                sizes = UPDATE_MANY_CHUNKS
            total = sum(sizes)
            decay = [(j + i) % 2 for j in range(len(sizes))]
            values, grads = c.values((total,), dt), c.values((total,), dt)
            slots = np.abs(c.values((n_slots * total,), dt))  # velocities and accumulators are >= 0
            name = f"upd{c.count}"
            files = [c._file(f"{name}.{part}", a) for part, a in (("v", values), ("g", grads), ("s", slots))]

            def check(outdir, name=name, dt=dt, before=np.concatenate([values, slots])):
                gpu = np.fromfile(outdir / f"{name}.gpu", dtype=DT[dt])
                cpu = np.fromfile(outdir / f"{name}.cpu", dtype=DT[dt])
                assert gpu.size == before.size and not np.array_equal(cpu, before)
                if ON_REAL_GPU["on"]:  # the GPU fuses multiply-adds: a rounding apart
                    np.testing.assert_allclose(gpu, cpu, rtol=RTOL[dt] * 10, atol=RTOL[dt])
                else:
                    np.testing.assert_array_equal(gpu.view(np.uint8), cpu.view(np.uint8))  # bit for bit
            c.add("update", f"kind=update rule={rule} dtype={dt} lr=0.01 step={i + 1} has_wd=1 wd=0.05 {words} "
                            f"sizes={','.join(map(str, sizes))} decay={','.join(map(str, decay))} "
                            f"in1={files[0]} in2={files[1]} in3={files[2]} "
                            f"out=OUTDIR/{name}.gpu out_cpu=OUTDIR/{name}.cpu", check)


# ---- running the cases under each schedule -----------------------------------------------------

_RESULTS = {}


def _copy_initial_outputs(line, inputs, outdir):
    """Each run starts from the initial output buffers (out=, out2=, out_idx=) written with the cases."""
    for name in re.findall(r"=OUTDIR/(\S+)", line):
        if (inputs / name).exists():
            shutil.copy(inputs / name, outdir / name)


ON_REAL_GPU = {"on": False}  # tests/test_cuda_gpu.py runs these cases on a GPU and sets it


def _run_cases(driver, tmp_root, schedule, tag="plain"):
    key = (tag, schedule)
    if key in _RESULTS:
        return _RESULTS[key]
    inputs = tmp_root / "inputs"
    if "cases" not in _RESULTS:
        _RESULTS["cases"] = _build_cases(inputs)
    cases = _RESULTS["cases"]
    outdir = tmp_root / f"{tag}-{schedule}"
    outdir.mkdir(parents=True, exist_ok=True)
    lines = []
    for line in cases.lines:
        _copy_initial_outputs(line, inputs, outdir)
        lines.append(line.replace("OUTDIR", str(outdir)))
    proc = _run(driver, lines, outdir, schedule=schedule)
    _RESULTS[key] = (proc, outdir, cases)
    return _RESULTS[key]


@pytest.fixture(scope="session")
def emu_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("cuda_emu")


FAMILIES = ["unary", "binary", "cast", "where", "fill", "gemm", "reduce", "argreduce", "softmax", "xent",
            "sparse_xent", "gather", "scatter", "one_hot", "im2col", "col2im", "max_pool", "random", "update", "sort", "scan"]


def _check_family(proc, outdir, cases, family):
    assert proc.returncode == 0, f"the emulated kernels failed:\n{proc.stderr[-4000:]}"
    done = set(re.findall(r"^ok (\S+)$", proc.stdout, re.M))
    failures = []
    ids = [cid for cid in cases.checks if cid.split(".")[0] == family]
    assert ids, f"no cases for {family}"
    for cid in ids:
        line = next(ln for ln in cases.lines if ln.startswith(f"id={cid} "))
        if cid not in done:
            failures.append(f"{cid} did not run: {line}")
            continue
        try:
            cases.checks[cid](outdir)
        except AssertionError as e:
            failures.append(f"{cid}: {line}\n{str(e)[:600]}")
    assert not failures, f"{len(failures)} of {len(ids)} {family} cases differ from NumPy:\n" + "\n".join(failures[:5])


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("family", FAMILIES)
def test_cuda_emulated_kernels_match_numpy(emu_driver, emu_tmp, family, schedule):
    _check_family(*_run_cases(emu_driver, emu_tmp, schedule), family)


@pytest.mark.parametrize("family", FAMILIES)
def test_cuda_emulated_kernels_under_asan_ubsan(emu_asan_driver, emu_tmp, family):
    """The same cases, built with -fsanitize=address,undefined,float-cast-overflow, random schedule."""
    _check_family(*_run_cases(emu_asan_driver, emu_tmp, "random", tag="asan"), family)


# ---- the emulation layer itself ------------------------------------------------------------------


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("check", ["shuffles", "atomics", "barriers", "block_reduce", "bad_launch"])
def test_cuda_emulation_layer_primitives(emu_driver, emu_tmp, check, schedule):
    proc = _run(emu_driver, [f"id={check} kind=check name={check}"], emu_tmp / f"check-{check}", schedule)
    assert proc.returncode == 0 and f"ok {check}" in proc.stdout, proc.stderr


SEEDED_BUGS = {  # seeded bug -> what the layer must say
    "bug_missing_sync": r"race on __shared__",
    "bug_missing_second_sync": r"race on __shared__",
    "bug_shared_oob": r"out-of-bounds __shared__ access: index 64 of an array of 64",
    "bug_divergent_barrier": r"divergent __syncthreads",
    "bug_uninit_shared": r"uninitialised shared memory",
    "bug_shfl_exited": r"deadlock: .* warp collective .* has exited",
    "bug_partial_warp": r"does not exist",
}


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("bug", sorted(SEEDED_BUGS))
def test_cuda_emulation_catches_seeded_bug(emu_driver, emu_tmp, bug, schedule):
    proc = _run(emu_driver, [f"id={bug} kind=check name={bug}"], emu_tmp / f"bug-{bug}", schedule)
    assert proc.returncode == ERROR_EXIT, f"{bug} was not caught (exit {proc.returncode}):\n{proc.stderr}"
    assert re.search(SEEDED_BUGS[bug], proc.stderr), proc.stderr


def test_cuda_emulation_asan_catches_out_of_bounds_global_write(emu_asan_driver, emu_tmp):
    proc = _run(emu_asan_driver, ["id=oob kind=check name=bug_global_oob"], emu_tmp / "bug-oob", "forward")
    assert proc.returncode != 0 and "heap-buffer-overflow" in proc.stderr, proc.stderr[-3000:]
    assert "global_oob_kernel" in proc.stderr  # the report points at the kernel


# ---- every __syncthreads of the real kernels is needed, and its absence is caught ----------------------

def _barriers():
    found = []
    for path in sorted(CUDA.glob("*.cuh")):
        for lineno, text in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"^\s*__syncthreads\(\);", text):
                found.append((path.name, lineno))
    return found


BARRIER_FAMILIES = {"matmul.cuh": ["gemm"], "reduce.cuh": ["reduce", "argreduce", "softmax"], "scan.cuh": ["scan"],
                    "common.cuh": ["reduce", "softmax", "xent", "sparse_xent"]}


@pytest.mark.parametrize("where", [f"{f}:{n}" for f, n in _barriers()])
def test_cuda_emulation_catches_each_dropped_barrier(emu_driver, emu_tmp, where):
    file, line = where.split(":")
    assert file in BARRIER_FAMILIES, f"add the kernels of {file} to BARRIER_FAMILIES"
    cases = _RESULTS.get("cases") or _run_cases(emu_driver, emu_tmp, "forward")[2]
    outdir = emu_tmp / f"drop-{file}-{line}"
    outdir.mkdir(parents=True, exist_ok=True)
    inputs = emu_tmp / "inputs"
    lines = []
    for ln in cases.lines:
        family = ln.split()[0][len("id="):].split(".")[0]
        if family in BARRIER_FAMILIES[file]:
            _copy_initial_outputs(ln, inputs, outdir)
            lines.append(ln.replace("OUTDIR", str(outdir)))
    proc = _run(emu_driver, lines, outdir, "forward", extra_env={"CUDA_EMU_DROP_BARRIER": f"cuda/{file}:{line}"})
    if proc.returncode == ERROR_EXIT:
        assert re.search(r"race on __shared__|uninitialised shared memory", proc.stderr), proc.stderr
        return
    # Not reported as a race: then the results must be wrong, or the barrier is useless.
    wrong = 0
    for ln in lines:
        cid = ln.split()[0][len("id="):]
        try:
            cases.checks[cid](outdir)
        except AssertionError:
            wrong += 1
    assert wrong, f"dropping the __syncthreads at cuda/{file}:{line} changed nothing: is it needed?"
