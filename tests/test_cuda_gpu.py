"""The CUDA kernels on a real GPU: the emulation's cases, run by nvcc-built kernels.

tests/test_cuda_emulation.py proves the kernel sources right on the CPU; this
file runs the very same cases (inputs and NumPy checks) through the same
driver, compiled against kernels built by nvcc for the local GPU, with
buffers in CUDA managed memory. Tolerances are the emulation's, except for
normal random numbers, whose log/sin/cos the GPU rounds differently.

Skips cleanly unless a GPU is visible (nvidia-smi, or cudaGetDeviceCount
through ctypes) and nvcc is available. scripts/gpu_check.sh runs it.
"""
import ctypes
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import test_cuda_emulation as emu

ROOT = Path(__file__).resolve().parents[1]
NVCC = shutil.which("nvcc") or (shutil.which("/usr/local/cuda/bin/nvcc"))


def _gpu_count():
    smi = shutil.which("nvidia-smi")
    if smi:
        proc = subprocess.run([smi, "-L"], capture_output=True, text=True)
        if proc.returncode == 0:
            return len(re.findall(r"^GPU \d+", proc.stdout, re.M))
    for name in ("libcudart.so", "libcudart.so.13", "libcudart.so.12"):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        n = ctypes.c_int(0)
        return n.value if lib.cudaGetDeviceCount(ctypes.byref(n)) == 0 else 0
    return 0


def _compute_capability():
    proc = subprocess.run(["nvidia-smi", "--query-gpu=compute_cap", "--format=csv,noheader"], capture_output=True,
                          text=True)
    return proc.stdout.split()[0].replace(".", "") if proc.returncode == 0 and proc.stdout.strip() else "80"


GPUS = _gpu_count()
pytestmark = [
    pytest.mark.skipif(GPUS == 0, reason="no CUDA GPU visible (nvidia-smi / cudaGetDeviceCount found none)"),
    pytest.mark.skipif(NVCC is None, reason="nvcc not found: the GPU tests build the kernels themselves"),
]


@pytest.fixture(scope="session")
def gpu_driver(tmp_path_factory):
    out = tmp_path_factory.mktemp("cuda_gpu")
    cuda_home = Path(NVCC).resolve().parents[1]
    arch = _compute_capability()
    flags = ["-std=c++17", "-O2", f"-I{ROOT / 'cuda'}", f"-I{ROOT / 'cpp'}"]
    objs = []
    for src in sorted((ROOT / "cuda").glob("*.cu")):
        obj = out / f"{src.stem}.o"
        subprocess.run([NVCC] + flags + [f"-arch=sm_{arch}", "--expt-relaxed-constexpr", "-Werror", "all-warnings",
                                          "-Xptxas=-warn-spills,-warn-lmem-usage", "-c", str(src), "-o", str(obj)],
                       check=True)
        objs.append(obj)
    drv = out / "driver.o"
    subprocess.run(["g++"] + flags + ["-Wno-unknown-pragmas", "-DTINYTF_GPU_DRIVER", f"-I{cuda_home / 'include'}",
                                      "-c", str(ROOT / "tests" / "cuda_emu" / "driver.cpp"), "-o", str(drv)], check=True)
    exe = out / "cuda_gpu_driver"
    cudart = next(p for p in [cuda_home / "lib64" / "libcudart_static.a",
                              cuda_home / "targets" / "x86_64-linux" / "lib" / "libcudart_static.a"] if p.exists())
    subprocess.run(["g++", str(drv)] + [str(o) for o in objs] + [str(cudart), "-ldl", "-lrt", "-lpthread", "-o", str(exe)],
                   check=True)
    return exe


@pytest.fixture(scope="session")
def gpu_results(gpu_driver, tmp_path_factory):
    emu.ON_REAL_GPU["on"] = True
    return emu._run_cases(gpu_driver, tmp_path_factory.mktemp("cuda_gpu_cases"), "gpu", tag="gpu")


@pytest.mark.parametrize("family", emu.FAMILIES)
def test_cuda_gpu_kernels_match_numpy(gpu_results, family):
    emu._check_family(*gpu_results, family)
