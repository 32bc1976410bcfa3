#include "tinytf/ops/creation.h"

#include <cmath>
#include <string>
#include <vector>

#include "tinytf/kernels/philox.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/indexing.h"
#include "tinytf/ops/transfer.h"

namespace tinytf::ops {
namespace {

void check_shape(const char* op, const Shape& shape) {
  for (int64_t s : shape)
    if (s < 0)
      throw InvalidArgument(std::string(op) + ": shape " + shape_list_str(shape) + " has a negative dimension");
}

template <class T>
T scalar_as(Scalar s) {
  if constexpr (std::is_floating_point_v<T>) return T(s.d);
  else return s.is_integer ? T(s.i) : T(s.d);
}

}  // namespace

Tensor fill(const Shape& shape, Scalar value, DType dtype, Device device) {
  check_shape("fill", shape);
  Tensor out = Tensor::empty(shape, dtype, device);
  visit_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    dispatch::fill(out, scalar_as<T>(value));
  });
  return out;
}

Tensor range(Scalar start, Scalar limit, Scalar delta, DType dtype, Device device) {
  if (delta.d == 0) throw InvalidArgument("range: delta must not be zero");
  if ((delta.d > 0 && start.d > limit.d) || (delta.d < 0 && start.d < limit.d))
    throw InvalidArgument("range: requires start <= limit when delta > 0 (or start >= limit when delta < 0), got start=" +
                          std::to_string(start.d) + ", limit=" + std::to_string(limit.d) +
                          ", delta=" + std::to_string(delta.d));
  Tensor out;
  visit_numeric("range", dtype, [&](auto zero) {
    using T = decltype(zero);
    int64_t n;
    if constexpr (std::is_integral_v<T>) {
      const int64_t span = scalar_as<int64_t>(limit) - scalar_as<int64_t>(start), step = scalar_as<int64_t>(delta);
      n = (span + step + (step > 0 ? -1 : 1)) / step;
    } else {
      n = int64_t(std::ceil((limit.d - start.d) / delta.d));
    }
    out = Tensor::empty({n}, dtype);
    T* p = out.data<T>();
    for (int64_t i = 0; i < n; ++i) p[i] = T(scalar_as<T>(start) + T(i) * scalar_as<T>(delta));
  });
  return to_device(out, device);  // computed on the CPU: a range is small
}

Tensor eye(int64_t rows, int64_t cols, DType dtype, Device device) {
  check_shape("eye", {rows, cols});
  Tensor out = fill({rows, cols}, Scalar::of(int64_t(0)), dtype, Device{});
  visit_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    for (int64_t i = 0; i < std::min(rows, cols); ++i) out.data<T>()[i * cols + i] = T(1);
  });
  return to_device(out, device);
}

Tensor random_uniform(const Shape& shape, Scalar minval, Scalar maxval, DType dtype, uint64_t seed, uint64_t stream,
                      Device device) {
  check_shape("random.uniform", shape);
  if (is_integer(dtype) && !(maxval.i > minval.i))
    throw InvalidArgument("random.uniform: for integer dtypes maxval must be greater than minval, got minval=" +
                          std::to_string(minval.i) + ", maxval=" + std::to_string(maxval.i));
  Tensor out = Tensor::empty(shape, dtype, device);
  visit_numeric("random.uniform", dtype, [&](auto zero) {
    using T = decltype(zero);
    dispatch::random_fill(out, kernels::Distribution::Uniform, scalar_as<T>(minval), scalar_as<T>(maxval), seed, stream);
  });
  return out;
}

Tensor random_normal(const Shape& shape, double mean, double stddev, DType dtype, uint64_t seed, uint64_t stream,
                     Device device) {
  check_shape("random.normal", shape);
  Tensor out = Tensor::empty(shape, dtype, device);
  visit_floating("random.normal", dtype, [&](auto zero) {
    using T = decltype(zero);
    dispatch::random_fill(out, kernels::Distribution::Normal, T(mean), T(stddev), seed, stream);
  });
  return out;
}

Tensor random_shuffle(const Tensor& x, uint64_t seed, uint64_t stream) {
  if (x.ndim() == 0) return x;
  const int64_t n = x.shape()[0];
  Tensor perm = Tensor::empty({n}, DType::Int64);
  int64_t* p = perm.data<int64_t>();
  for (int64_t i = 0; i < n; ++i) p[i] = i;
  for (int64_t i = n - 1; i > 0; --i) {  // Fisher-Yates: swap i with a uniform j in [0, i]
    const fn::Uint4 bits = fn::philox4x32_10(fn::Uint4{{uint32_t(i), uint32_t(uint64_t(i) >> 32), uint32_t(stream),
                                                        uint32_t(stream >> 32)}},
                                             uint32_t(seed), uint32_t(seed >> 32));
    const uint64_t r = (uint64_t(bits.v[0]) << 32) | bits.v[1];
    std::swap(p[i], p[int64_t(r % uint64_t(i + 1))]);
  }
  return gather(x, to_device(perm, x.device()), 0);  // the permutation is drawn on the CPU
}

}  // namespace tinytf::ops
