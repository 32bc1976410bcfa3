// The two loops every reduction is made of, over raw contiguous memory:
// along a row (reduce_contiguous) and down columns (reduce_columns_into).
//
// They are written once here and compiled twice: reduce.h uses them for every
// dtype in the baseline build, and vecmath.inc compiles the float32 ones once
// per SIMD level (AVX2 turns a 16-accumulator float->double sum into 4-wide
// vector adds). Only functors.h may be included from here: vecmath.inc wraps
// this header in an anonymous namespace (see the comment there).
#pragma once
#include <cstdint>

#include "tinytf/kernels/functors.h"

namespace tinytf::kernels {

// Reduces x[0..n) with 16 independent accumulators (so the loop vectorises
// and has no long dependency chain), then combines them pairwise. The order
// of the combination depends only on n, never on the machine or the threads.
template <class Acc, class T, class R>
Acc reduce_contiguous(const T* x, int64_t n, R r) {
  constexpr int kLanes = 16;
  Acc acc[kLanes];
  for (int l = 0; l < kLanes; ++l) acc[l] = R::template identity<Acc>();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    // Ask for the data 1 KiB ahead: the hardware prefetcher alone leaves the
    // memory bus idle part of the time (16M floats: 4.3 instead of 5.3 ms).
    // A prefetch never faults, so reading past the end is harmless.
    __builtin_prefetch(x + i + 1024 / sizeof(T));
    for (int l = 0; l < kLanes; ++l) acc[l] = r(acc[l], Acc(x[i + l]));
  }
  for (; i < n; ++i) acc[0] = r(acc[0], Acc(x[i]));
  for (int width = kLanes / 2; width > 0; width /= 2)
    for (int l = 0; l < width; ++l) acc[l] = r(acc[l], acc[l + width]);
  return acc[0];
}

// acc[j] = r(acc[j], x[i * ld + j]) over the rows i = 0..rows-1 and the
// columns j < cols: a column reduction walks the matrix row by row (the way
// it lies in memory) and keeps one accumulator per column.
// Four rows are combined before they meet the accumulator, so acc is read
// and written once per four rows (in L1, but loads and stores are what this
// loop is made of): acc[j] = r(acc[j], r(r(x0, x1), r(x2, x3))).
template <class Acc, class T, class R>
void reduce_columns_into(const T* x, int64_t rows, int64_t cols, int64_t ld, Acc* acc, R r) {
  int64_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const T *x0 = x + i * ld, *x1 = x0 + ld, *x2 = x1 + ld, *x3 = x2 + ld;
    for (int64_t j = 0; j < cols; ++j)
      acc[j] = r(acc[j], r(r(Acc(x0[j]), Acc(x1[j])), r(Acc(x2[j]), Acc(x3[j]))));
  }
  for (; i < rows; ++i) {
    const T* xi = x + i * ld;
    for (int64_t j = 0; j < cols; ++j) acc[j] = r(acc[j], Acc(xi[j]));
  }
}

}  // namespace tinytf::kernels
