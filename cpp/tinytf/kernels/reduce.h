// Row kernels: reductions, arg-reductions and softmax over contiguous rows.
//
// The ops move the reduced axes to the end, so every reduction here sees a
// contiguous [rows, cols] matrix and reduces each row. Results never depend on
// the number of threads: rows are independent, and a long row is cut into
// fixed-size blocks (not one block per thread) whose partial results are
// combined in order.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/vecmath.h"

namespace tinytf::kernels {

// Reduces x[0..n) with 16 independent accumulators (so the loop vectorises
// and has no long dependency chain), then combines them pairwise.
template <class Acc, class T, class R>
Acc reduce_contiguous(const T* x, int64_t n, R r) {
  constexpr int kLanes = 16;
  Acc acc[kLanes];
  for (int l = 0; l < kLanes; ++l) acc[l] = R::template identity<Acc>();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] = r(acc[l], Acc(x[i + l]));
  for (; i < n; ++i) acc[0] = r(acc[0], Acc(x[i]));
  for (int width = kLanes / 2; width > 0; width /= 2)
    for (int l = 0; l < width; ++l) acc[l] = r(acc[l], acc[l + width]);
  return acc[0];
}

// out[row] = reduce(x[row, :]) for a contiguous [rows, cols] x, accumulated in
// fn::accumulator_t; mean divides by cols (fn::finish_reduction).
template <class T, class R>
void reduce_rows(const T* x, int64_t rows, int64_t cols, T* out, R r, bool mean) {
  using Acc = fn::accumulator_t<R, T>;
  constexpr int64_t kBlock = 1 << 16;  // elements per block of a long row
  if (rows >= 4 || cols <= kBlock) {
    const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
    parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row)
        out[row] = fn::finish_reduction<T>(reduce_contiguous<Acc>(x + row * cols, cols, r), cols, mean);
    });
    return;
  }
  // Few long rows: reduce fixed blocks in parallel, then the partials in order.
  const int64_t blocks = (cols + kBlock - 1) / kBlock;
  std::vector<Acc> partial(static_cast<size_t>(blocks));
  for (int64_t row = 0; row < rows; ++row) {
    const T* xr = x + row * cols;
    parallel_for(blocks, 1, [&](int64_t begin, int64_t end) {
      for (int64_t b = begin; b < end; ++b)
        partial[b] = reduce_contiguous<Acc>(xr + b * kBlock, std::min(kBlock, cols - b * kBlock), r);
    });
    Acc total = R::template identity<Acc>();
    for (int64_t b = 0; b < blocks; ++b) total = r(total, partial[b]);
    out[row] = fn::finish_reduction<T>(total, cols, mean);
  }
}

// Index of the first largest (or smallest) element of each row, by the rule
// of fn::ArgBetter (NaN wins, ties go to the first); an empty row gives 0.
template <bool kMax, class T, class Index>
void arg_reduce_rows(const T* x, int64_t rows, int64_t cols, Index* out) {
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
  const fn::ArgBetter<kMax> better;
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const T* xr = x + row * cols;
      T best_value = T(0);
      int64_t best = -1;
      for (int64_t j = 0; j < cols; ++j)
        if (better(xr[j], j, best_value, best)) best_value = xr[j], best = j;
      out[row] = Index(best < 0 ? 0 : best);
    }
  });
}

// The first passes of a softmax over one row: o[j] = exp(x[j] - max(x)), so
// that no exponential overflows (softmax is unchanged by subtracting a
// constant). Returns the max and the sum of the exponentials.
template <class T>
struct RowExp {
  T max;
  fn::wide_t<T> sum;
};

template <class T>
RowExp<T> exp_row(const T* xr, int64_t cols, T* o) {
  // Simple passes, each of which the compiler vectorises.
  const T max = reduce_contiguous<T>(xr, cols, fn::MaxReducer{});
  if constexpr (std::is_same_v<T, float>) {  // exp with this CPU's widest SIMD (vecmath.h)
    for (int64_t j = 0; j < cols; ++j) o[j] = xr[j] - max;
    vecmath_f32().exp(o, o, cols);
  } else {
    for (int64_t j = 0; j < cols; ++j) o[j] = fn::Exp{}(xr[j] - max);
  }
  return {max, reduce_contiguous<fn::wide_t<T>>(o, cols, fn::SumReducer{})};
}

// Softmax (or log-softmax) of each row.
template <bool kLog, class T>
void softmax_rows(const T* x, int64_t rows, int64_t cols, T* out) {
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const T* xr = x + row * cols;
      T* o = out + row * cols;
      const RowExp<T> e = exp_row(xr, cols, o);
      if constexpr (kLog) {
        const T log_sum = T(std::log(e.sum));
        for (int64_t j = 0; j < cols; ++j) o[j] = xr[j] - e.max - log_sum;
      } else {
        const T inv = T(1 / e.sum);
        for (int64_t j = 0; j < cols; ++j) o[j] *= inv;
      }
    }
  });
}

}  // namespace tinytf::kernels
