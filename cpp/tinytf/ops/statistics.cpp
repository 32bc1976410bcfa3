#include "tinytf/ops/statistics.h"

#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/reduce.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {
namespace {

// `kept` reduced x over `axes` with keepdims; drops those axes unless keepdims.
Tensor finish(const char* op, const Tensor& kept, const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  return keepdims ? kept : reshape(kept, reduced_shape(op, x.shape(), axes, keepdims));
}

void check_floating(const char* op, const Tensor& x) {
  visit_floating(op, x.dtype(), [](auto) {});
}

}  // namespace

Moments moments(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  const char* op = "moments";
  visit_numeric(op, x.dtype(), [](auto) {});
  normalize_axes(op, axes, x.ndim());  // checks the axes before anything is computed
  // TensorFlow stops the gradient through the mean inside the variance; it
  // contributes nothing to the first derivative, and keeping it makes second
  // derivatives (nested tapes) exact.
  const Tensor mean = reduce_mean(x, axes, true);
  const Tensor variance = reduce_mean(square(subtract(x, mean)), axes, true);
  return {finish(op, mean, x, axes, keepdims), finish(op, variance, x, axes, keepdims)};
}

Tensor reduce_variance(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  check_floating("reduce_variance", x);
  return moments(x, axes, keepdims).variance;
}

Tensor reduce_std(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  check_floating("reduce_std", x);
  return sqrt(moments(x, axes, keepdims).variance);
}

Tensor reduce_logsumexp(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  const char* op = "reduce_logsumexp";
  check_floating(op, x);
  normalize_axes(op, axes, x.ndim());
  // log sum exp(x) = m + log sum exp(x - m) for any m; m = max(x) keeps exp from
  // overflowing. An infinite max (all -inf, or an inf) is replaced by 0 so that
  // -inf - -inf never makes a NaN. m is a constant to the tape: the gradient,
  // softmax(x), comes out of the log-sum-exp of x - m alone.
  const Tensor raw_max = reduce_max(x, axes, true);
  const Tensor shift = stop_gradient(where(is_finite(raw_max), raw_max, scalar_like(x, 0)));
  const Tensor log_sum = log(reduce_sum(exp(subtract(x, shift)), axes, true));
  return finish(op, add(log_sum, shift), x, axes, keepdims);
}

Tensor reduce_euclidean_norm(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  const char* op = "reduce_euclidean_norm";
  visit_numeric(op, x.dtype(), [](auto) {});
  const Tensor sum_of_squares = reduce_sum(square(x), axes, keepdims);
  if (is_floating(x.dtype())) return sqrt(sum_of_squares);
  return cast(sqrt(cast(sum_of_squares, DType::Float64)), x.dtype());  // truncated, as TensorFlow's integer kernel
}

Tensor count_nonzero(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims, DType dtype) {
  const Tensor nonzero = not_equal(x, scalar_like(x, 0));  // NaN counts: it is not 0
  return cast(reduce_sum(cast(nonzero, DType::Int64), axes, keepdims), dtype);
}

}  // namespace tinytf::ops
