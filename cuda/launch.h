// The CUDA kernels as plain C++ functions: what cpp/tinytf/ops calls when a
// tensor lives on the GPU. (Devices, memory and copies are runtime.h.)
//
// This header has no CUDA types in it (pointers are device pointers, a stream
// is a `void*` holding a cudaStream_t, nullptr = the default stream), so any
// C++ file can include it. Each function mirrors its CPU twin in
// cpp/tinytf/kernels/ name for name and argument for argument, plus the
// stream: an op switches device by changing `kernels::` to `cuda::` and
// building a `Layout` instead of a `StridedLoop`:
//
//     kernels::map_binary(loop, out, a, b, fn::Add{});               // CPU
//     cuda::map_binary(cuda::make_layout<3>(shape, {so, sa, sb}),    // GPU
//                      out, a, b, fn::Add{}, stream);
//
// The templates are defined in cuda/*.cuh and explicitly instantiated in
// cuda/*.cu for the functor/dtype combinations the ops use (the lists at the
// bottom of each .cu). A combination outside those lists is a link error
// naming the missing instantiation: add it to the list.
//
// Every launcher returns as soon as the kernel is queued (asynchronous, like
// any CUDA launch) and throws std::runtime_error if the launch itself fails.
// Empty tensors launch nothing. Results never depend on the launch
// configuration's interleaving: reductions combine in a fixed order.
#pragma once
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "tinytf/kernels/functors.h"     // TINYTF_HD and the functors the launchers take
#include "tinytf/kernels/merged_dims.h"  // the layout simplification, shared with kernels::StridedLoop
#include "tinytf/kernels/optimizer_rules.h"  // the optimizers' rules and fn::UpdateTensor
#include "tinytf/kernels/random.h"        // kernels::Distribution
#include "tinytf/kernels/window.h"        // kernels::ConvGeometry

namespace tinytf::cuda {

// ---- layouts ------------------------------------------------------------------
// N operands (output first) sharing one shape, each with its own strides in
// elements (0 = broadcast), simplified as for kernels::StridedLoop (size-1
// dimensions dropped, dimensions contiguous for every operand merged:
// kernels/merged_dims.h), so a contiguous tensor of any shape is rank 1 with
// unit strides. Passed to kernels by value, so it is a fixed-size struct.
constexpr int kMaxDims = 8;

template <int N>
struct Layout {
  int rank = 0;
  int64_t numel = 0;
  int64_t shape[kMaxDims] = {};
  int64_t strides[N][kMaxDims] = {};

