#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: build tinytf with the CUDA backend for this
# GPU only, run the whole test suite with the GPU tests enabled, then the
# benchmarks. Usage: scripts/gpu_check.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v nvidia-smi >/dev/null || { echo "gpu_check: nvidia-smi not found: is there an NVIDIA GPU and driver?" >&2; exit 1; }
command -v nvcc >/dev/null || { echo "gpu_check: nvcc not found: put the CUDA toolkit's bin/ on PATH" >&2; exit 1; }
nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv
# This GPU's architecture, explicitly (CMake's "native" is never used).
cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d '.[:space:]')
export TINYTF_CUDA=ON TINYTF_CUDA_ARCHS="${cc}-real"
echo "gpu_check: building for sm_${cc}"

jobs=$(nproc 2>/dev/null || echo 2)
pip install --no-build-isolation -e . -Cbuild-dir=build/gpu -Ceditable.rebuild=true \
  -Ccmake.define.TINYTF_CUDA=ON -Ccmake.define.TINYTF_CUDA_ARCHS="${cc}-real" -Cbuild.tool-args=-j"${jobs}"
python3 -c "import tinytf; print(tinytf.build_info() if hasattr(tinytf, 'build_info') else 'build_info() not wired yet')"

# The whole suite; the CUDA tests (emulated and on this GPU) first, verbosely.
python3 -m pytest tests -q -rs -k "cuda or emul or sim" "$@"
python3 -m pytest tests -q "$@"
# Benchmarks on every device tinytf sees.
if command -v tinytf-bench >/dev/null; then tinytf-bench; else python3 -m tinytf.bench; fi
