#include "tinytf/ops/indexing.h"

#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/transfer.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {

Tensor gather(const Tensor& params, const Tensor& indices_arg, int64_t axis_arg) {
  const char* op = "gather";
  check_same_device(op, params, indices_arg);
  if (params.ndim() == 0) throw InvalidArgument("gather: params must be at least 1-D, got a scalar");
  const int64_t axis = normalize_axis(op, axis_arg, params.ndim());
  const Tensor indices = contiguous(indices_arg);
  const Tensor p = contiguous(params);
  const int64_t axis_size = p.shape()[axis];
  Shape out_shape(p.shape().begin(), p.shape().begin() + axis);
  out_shape.insert(out_shape.end(), indices.shape().begin(), indices.shape().end());
  out_shape.insert(out_shape.end(), p.shape().begin() + axis + 1, p.shape().end());
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= p.shape()[d];
  for (int64_t d = axis + 1; d < p.ndim(); ++d) inner *= p.shape()[d];
  Tensor out = Tensor::empty(out_shape, p.dtype(), p.device());
  visit_integer(op, indices.dtype(), [&](auto index_zero) {
    using Index = decltype(index_zero);
    // Every index is checked before anything is copied (indices on a GPU, on a CPU copy).
    if (const int64_t j = dispatch::first_index_outside<Index>(indices, axis_size); j >= 0)
      throw InvalidArgument("gather: indices[" + std::to_string(j) + "] = " +
                            std::to_string(int64_t(to_cpu(indices).data<Index>()[j])) + " is not in [0, " +
                            std::to_string(axis_size) + ") (params shape " + shape_str(p.shape()) + ", axis " +
                            std::to_string(axis) + ")");
    visit_dtype(p.dtype(), [&](auto zero) {
      using T = decltype(zero);
      dispatch::gather<T, Index>(p, outer, axis_size, inner, indices, out);
    });
  });
  record_op("GatherV2", {params, indices}, {out}, {indices},
            [indices, shape = params.shape(), axis](const std::vector<Tensor>& g) {
              return std::vector<Tensor>{scatter_add(g[0], indices, shape, axis), Tensor()};
            });
  return out;
}

Tensor scatter_add(const Tensor& updates_arg, const Tensor& indices_arg, const Shape& shape, int64_t axis) {
  const Tensor updates = contiguous(updates_arg), indices = contiguous(indices_arg);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= shape[d];
  for (size_t d = size_t(axis) + 1; d < shape.size(); ++d) inner *= shape[d];
  Tensor out = fill(shape, Scalar::of(int64_t(0)), updates.dtype(), updates.device());
  visit_integer("scatter_add", indices.dtype(), [&](auto index_zero) {
    using Index = decltype(index_zero);
    visit_numeric("scatter_add", updates.dtype(), [&](auto zero) {
      using T = decltype(zero);
      dispatch::scatter_add<T, Index>(updates, outer, inner, indices, shape[axis], out);
    });
  });
  record_op("ScatterAdd", {updates_arg, indices_arg}, {out}, {indices},  // linear: its gradient is gather again
            [indices, axis](const std::vector<Tensor>& g) {
              return std::vector<Tensor>{gather(g[0], indices, axis), Tensor()};
            });
  return out;
}

Tensor one_hot(const Tensor& indices_arg, int64_t depth, double on_value, double off_value, int64_t axis, DType dtype) {
  const char* op = "one_hot";
  if (depth < 0) throw InvalidArgument("one_hot: depth must be non-negative, got " + std::to_string(depth));
  const Tensor indices = contiguous(indices_arg);
  const int64_t rank = indices.ndim() + 1;
  const int64_t a = axis == -1 ? rank - 1 : normalize_axis(op, axis, rank);
  Shape shape = indices.shape();
  shape.push_back(depth);
  Tensor out = Tensor::empty(shape, dtype, indices.device(), op);
  visit_integer(op, indices.dtype(), [&](auto index_zero) {
    using Index = decltype(index_zero);
    visit_dtype(dtype, [&](auto zero) {
      using T = decltype(zero);
      dispatch::one_hot<T, Index>(indices, depth, T(on_value), T(off_value), out);
    });
  });
  if (a == rank - 1) return out;
  // Another axis: move the depth axis (last) to position a.
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < rank - 1; ++d) perm.push_back(d);
  perm.insert(perm.begin() + a, rank - 1);
  return transpose(out, perm);
}

}  // namespace tinytf::ops
