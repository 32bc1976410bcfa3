// Running sums and products along the rows of a contiguous [rows, cols]
// matrix: cumsum and cumprod. The ops move the axis last, so each row is
// scanned on its own, in order, by one thread: results never depend on the
// number of threads.
#pragma once
#include <algorithm>
#include <cstdint>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

// Running sums (R = fn::SumReducer) or products (fn::ProdReducer) along each
// row: out[j] combines x[0..j] (inclusive) or x[0..j-1] (exclusive, starting
// from the identity), or the same from the end of the row (reverse).
// Accumulated in fn::accumulator_t, so float32 sums run in double.
template <class T, class R>
void scan_rows(const T* x, int64_t rows, int64_t cols, T* out, R r, bool exclusive, bool reverse) {
  using Acc = fn::accumulator_t<R, T>;
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const T* xr = x + row * cols;
      T* o = out + row * cols;
      Acc acc = R::template identity<Acc>();
      for (int64_t step = 0; step < cols; ++step) {
        const int64_t j = reverse ? cols - 1 - step : step;
        if (exclusive) o[j] = T(acc);
        acc = r(acc, Acc(xr[j]));
        if (!exclusive) o[j] = T(acc);
      }
    }
  });
}

}  // namespace tinytf::kernels
