// The softmax cross-entropies of tf.nn, fused (kernels/cross_entropy.h): one
// pass gives every example's loss, and softmax - labels, saved so that the
// gradient is one multiplication. What training calls every step.
#pragma once
#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// -sum(labels * log_softmax(logits)) along `axis`: one loss per example, with
// logits' shape without `axis`. As in TensorFlow, labels are cast to the
// logits' dtype and broadcast against them, each example's labels should be a
// distribution (the gradient w.r.t. logits is softmax - labels), and labels
// get a gradient too (-log_softmax(logits)).
Tensor softmax_cross_entropy_with_logits(const Tensor& labels, const Tensor& logits, int64_t axis);

// -log_softmax(logits)[..., label]: labels (int32 or int64) have logits' shape
// without its last axis (the classes). A label outside [0, classes) raises
// InvalidArgument on the CPU, as TensorFlow's CPU kernel does; on a GPU its
// example's loss and gradient are NaN, as with TensorFlow's GPU kernel (no
// copy back to the CPU to check).
Tensor sparse_softmax_cross_entropy_with_logits(const Tensor& labels, const Tensor& logits);

}  // namespace tinytf::ops
