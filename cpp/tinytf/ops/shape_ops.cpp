#include "tinytf/ops/shape_ops.h"

#include <algorithm>
#include <numeric>

#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/reduce.h"

namespace tinytf::ops {

Tensor reshape(const Tensor& x, const std::vector<int64_t>& shape) {
  Shape out = shape;
  int64_t inferred = -1;
  for (size_t d = 0; d < out.size(); ++d) {
    if (out[d] == -1) {
      if (inferred >= 0)
        throw InvalidArgument("reshape: only one dimension of the new shape " + shape_list_str(shape) +
                              " can be -1 (inferred)");
      inferred = int64_t(d);
    } else if (out[d] < 0) {
      throw InvalidArgument("reshape: size " + std::to_string(d) + " must be non-negative, not " +
                            std::to_string(out[d]) + " (new shape " + shape_list_str(shape) + ")");
    }
  }
  Shape known_dims = out;
  if (inferred >= 0) known_dims.erase(known_dims.begin() + inferred);
  const int64_t known = num_elements(known_dims, "reshape");
  if (inferred >= 0) {
    if (known == 0 || x.numel() % known != 0)
      throw InvalidArgument("reshape: cannot reshape a tensor with " + std::to_string(x.numel()) +
                            " elements to shape " + shape_list_str(shape) + " (the -1 cannot be inferred)");
    out[inferred] = x.numel() / known;
  } else if (known != x.numel()) {
    throw InvalidArgument("reshape: cannot reshape a tensor with " + std::to_string(x.numel()) +
                          " elements to shape " + shape_list_str(shape) + " (" + std::to_string(known) +
                          " elements); input shape is " + shape_list_str(x.shape()));
  }
  const Tensor c = contiguous(x);  // contiguous data reshapes as a view
  Tensor y = c.view(out, contiguous_strides(out), c.offset());
  record_unary("Reshape", x, y, {}, [shape = x.shape()](const Tensor& g) { return reshape(g, shape); });
  return y;
}

Tensor transpose(const Tensor& x, const std::optional<std::vector<int64_t>>& perm_arg) {
  const int64_t rank = x.ndim();
  std::vector<int64_t> perm(rank);
  if (perm_arg) {
    perm = *perm_arg;
    for (int64_t& p : perm)  // negative entries count from the end, as in TensorFlow
      if (p < 0 && p >= -rank) p += rank;
  } else {
    for (int64_t d = 0; d < rank; ++d) perm[d] = rank - 1 - d;
  }
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> identity(rank);
  std::iota(identity.begin(), identity.end(), 0);
  if (int64_t(perm.size()) != rank || sorted != identity)
    throw InvalidArgument("transpose: perm " + shape_list_str(perm) + " is not a permutation of the " +
                          std::to_string(rank) + " axes of a tensor of shape " + shape_str(x.shape()));
  Shape shape(rank);
  Strides strides(rank);
  for (int64_t d = 0; d < rank; ++d) {
    shape[d] = x.shape()[perm[d]];
    strides[d] = x.strides()[perm[d]];
  }
  Tensor y = x.view(shape, strides, x.offset());
  record_unary("Transpose", x, y, {}, [perm](const Tensor& g) {
    std::vector<int64_t> inverse(perm.size());
    for (size_t d = 0; d < perm.size(); ++d) inverse[perm[d]] = int64_t(d);
    return transpose(g, inverse);
  });
  return y;
}

Tensor expand_dims(const Tensor& x, int64_t axis) {
  const int64_t rank = x.ndim();
  const int64_t a = normalize_axis("expand_dims", axis, rank + 1);
  Shape shape = x.shape();
  Strides strides = x.strides();
  shape.insert(shape.begin() + a, 1);
  strides.insert(strides.begin() + a, 0);
  Tensor y = x.view(shape, strides, x.offset());
  record_unary("ExpandDims", x, y, {}, [shape = x.shape()](const Tensor& g) { return reshape(g, shape); });
  return y;
}

Tensor squeeze(const Tensor& x, const std::optional<std::vector<int64_t>>& axes) {
  std::vector<bool> drop(x.ndim(), false);
  if (axes && !axes->empty()) {  // TensorFlow: no axes listed (None or []) squeezes every axis of size 1
    for (int64_t a : normalize_axes("squeeze", &*axes, x.ndim())) {
      if (x.shape()[a] != 1)
        throw InvalidArgument("squeeze: can not squeeze axis " + std::to_string(a) + ": expected a dimension of 1, got " +
                              std::to_string(x.shape()[a]) + " in shape " + shape_str(x.shape()));
      drop[a] = true;
    }
  } else {
    for (int64_t d = 0; d < x.ndim(); ++d) drop[d] = x.shape()[d] == 1;
  }
  Shape shape;
  Strides strides;
  for (int64_t d = 0; d < x.ndim(); ++d)
    if (!drop[d]) {
      shape.push_back(x.shape()[d]);
      strides.push_back(x.strides()[d]);
    }
  Tensor y = x.view(shape, strides, x.offset());
  record_unary("Squeeze", x, y, {}, [shape = x.shape()](const Tensor& g) { return reshape(g, shape); });
  return y;
}

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  const Shape joined = broadcast_shapes("broadcast_to", x.shape(), shape);
  if (joined != shape)
    throw InvalidArgument("broadcast_to: cannot broadcast a tensor of shape " + shape_str(x.shape()) + " to shape " +
                          shape_str(shape));
  if (x.shape() == shape) return x;
  Tensor y = broadcast_view(x, shape);
  record_unary("BroadcastTo", x, y, {}, [shape = x.shape()](const Tensor& g) { return sum_to_shape(g, shape); });
  return y;
}

