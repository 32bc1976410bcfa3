#include "tinytf/ops/conv.h"

#include <limits>

#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/matmul.h"
#include "tinytf/ops/reduce.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {
namespace {

using kernels::ConvGeometry;

void check_rank4(const char* op, const char* what, const Tensor& t) {
  if (t.ndim() != 4)
    throw InvalidArgument(std::string(op) + ": " + what + " must be 4-D (" +
                          (std::string(what) == "input" ? "[batch, height, width, channels]" : "[height, width, in, out]") +
                          "), got shape " + shape_str(t.shape()));
}

// Output size and padding of a window op, TensorFlow's rules (conv.h).
ConvGeometry window_geometry(const char* op, const Shape& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
                             int64_t dh, int64_t dw, const std::string& padding) {
  if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1)
    throw InvalidArgument(std::string(op) + ": window sizes, strides and dilations must be >= 1");
  if (padding != "VALID" && padding != "SAME")
    throw InvalidArgument(std::string(op) + ": padding must be \"VALID\" or \"SAME\", got \"" + padding + "\"");
  ConvGeometry g{x[0], x[1], x[2], x[3], kh, kw, sh, sw, dh, dw, 0, 0, 0, 0};
  const int64_t eh = (kh - 1) * dh + 1, ew = (kw - 1) * dw + 1;  // window extent with dilation
  if (padding == "VALID") {
    if (g.h < eh || g.w < ew)
      throw InvalidArgument(std::string(op) + ": the " + std::to_string(eh) + "x" + std::to_string(ew) +
                            " window is larger than the " + std::to_string(g.h) + "x" + std::to_string(g.w) +
                            " input with padding \"VALID\" (input shape " + shape_str(x) + ")");
    g.oh = (g.h - eh) / sh + 1;
    g.ow = (g.w - ew) / sw + 1;
  } else {
    g.oh = (g.h + sh - 1) / sh;
    g.ow = (g.w + sw - 1) / sw;
    g.pad_top = std::max<int64_t>(0, (g.oh - 1) * sh + eh - g.h) / 2;
    g.pad_left = std::max<int64_t>(0, (g.ow - 1) * sw + ew - g.w) / 2;
  }
  return g;
}

Tensor col2im(const Tensor& cols, const ConvGeometry& g);

// x [N, H, W, C] -> [N, OH, OW, KH, KW, C], pad_value in the padding.
Tensor im2col(const Tensor& x_arg, const ConvGeometry& g, double pad_value) {
  const Tensor x = contiguous(x_arg);
  Tensor cols = Tensor::empty({g.n, g.oh, g.ow, g.kh, g.kw, g.c}, x.dtype(), x.device());
  visit_floating("im2col", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::im2col<T>(x, g, T(pad_value), cols);
  });
  record_unary("Im2Col", x_arg, cols, {}, [g](const Tensor& grad) { return col2im(grad, g); });
  return cols;
}

// cols [N, OH, OW, KH, KW, C] -> [N, H, W, C]: sums the window elements that read each input.
Tensor col2im(const Tensor& cols_arg, const ConvGeometry& g) {
  const Tensor cols = contiguous(cols_arg);
  Tensor dx = Tensor::empty({g.n, g.h, g.w, g.c}, cols.dtype(), cols.device());
  visit_floating("col2im", cols.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::col2im<T>(cols, g, dx);
  });
  record_unary("Col2Im", cols_arg, dx, {}, [g](const Tensor& grad) { return im2col(grad, g, 0.0); });
  return dx;
}

Tensor max_pool_gather(const Tensor& x, const Tensor& where, const ConvGeometry& g);

// The gradient of max pooling: grad [N, OH, OW, C] -> [N, H, W, C], each output gradient added to the
// input its window's maximum came from. `where` holds those positions (kernels/max_pool_window.h).
Tensor max_pool_grad(const Tensor& grad_arg, const Tensor& where, const ConvGeometry& g) {
  const Tensor grad = contiguous(grad_arg);
  Tensor dx = Tensor::empty({g.n, g.h, g.w, g.c}, grad.dtype(), grad.device());
  visit_floating("max_pool_grad", grad.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::max_pool_grad<T>(grad, where, g, dx);
  });
  record_unary("MaxPoolGrad", grad_arg, dx, {where},
               [g, where](const Tensor& gg) { return max_pool_gather(gg, where, g); });
  return dx;
}

