// Reductions over any set of axes, arg-reductions, and softmax.
#pragma once
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// `axes` null means every axis; an empty list reduces nothing.
Tensor reduce_sum(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
Tensor reduce_mean(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
Tensor reduce_prod(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
Tensor reduce_max(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
Tensor reduce_min(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
Tensor reduce_any(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
Tensor reduce_all(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);

// Index of the largest/smallest element along `axis` (int32 or int64 result).
Tensor argmax(const Tensor& x, int64_t axis, DType output_type);
Tensor argmin(const Tensor& x, int64_t axis, DType output_type);

Tensor softmax(const Tensor& logits, int64_t axis);
Tensor log_softmax(const Tensor& logits, int64_t axis);

}  // namespace tinytf::ops
