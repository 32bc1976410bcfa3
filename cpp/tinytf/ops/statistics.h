// Reductions built from other ops: variance, standard deviation,
// log-sum-exp, the Euclidean norm, counts of non-zeros, and tf.nn.moments.
//
// Each is a short composition of recorded ops (reduce.h, elementwise.h), so
// its gradient, and higher orders, come from theirs. `axes` null means every
// axis, as for the plain reductions.
#pragma once
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// Mean and variance over `axes` (the mean of the squared deviations from the
// mean); integer inputs give truncated integer results, as in TensorFlow.
struct Moments {
  Tensor mean, variance;
};
Moments moments(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);

// Floating-point inputs only.
Tensor reduce_variance(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
Tensor reduce_std(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);
// log(sum(exp(x))) without overflow: the largest element is taken out first.
Tensor reduce_logsumexp(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);

// sqrt(sum(x^2)); integer inputs give the truncated integer root.
Tensor reduce_euclidean_norm(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims);

// How many elements are not 0 (or not false), as `dtype`.
Tensor count_nonzero(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims, DType dtype);

}  // namespace tinytf::ops
