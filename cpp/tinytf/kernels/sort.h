// Sorting the rows of a contiguous [rows, cols] matrix: sort, argsort and
// top_k. The ops move the axis last, as for the reductions, so every row is
// sorted on its own, by one thread from start to end: results never depend on
// the number of threads.
#pragma once
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

// The first k elements of each row in sorted order (fn::SortsBefore: by
// value, ties in index order, NaN as the largest), as values [rows, k] and
// their column indices [rows, k]. The order is total, so std::partial_sort
// (k < cols) and std::sort give exactly what any other correct sort gives.
template <bool kDescending, class T, class Index>
void sort_rows(const T* x, int64_t rows, int64_t cols, int64_t k, T* values, Index* indices) {
  const fn::SortsBefore<kDescending> before;
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols * 8, 1));
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> order(static_cast<size_t>(cols));
    for (int64_t row = begin; row < end; ++row) {
      const T* xr = x + row * cols;
      std::iota(order.begin(), order.end(), int64_t(0));
      const auto earlier = [&](int64_t a, int64_t b) { return before(xr[a], a, xr[b], b); };
      if (k < cols) std::partial_sort(order.begin(), order.begin() + k, order.end(), earlier);
      else std::sort(order.begin(), order.end(), earlier);
      for (int64_t j = 0; j < k; ++j) {
        values[row * k + j] = xr[order[j]];
        indices[row * k + j] = Index(order[j]);
      }
    }
  });
}

}  // namespace tinytf::kernels
