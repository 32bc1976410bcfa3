#include "tinytf/ops/gradient.h"

#include "tinytf/ops/reduce.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::ops {

Tensor sum_to_shape(const Tensor& grad, const Shape& shape) {
  if (grad.shape() == shape) return grad;
  // Leading axes that broadcasting added, plus axes where the input had size 1.
  const size_t lead = grad.shape().size() - shape.size();
  std::vector<int64_t> axes;
  for (size_t d = 0; d < grad.shape().size(); ++d)
    if (d < lead || (shape[d - lead] == 1 && grad.shape()[d] != 1)) axes.push_back(int64_t(d));
  return reshape(reduce_sum(grad, &axes, /*keepdims=*/false), shape);
}

}  // namespace tinytf::ops
