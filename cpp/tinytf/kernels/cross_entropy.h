// Softmax cross-entropy of each row, fused: one pass over the logits gives the
// loss and the gradient backprop = softmax(x) - labels, which the op saves so
// that its backward pass is one multiplication (what training runs every step).
//
// Rows are contiguous [rows, cols] logits (the op moves the class axis last).
// The exponentials never overflow: they are taken of x - max(x) (exp_row,
// shared with softmax), and log(softmax) is x - max - log(sum), never log(0).
// The per-element math is functors.h's (xent_*), shared with cuda/cross_entropy.cuh.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/reduce.h"

namespace tinytf::kernels {

// labels: a distribution over the cols classes of each row (same layout as logits).
template <class T>
void softmax_xent_rows(const T* logits, const T* labels, int64_t rows, int64_t cols, T* loss, T* backprop) {
  using Acc = fn::wide_t<T>;
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const T *x = logits + row * cols, *y = labels + row * cols;
      T* b = backprop + row * cols;
      const RowExp<T> e = exp_row(x, cols, b);  // b = exp(x - max)
      const Acc log_sum = std::log(e.sum);
      const T inv = T(1 / e.sum);
      Acc total = 0;
      for (int64_t j = 0; j < cols; ++j) {
        total += fn::xent_loss_term(y[j], T(x[j] - e.max), log_sum);
        b[j] = fn::xent_backprop(b[j], inv, y[j]);
      }
      loss[row] = T(total);
    }
  });
}

// labels: one class index per row. A label outside [0, cols) gives a row of NaN.
template <class T, class Index>
void sparse_softmax_xent_rows(const T* logits, const Index* labels, int64_t rows, int64_t cols, T* loss,
                              T* backprop) {
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1));
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const T* x = logits + row * cols;
      T* b = backprop + row * cols;
      const Index label = labels[row];
      if (!fn::index_in_range(label, cols)) {
        loss[row] = std::numeric_limits<T>::quiet_NaN();
        for (int64_t j = 0; j < cols; ++j) b[j] = std::numeric_limits<T>::quiet_NaN();
        continue;
      }
      const RowExp<T> e = exp_row(x, cols, b);
      const T inv = T(1 / e.sum);
      for (int64_t j = 0; j < cols; ++j) b[j] = fn::xent_backprop(b[j], inv, T(j == int64_t(label)));  // one-hot label
      loss[row] = T(fn::xent_loss_term(T(1), T(x[label] - e.max), fn::wide_t<T>(std::log(e.sum))));
    }
  });
}

}  // namespace tinytf::kernels
