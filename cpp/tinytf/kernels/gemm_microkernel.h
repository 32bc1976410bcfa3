// Internal to the GEMM: the interface between the driver (gemm.cpp) and the
// micro-kernels, which are compiled once per SIMD level (gemm_portable.cpp,
// gemm_avx2.cpp, gemm_avx512.cpp all include gemm_microkernel.inc).
//
// This header is included by those SIMD translation units, so it must stay
// free of inline functions and templates that generate code: anything
// instantiated there would be compiled with AVX-512 instructions, and the
// linker may keep that copy for baseline callers too (see gemm_microkernel.inc).
// Hence only <cstdint>, plain structs and function declarations.
#pragma once
#include <cstdint>

namespace tinytf::kernels {

// A micro-kernel computes one MR x NR tile of C from packed operands:
//
//   tile = sum over p < kc of  a_panel[p*MR + i] * b_panel[p*NR + j]
//
// a_panel is an MR-row sliver of A stored column by column (MR values per
// step p), b_panel an NR-column sliver of B stored row by row (NR values per
// step p); both are zero-padded and aligned to 64 bytes by the driver.
// The tile is stored at c[i * c_rs + j] (overwrite when accumulate is false,
// C += tile when it is true). The k order is always p = 0, 1, ..., kc-1, so
// a result never depends on how the driver split the work among threads.
template <class T>
struct MicroKernel {
  int mr;  // rows of the register tile
  int nr;  // columns of the register tile (a multiple of the vector width)
  void (*run)(int64_t kc, const T* a_panel, const T* b_panel,
              T* c, int64_t c_rs, bool accumulate);
};

// One table per SIMD level. Only the floating types get SIMD-specific
// kernels; the integer types always use the portable ones.
namespace portable {
extern const MicroKernel<float> kernel_f32;
extern const MicroKernel<double> kernel_f64;
extern const MicroKernel<int32_t> kernel_i32;
extern const MicroKernel<int64_t> kernel_i64;
}  // namespace portable

namespace avx2 {
extern const MicroKernel<float> kernel_f32;
extern const MicroKernel<double> kernel_f64;
}  // namespace avx2

namespace avx512 {
extern const MicroKernel<float> kernel_f32;
extern const MicroKernel<double> kernel_f64;
}  // namespace avx512

}  // namespace tinytf::kernels
