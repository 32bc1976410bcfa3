// Row kernels: reductions, arg-reductions and softmax over contiguous rows,
// and the column reduction.
//
// The ops move the reduced axes to the end, so most reductions here see a
// contiguous [rows, cols] matrix and reduce each row; when the reduced axes
// already lead (a sum over the batch), reduce_columns reduces down the columns
// of the matrix as it lies, without a transposed copy. Results never depend on
// the number of threads: rows are independent, and a long row (or a tall
// matrix) is cut into fixed-size blocks (not one block per thread) whose
// partial results are combined in order.
//
// reduce_reference.h holds the plain loops these compute the same results as
// (read it first); tinytf.config.set_kernel_variant("reduce" / "softmax",
// "reference") makes reduce_rows, reduce_columns and softmax_rows run them.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/reduce_loops.h"
#include "tinytf/kernels/reduce_reference.h"
#include "tinytf/kernels/variant.h"
#include "tinytf/kernels/vecmath.h"

namespace tinytf::kernels {

// reduce_contiguous(x, n, r), with the loop compiled for this CPU's SIMD level
// for float32 sums, max and min (vecmath.h): sums do the same additions in
// the same order (the same bits, only wider vectors); max and min give the
// same value, NaN winning (vecmath.inc says how).
template <class Acc, class T, class R>
Acc reduce_run(const T* x, int64_t n, R r) {
  if constexpr (std::is_same_v<T, float> && std::is_same_v<R, fn::SumReducer>) return vecmath_f32().sum(x, n);
  else if constexpr (std::is_same_v<T, float> && std::is_same_v<R, fn::MaxReducer>) return vecmath_f32().max(x, n);
  else if constexpr (std::is_same_v<T, float> && std::is_same_v<R, fn::MinReducer>) return vecmath_f32().min(x, n);
  else return reduce_contiguous<Acc>(x, n, r);
}

// reduce_columns_into likewise: float32 sums, max and min from vecmath.h.
template <class Acc, class T, class R>
void reduce_columns_run(const T* x, int64_t rows, int64_t cols, int64_t ld, Acc* acc, R r) {
  if constexpr (std::is_same_v<T, float> && std::is_same_v<R, fn::SumReducer>)
    vecmath_f32().sum_columns(x, rows, cols, ld, acc);
  else if constexpr (std::is_same_v<T, float> && std::is_same_v<R, fn::MaxReducer>)
    vecmath_f32().max_columns(x, rows, cols, ld, acc);
  else if constexpr (std::is_same_v<T, float> && std::is_same_v<R, fn::MinReducer>)
    vecmath_f32().min_columns(x, rows, cols, ld, acc);
  else reduce_columns_into(x, rows, cols, ld, acc, r);
}

// out[row] = reduce(x[row, :]) for a contiguous [rows, cols] x, accumulated in
// fn::accumulator_t; mean divides by cols (fn::finish_reduction).
template <class T, class R>
void reduce_rows(const T* x, int64_t rows, int64_t cols, T* out, R r, bool mean) {
  if (uses_reference(HotKernel::Reduce)) return reduce_reference(x, rows, cols, 1, out, r, mean);
  using Acc = fn::accumulator_t<R, T>;
  constexpr int64_t kBlock = 1 << 16;  // elements per block of a long row
  if (rows >= 4 || cols <= kBlock) {
    const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
    parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row)
        out[row] = fn::finish_reduction<T>(reduce_run<Acc>(x + row * cols, cols, r), cols, mean);
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
        partial[b] = reduce_run<Acc>(xr + b * kBlock, std::min(kBlock, cols - b * kBlock), r);
    });
    Acc total = R::template identity<Acc>();
    for (int64_t b = 0; b < blocks; ++b) total = r(total, partial[b]);
    out[row] = fn::finish_reduction<T>(total, cols, mean);
  }
}

