// GEMM micro-kernels that run on any CPU: 16-byte vectors, which GCC maps to
// SSE2 on x86-64 (always present) and to NEON or plain scalar code elsewhere.
// Also the only kernels for the integer types.
//
// 16 xmm registers and no FMA: a 4 x 2-vector tile uses 8 accumulators,
// 2 for the row of B, 1 for the broadcast A value and 1 for each product
// before it is added, with room to spare so nothing spills.
#include "tinytf/kernels/gemm_microkernel.h"

namespace tinytf::kernels::portable {

#define TINYTF_VECTOR_BYTES 16
#include "tinytf/kernels/gemm_microkernel.inc"

const MicroKernel<float> kernel_f32 = make_kernel<float, 4, 2>();
const MicroKernel<double> kernel_f64 = make_kernel<double, 4, 2>();
const MicroKernel<int32_t> kernel_i32 = make_kernel<int32_t, 4, 2>();
const MicroKernel<int64_t> kernel_i64 = make_kernel<int64_t, 4, 2>();

}  // namespace tinytf::kernels::portable
