// Selecting entries by a mask or by index tuples: tf.where(condition), tf.boolean_mask, tf.gather_nd.
//
// All three read their mask or indices on the host: the number of true entries sets the result's
// shape, and every index tuple is checked before anything is gathered (a GPU mask or index tensor
// is copied to the CPU once: the one device-to-host read these ops make). The row-major positions
// found there move back to the tensor's device, and the work is one `gather` there, whose gradient
// (a scatter back to the entries taken) is the gradient of these ops.
#pragma once
#include <cstdint>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// The int64 coordinates [count, rank] of the non-zero (true) entries of `condition`, in row-major
// order. Any dtype: a non-zero number (NaN included) counts as true, as in TensorFlow.
Tensor nonzero_coordinates(const Tensor& condition);

// The entries of `tensor` where `mask` is true. The mask covers the axes [axis, axis + mask.ndim)
// of tensor (same sizes); they become one axis as long as the number of true entries.
Tensor boolean_mask(const Tensor& tensor, const Tensor& mask, int64_t axis);

// Slices of `params` picked by index tuples: the last axis of `indices` (int32/int64) holds m
// coordinates into params' axes [batch_dims, batch_dims + m); the first batch_dims axes of both
// are batch axes of equal sizes. The result has shape indices.shape[:-1] + params.shape[batch_dims + m:].
// A tuple outside params is TensorFlow's InvalidArgument error, raised before anything is gathered.
Tensor gather_nd(const Tensor& params, const Tensor& indices, int64_t batch_dims);

}  // namespace tinytf::ops