// Its adjoint (for gradients of gradients): x [N, H, W, C] read at the maxima' positions.
Tensor max_pool_gather(const Tensor& x_arg, const Tensor& where, const ConvGeometry& g) {
  const Tensor x = contiguous(x_arg);
  Tensor out = Tensor::empty({g.n, g.oh, g.ow, g.c}, x.dtype(), x.device());
  visit_floating("max_pool_gather", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::max_pool_gather<T>(x, where, g, out);
  });
  record_unary("MaxPoolGather", x_arg, out, {where},
               [g, where](const Tensor& grad) { return max_pool_grad(grad, where, g); });
  return out;
}

}  // namespace

Tensor conv2d(const Tensor& x, const Tensor& filters, int64_t sh, int64_t sw, const std::string& padding, int64_t dh,
              int64_t dw) {
  const char* op = "conv2d";
  check_rank4(op, "input", x);
  check_rank4(op, "filters", filters);
  check_same_dtype(op, x, filters);
  check_same_device(op, x, filters);
  const int64_t kh = filters.shape()[0], kw = filters.shape()[1], cin = filters.shape()[2], cout = filters.shape()[3];
  if (x.shape()[3] != cin)
    throw InvalidArgument("conv2d: the input has " + std::to_string(x.shape()[3]) + " channels (shape " +
                          shape_str(x.shape()) + ") but the filters expect " + std::to_string(cin) + " (shape " +
                          shape_str(filters.shape()) + ")");
  const ConvGeometry g = window_geometry(op, x.shape(), kh, kw, sh, sw, dh, dw, padding);
  // [N*OH*OW, KH*KW*C] @ [KH*KW*C, CO] -> [N*OH*OW, CO]
  const Tensor rows = reshape(im2col(x, g, 0.0), {g.n * g.oh * g.ow, kh * kw * cin});
  const Tensor out = matmul(rows, reshape(filters, {kh * kw * cin, cout}), false, false);
  return reshape(out, {g.n, g.oh, g.ow, cout});
}

Tensor max_pool2d(const Tensor& x_arg, int64_t kh, int64_t kw, int64_t sh, int64_t sw, const std::string& padding) {
  check_rank4("max_pool2d", "input", x_arg);
  const ConvGeometry g = window_geometry("max_pool2d", x_arg.shape(), kh, kw, sh, sw, 1, 1, padding);
  if (g.h * g.w > std::numeric_limits<int32_t>::max())
    throw InvalidArgument("max_pool2d: images of " + std::to_string(g.h) + "x" + std::to_string(g.w) +
                          " pixels are too large (the positions of the maxima are int32: at most 2^31 - 1 pixels)");
  const Tensor x = contiguous(x_arg);
  Tensor y = Tensor::empty({g.n, g.oh, g.ow, g.c}, x.dtype(), x.device());
  // Where each maximum was: only a tape needs it (for the gradient).
  const Tensor where = tape_is_recording() ? Tensor::empty(y.shape(), DType::Int32, x.device()) : Tensor();
  visit_floating("max_pool2d", x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::max_pool<T>(x, g, y, where);
  });
  record_unary("MaxPool", x_arg, y, {where}, [g, where](const Tensor& grad) { return max_pool_grad(grad, where, g); });
  return y;
}

Tensor avg_pool2d(const Tensor& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw, const std::string& padding) {
  check_rank4("avg_pool2d", "input", x);
  const ConvGeometry g = window_geometry("avg_pool2d", x.shape(), kh, kw, sh, sw, 1, 1, padding);
  const std::vector<int64_t> axis{3};
  const Tensor sums = reduce_sum(reshape(im2col(x, g, 0.0), {g.n, g.oh, g.ow, kh * kw, g.c}), &axis, false);
  // TensorFlow averages over the window positions inside the input only:
  // count them by pooling a tensor of ones (one image, one channel).
  ConvGeometry one = g;
  one.n = 1;
  one.c = 1;
  const Tensor ones = fill({1, g.h, g.w, 1}, Scalar::of(int64_t(1)), x.dtype(), x.device());
  Tensor counts;
  {
    PauseRecording pause;  // a constant
    counts = reduce_sum(reshape(im2col(ones, one, 0.0), {1, g.oh, g.ow, kh * kw, 1}), &axis, false);
  }
  return divide(sums, counts);
}

}  // namespace tinytf::ops
