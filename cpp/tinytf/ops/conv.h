// Convolution and pooling (channels-last, as Keras's default), lowered to
// im2col + the GEMM. Only im2col/col2im (conv.cpp) are ops with their own
// gradient (each is the other's adjoint); conv and pooling are compositions
// of recorded ops, so their gradients, and higher orders, come for free.
#pragma once
#include <string>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// Window sizes, strides, dilations and padding follow TensorFlow: "VALID"
// uses no padding; "SAME" gives ceil(in / stride) outputs, padding split with
// the extra row/column at the end.

// x [N, H, W, C], filters [KH, KW, C, CO] -> [N, OH, OW, CO].
Tensor conv2d(const Tensor& x, const Tensor& filters, int64_t sh, int64_t sw, const std::string& padding,
              int64_t dh, int64_t dw);
// x [N, H, W, C] -> [N, OH, OW, C]: the max or mean of each window (padding excluded).
Tensor max_pool2d(const Tensor& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw, const std::string& padding);
Tensor avg_pool2d(const Tensor& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw, const std::string& padding);

}  // namespace tinytf::ops
