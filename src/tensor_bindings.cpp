// tinytf.Tensor in Python: the C++ Tensor with its operators, the buffer
// protocol (zero-copy read-only NumPy views) and basic indexing.
// Printing, .shape/.dtype objects and other conveniences that are not on the
// hot path are added in Python (python/tinytf/_tensor.py).
#include <pybind11/stl.h>

#include <climits>

#include "bindings.h"
#include "tinytf/autodiff/recording.h"
#include "tinytf/autodiff/variable.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/elementwise.h"
#include "tinytf/ops/matmul.h"
#include "tinytf/ops/shape_ops.h"
#include "tinytf/ops/transfer.h"

namespace tinytf::bindings {

using ops::Scalar;

namespace {

// Python's own conversion of an operand (python/tinytf/_convert.py hands it
// over when it is imported: the bindings never import Python modules).
py::object& operand_converter() {
  static py::object* convert = new py::object();  // never destroyed: used until the interpreter exits
  return *convert;
}

// Whether `o` is an instance of T's Python class (or a subclass), in C:
// py::isinstance goes through type.__instancecheck__, a Python-level call.
template <class T>
bool is_instance(PyObject* o) {
  static PyTypeObject* const type = reinterpret_cast<PyTypeObject*>(py::type::of<T>().ptr());
  return PyObject_TypeCheck(o, type);
}

}  // namespace

Tensor to_operand(py::handle obj, const Tensor& like_tensor) {
  PyObject* o = obj.ptr();
  if (is_instance<Tensor>(o)) return py::cast<Tensor>(obj);
  const DType like = like_tensor.dtype();
  const Device device = like_tensor.device();
  if (PyFloat_Check(o) && is_floating(like)) return ops::fill({}, Scalar::of(PyFloat_AsDouble(o)), like, device);
  if (PyLong_Check(o) && !PyBool_Check(o) && like != DType::Bool) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (!overflow && (like != DType::Int32 || (v >= INT_MIN && v <= INT_MAX)))
      return ops::fill({}, Scalar::of(int64_t(v)), like, device);
  }
  // A variable (x + bias in every Dense layer) is read here, as the op would
  // read it: the tapes hear of it, a dtype mismatch is the op's InvalidArgumentError.
  if (is_instance<autodiff::Variable>(o)) return ops::to_device(py::cast<autodiff::Variable&>(obj).read(), device);
  // Everything else (lists, NumPy arrays, out-of-range ints) takes the full
  // conversion path, which also raises TensorFlow's TypeError when it must.
  if (!operand_converter()) throw py::type_error("tinytf is not initialised: import tinytf first");
  return ops::to_device(py::cast<Tensor>(operand_converter()(obj, like)), device);
}

namespace {

// Kernels run without the GIL so other Python threads can work meanwhile; for
// tiny tensors releasing and re-taking it costs more than the kernel.
constexpr int64_t kReleaseGilAbove = 4096;

using BinaryOp = Tensor (*)(const Tensor&, const Tensor&);

Tensor run_binary(BinaryOp op, const Tensor& a, const Tensor& b) {
  if (std::max(a.numel(), b.numel()) < kReleaseGilAbove) return op(a, b);
  py::gil_scoped_release release;
  return op(a, b);
}

// Registers x.__name__(y) = op(x, y) and x.__rname__(y) = op(y, x).
void def_binary(py::class_<Tensor>& cls, const char* name, const char* rname, BinaryOp op) {
  cls.def(name, [op](const Tensor& a, py::handle b) { return run_binary(op, a, to_operand(b, a)); });
  if (rname) cls.def(rname, [op](const Tensor& a, py::handle b) { return run_binary(op, to_operand(b, a), a); });
}

// == and != are elementwise; comparing with None is False (or True for !=),
// through Python's identity comparison, as in TensorFlow.
void def_equality(py::class_<Tensor>& cls, const char* name, BinaryOp op) {
  cls.def(name, [op](const Tensor& a, py::handle b) -> py::object {
    if (b.is_none()) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
    return py::cast(run_binary(op, a, to_operand(b, a)));
  });
}

const char* buffer_format(DType d) {
  switch (d) {
    case DType::Float32: return "f";
    case DType::Float64: return "d";
    case DType::Int32: return "i";
    case DType::Int64: return sizeof(long) == 8 ? "l" : "q";  // NumPy's default int64 on LP64
    case DType::Bool: return "?";
  }
  return "B";
}

// One entry of an index key: int, slice, None (tf.newaxis), Ellipsis, or an
// integer scalar tensor.
ops::SliceSpec to_slice_spec(py::handle item) {
  ops::SliceSpec s{ops::SliceSpec::Index};
  if (item.is_none()) {
    s.kind = ops::SliceSpec::NewAxis;
  } else if (item.ptr() == Py_Ellipsis) {
    s.kind = ops::SliceSpec::Ellipsis;
  } else if (PySlice_Check(item.ptr())) {
    s.kind = ops::SliceSpec::Slice;
    py::slice sl = py::reinterpret_borrow<py::slice>(item);
    auto field = [&](const char* name) -> std::optional<int64_t> {
      py::object v = sl.attr(name);
      if (v.is_none()) return std::nullopt;
      return py::cast<int64_t>(v.attr("__index__")());
    };
    s.start = field("start");
    s.stop = field("stop");
    s.step = field("step").value_or(1);
  } else if (PyIndex_Check(item.ptr()) && !PyBool_Check(item.ptr())) {
    s.index = PyNumber_AsSsize_t(item.ptr(), PyExc_IndexError);
    if (PyErr_Occurred()) throw py::error_already_set();
  } else {
    throw py::type_error("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                         "tf.int32/tf.int64 tensors are valid indices, got " +
                         std::string(py::repr(item)));
  }
  return s;
}

}  // namespace

