// General matrix multiply on the CPU: C = A @ B.
//
// This is the one kernel that must be excellent (DESIGN.md "Kernels"): a
// packed, blocked GEMM in the BLIS/GotoBLAS structure with a SIMD FMA
// micro-kernel chosen at run time (AVX-512, AVX2 or portable C++).
#pragma once
#include <cstdint>

namespace tinytf::kernels {

// Computes C[m x n] = A[m x k] @ B[k x n] (C is overwritten, never read).
//
// Every operand is described by a row stride and a column stride, in
// elements, so a transposed operand is the same memory with its strides
// swapped: element (i, p) of A lives at a[i * a_rs + p * a_cs].
// C is written at c[i * c_rs + j] (unit column stride).
// Results do not depend on the number of OpenMP threads.
template <class T>
void gemm(int64_t m, int64_t n, int64_t k,
          const T* a, int64_t a_rs, int64_t a_cs,
          const T* b, int64_t b_rs, int64_t b_cs,
          T* c, int64_t c_rs);

// Instantiated for float, double, int32_t and int64_t. Only the floating
// types use the SIMD micro-kernels; the integer types use the portable one.

}  // namespace tinytf::kernels
