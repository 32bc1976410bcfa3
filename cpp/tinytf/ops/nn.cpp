#include "tinytf/ops/nn.h"

#include <string>

#include "tinytf/ops/common.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {

Tensor bias_add(const Tensor& value, const Tensor& bias, bool channels_first) {
  const char* op = "bias_add";
  check_same_device(op, value, bias);
  check_same_dtype(op, value, bias);
  visit_numeric(op, value.dtype(), [](auto) {});
  if (value.ndim() < 2)
    throw InvalidArgument("bias_add: the input must be at least 2-D, got shape " + shape_str(value.shape()));
  if (bias.ndim() != 1) throw InvalidArgument("bias_add: the bias must be 1-D, got shape " + shape_str(bias.shape()));
  const int64_t channel_axis = channels_first ? 1 : value.ndim() - 1;
  const int64_t channels = value.shape()[channel_axis];
  if (bias.shape()[0] != channels)
    throw InvalidArgument("bias_add: the bias has " + std::to_string(bias.shape()[0]) + " entries but the input, " +
                          describe(value) + ", has " + std::to_string(channels) + " channels (axis " +
                          std::to_string(channel_axis) + ")");
  // The bias as [channels, 1, ..., 1] (channels first) or [channels], broadcast by add;
  // add's gradient sums over the broadcast axes, which is BiasAddGrad.
  Shape bias_shape(value.ndim() - channel_axis, 1);
  bias_shape[0] = channels;
  return add(value, reshape(bias, bias_shape));
}

Tensor dropout(const Tensor& x, double rate, const Shape& noise_shape, uint64_t seed, uint64_t stream) {
  const char* op = "dropout";
  visit_floating(op, x.dtype(), [](auto) {});
  if (!(rate >= 0 && rate < 1))
    throw InvalidArgument("dropout: rate must be in [0, 1), got " + std::to_string(rate));
  // noise_shape must broadcast to x's shape: aligned from the right, each size equal or 1.
  bool broadcasts = noise_shape.size() <= x.shape().size();
  for (size_t i = 1; broadcasts && i <= noise_shape.size(); ++i) {
    const int64_t n = noise_shape[noise_shape.size() - i], s = x.shape()[x.shape().size() - i];
    broadcasts = n == s || n == 1;
  }
  if (!broadcasts)
    throw InvalidArgument("dropout: noise_shape " + shape_list_str(noise_shape) +
                          " must broadcast to the shape of x, " + shape_list_str(x.shape()) +
                          " (each size equal to x's or 1)");
  if (rate == 0) return x;
  // One random pass makes the scaled keep mask (kernels/philox.h, KeepMask),
  // one multiply applies it.
  Tensor mask = Tensor::empty(noise_shape, x.dtype(), x.device());
  visit_floating(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::random_fill(mask, kernels::Distribution::KeepMask, T(rate), T(1 / (1 - rate)), seed, stream);
  });
  Tensor y;
  {
    PauseRecording pause;  // the gradient below needs the mask only, not the multiply's second input
    y = multiply(x, mask);
  }
  record_unary("Dropout", x, y, {mask}, [mask](const Tensor& g) { return multiply(g, mask); });
  return y;
}

}  // namespace tinytf::ops