std::vector<ops::SliceSpec> to_slice_key(py::handle key) {
  std::vector<ops::SliceSpec> specs;
  if (PyTuple_Check(key.ptr())) {
    for (py::handle item : py::reinterpret_borrow<py::tuple>(key)) specs.push_back(to_slice_spec(item));
  } else {
    specs.push_back(to_slice_spec(key));
  }
  return specs;
}

void bind_tensor(py::module_& m) {
  m.def("_set_operand_converter", [](py::object convert) { operand_converter() = std::move(convert); });

  py::class_<Tensor> cls(m, "Tensor", py::buffer_protocol(), py::dynamic_attr());
  cls.doc() = "An immutable multi-dimensional array of one dtype (tf.Tensor).";

  cls.def_buffer([](const Tensor& t) -> py::buffer_info {
    if (t.device().type != DeviceType::CPU)
      throw py::type_error("a tensor on " + t.device().name() + " has no CPU buffer: copy it to the CPU first");
    // NumPy (np.asarray, .numpy()) reads the values here: a tape that follows `t`
    // notes it, to explain the None gradient a NumPy round trip gives.
    if (autodiff::any_recording()) autodiff::note_left_for_numpy(t);
    const int64_t item = dtype_size(t.dtype());
    std::vector<py::ssize_t> shape(t.shape().begin(), t.shape().end()), strides;
    for (int64_t s : t.strides()) strides.push_back(s * item);
    return py::buffer_info(t.raw_data(), item, buffer_format(t.dtype()), t.ndim(), shape, strides, /*readonly=*/true);
  });

  cls.def_property_readonly("_shape", [](const Tensor& t) {
    py::tuple shape(t.ndim());
    for (int64_t d = 0; d < t.ndim(); ++d) shape[d] = t.shape()[d];
    return shape;
  });
  cls.def_property_readonly("_dtype", &Tensor::dtype);
  cls.def_property_readonly("ndim", &Tensor::ndim);
  cls.def_property_readonly("_id", &Tensor::id);
  cls.def_property_readonly("_strides", &Tensor::strides);
  cls.def_property_readonly("_is_contiguous", &Tensor::is_contiguous);
  cls.def_property_readonly("device", [](const Tensor& t) { return t.device().name(); });
  cls.def("_numel", &Tensor::numel);
  cls.def("_item", [](const Tensor& t) -> py::object {
    if (autodiff::any_recording()) autodiff::note_left_for_numpy(t);  // float(t), int(t): as NumPy above
    const double v = t.item();
    switch (t.dtype()) {
      case DType::Float32:
      case DType::Float64: return py::float_(v);
      case DType::Bool: return py::bool_(v != 0);
      case DType::Int64: return py::int_(*t.data<int64_t>());
      default: return py::int_(int64_t(v));
    }
  });

  def_binary(cls, "__add__", "__radd__", &ops::add);
  def_binary(cls, "__sub__", "__rsub__", &ops::subtract);
  def_binary(cls, "__mul__", "__rmul__", &ops::multiply);
  def_binary(cls, "__truediv__", "__rtruediv__", &ops::divide);
  def_binary(cls, "__floordiv__", "__rfloordiv__", &ops::floordiv);
  def_binary(cls, "__mod__", "__rmod__", &ops::floormod);
  def_binary(cls, "__pow__", "__rpow__", &ops::pow);
  def_binary(cls, "__matmul__", "__rmatmul__", [](const Tensor& a, const Tensor& b) {
    return ops::matmul(a, b, false, false);
  });
  def_binary(cls, "__lt__", nullptr, &ops::less);
  def_binary(cls, "__le__", nullptr, &ops::less_equal);
  def_binary(cls, "__gt__", nullptr, &ops::greater);
  def_binary(cls, "__ge__", nullptr, &ops::greater_equal);
  def_binary(cls, "__and__", "__rand__", &ops::logical_and);
  def_binary(cls, "__or__", "__ror__", &ops::logical_or);
  def_equality(cls, "__eq__", &ops::equal);
  def_equality(cls, "__ne__", &ops::not_equal);
  cls.def("__neg__", &ops::negative);
  cls.def("__abs__", &ops::abs);
  cls.def("__invert__", &ops::logical_not);

  cls.def("__getitem__", [](const Tensor& t, py::handle key) { return ops::strided_slice(t, to_slice_key(key)); });
}

}  // namespace tinytf::bindings
