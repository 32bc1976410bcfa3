// Ops that make new tensors from numbers: constants, ranges, random values,
// on the device they are given.
#pragma once
#include <cstdint>

#include "tinytf/core/tensor.h"
#include "tinytf/kernels/functors.h"

namespace tinytf::ops {

// A number that keeps integers exact (an int64 does not always fit a double). A double's integer is tf.cast's
// (fn::Cast): truncated, and the lowest int64 for NaN, infinities and values beyond the range, whose plain
// conversion C++ leaves undefined (tf.range(0., float('nan')) must reach range's own check, not crash first).
struct Scalar {
  bool is_integer;
  int64_t i;
  double d;
  static Scalar of(int64_t v) { return {true, v, double(v)}; }
  static Scalar of(double v) { return {false, fn::Cast<int64_t>{}(v), v}; }
};

Tensor fill(const Shape& shape, Scalar value, DType dtype, Device device);
// A 0-d tensor of x's dtype on x's device: the constants inside formulas.
inline Tensor scalar_like(const Tensor& x, double value) { return fill({}, Scalar::of(value), x.dtype(), x.device()); }
Tensor range(Scalar start, Scalar limit, Scalar delta, DType dtype, Device device);
Tensor eye(int64_t rows, int64_t cols, DType dtype, Device device);

// Floats: uniform in [minval, maxval). Integers: uniform in [minval, maxval), maxval > minval.
Tensor random_uniform(const Shape& shape, Scalar minval, Scalar maxval, DType dtype, uint64_t seed, uint64_t stream,
                      Device device);
Tensor random_normal(const Shape& shape, double mean, double stddev, DType dtype, uint64_t seed, uint64_t stream,
                     Device device);
// A random permutation of x along axis 0 (Fisher-Yates driven by Philox).
Tensor random_shuffle(const Tensor& x, uint64_t seed, uint64_t stream);

}  // namespace tinytf::ops
