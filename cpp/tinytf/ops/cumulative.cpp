#include "tinytf/ops/cumulative.h"

#include <string>

#include "tinytf/kernels/functors.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {
namespace {

// The scan of each row along `axis`: the axis moved last and made contiguous,
// scanned by the row kernel (kernels/scan.h), moved back.
template <class R>
Tensor scan(const char* op, const Tensor& x, int64_t axis_arg, bool exclusive, bool reverse) {
  const int64_t rank = x.ndim();
  if (axis_arg < -rank || axis_arg >= rank)  // TensorFlow's words (a scalar has no axis to scan)
    throw InvalidArgument(std::string(op) + ": ScanOp: Expected scan axis in the range [" + std::to_string(-rank) +
                          ", " + std::to_string(rank) + "), but got " + std::to_string(axis_arg));
  const int64_t axis = axis_arg < 0 ? axis_arg + rank : axis_arg;
  const std::vector<int64_t> perm = axis_last_perm(rank, axis);
  const Tensor rows_x = contiguous(transpose(x, perm));
  const int64_t cols = x.shape()[axis], rows = cols == 0 ? 0 : x.numel() / cols;
  Tensor out = Tensor::empty(rows_x.shape(), x.dtype(), x.device());
  visit_numeric(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::scan_rows<T>(rows_x, rows, cols, out, R{}, exclusive, reverse);
  });
  return transpose(out, inverse_perm(perm));
}

}  // namespace

Tensor cumsum(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  Tensor y = scan<fn::SumReducer>("cumsum", x, axis, exclusive, reverse);
  record_unary("Cumsum", x, y, {}, [axis, exclusive, reverse](const Tensor& g) {  // each x[j] reaches the outputs after it
    return cumsum(g, axis, exclusive, !reverse);
  });
  return y;
}

Tensor cumprod(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  Tensor y = scan<fn::ProdReducer>("cumprod", x, axis, exclusive, reverse);
  record_unary("Cumprod", x, y, {x, y}, [x, y, axis, exclusive, reverse](const Tensor& g) {
    // TensorFlow's formula, cumsum(y * g) / x in the other direction: NaN where x is 0 (as reduce_prod).
    return divide(cumsum(multiply(y, g), axis, exclusive, !reverse), x);
  });
  return y;
}

}  // namespace tinytf::ops
