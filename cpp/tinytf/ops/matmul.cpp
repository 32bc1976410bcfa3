#include "tinytf/ops/matmul.h"

#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/gradient.h"

namespace tinytf::ops {

Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b) {
  const char* op = "matmul";
  check_same_device(op, a, b);
  check_same_dtype(op, a, b);
  if (a.ndim() < 2 || b.ndim() < 2)
    throw InvalidArgument("matmul: both inputs must have rank >= 2, but got shapes " + shape_str(a.shape()) + " and " +
                          shape_str(b.shape()) + "; use tf.reshape or tf.expand_dims to make a vector a matrix");
  const int64_t ra = a.ndim(), rb = b.ndim();
  // A transposed operand is the same memory with its last two strides swapped.
  const int64_t m = a.shape()[ra - (transpose_a ? 1 : 2)], k = a.shape()[ra - (transpose_a ? 2 : 1)];
  const int64_t kb = b.shape()[rb - (transpose_b ? 1 : 2)], n = b.shape()[rb - (transpose_b ? 2 : 1)];
  const int64_t a_rs = a.strides()[ra - (transpose_a ? 1 : 2)], a_cs = a.strides()[ra - (transpose_a ? 2 : 1)];
  const int64_t b_rs = b.strides()[rb - (transpose_b ? 1 : 2)], b_cs = b.strides()[rb - (transpose_b ? 2 : 1)];
  if (k != kb)
    throw InvalidArgument("matmul: matrix size-incompatible: In[0]: " + shape_list_str(a.shape()) +
                          ", In[1]: " + shape_list_str(b.shape()) + " (transpose_a=" + (transpose_a ? "True" : "False") +
                          ", transpose_b=" + (transpose_b ? "True" : "False") + "): the inner dimensions " +
                          std::to_string(k) + " and " + std::to_string(kb) + " must be equal");
  const Shape a_batch(a.shape().begin(), a.shape().end() - 2), b_batch(b.shape().begin(), b.shape().end() - 2);
  Shape out_shape = broadcast_shapes(op, a_batch, b_batch);
  const Shape batch = out_shape;
  out_shape.insert(out_shape.end(), {m, n});
  Tensor out = Tensor::empty(out_shape, a.dtype(), a.device(), op);

  // Walk the batch with broadcast views of the operands' batch strides.
  const Strides a_bs = broadcast_view(a.view(a_batch, Strides(a.strides().begin(), a.strides().end() - 2), 0), batch).strides();
  const Strides b_bs = broadcast_view(b.view(b_batch, Strides(b.strides().begin(), b.strides().end() - 2), 0), batch).strides();
  const int64_t batches = num_elements(batch);
  visit_numeric(op, a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    std::vector<int64_t> index(batch.size(), 0);
    for (int64_t t = 0; t < batches; ++t) {
      int64_t a_off = 0, b_off = 0;
      for (size_t d = 0; d < batch.size(); ++d) a_off += index[d] * a_bs[d], b_off += index[d] * b_bs[d];
      dispatch::gemm<T>(a.device(), m, n, k, a.data<T>() + a_off, a_rs, a_cs, b.data<T>() + b_off, b_rs, b_cs,
                   out.data<T>() + t * m * n, n);
      for (size_t d = batch.size(); d-- > 0;) {  // next batch index, odometer style
        if (++index[d] < batch[d]) break;
        index[d] = 0;
      }
    }
  });
  const auto grad = [a, b, transpose_a, transpose_b](const Tensor& g, bool want_a, bool want_b) {
    // For C = A B: dA = G B^T and dB = A^T G; transposed operands swap roles. Each is a product as large
    // as the forward one, so only the wanted ones are computed (a Dense layer's input batch wants none).
    Tensor da, db;
    if (want_a)
      da = !transpose_a ? matmul(g, b, false, !transpose_b) : matmul(b, g, transpose_b, true);
    if (want_b)
      db = !transpose_b ? matmul(a, g, !transpose_a, false) : matmul(g, a, true, transpose_a);
    return std::pair{da, db};
  };
  record_binary("MatMul", a, b, out, {a, b}, grad);
  return out;
}

}  // namespace tinytf::ops
