"""The standalone C++ check of the CPU GEMM (tests/cpp/test_gemm.cpp), built and run.

It covers what the NumPy tests of test_matmul.py do not: every element type against a long-double triple
loop, sizes just below and above the register tiles and cache blocks (k past one KC block included),
transposed and padded operands, and results bit-identical for 1 and several OpenMP threads. The kernel
sources are compiled as cpp/CMakeLists.txt compiles them (each micro-kernel with its own SIMD flags) and
cached under build/gemm_cpp/, keyed by a hash of the sources. Skipped when g++ is missing or the CPU is not
x86-64 (the AVX files need x86 flags).
"""
import hashlib
import os
import platform
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KERNELS = ROOT / "cpp" / "tinytf" / "kernels"
CXX = shutil.which(os.environ.get("CXX", "g++")) or shutil.which("g++")
FLAGS = ["-std=c++17", "-O2", "-fopenmp", f"-I{ROOT / 'cpp'}", "-Wall", "-Wextra", "-Werror"]
# (source, its extra flags), as in cpp/CMakeLists.txt.
UNITS = [
    (KERNELS / "simd.cpp", []),
    (KERNELS / "variant.cpp", []),
    (KERNELS / "gemm.cpp", []),
    (KERNELS / "gemm_portable.cpp", []),
    (KERNELS / "gemm_avx2.cpp", ["-mavx2", "-mfma"]),
    (KERNELS / "gemm_avx512.cpp", ["-mavx512f", "-mavx512dq", "-mavx512vl", "-mavx512bw", "-mavx2", "-mfma"]),
    (ROOT / "tests" / "cpp" / "test_gemm.cpp", []),
]

pytestmark = pytest.mark.skipif(CXX is None or platform.machine() not in ("x86_64", "AMD64"),
                                reason="needs g++ on x86-64")


def _build():
    h = hashlib.sha256(" ".join(FLAGS + [CXX]).encode())
    for f in sorted(KERNELS.glob("*")) + [ROOT / "tests" / "cpp" / "test_gemm.cpp"]:
        h.update(f.name.encode() + f.read_bytes())
    out_dir = ROOT / "build" / "gemm_cpp" / h.hexdigest()[:16]
    exe = out_dir / "test_gemm"
    if exe.exists():
        return exe
    out_dir.mkdir(parents=True, exist_ok=True)
    objects = []
    for src, extra in UNITS:
        obj = out_dir / f"{src.stem}.o"
        proc = subprocess.run([CXX] + FLAGS + extra + ["-c", str(src), "-o", str(obj)], capture_output=True, text=True)
        assert proc.returncode == 0, f"compiling {src.name} failed:\n{proc.stderr[:6000]}"
        objects.append(str(obj))
    tmp = out_dir / "test_gemm.tmp"
    proc = subprocess.run([CXX, "-fopenmp"] + objects + ["-o", str(tmp)], capture_output=True, text=True)
    assert proc.returncode == 0, f"linking test_gemm failed:\n{proc.stderr[:6000]}"
    tmp.replace(exe)
    return exe


def test_gemm_matches_a_long_double_loop_at_every_simd_level_and_thread_count():
    exe = _build()
    proc = subprocess.run([str(exe)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"test_gemm failed:\n{proc.stdout[-6000:]}{proc.stderr[-2000:]}"
    lines = proc.stdout.splitlines()
    assert any(line.split()[:2] == ["portable", "ok"] for line in lines), proc.stdout
