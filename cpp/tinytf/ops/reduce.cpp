#include "tinytf/ops/reduce.h"

#include "tinytf/kernels/functors.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {
namespace {

// A reduction seen as rows: x moved so that the kept axes come first and the
// reduced ones last, made contiguous, so every output element reduces one
// contiguous row. `out_shape` is the result's shape (with or without keepdims).
struct Rows {
  Tensor x;        // contiguous [rows, cols]
  int64_t rows, cols;
  Shape out_shape;
};

// x with its axes in `perm` order, contiguous: a layout for the kernel, not
// a step of the computation, so no tape records it (the op records itself).
Tensor kernel_layout(const Tensor& x, const std::vector<int64_t>& perm) {
  if (!tape_is_recording()) return contiguous(transpose(x, perm));
  PauseRecording pause;
  return contiguous(transpose(x, perm));
}

Rows as_rows(const char* op, const Tensor& x, const std::vector<int64_t>* axes_arg, bool keepdims) {
  const std::vector<int64_t> axes = normalize_axes(op, axes_arg, x.ndim());
  std::vector<bool> reduced(x.ndim(), false);
  for (int64_t a : axes) reduced[a] = true;
  std::vector<int64_t> perm;
  int64_t rows = 1, cols = 1;
  for (int64_t d = 0; d < x.ndim(); ++d) {
    if (!reduced[d]) {
      perm.push_back(d);
      rows *= x.shape()[d];
    }
  }
  for (int64_t a : axes) {
    perm.push_back(a);
    cols *= x.shape()[a];
  }
  return Rows{kernel_layout(x, perm), rows, cols, reduced_shape(op, x.shape(), axes_arg, keepdims)};
}

// When x is contiguous and the reduced axes are its leading ones (a sum over
// the batch), its memory already is a [rows, cols] matrix whose columns are
// reduced: returns cols, or 0 when that is not the case. (cols == 1 is a row.)
int64_t leading_reduction_cols(const char* op, const Tensor& x, const std::vector<int64_t>* axes_arg) {
  const std::vector<int64_t> axes = normalize_axes(op, axes_arg, x.ndim());
  if (!x.is_contiguous() || axes.empty() || int64_t(axes.size()) == x.ndim()) return 0;
  for (size_t k = 0; k < axes.size(); ++k)
    if (axes[k] != int64_t(k)) return 0;
  int64_t cols = 1;
  for (int64_t d = int64_t(axes.size()); d < x.ndim(); ++d) cols *= x.shape()[d];
  return cols > 1 ? cols : 0;
}

// R: the reducer (functors.h); kMean divides the result by the number of
// elements reduced. Columns when the reduced axes lead, else rows.
template <class R, bool kMean = false>
Tensor reduce(const char* op, const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  Tensor out;
  if (const int64_t cols = leading_reduction_cols(op, x, axes)) {
    visit_numeric(op, x.dtype(), [&](auto zero) {
      using T = decltype(zero);
      out = Tensor::empty(reduced_shape(op, x.shape(), axes, keepdims), x.dtype(), x.device(), op);
      dispatch::reduce_columns<T>(x, x.numel() / cols, cols, out, R{}, kMean);
    });
    return out;
  }
  const Rows r = as_rows(op, x, axes, keepdims);
  visit_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    out = Tensor::empty(r.out_shape, x.dtype(), x.device(), op);
    dispatch::reduce_rows<T>(r.x, r.rows, r.cols, out, R{}, kMean);
  });
  return out;
}

template <bool kMax>
Tensor arg_reduce(const char* op, const Tensor& x, int64_t axis_arg, DType output_type) {
  if (output_type != DType::Int32 && output_type != DType::Int64)
    throw InvalidArgument(std::string(op) + ": output_type must be int32 or int64, not " + dtype_name(output_type));
  const int64_t axis = normalize_axis(op, axis_arg, x.ndim());
  if (x.shape()[axis] == 0)
    throw InvalidArgument(std::string(op) + ": reduction axis " + std::to_string(axis) + " is empty in shape " +
                          shape_str(x.shape()) + "; there is no largest or smallest element");
  const std::vector<int64_t> axes{axis};
  const Rows r = as_rows(op, x, &axes, false);
  Tensor out = Tensor::empty(r.out_shape, output_type, x.device());
  visit_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    visit_integer(op, output_type, [&](auto index_zero) {
      using Index = decltype(index_zero);
      dispatch::arg_reduce_rows<kMax, T, Index>(r.x, r.rows, r.cols, out);
    });
  });
  return out;
}

// Softmax along `axis`: move the axis last, run the row kernel, move it back.
template <bool kLog>
Tensor softmax_along(const char* op, const Tensor& logits, int64_t axis_arg) {
  const int64_t rank = logits.ndim();
  if (rank == 0) throw InvalidArgument(std::string(op) + ": logits must have at least one dimension, got a scalar");
  const int64_t axis = normalize_axis(op, axis_arg, rank);
  const std::vector<int64_t> perm = axis_last_perm(rank, axis);
  const Tensor x = kernel_layout(logits, perm);
  const int64_t cols = logits.shape()[axis];
  const int64_t rows = cols == 0 ? 0 : x.numel() / cols;
  Tensor out = Tensor::empty(x.shape(), x.dtype(), x.device());
  visit_floating(op, logits.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::softmax_rows<kLog, T>(x, rows, cols, out);
  });
  return transpose(out, inverse_perm(perm));
}

