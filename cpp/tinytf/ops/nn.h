// Neural-network ops of tf.nn that are not activations: bias_add and dropout.
#pragma once
#include <cstdint>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// value + bias along the channel axis: the last one, or axis 1 when
// channels_first ("NC..." data formats). value is at least 2-D, bias 1-D
// with one entry per channel, both of one numeric dtype.
Tensor bias_add(const Tensor& value, const Tensor& bias, bool channels_first);

// Zeroes each element of x with probability `rate` and scales the others by
// 1 / (1 - rate). The keep/drop decisions are drawn for `noise_shape` (which
// must broadcast to x's shape) from Philox (seed, stream), so the same seed
// gives the same mask on every device and thread count. The gradient flows
// through the kept elements, scaled alike. x is floating-point, 0 <= rate < 1.
Tensor dropout(const Tensor& x, double rate, const Shape& noise_shape, uint64_t seed, uint64_t stream);

}  // namespace tinytf::ops