Tensor copy(const Tensor& x) {
  Tensor out = Tensor::empty(x.shape(), x.dtype(), x.device());
  copy_into(out, x);
  record_unary("Identity", x, out, {}, [](const Tensor& g) { return g; });
  return out;
}

Tensor stop_gradient(const Tensor& x) {
  Tensor y = x.view(x.shape(), x.strides(), x.offset());
  record_no_gradient("StopGradient", NoGradientReason::StopGradient, {x}, {y});
  return y;
}

Tensor strided_slice(const Tensor& x, const std::vector<SliceSpec>& key) {
  // Count the entries that consume an input axis, to know how many "..." spans.
  int64_t consumed = 0, ellipses = 0;
  for (const auto& s : key) {
    if (s.kind == SliceSpec::Index || s.kind == SliceSpec::Slice) consumed++;
    if (s.kind == SliceSpec::Ellipsis) ellipses++;
  }
  if (ellipses > 1) throw InvalidArgument("strided_slice: an index can only have a single ellipsis ('...')");
  if (consumed > x.ndim())
    throw InvalidArgument("strided_slice: too many indices (" + std::to_string(consumed) + ") for a tensor of shape " +
                          shape_str(x.shape()));
  Shape shape;
  Strides strides;
  int64_t offset = x.offset();
  int64_t axis = 0;
  auto keep_axes = [&](int64_t count) {
    for (int64_t i = 0; i < count; ++i, ++axis) {
      shape.push_back(x.shape()[axis]);
      strides.push_back(x.strides()[axis]);
    }
  };
  for (const auto& s : key) {
    switch (s.kind) {
      case SliceSpec::Ellipsis: keep_axes(x.ndim() - consumed); break;
      case SliceSpec::NewAxis:
        shape.push_back(1);
        strides.push_back(0);
        break;
      case SliceSpec::Index: {
        const int64_t size = x.shape()[axis];
        if (s.index < -size || s.index >= size)
          throw InvalidArgument("strided_slice: index " + std::to_string(s.index) + " is out of bounds for axis " +
                                std::to_string(axis) + " with size " + std::to_string(size) + " (tensor shape " +
                                shape_str(x.shape()) + ")");
        offset += (s.index < 0 ? s.index + size : s.index) * x.strides()[axis];
        axis++;
        break;
      }
      case SliceSpec::Slice: {
        if (s.step == 0) throw InvalidArgument("strided_slice: slice step cannot be zero");
        const int64_t size = x.shape()[axis];
        // Python's slice rules: clamp start/stop into range, defaults depend on the sign of step.
        auto clamp = [&](std::optional<int64_t> v, int64_t fallback) {
          if (!v) return fallback;
          int64_t i = *v < 0 ? *v + size : *v;
          return s.step > 0 ? std::clamp<int64_t>(i, 0, size) : std::clamp<int64_t>(i, -1, size - 1);
        };
        const int64_t start = clamp(s.start, s.step > 0 ? 0 : size - 1);
        const int64_t stop = clamp(s.stop, s.step > 0 ? size : -1);
        const int64_t count = s.step > 0 ? std::max<int64_t>(0, (stop - start + s.step - 1) / s.step)
                                         : std::max<int64_t>(0, (start - stop - s.step - 1) / -s.step);
        if (count > 0) offset += start * x.strides()[axis];
        shape.push_back(count);
        strides.push_back(x.strides()[axis] * s.step);
        axis++;
        break;
      }
    }
  }
  keep_axes(x.ndim() - axis);  // axes the key did not mention are kept whole
  Tensor y = x.view(shape, strides, offset);
  record_unary("StridedSlice", x, y, {}, [key, shape = x.shape()](const Tensor& g) {
    return strided_slice_grad(g, shape, key);
  });
  return y;
}