// x's shape with the reduced axes set to 1: a reduction's output reshaped
// to this broadcasts back against x (how reduction gradients spread).
Shape keepdims_shape(const char* op, const Tensor& x, const std::vector<int64_t>* axes) {
  return reduced_shape(op, x.shape(), axes, true);
}

Tensor spread(const Tensor& g, const Shape& keep, const Shape& shape) { return broadcast_to(reshape(g, keep), shape); }

// max/min: the gradient goes to the elements equal to the result, shared
// equally among ties (TensorFlow's rule).
void record_extremum(const char* op, const Tensor& x, const Tensor& y, const Shape& keep) {
  record_unary(op, x, y, {x, y}, [x, y, keep](const Tensor& g) {
    const Tensor hit = cast(equal(x, spread(y, keep, x.shape())), x.dtype());
    const std::vector<int64_t> axes = [&] {
      std::vector<int64_t> a;
      for (size_t d = 0; d < keep.size(); ++d)
        if (keep[d] == 1 && x.shape()[d] != 1) a.push_back(int64_t(d));
      return a;
    }();
    const Tensor count = reduce_sum(hit, &axes, true);
    return divide(multiply(hit, spread(g, keep, x.shape())), count);
  });
}

}  // namespace

Tensor reduce_sum(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  Tensor y = reduce<fn::SumReducer>("reduce_sum", x, axes, keepdims);
  const Shape keep = keepdims_shape("reduce_sum", x, axes);
  record_unary("Sum", x, y, {}, [keep, shape = x.shape()](const Tensor& g) { return spread(g, keep, shape); });
  return y;
}
Tensor reduce_mean(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  Tensor y = reduce<fn::SumReducer, true>("reduce_mean", x, axes, keepdims);
  const Shape keep = keepdims_shape("reduce_mean", x, axes);
  const double n = double(x.numel()) / double(std::max<int64_t>(1, num_elements(keep)));
  record_unary("Mean", x, y, {}, [keep, n, shape = x.shape()](const Tensor& g) {
    return divide(spread(g, keep, shape), scalar_like(g, n));
  });
  return y;
}
Tensor reduce_prod(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  Tensor y = reduce<fn::ProdReducer>("reduce_prod", x, axes, keepdims);
  const Shape keep = keepdims_shape("reduce_prod", x, axes);
  record_unary("Prod", x, y, {x, y}, [x, y, keep](const Tensor& g) {  // y / x: see docs/architecture.md for zeros
    return divide(multiply(spread(g, keep, x.shape()), spread(y, keep, x.shape())), x);
  });
  return y;
}
Tensor reduce_max(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  Tensor y = reduce<fn::MaxReducer>("reduce_max", x, axes, keepdims);
  record_extremum("Max", x, y, keepdims_shape("reduce_max", x, axes));
  return y;
}
Tensor reduce_min(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  Tensor y = reduce<fn::MinReducer>("reduce_min", x, axes, keepdims);
  record_extremum("Min", x, y, keepdims_shape("reduce_min", x, axes));
  return y;
}

// any/all on bool: the sum (any) or min (all) of the values as integers, back to bool.
Tensor reduce_any(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  if (x.dtype() != DType::Bool) throw InvalidArgument("reduce_any: expected a bool tensor but got " + describe(x));
  return cast(reduce_sum(cast(x, DType::Int64), axes, keepdims), DType::Bool);
}
Tensor reduce_all(const Tensor& x, const std::vector<int64_t>* axes, bool keepdims) {
  if (x.dtype() != DType::Bool) throw InvalidArgument("reduce_all: expected a bool tensor but got " + describe(x));
  return cast(reduce_min(cast(x, DType::Int32), axes, keepdims), DType::Bool);
}

Tensor argmax(const Tensor& x, int64_t axis, DType output_type) {
  return arg_reduce<true>("argmax", x, axis, output_type);
}
Tensor argmin(const Tensor& x, int64_t axis, DType output_type) {
  return arg_reduce<false>("argmin", x, axis, output_type);
}

Tensor softmax(const Tensor& logits, int64_t axis) {
  Tensor y = softmax_along<false>("softmax", logits, axis);
  record_unary("Softmax", logits, y, {y}, [y, axis](const Tensor& g) {  // y * (g - sum(g * y))
    const std::vector<int64_t> axes{axis};
    return multiply(y, subtract(g, reduce_sum(multiply(g, y), &axes, true)));
  });
  return y;
}
Tensor log_softmax(const Tensor& logits, int64_t axis) {
  Tensor y = softmax_along<true>("log_softmax", logits, axis);
  record_unary("LogSoftmax", logits, y, {y}, [y, axis](const Tensor& g) {  // g - softmax * sum(g)
    const std::vector<int64_t> axes{axis};
    return subtract(g, multiply(exp(y), reduce_sum(g, &axes, true)));
  });
  return y;
}

}  // namespace tinytf::ops
