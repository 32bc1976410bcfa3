// Softmax cross-entropy of each row, fused (the CUDA twins of
// cpp/tinytf/kernels/cross_entropy.h): the loss per row and the gradient
// backprop = softmax(x) - labels, which the op saves for its backward pass.
//
// Napkin math. Training's loss: a [batch, classes] float32 logits matrix is
// read twice (max and sum of exp in registers, then the output pass; the
// second read of a short row hits L1) and backprop written once, ~12 bytes
// per element: MNIST's 128 x 10 is nothing, a language model's 512 x 50k
// (100 MB of logits) is ~0.3 ms of an H100's ~3.3 TB/s.
//
// The rows are cut as for softmax (reduce.cuh): a warp per row up to 1024
// classes, a block per row beyond. row_max_sum gives the max and the sum of
// exponentials; one more pass writes backprop and, for dense labels, sums the
// loss terms in wide_t (double for float32) with a third group reduction.
// The per-element math is functors.h's (xent_*), the CPU's.
//
// Launch bounds (kThreads, 1): the double versions need ~90 registers; with
// (kThreads) alone ptxas for sm_120 budgets 64 and spills (a build error
// here). One resident block per SM is all the bound promises; 2-3 fit anyway.
#pragma once
#include <limits>

#include "reduce.cuh"

namespace tinytf::cuda {

template <int kRowThreads, class T>
__global__ void __launch_bounds__(kThreads, 1)
    softmax_xent_rows_kernel(const T* logits, const T* labels, int64_t rows, int64_t cols, T* loss, T* backprop) {
  using Acc = fn::wide_t<T>;
  __shared__ SharedArray<T, 33> smax;
  __shared__ SharedArray<Acc, 33> ssum;
  const int tid = kRowThreads == 32 ? threadIdx.x % 32 : threadIdx.x;
  for (int64_t row = first_row<kRowThreads>(); row < rows; row += row_step<kRowThreads>()) {
    const T *x = logits + row * cols, *y = labels + row * cols;
    T* b = backprop + row * cols;
    const auto [max, sum] = row_max_sum<kRowThreads>(x, cols, tid, smax, ssum);
    const Acc log_sum = fn::Log{}(sum);
    const T inv = T(1 / sum);
    Acc total = 0;
    for (int64_t j = tid; j < cols; j += kRowThreads) {
      const T shifted = x[j] - max;
      total += fn::xent_loss_term(y[j], shifted, log_sum);
      b[j] = fn::xent_backprop(fn::Exp{}(shifted), inv, y[j]);
    }
    // ssum again: a second group reduction right after the first is safe (common.cuh).
    total = group_allreduce<kRowThreads>(total, fn::SumReducer{}, Acc(0), ssum);
    if (tid == 0) loss[row] = T(total);
  }
}

template <int kRowThreads, class T, class Index>
__global__ void __launch_bounds__(kThreads, 1) sparse_softmax_xent_rows_kernel(const T* logits, const Index* labels,
                                                                            int64_t rows, int64_t cols, T* loss,
                                                                            T* backprop) {
  using Acc = fn::wide_t<T>;
  __shared__ SharedArray<T, 33> smax;
  __shared__ SharedArray<Acc, 33> ssum;
  const int tid = kRowThreads == 32 ? threadIdx.x % 32 : threadIdx.x;
  for (int64_t row = first_row<kRowThreads>(); row < rows; row += row_step<kRowThreads>()) {
    const T* x = logits + row * cols;
    T* b = backprop + row * cols;
    const Index label = labels[row];
    if (!fn::index_in_range(label, cols)) {  // the whole group skips the row together (no barrier is split)
      for (int64_t j = tid; j < cols; j += kRowThreads) b[j] = std::numeric_limits<T>::quiet_NaN();
      if (tid == 0) loss[row] = std::numeric_limits<T>::quiet_NaN();
      continue;
    }
    const auto [max, sum] = row_max_sum<kRowThreads>(x, cols, tid, smax, ssum);
    const T inv = T(1 / sum);
    for (int64_t j = tid; j < cols; j += kRowThreads)
      b[j] = fn::xent_backprop(fn::Exp{}(T(x[j] - max)), inv, T(j == int64_t(label)));  // one-hot label
    if (tid == 0) loss[row] = T(fn::xent_loss_term(T(1), T(x[label] - max), Acc(fn::Log{}(sum))));
  }
}

template <class T>
void softmax_xent_rows(const T* logits, const T* labels, int64_t rows, int64_t cols, T* loss, T* backprop,
                       void* stream) {
  if (rows == 0) return;
  if (cols <= kWarpRowMaxCols) {
    TINYTF_LAUNCH(row_blocks(rows, kRowsPerWarpBlock), kThreads, stream, softmax_xent_rows_kernel<32, T>)
    (logits, labels, rows, cols, loss, backprop);
  } else {
    TINYTF_LAUNCH(row_blocks(rows, 1), kThreads, stream, softmax_xent_rows_kernel<kThreads, T>)
    (logits, labels, rows, cols, loss, backprop);
  }
  check_launch("softmax_xent_rows");
}

template <class T, class Index>
void sparse_softmax_xent_rows(const T* logits, const Index* labels, int64_t rows, int64_t cols, T* loss, T* backprop,
                              void* stream) {
  if (rows == 0) return;
  if (cols <= kWarpRowMaxCols) {
    TINYTF_LAUNCH(row_blocks(rows, kRowsPerWarpBlock), kThreads, stream, sparse_softmax_xent_rows_kernel<32, T, Index>)
    (logits, labels, rows, cols, loss, backprop);
  } else {
    TINYTF_LAUNCH(row_blocks(rows, 1), kThreads, stream, sparse_softmax_xent_rows_kernel<kThreads, T, Index>)
    (logits, labels, rows, cols, loss, backprop);
  }
  check_launch("sparse_softmax_xent_rows");
}

}  // namespace tinytf::cuda
