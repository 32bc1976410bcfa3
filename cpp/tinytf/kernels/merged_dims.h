// The layout simplification both element walkers start from, written once:
// kernels::StridedLoop on the CPU and cuda::Layout (cuda/launch.h) on the GPU.
//
// N operands (output first) share one shape, each with its own strides in
// elements (0 = broadcast). Dimensions of size 1 are dropped, and a dimension
// folds into the previous one when, for every operand, one step along the
// previous dimension is `size` steps along it: a contiguous tensor of any
// shape becomes one long dimension with unit stride.
#pragma once
#include <array>
#include <cstddef>

#include "tinytf/core/shape.h"

namespace tinytf::kernels {

template <size_t N>
struct MergedDims {
  Shape shape;
  std::array<Strides, N> strides;
};

template <size_t N>
MergedDims<N> merge_dims(const Shape& shape, const std::array<Strides, N>& strides) {
  MergedDims<N> m;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    bool mergeable = !m.shape.empty();
    for (size_t k = 0; k < N && mergeable; ++k)
      mergeable = m.strides[k].back() == strides[k][d] * shape[d];
    if (mergeable) {
      m.shape.back() *= shape[d];
      for (size_t k = 0; k < N; ++k) m.strides[k].back() = strides[k][d];
    } else {
      m.shape.push_back(shape[d]);
      for (size_t k = 0; k < N; ++k) m.strides[k].push_back(strides[k][d]);
    }
  }
  return m;
}

}  // namespace tinytf::kernels
