// GEMM micro-kernels for CPUs with AVX2 + FMA (Haswell and later, Zen).
// Compiled with -mavx2 -mfma; only called after simd.cpp checked the CPU.
//
// 16 ymm registers of 32 bytes: a 6 x 2-vector tile (6 x 16 floats or
// 6 x 8 doubles) uses 12 accumulators, 2 for the row of B and 1 for the
// broadcast A value (AVX2 FMAs cannot broadcast from memory).
#include "tinytf/kernels/gemm_microkernel.h"

namespace tinytf::kernels::avx2 {

#define TINYTF_VECTOR_BYTES 32
#include "tinytf/kernels/gemm_microkernel.inc"

const MicroKernel<float> kernel_f32 = make_kernel<float, 6, 2>();
const MicroKernel<double> kernel_f64 = make_kernel<double, 6, 2>();

}  // namespace tinytf::kernels::avx2
