// Norms, normalising and clipping by norm: tf.norm, tf.nn.l2_normalize,
// tf.clip_by_norm, tf.linalg.global_norm, tf.clip_by_global_norm.
//
// All are compositions of recorded ops with TensorFlow's formulas (so the
// same results at the edges: zero vectors, infinities), and their gradients
// come from those ops. Floating-point inputs only.
#pragma once
#include <utility>
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// The p-norm over `axes` (null: all, as one flat vector): p = 1 (sum of
// |x|), 2 (Euclidean), infinity (largest |x|), or any other p > 0.
Tensor vector_norm(const Tensor& x, double p, const std::vector<int64_t>* axes, bool keepdims);

// The matrix norm of the matrices spanned by the two axes (rows, columns):
// p = 1 (largest column sum of |x|), infinity (largest row sum) or 2 (largest
// singular value). The Frobenius norm is vector_norm(x, 2, {rows, cols}).
Tensor matrix_norm(const Tensor& x, double p, int64_t row_axis, int64_t col_axis, bool keepdims);

// x / max(||x||, sqrt(epsilon)) along `axes` (null: all).
Tensor l2_normalize(const Tensor& x, const std::vector<int64_t>* axes, double epsilon);

// t scaled down where its L2 norm over `axes` exceeds clip_norm (which
// broadcasts against the norm; below 0 it counts as 0); unchanged elsewhere.
// An all-zero t stays 0.
Tensor clip_by_norm(const Tensor& t, const Tensor& clip_norm, const std::vector<int64_t>* axes);

// sqrt of the sum of squares of every element of every tensor (0 for none).
Tensor global_norm(const std::vector<Tensor>& tensors);

// Every tensor times clip_norm / max(global_norm, clip_norm), and the global
// norm (use_norm if given, else computed). A non-finite norm makes every
// result NaN, as in TensorFlow.
std::pair<std::vector<Tensor>, Tensor> clip_by_global_norm(const std::vector<Tensor>& tensors,
                                                           const Tensor& clip_norm, const Tensor* use_norm);

}  // namespace tinytf::ops
