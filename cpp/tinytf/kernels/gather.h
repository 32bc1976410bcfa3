// Index-driven copies: gather rows of a tensor, and one-hot encodings.
#pragma once
#include <cstdint>
#include <cstring>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

// The position of the first index outside [0, size), or -1 when there is
// none: what ops check before gathering (or picking a sparse label).
template <class Index>
int64_t first_index_outside(const Index* indices, int64_t n, int64_t size) {
  for (int64_t j = 0; j < n; ++j)
    if (!fn::index_in_range(indices[j], size)) return j;
  return -1;
}

// params is contiguous [outer, axis_size, inner]; out is [outer, n_indices, inner]
// with out[o, j, :] = params[o, indices[j], :]. Indices are checked by the op.
template <class T, class Index>
void gather(const T* params, int64_t outer, int64_t axis_size, int64_t inner, const Index* indices,
            int64_t n_indices, T* out) {
  parallel_for(outer * n_indices, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(inner, 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t t = begin; t < end; ++t) {
                   const int64_t o = t / n_indices, j = t % n_indices;
                   std::memcpy(out + t * inner, params + (o * axis_size + int64_t(indices[j])) * inner,
                               size_t(inner) * sizeof(T));
                 }
               });
}

// The adjoint of gather: out[o, indices[j], :] += updates[o, j, :], with out
// zero-filled by the caller. Rows that share an index are added in order of j,
// one `o` per thread, so results do not depend on the thread count.
template <class T, class Index>
void scatter_add(const T* updates, int64_t outer, int64_t n_indices, int64_t inner, const Index* indices,
                 int64_t axis_size, T* out) {
  parallel_for(outer, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n_indices * inner, 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t o = begin; o < end; ++o)
                   for (int64_t j = 0; j < n_indices; ++j) {
                     T* dst = out + (o * axis_size + int64_t(indices[j])) * inner;
                     const T* src = updates + (o * n_indices + j) * inner;
                     for (int64_t i = 0; i < inner; ++i) dst[i] += src[i];
                   }
               });
}

// out is [n, depth]: row i is on_value at column indices[i], off_value elsewhere;
// an index outside [0, depth) gives a row of off_value (as in TensorFlow).
template <class T, class Index>
void one_hot(const Index* indices, int64_t n, int64_t depth, T on_value, T off_value, T* out) {
  parallel_for(n, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(depth, 1)), [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      T* row = out + i * depth;
      for (int64_t j = 0; j < depth; ++j) row[j] = off_value;
      const int64_t k = int64_t(indices[i]);
      if (k >= 0 && k < depth) row[k] = on_value;
    }
  });
}

}  // namespace tinytf::kernels
