// Index-driven copies: gather, its adjoint scatter_add, and one_hot
// (the CUDA twins of cpp/tinytf/kernels/gather.h).
//
// Napkin math. Pure data movement: gather reads and writes
// outer * n_indices * inner elements, one_hot writes n * depth; both are
// bound by memory bandwidth (~3.3 TB/s on an H100) as long as `inner` or
// `depth` keeps neighbouring threads on neighbouring addresses, which the
// flat grid-stride numbering below does: consecutive threads take
// consecutive elements of the output, so stores are always coalesced and
// loads are coalesced within each gathered row.
//
// One version each; the divisions that turn a flat index into (o, j, i) cost
// a few instructions per element, cheap next to the memory access.
// scatter_add gives each (o, i) column to one thread, which adds the rows in
// order of j: no atomics, so results are the same on every run (float
// addition is not associative) and the same as the CPU's.
#pragma once
#include "common.cuh"

namespace tinytf::cuda {

template <class T, class Index>
__global__ void gather_kernel(const T* params, int64_t axis_size, int64_t inner, const Index* indices,
                              int64_t n_indices, int64_t total, T* out) {
  for (int64_t e = global_thread(); e < total; e += grid_threads()) {
    const int64_t t = e / inner, i = e % inner;  // t = o * n_indices + j
    const int64_t o = t / n_indices, j = t % n_indices;
    const int64_t k = int64_t(indices[j]);
    out[e] = fn::index_in_range(k, axis_size) ? params[(o * axis_size + k) * inner + i] : T(0);
  }
}

template <class T, class Index>
__global__ void scatter_add_kernel(const T* updates, int64_t outer, int64_t n_indices, int64_t inner,
                                   const Index* indices, int64_t axis_size, T* out) {
  for (int64_t e = global_thread(); e < outer * inner; e += grid_threads()) {
    const int64_t o = e / inner, i = e % inner;
    for (int64_t j = 0; j < n_indices; ++j) {
      const int64_t k = int64_t(indices[j]);
      if (fn::index_in_range(k, axis_size)) out[(o * axis_size + k) * inner + i] += updates[(o * n_indices + j) * inner + i];
    }
  }
}

template <class T, class Index>
__global__ void one_hot_kernel(const Index* indices, int64_t n, int64_t depth, T on_value, T off_value, T* out) {
  for (int64_t e = global_thread(); e < n * depth; e += grid_threads()) {
    const int64_t i = e / depth, j = e % depth;
    out[e] = int64_t(indices[i]) == j ? on_value : off_value;
  }
}

template <class T, class Index>
void gather(const T* params, int64_t outer, int64_t axis_size, int64_t inner, const Index* indices,
            int64_t n_indices, T* out, void* stream) {
  const int64_t total = outer * n_indices * inner;
  if (total == 0) return;
  TINYTF_LAUNCH(grid_for(total), kThreads, stream, gather_kernel<T, Index>)
  (params, axis_size, inner, indices, n_indices, total, out);
  check_launch("gather");
}

template <class T, class Index>
void scatter_add(const T* updates, int64_t outer, int64_t n_indices, int64_t inner, const Index* indices,
                 int64_t axis_size, T* out, void* stream) {
  if (outer * inner == 0 || n_indices == 0) return;
  TINYTF_LAUNCH(grid_for(outer * inner), kThreads, stream, scatter_add_kernel<T, Index>)
  (updates, outer, n_indices, inner, indices, axis_size, out);
  check_launch("scatter_add");
}

template <class T, class Index>
void one_hot(const Index* indices, int64_t n, int64_t depth, T on_value, T off_value, T* out, void* stream) {
  if (n * depth == 0) return;
  TINYTF_LAUNCH(grid_for(n * depth), kThreads, stream, one_hot_kernel<T, Index>)
  (indices, n, depth, on_value, off_value, out);
  check_launch("one_hot");
}

}  // namespace tinytf::cuda
