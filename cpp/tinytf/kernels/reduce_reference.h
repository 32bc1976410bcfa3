// Reductions and softmax the way they are defined, one output at a time.
//
// Read this before reduce.h. These loops compute what the fast kernels
// compute (same arguments, same reducer functors and accumulator types from
// functors.h), in the plainest form that is still usable: every output element
// is its own loop, and the outputs are shared among threads, so the result
// does not depend on the number of threads. What they lack:
// - one accumulator per output means every addition waits for the previous
//   one (a chain of ~4 cycles per element), where reduce_contiguous keeps 16
//   independent accumulators that the compiler turns into SIMD instructions;
// - a column reduction here walks down each column, one element per row (a
//   strided read), where reduce_columns walks the matrix the way it lies;
// - one long row (a sum of everything) runs on one thread, where reduce_rows
//   cuts it into fixed blocks;
// - the loops are compiled for the baseline CPU, not per SIMD level (vecmath.h).
// `tinytf-bench` shows what each of these is worth (the `ref` rows);
// tinytf.config.set_kernel_variant("reduce" or "softmax", "reference") runs them.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

// out[o, i] = reduce over k < n of x[o, k, i], for a contiguous x of shape
// [outer, n, inner]; mean divides by n. Rows of a matrix are inner = 1 (reduce
// each row), columns are outer = 1 (reduce down each column).
template <class T, class R>
void reduce_reference(const T* x, int64_t outer, int64_t n, int64_t inner, T* out, R r, bool mean) {
  using Acc = fn::accumulator_t<R, T>;  // float32 sums in double, as in the fast kernels
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1));
  parallel_for(outer * inner, grain, [&](int64_t begin, int64_t end) {
    for (int64_t e = begin; e < end; ++e) {
      const T* first = x + e / inner * n * inner + e % inner;  // x[o, 0, i]
      Acc acc = R::template identity<Acc>();
      for (int64_t k = 0; k < n; ++k) acc = r(acc, Acc(first[k * inner]));
      out[e] = fn::finish_reduction<T>(acc, n, mean);
    }
  });
}

// Softmax (or log-softmax) of each row of a contiguous [rows, cols] x:
// softmax(x)[j] = exp(x[j] - max) / sum over k of exp(x[k] - max). Subtracting
// the row's max changes nothing mathematically and keeps exp from overflowing.
template <bool kLog, class T>
void softmax_rows_reference(const T* x, int64_t rows, int64_t cols, T* out) {
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const T* xr = x + row * cols;
      T* o = out + row * cols;
      T max = fn::MaxReducer::identity<T>();  // 1. the largest element (NaN wins, as in reduce_max)
      for (int64_t j = 0; j < cols; ++j) max = fn::MaxReducer{}(max, xr[j]);
      fn::wide_t<T> sum = 0;  // 2. the exponentials and their sum (float32 sums in double)
      for (int64_t j = 0; j < cols; ++j) {
        o[j] = fn::Exp{}(xr[j] - max);
        sum += o[j];
      }
      if constexpr (kLog) {  // 3. normalise: subtract the log of the sum, or divide by the sum
        const T log_sum = T(std::log(sum));
        for (int64_t j = 0; j < cols; ++j) o[j] = xr[j] - max - log_sum;
      } else {
        for (int64_t j = 0; j < cols; ++j) o[j] = T(o[j] / sum);
      }
    }
  });
}

}  // namespace tinytf::kernels