  // Offsets of the element with row-major index `linear`, for every operand.
  TINYTF_HD void offsets(int64_t linear, int64_t (&off)[N]) const {
    for (int k = 0; k < N; ++k) off[k] = 0;
    if (rank == 1) {  // the common case after merging: no division at all
      for (int k = 0; k < N; ++k) off[k] = linear * strides[k][0];
      return;
    }
    for (int d = rank - 1; d >= 0; --d) {
      const int64_t i = linear % shape[d];
      linear /= shape[d];
      for (int k = 0; k < N; ++k) off[k] += i * strides[k][d];
    }
  }
  // Operand k walks memory with unit stride (every element once, in order).
  bool contiguous(int k) const { return rank == 0 || (rank == 1 && strides[k][0] == 1); }
  // Operand k is one element repeated (a broadcast scalar).
  bool scalar(int k) const {
    for (int d = 0; d < rank; ++d)
      if (strides[k][d] != 0) return false;
    return true;
  }
};

template <int N>
Layout<N> make_layout(const std::vector<int64_t>& shape, const std::array<std::vector<int64_t>, N>& strides) {
  const kernels::MergedDims<N> merged = kernels::merge_dims<N>(shape, strides);
  if (merged.shape.size() > size_t(kMaxDims))
    throw std::invalid_argument("tinytf cuda: a layout needs more than " + std::to_string(kMaxDims) +
                                " dimensions after merging contiguous ones; make the operands contiguous first");
  Layout<N> l;
  l.numel = 1;
  for (int64_t size : shape) l.numel *= size;
  l.rank = int(merged.shape.size());
  for (int d = 0; d < l.rank; ++d) {
    l.shape[d] = merged.shape[d];
    for (int k = 0; k < N; ++k) l.strides[k][d] = merged.strides[k][d];
  }
  return l;
}

// ---- elementwise (cuda/elementwise.cuh) ------------------------------------------
// out = f(in) / f(a, b) / (cond ? x : y) over a layout; fill writes n copies of value.
template <class Out, class In, class F>
void map_unary(const Layout<2>& layout, Out* out, const In* in, F f, void* stream = nullptr);
template <class Out, class A, class B, class F>
void map_binary(const Layout<3>& layout, Out* out, const A* a, const B* b, F f, void* stream = nullptr);
template <class T>
void where(const Layout<4>& layout, T* out, const bool* cond, const T* x, const T* y, void* stream = nullptr);
template <class T>
void fill(T* out, int64_t n, T value, void* stream = nullptr);

// ---- matmul (cuda/matmul.cuh) ------------------------------------------------------
// C[m x n] = A[m x k] @ B[k x n], operands as in kernels::gemm: element (i, p)
// of A at a[i * a_rs + p * a_cs], C written at c[i * c_rs + j]. float, double,
// int32_t, int64_t. `version` picks a kernel of the teaching ladder (1 naive,
// 2 shared-memory tiles, 3 tiles + register blocking); 0 = the fastest.
template <class T>
void gemm(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b, int64_t b_rs,
          int64_t b_cs, T* c, int64_t c_rs, void* stream = nullptr, int version = 0);

// ---- row kernels (cuda/reduce.cuh) ----------------------------------------------------
// out[row] = reduce(x[row, :]) for a contiguous [rows, cols] x, with R one of
// fn::SumReducer, ProdReducer, MaxReducer, MinReducer; mean = true (with
// SumReducer) divides by cols as the CPU op does (integers truncate, an empty
// integer row gives 0). Sums and products of float32 accumulate in double.
template <class T, class R>
void reduce_rows(const T* x, int64_t rows, int64_t cols, T* out, R r, bool mean = false, void* stream = nullptr);
// out[j] = reduce(x[:, j]) for a contiguous [rows, cols] x, rows combined in
// order; mean divides by rows. Same dtypes, reducers and accumulators as reduce_rows.
template <class T, class R>
void reduce_columns(const T* x, int64_t rows, int64_t cols, T* out, R r, bool mean = false, void* stream = nullptr);
// Index of the first largest (kMax) or smallest element of each row; NaN wins. Index: int32_t or int64_t.
template <bool kMax, class T, class Index>
void arg_reduce_rows(const T* x, int64_t rows, int64_t cols, Index* out, void* stream = nullptr);
// Softmax (kLog = false) or log-softmax of each row of a contiguous [rows, cols] x. float, double.
template <bool kLog, class T>
void softmax_rows(const T* x, int64_t rows, int64_t cols, T* out, void* stream = nullptr);

// Softmax cross-entropy of each row, fused (cuda/cross_entropy.cuh): loss[row]
// and backprop = softmax - labels. Dense labels are a distribution per row;
// sparse ones a class index per row (int32_t or int64_t), a row with a label
// outside [0, cols) gets NaN. float, double.
template <class T>
void softmax_xent_rows(const T* logits, const T* labels, int64_t rows, int64_t cols, T* loss, T* backprop,
                       void* stream = nullptr);
template <class T, class Index>
void sparse_softmax_xent_rows(const T* logits, const Index* labels, int64_t rows, int64_t cols, T* loss, T* backprop,
                              void* stream = nullptr);

// ---- ordering (cuda/sort.cuh, cuda/scan.cuh) ---------------------------------------------------
// As kernels::sort_rows / scan_rows, over the rows of a contiguous [rows, cols] x.
// sort_rows writes the first k of each row in the order of fn::SortsBefore<kDescending>
// (values and column indices, [rows, k]); scan_rows the running sums (fn::SumReducer) or
// products (fn::ProdReducer), exclusive and/or from the end of the row. float, double,
// int32_t, int64_t; Index int32_t or int64_t.
template <bool kDescending, class T, class Index>
void sort_rows(const T* x, int64_t rows, int64_t cols, int64_t k, T* values, Index* indices, void* stream = nullptr);
template <class T, class R>
void scan_rows(const T* x, int64_t rows, int64_t cols, T* out, R r, bool exclusive, bool reverse,
               void* stream = nullptr);

// ---- indexing (cuda/gather.cuh) -----------------------------------------------------------
// As kernels::gather / scatter_add / one_hot. gather writes 0 for an index
// outside [0, axis_size) instead of reading out of bounds (the op checks first).
template <class T, class Index>
void gather(const T* params, int64_t outer, int64_t axis_size, int64_t inner, const Index* indices,
            int64_t n_indices, T* out, void* stream = nullptr);
template <class T, class Index>
void scatter_add(const T* updates, int64_t outer, int64_t n_indices, int64_t inner, const Index* indices,
                 int64_t axis_size, T* out, void* stream = nullptr);
template <class T, class Index>
void one_hot(const Index* indices, int64_t n, int64_t depth, T on_value, T off_value, T* out, void* stream = nullptr);

// ---- convolution (cuda/im2col.cuh) ------------------------------------------------------
// As kernels::im2col / col2im: x [N, H, W, C] -> cols [N, OH, OW, KH, KW, C]
// (pad_value in the padding), and its adjoint, which writes every element of
// dx (no zero-filling needed). float, double.
template <class T>
void im2col(const T* x, const kernels::ConvGeometry& g, T pad_value, T* cols, void* stream = nullptr);
template <class T>
void col2im(const T* cols, const kernels::ConvGeometry& g, T* dx, void* stream = nullptr);

// ---- max pooling (cuda/max_pool.cuh) -----------------------------------------------------
// As kernels::max_pool / max_pool_grad / max_pool_gather (the per-element rules
// are kernels/max_pool_window.h): the maxima and their positions (`where` may
// be null), the gradient gathered per input element, and its adjoint. float, double.
template <class T>
void max_pool(const T* x, const kernels::ConvGeometry& g, T* y, int32_t* where, void* stream = nullptr);
template <class T>
void max_pool_grad(const T* grad, const int32_t* where, const kernels::ConvGeometry& g, T* dx, void* stream = nullptr);
template <class T>
void max_pool_gather(const T* x, const int32_t* where, const kernels::ConvGeometry& g, T* out, void* stream = nullptr);

// ---- random (cuda/random.cuh) -------------------------------------------------------------
// Same Philox streams as kernels::random_fill: identical bits for the same
// (seed, stream_id); uniform values are bit-identical to the CPU's, normal
// values agree to a few ulps (the GPU's log/sin/cos round differently).
template <class T>
void random_fill(T* out, int64_t n, kernels::Distribution dist, T a, T b, uint64_t seed, uint64_t stream_id,
                 void* stream = nullptr);

// ---- optimizers (cuda/multi_tensor.cuh) ------------------------------------------------------
// One optimizer step over `count` variables, as kernels::multi_tensor_update: `tensors` is a host
// array of descriptors of device memory; every element gets `step` (weight decay, then the rule).
// float, double; the rules of kernels/optimizer_rules.h.
template <class T, class Rule>
void multi_tensor_update(const fn::UpdateTensor<T, Rule::kSlots>* tensors, int64_t count,
                         const fn::UpdateStep<T, Rule>& step, void* stream = nullptr);

}  // namespace tinytf::cuda
