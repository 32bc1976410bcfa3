// Convolution and pooling (channels-last, as Keras's default), lowered to
// im2col + the GEMM. Only im2col/col2im are new ops with their own gradient
// (each is the other's adjoint); conv and pooling are compositions of
// recorded ops, so their gradients, and higher orders, come for free.
#pragma once
#include <string>

#include "tinytf/core/tensor.h"
#include "tinytf/kernels/im2col.h"

namespace tinytf::ops {

// Output size and padding of a window op, TensorFlow's rules: "VALID" uses no
// padding; "SAME" gives ceil(in / stride) outputs, padding split with the
// extra row/column at the end.
kernels::ConvGeometry window_geometry(const char* op, const Shape& x_shape, int64_t kh, int64_t kw,
                                      int64_t sh, int64_t sw, int64_t dh, int64_t dw, const std::string& padding);

// x [N, H, W, C] -> [N, OH, OW, KH, KW, C].
Tensor im2col(const Tensor& x, const kernels::ConvGeometry& g, double pad_value);
// cols [N, OH, OW, KH, KW, C] -> [N, H, W, C] (sums overlapping windows).
Tensor col2im(const Tensor& cols, const kernels::ConvGeometry& g);

// x [N, H, W, C], filters [KH, KW, C, CO] -> [N, OH, OW, CO].
Tensor conv2d(const Tensor& x, const Tensor& filters, int64_t sh, int64_t sw, const std::string& padding,
              int64_t dh, int64_t dw);
// x [N, H, W, C] -> [N, OH, OW, C]: the max or mean of each window (padding excluded).
Tensor max_pool2d(const Tensor& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw, const std::string& padding);
Tensor avg_pool2d(const Tensor& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw, const std::string& padding);

}  // namespace tinytf::ops
