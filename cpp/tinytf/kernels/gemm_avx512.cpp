// GEMM micro-kernels for CPUs with AVX-512 (Skylake-SP and later, Zen 4).
// Compiled with -mavx512f -mavx512dq -mavx512vl -mavx512bw -mavx2 -mfma; only
// called after simd.cpp checked that the CPU and OS support AVX-512.
//
// 32 zmm registers of 64 bytes: a 14 x 2-vector tile (14 x 32 floats or
// 14 x 16 doubles) uses 28 accumulators + 2 for the row of B; the A values
// are broadcast straight from memory inside the FMA ({1to16} operand), so
// they need no register.
#include "tinytf/kernels/gemm_microkernel.h"

namespace tinytf::kernels::avx512 {

#define TINYTF_VECTOR_BYTES 64
#include "tinytf/kernels/gemm_microkernel.inc"

const MicroKernel<float> kernel_f32 = make_kernel<float, 14, 2>();
const MicroKernel<double> kernel_f64 = make_kernel<double, 14, 2>();

}  // namespace tinytf::kernels::avx512
