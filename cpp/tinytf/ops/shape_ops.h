// Ops that rearrange elements: views where the layout allows, copies otherwise.
#pragma once
#include <optional>
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// New shape with at most one -1 (inferred). A view when x is contiguous.
Tensor reshape(const Tensor& x, const std::vector<int64_t>& shape);
// Permutes the axes (default: reversed). Always a view.
Tensor transpose(const Tensor& x, const std::optional<std::vector<int64_t>>& perm);
Tensor expand_dims(const Tensor& x, int64_t axis);
// Removes the given size-1 axes (all size-1 axes when none are given).
Tensor squeeze(const Tensor& x, const std::optional<std::vector<int64_t>>& axes);
Tensor broadcast_to(const Tensor& x, const Shape& shape);
// A contiguous copy with the same values (tf.identity keeps the layout contract simple).
Tensor copy(const Tensor& x);
// The same values as a new tensor that no tape connects to x (a view, no copy).
Tensor stop_gradient(const Tensor& x);

// Basic indexing (t[1, ::2, ..., tf.newaxis]): each entry of the key is one of these.
struct SliceSpec {
  enum Kind { Index, Slice, NewAxis, Ellipsis } kind;
  int64_t index = 0;                                  // Index
  std::optional<int64_t> start, stop;                 // Slice
  int64_t step = 1;                                   // Slice
};
// Always a view (negative steps give negative strides).
Tensor strided_slice(const Tensor& x, const std::vector<SliceSpec>& key);
// Its adjoint: zeros of input_shape with g in the sliced region (used by gradients).
Tensor strided_slice_grad(const Tensor& g, const Shape& input_shape, const std::vector<SliceSpec>& key);

Tensor concat(const std::vector<Tensor>& values, int64_t axis);
Tensor stack(const std::vector<Tensor>& values, int64_t axis);
// Splits into pieces of the given sizes (at most one -1, inferred); views.
std::vector<Tensor> split(const Tensor& x, const std::vector<int64_t>& sizes, int64_t axis);
Tensor tile(const Tensor& x, const std::vector<int64_t>& multiples);

}  // namespace tinytf::ops
