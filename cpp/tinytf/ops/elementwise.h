// Elementwise ops: one line each, over the shared functors (functors.h).
//
// Binary ops broadcast like NumPy and require equal dtypes (TensorFlow never
// promotes silently). Comparisons return bool tensors.
#pragma once
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// ---- unary ----
Tensor negative(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor sign(const Tensor& x);
Tensor square(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor log1p(const Tensor& x);  // log(1 + x), accurate for tiny x
Tensor expm1(const Tensor& x);  // exp(x) - 1, accurate for tiny x
Tensor tanh(const Tensor& x);
Tensor reciprocal(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor relu(const Tensor& x);
// relu's backward pass in one pass (TensorFlow's ReluGrad): g where relu's output y > 0, else 0.
Tensor relu_grad(const Tensor& g, const Tensor& y);
Tensor softplus(const Tensor& x);
Tensor elu(const Tensor& x);
Tensor selu(const Tensor& x);
Tensor erf(const Tensor& x);
Tensor gelu(const Tensor& x, bool approximate);
Tensor leaky_relu(const Tensor& x, double alpha);
Tensor logical_not(const Tensor& x);
// Bool results, for floating-point inputs.
Tensor is_nan(const Tensor& x);
Tensor is_inf(const Tensor& x);
Tensor is_finite(const Tensor& x);
Tensor cast(const Tensor& x, DType dtype);

// ---- binary ----
Tensor add(const Tensor& a, const Tensor& b);
Tensor subtract(const Tensor& a, const Tensor& b);
Tensor multiply(const Tensor& a, const Tensor& b);
Tensor divide(const Tensor& a, const Tensor& b);  // true division: integers give float64; TypeError on mixed dtypes
Tensor div_no_nan(const Tensor& a, const Tensor& b);  // a / b, and 0 where b is 0 (same dtype rules)
Tensor floordiv(const Tensor& a, const Tensor& b);
Tensor floormod(const Tensor& a, const Tensor& b);
Tensor pow(const Tensor& a, const Tensor& b);
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
Tensor equal(const Tensor& a, const Tensor& b);
Tensor not_equal(const Tensor& a, const Tensor& b);
Tensor less(const Tensor& a, const Tensor& b);
Tensor less_equal(const Tensor& a, const Tensor& b);
Tensor greater(const Tensor& a, const Tensor& b);
Tensor greater_equal(const Tensor& a, const Tensor& b);
Tensor logical_and(const Tensor& a, const Tensor& b);
Tensor logical_or(const Tensor& a, const Tensor& b);

// ---- n-ary ----
// The sum of one or more tensors of the same shape and dtype (no broadcasting).
Tensor add_n(const std::vector<Tensor>& inputs);

// ---- ternary ----
// Elements of x where cond is true, of y elsewhere; all three broadcast.
Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y);

}  // namespace tinytf::ops
