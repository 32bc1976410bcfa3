#include "tinytf/ops/selection.h"

#include <algorithm>
#include <string>
#include <vector>

#include "tinytf/ops/common.h"
#include "tinytf/ops/indexing.h"
#include "tinytf/ops/shape_ops.h"
#include "tinytf/ops/transfer.h"

namespace tinytf::ops {
namespace {

// The row-major positions of the non-zero entries of x, read on the host.
std::vector<int64_t> nonzero_positions(const Tensor& x) {
  const Tensor host = contiguous(to_cpu(x));
  std::vector<int64_t> positions;
  visit_dtype(host.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* data = host.data<T>();
    for (int64_t i = 0; i < host.numel(); ++i)
      if (data[i] != T(0)) positions.push_back(i);
  });
  return positions;
}

// An int64 tensor of `shape` holding `values`, on `device`.
Tensor int64_tensor(const std::vector<int64_t>& values, const Shape& shape, Device device) {
  Tensor host = Tensor::empty(shape, DType::Int64);
  std::copy(values.begin(), values.end(), host.data<int64_t>());
  return to_device(host, device);
}

}  // namespace

Tensor nonzero_coordinates(const Tensor& condition) {
  if (condition.ndim() == 0)
    throw InvalidArgument("where: the condition must be at least 1-D to give coordinates, got a scalar " +
                          describe(condition) + " (TensorFlow's Where handles no 0-d input)");
  const std::vector<int64_t> positions = nonzero_positions(condition);
  const Shape& shape = condition.shape();
  const int64_t rank = condition.ndim(), count = int64_t(positions.size());
  std::vector<int64_t> coordinates(size_t(count * rank));
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = positions[size_t(i)];
    for (int64_t d = rank - 1; d >= 0; --d) {
      coordinates[size_t(i * rank + d)] = rest % shape[size_t(d)];
      rest /= shape[size_t(d)];
    }
  }
  return int64_tensor(coordinates, {count, rank}, condition.device());
}

Tensor boolean_mask(const Tensor& tensor, const Tensor& mask, int64_t axis) {
  check_same_device("boolean_mask", tensor, mask);
  if (mask.ndim() == 0)
    throw ValueError("mask cannot be scalar. (boolean_mask: the mask needs at least one axis, got " + describe(mask) +
                     ")");
  // The tensor's axes the mask covers, tensor.shape[axis:axis + k] as Python slices it (so a bad
  // axis gives TensorFlow's message).
  const Shape& shape = tensor.shape();
  const int64_t k = mask.ndim(), rank = tensor.ndim();
  auto clamp = [rank](int64_t i) { return std::clamp(i < 0 ? i + rank : i, int64_t(0), rank); };
  const int64_t begin = clamp(axis), end = std::max(begin, clamp(axis + k));
  const Shape covered(shape.begin() + begin, shape.begin() + end);
  if (axis < 0 || covered != mask.shape())
    throw ValueError("Shapes " + shape_str(covered) + " and " + shape_str(mask.shape()) +
                     " are incompatible (boolean_mask: the mask's shape must be the tensor's shape from axis " +
                     std::to_string(axis) + " on; tensor shape " + shape_str(shape) + ")");
  // The masked axes as one, then a gather along it.
  int64_t masked = 1;
  for (int64_t size : covered) masked *= size;
  std::vector<int64_t> flat(shape.begin(), shape.begin() + axis);
  flat.push_back(masked);
  flat.insert(flat.end(), shape.begin() + axis + k, shape.end());
  const std::vector<int64_t> positions = nonzero_positions(mask);
  return gather(reshape(tensor, flat), int64_tensor(positions, {int64_t(positions.size())}, tensor.device()), axis);
}

namespace {

// "[1, 5]" and "1,1": an index tuple and a position, as TensorFlow's messages print them.
std::string tuple_str(const std::vector<int64_t>& values, const char* sep) {
  std::string s;
  for (size_t i = 0; i < values.size(); ++i) s += (i ? sep : "") + std::to_string(values[i]);
  return s;
}

std::vector<int64_t> unravel(int64_t position, const Shape& shape) {
  std::vector<int64_t> coordinates(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    coordinates[d] = shape[d] ? position % shape[d] : 0;
    position = shape[d] ? position / shape[d] : 0;
  }
  return coordinates;
}

}  // namespace

