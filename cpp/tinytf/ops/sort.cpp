#include "tinytf/ops/sort.h"

#include <string>
#include <vector>

#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/indexing.h"
#include "tinytf/ops/reduce.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {
namespace {

// The first k entries of every row of x along its last axis, in sorted order:
// values and indices of shape x.shape[:-1] + [k]. Records the gradient of the
// values: each goes back to the entry it came from.
std::pair<Tensor, Tensor> sorted_rows(const char* op, const Tensor& x, int64_t k, bool descending, DType index_dtype) {
  visit_numeric(op, x.dtype(), [](auto) {});
  visit_integer(op, index_dtype, [](auto) {});
  const Tensor rows_x = contiguous(x);
  const int64_t cols = x.shape().back();
  const int64_t rows = cols == 0 ? num_elements(Shape(x.shape().begin(), x.shape().end() - 1)) : x.numel() / cols;
  Shape out_shape = x.shape();
  out_shape.back() = k;
  Tensor values = Tensor::empty(out_shape, x.dtype(), x.device());
  Tensor indices = Tensor::empty(out_shape, index_dtype, x.device());
  visit_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    visit_integer(op, index_dtype, [&](auto index_zero) {
      using Index = decltype(index_zero);
      if (descending) dispatch::sort_rows<true, T, Index>(rows_x, rows, cols, k, values, indices);
      else dispatch::sort_rows<false, T, Index>(rows_x, rows, cols, k, values, indices);
    });
  });
  record_op("TopKV2", {x}, {values, indices}, {indices},
            [indices, shape = x.shape(), rows, cols, k](const std::vector<Tensor>& g) {
              // dx[row, indices[row, j]] = g[row, j]: a scatter at row * cols + index.
              if (rows * k == 0) return std::vector<Tensor>{fill(shape, Scalar::of(0.0), g[0].dtype(), g[0].device())};
              const Tensor starts = reshape(range(Scalar::of(int64_t(0)), Scalar::of(rows * cols), Scalar::of(cols),
                                                  DType::Int64, indices.device()),
                                            {rows, 1});
              const Tensor flat = reshape(add(cast(reshape(indices, {rows, k}), DType::Int64), starts), {-1});
              return std::vector<Tensor>{reshape(scatter_add(reshape(g[0], {-1}), flat, {rows * cols}, 0), shape)};
            });
  return {values, indices};
}

// sort and argsort along any axis: move it last, sort every row, move it back.
std::pair<Tensor, Tensor> sort_along(const char* op, const Tensor& x, int64_t axis_arg, bool descending) {
  if (x.ndim() == 0) throw InvalidArgument(std::string(op) + ": the input must be at least 1-D, got a scalar");
  const int64_t axis = normalize_axis(op, axis_arg, x.ndim());
  const std::vector<int64_t> perm = axis_last_perm(x.ndim(), axis), back = inverse_perm(perm);
  auto [values, indices] = sorted_rows(op, transpose(x, perm), x.shape()[axis], descending, DType::Int32);
  return {transpose(values, back), transpose(indices, back)};
}

}  // namespace

std::pair<Tensor, Tensor> top_k(const Tensor& x, int64_t k, bool sorted, DType index_dtype) {
  (void)sorted;  // the k entries always come largest first
  if (x.ndim() == 0) throw InvalidArgument("top_k: input must be >= 1-D, got shape " + shape_list_str(x.shape()));
  if (k < 0) throw InvalidArgument("top_k: Need k >= 0, got " + std::to_string(k));
  const int64_t cols = x.shape().back();
  if (k > cols)
    throw InvalidArgument("top_k: input must have at least k columns. Had " + std::to_string(cols) + ", needed " +
                          std::to_string(k) + " (input shape " + shape_list_str(x.shape()) + ")");
  return sorted_rows("top_k", x, k, true, index_dtype);
}

Tensor sort(const Tensor& x, int64_t axis, bool descending) { return sort_along("sort", x, axis, descending).first; }

Tensor argsort(const Tensor& x, int64_t axis, bool descending) {
  return sort_along("argsort", x, axis, descending).second;
}

Tensor in_top_k(const Tensor& targets_arg, const Tensor& predictions, int64_t k) {
  const char* op = "in_top_k";
  check_same_device(op, targets_arg, predictions);
  if (predictions.dtype() != DType::Float32)
    throw InvalidArgument("in_top_k: predictions must be float32, as in TensorFlow, but got " + describe(predictions));
  visit_integer(op, targets_arg.dtype(), [](auto) {});
  if (predictions.ndim() != 2)
    throw InvalidArgument("in_top_k: predictions must be 2-dimensional, got shape " +
                          shape_list_str(predictions.shape()));
  if (targets_arg.ndim() != 1)
    throw InvalidArgument("in_top_k: targets must be 1-dimensional, got shape " + shape_list_str(targets_arg.shape()));
  const int64_t rows = predictions.shape()[0], classes = predictions.shape()[1];
  if (targets_arg.shape()[0] != rows)
    throw InvalidArgument("in_top_k: First dimension of predictions " + std::to_string(rows) +
                          " must match length of targets " + std::to_string(targets_arg.shape()[0]));
  // TensorFlow's rule, with ops: the target's score, picked out at row * classes + target
  // (a target outside [0, classes) looks at class 0 and is ruled out below), must be
  // beaten by fewer than k scores, and every score of the row must be finite.
  if (classes == 0) return fill({rows}, Scalar::of(int64_t(0)), DType::Bool, predictions.device());  // no class to be in
  const Tensor targets = cast(targets_arg, DType::Int64);
  const Tensor zero = scalar_like(targets, 0);
  const Tensor valid = logical_and(greater_equal(targets, zero), less(targets, scalar_like(targets, classes)));
  const Tensor starts = range(Scalar::of(int64_t(0)), Scalar::of(rows * classes), Scalar::of(classes), DType::Int64,
                              predictions.device());
  const Tensor picked = add(starts, where(valid, targets, zero));
  const Tensor flat = reshape(predictions, {-1});
  const Tensor target_score = gather(flat, picked, 0);
  const std::vector<int64_t> classes_axis{1};
  const Tensor higher = reduce_sum(cast(greater(predictions, reshape(target_score, {rows, 1})), DType::Int64),
                                   &classes_axis, false);
  const Tensor finite = reduce_all(is_finite(predictions), &classes_axis, false);
  return logical_and(logical_and(valid, finite), less(higher, scalar_like(higher, double(k))));
}

}  // namespace tinytf::ops
