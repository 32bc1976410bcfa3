#include "tinytf/ops/common.h"

#include <algorithm>

#include "tinytf/kernels/functors.h"
#include "tinytf/ops/dispatch.h"

namespace tinytf::ops {

std::string describe(const Tensor& t) {
  return a_dtype(t.dtype()) + " tensor of shape " + shape_str(t.shape());
}

void check_same_dtype(const char* op, const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype())
    throw InvalidArgument(std::string(op) + ": both inputs must have the same dtype, but got " + describe(a) +
                          " and " + describe(b) + ". tinytf, like TensorFlow, never converts dtypes silently: " +
                          "use tf.cast(x, tf." + dtype_name(a.dtype()) + ") on one of them");
}

void check_same_device(const char* op, const Tensor& a, const Tensor& b) {
  if (a.device() != b.device())
    throw InvalidArgument(std::string(op) + ": inputs are on different devices (" + a.device().name() + " and " +
                          b.device().name() + "); copy one of them first, e.g. with tf.identity inside tf.device(...)");
}

Tensor broadcast_view(const Tensor& t, const Shape& shape) {
  if (t.shape() == shape) return t;
  const size_t lead = shape.size() - t.shape().size();
  Strides strides(shape.size(), 0);
  for (size_t d = 0; d < t.shape().size(); ++d)
    strides[lead + d] = t.shape()[d] == 1 ? 0 : t.strides()[d];
  return t.view(shape, strides, t.offset());
}

void copy_into(const Tensor& dst, const Tensor& src) {
  check_same_device("copy", dst, src);
  visit_dtype(src.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::map_unary<T, T>(dst, src, fn::Identity{});
  });
}

Tensor contiguous(const Tensor& t) {
  if (t.is_contiguous()) return t;
  Tensor out = Tensor::empty(t.shape(), t.dtype(), t.device());
  copy_into(out, t);
  return out;
}

std::vector<int64_t> normalize_axes(const char* op, const std::vector<int64_t>* axes, int64_t rank) {
  std::vector<int64_t> out;
  if (!axes) {
    for (int64_t d = 0; d < rank; ++d) out.push_back(d);
    return out;
  }
  for (int64_t a : *axes) out.push_back(normalize_axis(op, a, rank));
  std::sort(out.begin(), out.end());
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i] == out[i - 1])
      throw InvalidArgument(std::string(op) + ": axis " + std::to_string(out[i]) + " appears more than once in " +
                            shape_list_str(*axes) + " (each axis can be listed once)");
  return out;
}

std::vector<int64_t> axis_last_perm(int64_t rank, int64_t axis) {
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis) perm.push_back(d);
  perm.push_back(axis);
  return perm;
}

std::vector<int64_t> inverse_perm(const std::vector<int64_t>& perm) {
  std::vector<int64_t> inverse(perm.size());
  for (size_t d = 0; d < perm.size(); ++d) inverse[perm[d]] = int64_t(d);
  return inverse;
}

Shape reduced_shape(const char* op, const Shape& shape, const std::vector<int64_t>* axes, bool keepdims) {
  std::vector<bool> reduced(shape.size(), false);
  for (int64_t a : normalize_axes(op, axes, int64_t(shape.size()))) reduced[a] = true;
  Shape out;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!reduced[d]) out.push_back(shape[d]);
    else if (keepdims) out.push_back(1);
  }
  return out;
}

}  // namespace tinytf::ops