Tensor gather_nd(const Tensor& params, const Tensor& indices, int64_t batch_dims) {
  const char* op = "gather_nd";
  check_same_device(op, params, indices);
  if (params.ndim() == 0) throw InvalidArgument("gather_nd: params must be at least a vector, got a scalar");
  if (indices.ndim() == 0) throw InvalidArgument("gather_nd: indices must be at least a vector, got a scalar");
  if (batch_dims < 0)
    throw ValueError("tf.gather_nd does not allow negative batch_dims. (got batch_dims=" + std::to_string(batch_dims) +
                     ")");
  if (batch_dims >= indices.ndim())
    throw ValueError("Argument `batch_dims` = " + std::to_string(batch_dims) + " must be less than rank(`indices`) = " +
                     std::to_string(indices.ndim()) + " (gather_nd: indices shape " + shape_str(indices.shape()) + ")");
  const Shape& shape = params.shape();
  const Shape& index_shape = indices.shape();
  const int64_t b = batch_dims, m = index_shape.back(), rank = params.ndim();
  if (b + m > rank)
    throw InvalidArgument("gather_nd: index innermost dimension length must be <= params rank; saw: " +
                          std::to_string(b + m) + " vs. " + std::to_string(rank) + " (params shape " +
                          shape_str(shape) + ", indices shape " + shape_str(index_shape) + ", batch_dims " +
                          std::to_string(b) + ")");
  if (!std::equal(index_shape.begin(), index_shape.begin() + b, shape.begin()))
    throw InvalidArgument("gather_nd: the " + std::to_string(b) + " batch dimensions of params " + shape_str(shape) +
                          " and indices " + shape_str(index_shape) + " must have the same sizes");
  visit_integer(op, indices.dtype(), [](auto) {});

  // Each tuple (batch coordinates, then its m indices) becomes a row-major position among params'
  // first b + m axes; every index is checked before anything is gathered.
  const Shape rows_shape(index_shape.begin(), index_shape.end() - 1);
  const Shape batch_shape(shape.begin(), shape.begin() + b);
  int64_t rows = 1, batches = 1, per_batch = 1;
  for (int64_t size : rows_shape) rows *= size;
  for (int64_t size : batch_shape) batches *= size;
  for (int64_t d = b; d < b + m; ++d) per_batch *= shape[size_t(d)];
  const int64_t leading = batches * per_batch;
  const int64_t rows_per_batch = batches ? rows / batches : 0;
  std::vector<int64_t> positions(static_cast<size_t>(rows));
  const Tensor host = contiguous(to_cpu(indices));
  visit_integer(op, host.dtype(), [&](auto zero) {
    using Index = decltype(zero);
    const Index* data = host.data<Index>();
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t batch = rows_per_batch ? r / rows_per_batch : 0;
      int64_t position = 0;
      bool inside = true;
      for (int64_t j = 0; j < m; ++j) {
        const int64_t size = shape[size_t(b + j)], index = int64_t(data[r * m + j]);
        inside = inside && index >= 0 && index < size;
        position = position * size + index;
      }
      if (!inside) {
        std::vector<int64_t> tuple = unravel(batch, batch_shape);
        for (int64_t j = 0; j < m; ++j) tuple.push_back(int64_t(data[r * m + j]));
        const std::string where = rows_shape.empty() ? "" : "[" + tuple_str(unravel(r, rows_shape), ",") + "]";
        throw InvalidArgument("gather_nd: indices" + where + " = [" + tuple_str(tuple, ", ") +
                              "] does not index into param shape " + shape_list_str(shape));
      }
      positions[size_t(r)] = batch * per_batch + position;
    }
  });
  std::vector<int64_t> flat{leading};
  flat.insert(flat.end(), shape.begin() + b + m, shape.end());
  return gather(reshape(params, flat), int64_tensor(positions, rows_shape, params.device()), 0);
}

}  // namespace tinytf::ops
