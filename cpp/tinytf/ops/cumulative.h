// Running sums and products along an axis: tf.math.cumsum and tf.math.cumprod.
#pragma once
#include <cstdint>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// out[..., j, ...] = x[..., 0, ...] + ... + x[..., j, ...] along `axis`;
// exclusive leaves out x[..., j, ...] itself (the first output is 0), reverse
// runs from the end of the axis. Numeric dtypes; integers wrap around.
Tensor cumsum(const Tensor& x, int64_t axis, bool exclusive, bool reverse);
// The same with products (the first exclusive output is 1).
Tensor cumprod(const Tensor& x, int64_t axis, bool exclusive, bool reverse);

}  // namespace tinytf::ops