Tensor strided_slice_grad(const Tensor& g, const Shape& input_shape, const std::vector<SliceSpec>& key) {
  // Zeros of the input's shape, with g written into the sliced region.
  Tensor out = fill(input_shape, Scalar::of(int64_t(0)), g.dtype(), g.device());
  copy_into(strided_slice(out, key), g);
  record_unary("StridedSliceGrad", g, out, {}, [key](const Tensor& gg) { return strided_slice(gg, key); });
  return out;
}

Tensor concat(const std::vector<Tensor>& values, int64_t axis_arg) {
  if (values.empty()) throw InvalidArgument("concat: expected a non-empty list of tensors");
  const Tensor& first = values[0];
  const int64_t axis = normalize_axis("concat", axis_arg, first.ndim());
  Shape shape = first.shape();
  shape[axis] = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const Tensor& v = values[i];
    check_same_dtype("concat", first, v);
    check_same_device("concat", first, v);
    bool compatible = v.ndim() == first.ndim();
    for (int64_t d = 0; compatible && d < v.ndim(); ++d)
      compatible = d == axis || v.shape()[d] == first.shape()[d];
    if (!compatible)
      throw InvalidArgument("concat: all inputs must have the same shape except along axis " + std::to_string(axis) +
                            ", but input 0 has shape " + shape_str(first.shape()) + " and input " + std::to_string(i) +
                            " has shape " + shape_str(v.shape()));
    shape[axis] += v.shape()[axis];
  }
  Tensor out = Tensor::empty(shape, first.dtype(), first.device());
  int64_t start = 0;
  for (const Tensor& v : values) {  // copy each input into its slab of the output
    copy_into(out.view(v.shape(), out.strides(), out.offset() + start * out.strides()[axis]), v);
    start += v.shape()[axis];
  }
  std::vector<int64_t> sizes;
  for (const Tensor& v : values) sizes.push_back(v.shape()[axis]);
  record_op("ConcatV2", values, {out}, {}, [sizes, axis](const std::vector<Tensor>& g) { return split(g[0], sizes, axis); });
  return out;
}

