// The ops as _core functions. Python (python/tinytf) converts arguments and
// supplies defaults; these take tensors and plain values and release the GIL
// while the kernels run.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstring>

#include "bindings.h"
#include "tinytf/ops/conv.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/cumulative.h"
#include "tinytf/ops/cross_entropy.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/indexing.h"
#include "tinytf/ops/matmul.h"
#include "tinytf/ops/nn.h"
#include "tinytf/ops/norms.h"
#include "tinytf/ops/reduce.h"
#include "tinytf/ops/shape_ops.h"
#include "tinytf/ops/selection.h"
#include "tinytf/ops/sort.h"
#include "tinytf/ops/statistics.h"
#include "tinytf/ops/transfer.h"

namespace tinytf::bindings {
namespace {

using ops::Scalar;
using Axes = std::optional<std::vector<int64_t>>;
const auto nogil = py::call_guard<py::gil_scoped_release>();

Scalar to_scalar(py::handle v) {
  if (PyFloat_Check(v.ptr())) return Scalar::of(PyFloat_AsDouble(v.ptr()));
  if (PyBool_Check(v.ptr())) return Scalar::of(int64_t(v.ptr() == Py_True));
  if (PyIndex_Check(v.ptr())) return Scalar::of(py::cast<int64_t>(v));
  return Scalar::of(py::cast<double>(v));
}

DType dtype_of_format(const py::dtype& dt) {
  switch (dt.kind()) {
    case 'f': if (dt.itemsize() == 4) return DType::Float32; if (dt.itemsize() == 8) return DType::Float64; break;
    case 'i': if (dt.itemsize() == 4) return DType::Int32; if (dt.itemsize() == 8) return DType::Int64; break;
    case 'b': return DType::Bool;
    default: break;
  }
  throw py::type_error("from_numpy: unsupported NumPy dtype " + std::string(py::str(dt)));
}

// Reductions take axes as an optional list: None means all axes.
using ReduceFn = Tensor (*)(const Tensor&, const std::vector<int64_t>*, bool);
void def_reduce(py::module_& m, const char* name, ReduceFn f) {
  m.def(name, [f](const Tensor& x, const Axes& axes, bool keepdims) { return f(x, axes ? &*axes : nullptr, keepdims); },
        py::arg("x"), py::arg("axes"), py::arg("keepdims"), nogil);
}

}  // namespace

void bind_ops(py::module_& m) {
  // ---- conversion ----
  m.def("from_numpy", [](py::array any_array) {
    // Copied into new storage (tensors are immutable, so they never alias
    // memory NumPy could write), from a C-ordered version of the array.
    py::array array = py::array::ensure(any_array, py::array::c_style);
    const DType dtype = dtype_of_format(array.dtype());
    Shape shape(array.shape(), array.shape() + array.ndim());
    Tensor t = Tensor::empty(shape, dtype);
    const void* src = array.data();
    {
      py::gil_scoped_release release;
      std::memcpy(t.raw_data(), src, size_t(t.nbytes()));
    }
    return ops::to_device(t, default_device());
  });
  // New tensors made from values go to the default device (set by tf.device scopes).
  m.def("fill", [](const Shape& shape, py::handle value, DType dtype) {
    return ops::fill(shape, to_scalar(value), dtype, default_device());
  });
  m.def("range", [](py::handle start, py::handle limit, py::handle delta, DType dtype) {
    return ops::range(to_scalar(start), to_scalar(limit), to_scalar(delta), dtype, default_device());
  });
  m.def("eye", [](int64_t rows, int64_t cols, DType dtype) { return ops::eye(rows, cols, dtype, default_device()); });
  m.def("random_uniform", [](const Shape& shape, py::handle lo, py::handle hi, DType dtype, uint64_t seed, uint64_t stream) {
    return ops::random_uniform(shape, to_scalar(lo), to_scalar(hi), dtype, seed, stream, default_device());
  });
  m.def("random_normal", [](const Shape& shape, double mean, double stddev, DType dtype, uint64_t seed, uint64_t stream) {
    return ops::random_normal(shape, mean, stddev, dtype, seed, stream, default_device());
  });

  // ---- devices ----
  m.def("gpu_count", &ops::gpu_count);
  m.def("set_default_device", [](int gpu_index) {  // -1: the CPU
    set_default_device(gpu_index < 0 ? Device{} : Device{DeviceType::CUDA, gpu_index});
  });
  m.def("to_device", [](const Tensor& x, int gpu_index) {
    return ops::to_device(x, gpu_index < 0 ? Device{} : Device{DeviceType::CUDA, gpu_index});
  }, nogil);
  m.def("random_shuffle", &ops::random_shuffle, nogil);

  // ---- elementwise ----
  m.def("negative", &ops::negative, nogil);
  m.def("abs", &ops::abs, nogil);
  m.def("sign", &ops::sign, nogil);
  m.def("square", &ops::square, nogil);
  m.def("sqrt", &ops::sqrt, nogil);
  m.def("rsqrt", &ops::rsqrt, nogil);
  m.def("exp", &ops::exp, nogil);
  m.def("log", &ops::log, nogil);
  m.def("log1p", &ops::log1p, nogil);
  m.def("expm1", &ops::expm1, nogil);
  m.def("tanh", &ops::tanh, nogil);
  m.def("reciprocal", &ops::reciprocal, nogil);
  m.def("sigmoid", &ops::sigmoid, nogil);
  m.def("relu", &ops::relu, nogil);
  m.def("softplus", &ops::softplus, nogil);
  m.def("elu", &ops::elu, nogil);
  m.def("selu", &ops::selu, nogil);
  m.def("gelu", &ops::gelu, nogil);
  m.def("leaky_relu", &ops::leaky_relu, nogil);
  m.def("logical_not", &ops::logical_not, nogil);
  m.def("is_nan", &ops::is_nan, nogil);
  m.def("is_inf", &ops::is_inf, nogil);
  m.def("is_finite", &ops::is_finite, nogil);
  m.def("cast", &ops::cast, nogil);
  m.def("add", &ops::add, nogil);
  m.def("subtract", &ops::subtract, nogil);
  m.def("multiply", &ops::multiply, nogil);
  m.def("divide", &ops::divide, nogil);
  m.def("div_no_nan", &ops::div_no_nan, nogil);
  m.def("floordiv", &ops::floordiv, nogil);
  m.def("floormod", &ops::floormod, nogil);
  m.def("pow", &ops::pow, nogil);
  m.def("maximum", &ops::maximum, nogil);
  m.def("minimum", &ops::minimum, nogil);
  m.def("equal", &ops::equal, nogil);
  m.def("not_equal", &ops::not_equal, nogil);
  m.def("less", &ops::less, nogil);
  m.def("less_equal", &ops::less_equal, nogil);
  m.def("greater", &ops::greater, nogil);
  m.def("greater_equal", &ops::greater_equal, nogil);
  m.def("logical_and", &ops::logical_and, nogil);
  m.def("logical_or", &ops::logical_or, nogil);
  m.def("where", &ops::where, nogil);
  m.def("add_n", &ops::add_n, nogil);

  // ---- reductions and softmax ----
  def_reduce(m, "reduce_sum", &ops::reduce_sum);
  def_reduce(m, "reduce_mean", &ops::reduce_mean);
  def_reduce(m, "reduce_prod", &ops::reduce_prod);
  def_reduce(m, "reduce_max", &ops::reduce_max);
  def_reduce(m, "reduce_min", &ops::reduce_min);
  def_reduce(m, "reduce_any", &ops::reduce_any);
  def_reduce(m, "reduce_all", &ops::reduce_all);
  def_reduce(m, "reduce_variance", &ops::reduce_variance);
  def_reduce(m, "reduce_std", &ops::reduce_std);
  def_reduce(m, "reduce_logsumexp", &ops::reduce_logsumexp);
  def_reduce(m, "reduce_euclidean_norm", &ops::reduce_euclidean_norm);
  m.def("count_nonzero", [](const Tensor& x, const Axes& axes, bool keepdims, DType dtype) {
    return ops::count_nonzero(x, axes ? &*axes : nullptr, keepdims, dtype);
  }, nogil);
  m.def("moments", [](const Tensor& x, const Axes& axes, bool keepdims) {
    const ops::Moments m = ops::moments(x, axes ? &*axes : nullptr, keepdims);
    return std::pair{m.mean, m.variance};
  }, nogil);
  m.def("argmax", &ops::argmax, nogil);
  m.def("argmin", &ops::argmin, nogil);
  m.def("softmax", &ops::softmax, nogil);
  m.def("log_softmax", &ops::log_softmax, nogil);
  m.def("softmax_cross_entropy_with_logits", &ops::softmax_cross_entropy_with_logits, nogil);
  m.def("sparse_softmax_cross_entropy_with_logits", &ops::sparse_softmax_cross_entropy_with_logits, nogil);

  // ---- ordering ----
  m.def("top_k", &ops::top_k, nogil);
  m.def("sort", &ops::sort, nogil);
  m.def("argsort", &ops::argsort, nogil);
  m.def("in_top_k", &ops::in_top_k, nogil);
  m.def("cumsum", &ops::cumsum, nogil);
  m.def("cumprod", &ops::cumprod, nogil);

  // ---- norms and tf.nn ----
  m.def("vector_norm", [](const Tensor& x, double p, const Axes& axes, bool keepdims) {
    return ops::vector_norm(x, p, axes ? &*axes : nullptr, keepdims);
  }, nogil);
  m.def("matrix_norm", &ops::matrix_norm, nogil);
  m.def("l2_normalize", [](const Tensor& x, const Axes& axes, double epsilon) {
    return ops::l2_normalize(x, axes ? &*axes : nullptr, epsilon);
  }, nogil);
  m.def("clip_by_norm", [](const Tensor& t, const Tensor& clip_norm, const Axes& axes) {
    return ops::clip_by_norm(t, clip_norm, axes ? &*axes : nullptr);
  }, nogil);
  m.def("global_norm", &ops::global_norm, nogil);
  m.def("clip_by_global_norm", [](const std::vector<Tensor>& tensors, const Tensor& clip_norm,
                                  const std::optional<Tensor>& use_norm) {
    return ops::clip_by_global_norm(tensors, clip_norm, use_norm ? &*use_norm : nullptr);
  }, nogil);
  m.def("bias_add", &ops::bias_add, nogil);
  m.def("dropout", &ops::dropout, nogil);

  // ---- layout ----
  m.def("reshape", &ops::reshape, nogil);
  m.def("transpose", &ops::transpose, nogil);
  m.def("expand_dims", &ops::expand_dims, nogil);
  m.def("squeeze", &ops::squeeze, nogil);
  m.def("broadcast_to", &ops::broadcast_to, nogil);
  m.def("copy", &ops::copy, nogil);
  m.def("stop_gradient", &ops::stop_gradient, nogil);
  m.def("erf", &ops::erf, nogil);
  m.def("concat", &ops::concat, nogil);
  m.def("stack", &ops::stack, nogil);
  m.def("split", &ops::split, nogil);
  m.def("tile", &ops::tile, nogil);
  m.def("matmul", &ops::matmul, nogil);
  m.def("gather", &ops::gather, nogil);
  m.def("one_hot", &ops::one_hot, nogil);
  m.def("gather_nd", &ops::gather_nd, nogil);
  m.def("boolean_mask", &ops::boolean_mask, nogil);
  m.def("nonzero_coordinates", &ops::nonzero_coordinates, nogil);
  m.def("conv2d", &ops::conv2d, nogil);
  m.def("max_pool2d", &ops::max_pool2d, nogil);
  m.def("avg_pool2d", &ops::avg_pool2d, nogil);
}

}  // namespace tinytf::bindings
