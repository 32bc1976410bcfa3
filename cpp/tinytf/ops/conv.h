// Convolution and pooling (channels-last, as Keras's default). Convolution and
// average pooling are lowered to im2col (+ the GEMM): only im2col/col2im
// (conv.cpp) have their own gradient (each is the other's adjoint), so their
// gradients, and higher orders, come from the recorded pieces. Max pooling has
// its own kernels (kernels/max_pool.h): the maxima with their positions, the
// gradient sent to those positions, and that gradient's adjoint, a gather; a
// composition (windows, reduce_max and its gradient) made ten passes over the
// activations and was most of a convnet's training step.
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