Tensor stack(const std::vector<Tensor>& values, int64_t axis) {
  if (values.empty()) throw InvalidArgument("stack: expected a non-empty list of tensors");
  const int64_t a = normalize_axis("stack", axis, values[0].ndim() + 1);
  std::vector<Tensor> expanded;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].shape() != values[0].shape())
      throw InvalidArgument("stack: all inputs must have the same shape, but input 0 has shape " +
                            shape_str(values[0].shape()) + " and input " + std::to_string(i) + " has shape " +
                            shape_str(values[i].shape()));
    expanded.push_back(expand_dims(values[i], a));
  }
  return concat(expanded, a);
}

std::vector<Tensor> split(const Tensor& x, const std::vector<int64_t>& sizes_arg, int64_t axis_arg) {
  const int64_t axis = normalize_axis("split", axis_arg, x.ndim());
  const int64_t size = x.shape()[axis];
  std::vector<int64_t> sizes = sizes_arg;
  int64_t total = 0, inferred = -1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1 && inferred < 0) inferred = int64_t(i);
    else if (sizes[i] < 0)
      throw InvalidArgument("split: sizes " + shape_list_str(sizes_arg) + " may hold at most one -1 and no other negative");
    else total += sizes[i];
  }
  if (inferred >= 0 && total <= size) sizes[inferred] = size - total, total = size;
  if (total != size)
    throw InvalidArgument("split: sizes " + shape_list_str(sizes_arg) + " must add up to " + std::to_string(size) +
                          ", the size of axis " + std::to_string(axis) + " of a tensor of shape " + shape_str(x.shape()));
  std::vector<Tensor> pieces;
  int64_t start = 0;
  for (int64_t s : sizes) {
    Shape shape = x.shape();
    shape[axis] = s;
    pieces.push_back(x.view(shape, x.strides(), x.offset() + start * x.strides()[axis]));
    start += s;
  }
  record_op("SplitV", {x}, pieces, {}, [axis](const std::vector<Tensor>& g) { return std::vector<Tensor>{concat(g, axis)}; });
  return pieces;
}

Tensor tile(const Tensor& x, const std::vector<int64_t>& multiples) {
  if (int64_t(multiples.size()) != x.ndim())
    throw InvalidArgument("tile: expected one multiple per axis (" + std::to_string(x.ndim()) + ") but got " +
                          shape_list_str(multiples) + " for a tensor of shape " + shape_str(x.shape()));
  // View x as [m0, d0, m1, d1, ...] with stride 0 on each multiple: one copy
  // of that broadcast view, reshaped to [m0*d0, m1*d1, ...], is the tiling.
  Shape shape, out_shape;
  Strides strides;
  for (int64_t d = 0; d < x.ndim(); ++d) {
    if (multiples[d] < 0)
      throw InvalidArgument("tile: Expected multiples[" + std::to_string(d) + "] >= 0, but got " +
                            std::to_string(multiples[d]) + " (multiples " + shape_list_str(multiples) + ")");
    shape.insert(shape.end(), {multiples[d], x.shape()[d]});
    strides.insert(strides.end(), {0, x.strides()[d]});
    out_shape.push_back(0);
    if (!multiply_sizes(multiples[d], x.shape()[d], &out_shape.back()))
      throw InvalidArgument("tile: tiling a tensor of shape " + shape_str(x.shape()) + " by " +
                            shape_list_str(multiples) + " would have more than 2**63 - 1 elements");
  }
  num_elements(out_shape, "tile");
  Tensor y;
  {
    PauseRecording pause;  // the copy of a raw view is not differentiable by itself
    y = reshape(copy(x.view(shape, strides, x.offset())), out_shape);
  }
  record_unary("Tile", x, y, {}, [shape, x_shape = x.shape()](const Tensor& g) {
    std::vector<int64_t> multiple_axes;  // even positions of [m0, d0, m1, d1, ...]
    for (size_t d = 0; d < shape.size(); d += 2) multiple_axes.push_back(int64_t(d));
    return reshape(reduce_sum(reshape(g, shape), &multiple_axes, false), x_shape);
  });
  return y;
}

}  // namespace tinytf::ops
