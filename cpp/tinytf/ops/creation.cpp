#include "tinytf/ops/creation.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "tinytf/kernels/philox.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/indexing.h"
#include "tinytf/ops/transfer.h"

namespace tinytf::ops {
namespace {

template <class T>
T scalar_as(Scalar s) {
  if constexpr (std::is_floating_point_v<T>) return T(s.d);
  else return s.is_integer ? T(s.i) : fn::Cast<T>{}(s.d);
}

// A new tensor of `shape` (checked by Tensor::empty, in op's name) holding `value` everywhere.
Tensor filled(const char* op, const Shape& shape, Scalar value, DType dtype, Device device) {
  Tensor out = Tensor::empty(shape, dtype, device, op);
  visit_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    dispatch::fill(out, scalar_as<T>(value));
  });
  return out;
}

// The length of range(start, limit, delta), which must fit int64 (TensorFlow's check).
template <class T>
int64_t range_length(Scalar start, Scalar limit, Scalar delta) {  // by value: whole floats become integers
  const char* too_long = "range: Requires ((limit - start) / delta) <= 9223372036854775807, got start=";
  auto str = [](Scalar v) { return v.is_integer ? std::to_string(v.i) : std::to_string(v.d); };
  auto values = [&] { return str(start) + ", limit=" + str(limit) + ", delta=" + str(delta); };
  if constexpr (std::is_integral_v<T>) {
    for (Scalar* s : {&start, &limit, &delta}) {
      const bool whole = s->is_integer || (std::floor(s->d) == s->d && std::abs(s->d) < 9223372036854775808.0);
      if (whole && !s->is_integer) *s = Scalar::of(int64_t(s->d));
      if (!whole || s->i < std::numeric_limits<T>::min() || s->i > std::numeric_limits<T>::max())
        throw InvalidArgument("range: start, limit and delta must be whole numbers that fit " +
                              std::string(dtype_name(dtype_of<T>::value)) + ", got start=" + values());
    }
    // In 128 bits: limit - start may not fit 64.
    const __int128 span = __int128(limit.i) - start.i, step = delta.i;
    const __int128 n = (span + step + (step > 0 ? -1 : 1)) / step;
    if (n > std::numeric_limits<int64_t>::max()) throw InvalidArgument(too_long + values());
    return int64_t(n);
  } else {
    if (!std::isfinite(start.d) || !std::isfinite(limit.d) || !std::isfinite(delta.d))
      throw InvalidArgument("range: start, limit and delta must be finite, got start=" + values());
    const double n = std::ceil((limit.d - start.d) / delta.d);
    if (!(n < 9223372036854775808.0)) throw InvalidArgument(too_long + values());
    return int64_t(n);
  }
}

}  // namespace

Tensor fill(const Shape& shape, Scalar value, DType dtype, Device device) {
  return filled("fill", shape, value, dtype, device);
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
    const int64_t n = range_length<T>(start, limit, delta);
    out = Tensor::empty({n}, dtype, Device{}, "range");
    T* p = out.data<T>();
    if constexpr (std::is_integral_v<T>) {  // in unsigned 64 bits, where i * delta cannot overflow
      const uint64_t first = uint64_t(scalar_as<int64_t>(start)), step = uint64_t(scalar_as<int64_t>(delta));
      for (int64_t i = 0; i < n; ++i) p[i] = T(int64_t(first + uint64_t(i) * step));
    } else {
      for (int64_t i = 0; i < n; ++i) p[i] = T(scalar_as<T>(start) + T(i) * scalar_as<T>(delta));
    }
  });
  return to_device(out, device);  // computed on the CPU: a range is small
}

Tensor eye(int64_t rows, int64_t cols, DType dtype, Device device) {
  Tensor out = filled("eye", {rows, cols}, Scalar::of(int64_t(0)), dtype, Device{});
  visit_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    for (int64_t i = 0; i < std::min(rows, cols); ++i) out.data<T>()[i * cols + i] = T(1);
  });
  return to_device(out, device);
}

Tensor random_uniform(const Shape& shape, Scalar minval, Scalar maxval, DType dtype, uint64_t seed, uint64_t stream,
                      Device device) {
  if (is_integer(dtype) && !(maxval.i > minval.i))
    throw InvalidArgument("random.uniform: for integer dtypes maxval must be greater than minval, got minval=" +
                          std::to_string(minval.i) + ", maxval=" + std::to_string(maxval.i));
  Tensor out = Tensor::empty(shape, dtype, device, "random.uniform");
  visit_numeric("random.uniform", dtype, [&](auto zero) {
    using T = decltype(zero);
    dispatch::random_fill(out, kernels::Distribution::Uniform, scalar_as<T>(minval), scalar_as<T>(maxval), seed, stream);
  });
  return out;
}

Tensor random_normal(const Shape& shape, double mean, double stddev, DType dtype, uint64_t seed, uint64_t stream,
                     Device device) {
  Tensor out = Tensor::empty(shape, dtype, device, "random.normal");
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