// out[j] = reduce(x[:, j]) for a contiguous [rows, cols] x; mean divides by
// rows. Rows are accumulated in a fixed order into one accumulator per column
// (fn::accumulator_t), walking the matrix the way it lies in memory. The
// matrix is cut into tiles set by its shape alone (at most kTileCols columns;
// all the rows when there are enough column tiles to share among threads,
// else blocks of rows), and the partials of a column are combined in row
// order afterwards: the result is the same for any number of threads.
template <class T, class R>
void reduce_columns(const T* x, int64_t rows, int64_t cols, T* out, R r, bool mean) {
  if (uses_reference(HotKernel::Reduce)) return reduce_reference(x, 1, rows, cols, out, r, mean);
  using Acc = fn::accumulator_t<R, T>;
  if (cols <= 0) return;
  constexpr int64_t kTileCols = 256, kTileElements = int64_t(1) << 14;
  const int64_t width = std::min(cols, kTileCols);
  const int64_t col_tiles = (cols + width - 1) / width;
  const int64_t height = col_tiles >= 4 ? std::max<int64_t>(rows, 1) : std::max<int64_t>(1, kTileElements / width);
  const int64_t row_tiles = std::max<int64_t>(1, (rows + height - 1) / height);
  // partial[t * cols + j]: column j over row tile t.
  std::vector<Acc> partial(static_cast<size_t>(row_tiles * cols), R::template identity<Acc>());
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / (width * height));
  parallel_for(row_tiles * col_tiles, grain, [&](int64_t begin, int64_t end) {
    for (int64_t tile = begin; tile < end; ++tile) {
      const int64_t row_tile = tile / col_tiles, r0 = row_tile * height, c0 = tile % col_tiles * width;
      reduce_columns_run(x + r0 * cols + c0, std::min(height, rows - r0), std::min(width, cols - c0), cols,
                         partial.data() + row_tile * cols + c0, r);
    }
  });
  for (int64_t t = 1; t < row_tiles; ++t)
    for (int64_t j = 0; j < cols; ++j) partial[j] = r(partial[j], partial[t * cols + j]);
  for (int64_t j = 0; j < cols; ++j) out[j] = fn::finish_reduction<T>(partial[j], rows, mean);
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
  if constexpr (std::is_same_v<T, float>) {  // the same passes with this CPU's widest SIMD (vecmath.h)
    const VecMathF32& vm = vecmath_f32();
    const float max = vm.max(xr, cols);
    return {max, vm.exp_shifted(xr, max, o, cols)};
  } else {  // simple passes, each of which the compiler vectorises
    const T max = reduce_contiguous<T>(xr, cols, fn::MaxReducer{});
    for (int64_t j = 0; j < cols; ++j) o[j] = fn::Exp{}(xr[j] - max);
    return {max, reduce_contiguous<fn::wide_t<T>>(o, cols, fn::SumReducer{})};
  }
}

// Softmax (or log-softmax) of each row.
template <bool kLog, class T>
void softmax_rows(const T* x, int64_t rows, int64_t cols, T* out) {
  if (uses_reference(HotKernel::Softmax)) return softmax_rows_reference<kLog>(x, rows, cols, out);
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const T* xr = x + row * cols;
      T* o = out + row * cols;
      const RowExp<T> e = exp_row(xr, cols, o);
      if constexpr (kLog) {
        const T log_sum = T(std::log(e.sum));
        if constexpr (std::is_same_v<T, float>) vecmath_f32().shift(xr, e.max, log_sum, o, cols);
        else for (int64_t j = 0; j < cols; ++j) o[j] = xr[j] - e.max - log_sum;
      } else {
        const T inv = T(1 / e.sum);
        if constexpr (std::is_same_v<T, float>) vecmath_f32().scale(o, inv, cols);
        else for (int64_t j = 0; j < cols; ++j) o[j] *= inv;
      }
    }
  });
}

}  // namespace tinytf::kernels
