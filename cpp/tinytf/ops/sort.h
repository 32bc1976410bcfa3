// Ordering ops: tf.sort, tf.argsort, tf.math.top_k and tf.math.in_top_k.
//
// One kernel family (kernels/sort.h, cuda/sort.cuh) sorts rows by
// fn::SortsBefore: by value, ties in index order (a stable sort, TensorFlow's
// rule for top_k and argsort), NaN as the largest value.
#pragma once
#include <cstdint>
#include <utility>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// The k largest entries of the last axis, largest first (also when !sorted:
// the order is then unspecified in TensorFlow), and their indices
// (index_dtype int32 or int64). 0 <= k <= the size of the last axis.
std::pair<Tensor, Tensor> top_k(const Tensor& x, int64_t k, bool sorted, DType index_dtype);

// x sorted along `axis`, ascending or descending; argsort gives the int32
// indices that sort it (ties keep their order in both directions).
Tensor sort(const Tensor& x, int64_t axis, bool descending);
Tensor argsort(const Tensor& x, int64_t axis, bool descending);

// For each row of predictions [batch, classes] (float32), whether the class
// targets[row] (int32/int64) scores among the k highest: fewer than k classes
// score strictly higher. False where the target is outside [0, classes) or a
// score of the row is not finite (TensorFlow's rule).
Tensor in_top_k(const Tensor& targets, const Tensor& predictions, int64_t k);

}  // namespace tinytf::ops
