// StridedLoop: the one walker behind every elementwise kernel and copy.
//
// N operands (output first) share one shape and each has its own strides, in
// elements; a stride of 0 repeats an element, which is how broadcasting works
// without copies. The loop visits elements in row-major order as "runs" along
// the innermost dimension, so a kernel's inner loop is a plain 1-D loop with
// constant strides that the compiler can vectorise.
//
// Before walking, dimensions of size 1 are dropped and neighbouring
// dimensions that are contiguous for every operand are merged (merged_dims.h,
// shared with the CUDA walker): a contiguous tensor of any shape becomes one
// long run.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "tinytf/core/shape.h"
#include "tinytf/kernels/merged_dims.h"

namespace tinytf::kernels {

template <size_t N>
class StridedLoop {
 public:
  using Offsets = std::array<int64_t, N>;

  StridedLoop(const Shape& shape, const std::array<Strides, N>& strides) : numel_(num_elements(shape)) {
    MergedDims<N> merged = merge_dims<N>(shape, strides);
    shape_ = std::move(merged.shape);
    strides_ = std::move(merged.strides);
  }

  int64_t numel() const { return numel_; }

  // Calls run(offsets, count, inner_strides) for consecutive runs covering the
  // elements [begin, end) in row-major order; offsets[k] is where operand k's
  // run starts and inner_strides[k] its step along the run.
  template <class Run>
  void for_each_run(int64_t begin, int64_t end, const Run& run) const {
    if (begin >= end) return;
    const size_t rank = shape_.size();
    Offsets inner{};
    if (rank == 0) {  // a single element
      run(Offsets{}, int64_t(1), inner);
      return;
    }
    for (size_t k = 0; k < N; ++k) inner[k] = strides_[k][rank - 1];

    // Multi-index of `begin`, and each operand's offset for it.
    std::vector<int64_t> index(rank);
    Offsets offset{};
    int64_t rest = begin;
    for (size_t d = rank; d-- > 0;) {
      index[d] = rest % shape_[d];
      rest /= shape_[d];
      for (size_t k = 0; k < N; ++k) offset[k] += index[d] * strides_[k][d];
    }

    for (int64_t pos = begin; pos < end;) {
      const int64_t count = std::min(shape_[rank - 1] - index[rank - 1], end - pos);
      run(offset, count, inner);
      pos += count;
      // Step past the run, carrying into outer dimensions like an odometer.
      index[rank - 1] += count;
      for (size_t k = 0; k < N; ++k) offset[k] += count * inner[k];
      for (size_t d = rank - 1; d > 0 && index[d] == shape_[d]; --d) {
        index[d] = 0;
        index[d - 1]++;
        for (size_t k = 0; k < N; ++k) offset[k] += strides_[k][d - 1] - shape_[d] * strides_[k][d];
      }
    }
  }

 private:
  int64_t numel_ = 0;
  Shape shape_;
  std::array<Strides, N> strides_;
};

}  // namespace tinytf::kernels
