// Ops driven by integer indices.
#pragma once
#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// Slices of params along `axis` picked by `indices` (int32/int64); the result
// has shape params.shape[:axis] + indices.shape + params.shape[axis+1:].
// An index outside [0, params.shape[axis]) is an InvalidArgument error.
Tensor gather(const Tensor& params, const Tensor& indices, int64_t axis);

// The adjoint of gather: a tensor of `shape` (params' shape) holding the sums
// of the rows of `updates` (shaped like gather's output) at their indices.
Tensor scatter_add(const Tensor& updates, const Tensor& indices, const Shape& shape, int64_t axis);

// indices.shape + [depth]: on_value where the last axis equals the index.
Tensor one_hot(const Tensor& indices, int64_t depth, double on_value, double off_value, int64_t axis, DType dtype);

}  // namespace tinytf::ops
