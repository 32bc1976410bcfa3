// Matrix multiply the way it is defined: C[i, j] = sum over p of A[i, p] * B[p, j].
//
// Read this before gemm.cpp. It computes exactly what the packed GEMM computes
// (same arguments, same strided operands), in the plainest loop that is still
// usable: rows of C are independent, so they are shared among threads, and the
// i-p-j order keeps the innermost loop running along a row of B and of C
// (contiguous memory, which the compiler turns into SIMD instructions). What
// it lacks is reuse: every row of C streams all of B through the caches again,
// so it runs at the speed of memory, not of the multipliers. gemm.cpp packs
// blocks of A and B that fit in the caches and keeps a tile of C in registers;
// `tinytf-bench` shows what that is worth.
#pragma once
#include <cstdint>

#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

// Same contract as gemm() in gemm.h: C[m x n] = A[m x k] @ B[k x n], C overwritten.
template <class T>
void gemm_reference(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b,
                    int64_t b_rs, int64_t b_cs, T* c, int64_t c_rs) {
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n * k, 1));
  parallel_for(m, grain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      T* c_row = c + i * c_rs;
      for (int64_t j = 0; j < n; ++j) c_row[j] = T(0);
      for (int64_t p = 0; p < k; ++p) {
        const T a_ip = a[i * a_rs + p * a_cs];
        const T* b_row = b + p * b_rs;
        for (int64_t j = 0; j < n; ++j) c_row[j] += a_ip * b_row[j * b_cs];
      }
    }
  });
}

}  // namespace tinytf::kernels
