// Matrix products: 2-D and batched, with NumPy-style broadcasting of the batch axes.
#pragma once
#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// a: [..., m, k] (or [..., k, m] if transpose_a), b: [..., k, n] (or [..., n, k]).
Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b);

}  // namespace tinytf::ops
