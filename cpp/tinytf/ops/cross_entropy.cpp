#include "tinytf/ops/cross_entropy.h"

#include <string>
#include <vector>

#include "tinytf/ops/common.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/indexing.h"
#include "tinytf/ops/reduce.h"
#include "tinytf/ops/shape_ops.h"

// The gradient w.r.t. the logits x is g * (softmax(x) - labels). The forward
// pass saves softmax - labels; when an outer tape records the backward pass
// (higher-order gradients), it is recomputed with ops instead, because to that
// tape a saved tensor is a constant.

namespace tinytf::ops {
namespace {

// t as a contiguous [rows, cols] matrix with `axis` (cols long) moved last.
// Made with recorded ops (transpose, copy, reshape), so gradients w.r.t. the
// matrix flow back to t.
Tensor as_rows(const Tensor& t, int64_t axis) {
  Tensor moved = t;
  if (axis != t.ndim() - 1) moved = transpose(t, axis_last_perm(t.ndim(), axis));
  if (!moved.is_contiguous()) moved = copy(moved);
  const int64_t cols = t.shape()[axis];
  int64_t rows = 1;
  for (int64_t d = 0; d < t.ndim(); ++d)
    if (d != axis) rows *= t.shape()[d];
  return reshape(moved, {rows, cols});
}

// The gradient of the losses (g, one per row) spread over each row's classes.
Tensor times_rows(const Tensor& g, const Tensor& per_class) {
  return multiply(reshape(g, {g.numel(), 1}), per_class);
}

// "2 5": the labels, as TensorFlow's CPU kernel lists them in its message.
template <class Index>
std::string label_values(const Tensor& labels) {
  std::string s;
  for (int64_t j = 0; j < labels.numel(); ++j) s += (j ? " " : "") + std::to_string(int64_t(labels.data<Index>()[j]));
  return s;
}

}  // namespace

Tensor softmax_cross_entropy_with_logits(const Tensor& labels_arg, const Tensor& logits_arg, int64_t axis_arg) {
  const char* op = "softmax_cross_entropy_with_logits";
  check_same_device(op, labels_arg, logits_arg);
  const DType dtype = logits_arg.dtype();
  visit_floating(op, dtype, [](auto) {});  // logits are float32 or float64, or InvalidArgument
  if (logits_arg.ndim() == 0)
    throw InvalidArgument(std::string(op) + ": logits must have at least one dimension (the classes), got a scalar");
  const Shape& ls = logits_arg.shape();
  const Shape& ys = labels_arg.shape();
  Shape shape;
  try {
    shape = broadcast_shapes(op, ls, ys);
  } catch (const InvalidArgument&) {
    throw InvalidArgument(std::string(op) + ": logits and labels must be broadcastable: logits_size=" +
                          shape_list_str(ls) + " labels_size=" + shape_list_str(ys));
  }
  // The class axis, counted in the broadcast shape (labels may add leading axes).
  const int64_t axis = normalize_axis(op, axis_arg, logits_arg.ndim()) + int64_t(shape.size() - ls.size());
  const Tensor x = as_rows(broadcast_to(logits_arg, shape), axis);
  const Tensor y = as_rows(broadcast_to(cast(labels_arg, dtype), shape), axis);  // TensorFlow casts the labels
  const int64_t rows = x.dim(0), cols = x.dim(1);
  const Tensor loss = Tensor::empty({rows}, dtype, x.device());
  const Tensor backprop = Tensor::empty({rows, cols}, dtype, x.device());
  visit_floating(op, dtype, [&](auto zero) {
    using T = decltype(zero);
    dispatch::softmax_xent_rows<T>(x, y, rows, cols, loss, backprop);
  });
  // Two nodes with the same output: the tape runs the labels' one only when
  // the labels lead to a source (they rarely do), sparing its log_softmax.
  record_op("SoftmaxCrossEntropyWithLogits", {x}, {loss}, {x, y, backprop},
            [x, y, backprop](const std::vector<Tensor>& g) {
              const Tensor d = tape_is_recording() ? subtract(softmax(x, -1), y) : backprop;
              return std::vector<Tensor>{times_rows(g[0], d)};
            });
  record_op("SoftmaxCrossEntropyWithLogits(labels)", {y}, {loss}, {x}, [x](const std::vector<Tensor>& g) {
    return std::vector<Tensor>{times_rows(g[0], negative(log_softmax(x, -1)))};
  });
  Shape out_shape = shape;
  out_shape.erase(out_shape.begin() + axis);
  return reshape(loss, out_shape);
}

Tensor sparse_softmax_cross_entropy_with_logits(const Tensor& labels_arg, const Tensor& logits) {
  const char* op = "sparse_softmax_cross_entropy_with_logits";
  check_same_device(op, labels_arg, logits);
  if (!is_integer(labels_arg.dtype()))
    throw InvalidArgument(std::string(op) + ": labels must be int32 or int64 class indices, got " +
                          describe(labels_arg) + "; use tf.cast(labels, tf.int64)");
  // TensorFlow checks these shapes in Python and raises ValueError.
  if (logits.ndim() == 0)
    throw ValueError(std::string(op) + ": logits cannot be a scalar: it needs a last axis of classes");
  const Shape batch(logits.shape().begin(), logits.shape().end() - 1);
  if (labels_arg.shape() != batch)
    throw ValueError(std::string(op) + ": labels shape " + shape_str(labels_arg.shape()) + " must equal logits shape " +
                     shape_str(logits.shape()) + " without its last dimension, " + shape_str(batch));
  const DType dtype = logits.dtype();
  visit_floating(op, dtype, [](auto) {});  // logits are float32 or float64, or InvalidArgument
  const int64_t classes = logits.shape().back();
  if (classes == 0)
    throw InvalidArgument(std::string(op) + ": Must have at least one class, but got logits shape " +
                          shape_list_str(logits.shape()));
  const Tensor x = as_rows(logits, logits.ndim() - 1);
  const int64_t rows = x.dim(0);
  const Tensor labels = reshape(contiguous(labels_arg), {rows});
  Tensor loss, backprop;
  visit_integer(op, labels.dtype(), [&](auto index_zero) {
    using Index = decltype(index_zero);
    if (labels.device().type == DeviceType::CPU)
      if (const int64_t j = dispatch::first_index_outside<Index>(labels, classes); j >= 0)
        throw InvalidArgument(std::string(op) + ": Received a label value of " +
                              std::to_string(int64_t(labels.data<Index>()[j])) +
                              " which is outside the valid range of [0, " + std::to_string(classes) +
                              ").  Label values: " + label_values<Index>(labels));
    loss = Tensor::empty({rows}, dtype, x.device());
    backprop = Tensor::empty({rows, classes}, dtype, x.device());
    visit_floating(op, dtype, [&](auto zero) {
      using T = decltype(zero);
      dispatch::sparse_softmax_xent_rows<T, Index>(x, labels, rows, classes, loss, backprop);
    });
  });
  record_op("SparseSoftmaxCrossEntropyWithLogits", {x}, {loss}, {x, backprop},
            [x, labels, backprop, classes, dtype](const std::vector<Tensor>& g) {
              const Tensor d = tape_is_recording()
                                   ? subtract(softmax(x, -1), one_hot(labels, classes, 1.0, 0.0, -1, dtype))
                                   : backprop;
              return std::vector<Tensor>{times_rows(g[0], d)};
            });
  return reshape(loss, batch);
}

}  // namespace tinytf::ops
