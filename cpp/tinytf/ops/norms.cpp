#include "tinytf/ops/norms.h"

#include <cmath>
#include <limits>
#include <string>

#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/reduce.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {
namespace {

void check_floating(const char* op, const Tensor& x) {
  visit_floating(op, x.dtype(), [](auto) {});
}

// sum(x^2) over axes, keeping them as size 1.
Tensor sum_of_squares(const Tensor& x, const std::vector<int64_t>* axes) {
  return reduce_sum(square(x), axes, true);
}

}  // namespace

Tensor vector_norm(const Tensor& x, double p, const std::vector<int64_t>* axes, bool keepdims) {
  const char* op = "norm";
  check_floating(op, x);
  if (!(p > 0))
    throw InvalidArgument("norm: the order of a vector norm must be positive (1, 2, inf or any p > 0), got " +
                          std::to_string(p));
  Tensor kept;
  if (p == 1) kept = reduce_sum(abs(x), axes, true);
  else if (p == 2) kept = sqrt(sum_of_squares(x, axes));
  else if (std::isinf(p)) kept = reduce_max(abs(x), axes, true);
  else kept = pow(reduce_sum(pow(abs(x), scalar_like(x, p)), axes, true), scalar_like(x, 1 / p));
  return keepdims ? kept : reshape(kept, reduced_shape(op, x.shape(), axes, false));
}

Tensor matrix_norm(const Tensor& x, double p, int64_t row_arg, int64_t col_arg, bool keepdims) {
  const char* op = "norm";
  check_floating(op, x);
  const int64_t rows = normalize_axis(op, row_arg, x.ndim()), cols = normalize_axis(op, col_arg, x.ndim());
  if (rows == cols)
    throw InvalidArgument("norm: a matrix norm needs two different axes, got " + std::to_string(row_arg) + " and " +
                          std::to_string(col_arg));
  const std::vector<int64_t> row_axis{rows}, col_axis{cols}, both{rows, cols};
  Tensor kept;
  if (p == 1) {  // the largest column sum: sum down the rows, then the max over the columns
    kept = reduce_max(reduce_sum(abs(x), &row_axis, true), &col_axis, true);
  } else if (std::isinf(p) && p > 0) {  // the largest row sum
    kept = reduce_max(reduce_sum(abs(x), &col_axis, true), &row_axis, true);
  } else {
    throw InvalidArgument("norm: the order of a matrix norm must be 'fro', 'euclidean', 1, 2 or inf, got " +
                          std::to_string(p));
  }
  return keepdims ? kept : reshape(kept, reduced_shape(op, x.shape(), &both, false));
}

Tensor l2_normalize(const Tensor& x, const std::vector<int64_t>* axes, double epsilon) {
  check_floating("l2_normalize", x);
  // rsqrt(max(sum x^2, epsilon)): a zero vector stays zero instead of 0/0.
  return multiply(x, rsqrt(maximum(sum_of_squares(x, axes), scalar_like(x, epsilon))));
}

Tensor clip_by_norm(const Tensor& t, const Tensor& clip_norm, const std::vector<int64_t>* axes) {
  const char* op = "clip_by_norm";
  check_floating(op, t);
  check_same_dtype(op, t, clip_norm);
  // TensorFlow's formula: a negative clip_norm counts as 0, and the norm is
  // taken as 0 (not sqrt(0), whose gradient is infinite) where the sum of
  // squares is 0.
  const Tensor clip = maximum(clip_norm, scalar_like(clip_norm, 0));
  const Tensor l2sum = sum_of_squares(t, axes);
  const Tensor positive = greater(l2sum, scalar_like(l2sum, 0));
  const Tensor l2norm = where(positive, sqrt(where(positive, l2sum, scalar_like(l2sum, 1))), l2sum);
  return divide(multiply(t, clip), maximum(l2norm, clip));
}

Tensor global_norm(const std::vector<Tensor>& tensors) {
  const char* op = "global_norm";
  if (tensors.empty()) return fill({}, Scalar::of(0.0), DType::Float32, default_device());
  Tensor total;
  for (const Tensor& t : tensors) {
    check_floating(op, t);
    check_same_dtype(op, tensors.front(), t);
    check_same_device(op, tensors.front(), t);
  }
  for (const Tensor& t : tensors) {
    const Tensor s = reduce_sum(square(t), nullptr, false);
    total = total.defined() ? add(total, s) : s;
  }
  return sqrt(total);
}

std::pair<std::vector<Tensor>, Tensor> clip_by_global_norm(const std::vector<Tensor>& tensors,
                                                           const Tensor& clip_norm, const Tensor* use_norm) {
  const char* op = "clip_by_global_norm";
  const Tensor norm = use_norm ? *use_norm : global_norm(tensors);
  check_floating(op, norm);
  check_same_dtype(op, norm, clip_norm);
  // clip_norm * min(1 / norm, 1 / clip_norm), plus (norm - norm), which is
  // NaN when the norm is infinite or NaN: then every result is NaN.
  const Tensor one = scalar_like(norm, 1);
  const Tensor scale =
      add(multiply(clip_norm, minimum(divide(one, norm), divide(one, clip_norm))), subtract(norm, norm));
  std::vector<Tensor> clipped;
  for (const Tensor& t : tensors) clipped.push_back(multiply(t, cast(scale, t.dtype())));  // use_norm may differ
  return {clipped, norm};
}

}  // namespace tinytf::ops
