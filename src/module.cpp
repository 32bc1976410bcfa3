// The _core extension module: exception translation, build facts, and the
// registration of the tensor and op bindings. Bindings only: no logic here.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "tinytf/core/allocator.h"
#include "tinytf/core/error.h"
#include "tinytf/kernels/ceilings.h"
#include "tinytf/kernels/simd.h"
#include "tinytf/kernels/variant.h"
#include "tinytf/ops/kernel_clock.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace py = pybind11;
using namespace tinytf;

// The Python classes of tinytf.errors, by name ("InvalidArgumentError", ...):
// python/tinytf/errors.py hands them over when it is imported, so the bindings
// never import Python modules themselves.
static py::dict& error_classes() {
  static py::dict* classes = new py::dict();  // never destroyed: used until the interpreter exits
  return *classes;
}

// Raises tinytf.errors.<name>(None, None, message), TensorFlow's OpError
// signature (a RuntimeError before tinytf.errors is imported).
static void raise_op_error(const char* name, const char* message) {
  if (!error_classes().contains(name)) {
    PyErr_SetString(PyExc_RuntimeError, message);
    return;
  }
  py::object cls = error_classes()[name];
  py::object err = cls(py::none(), py::none(), message);
  PyErr_SetObject(cls.ptr(), err.ptr());
}

PYBIND11_MODULE(_core, m) {
  m.doc() = "tinytf's compiled engine: tensors, kernels and ops (use the tinytf package, not this module)";

  m.def("_register_error_classes", [](const py::dict& classes) { error_classes() = classes; });
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InvalidArgument& e) {
      raise_op_error("InvalidArgumentError", e.what());
    } catch (const OutOfRange& e) {
      raise_op_error("OutOfRangeError", e.what());
    } catch (const ResourceExhausted& e) {
      raise_op_error("ResourceExhaustedError", e.what());
    } catch (const Unimplemented& e) {
      raise_op_error("UnimplementedError", e.what());
    } catch (const InternalError& e) {
      raise_op_error("InternalError", e.what());
    } catch (const TypeError& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const ValueError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  py::enum_<DType>(m, "DType")
      .value("float32", DType::Float32)
      .value("float64", DType::Float64)
      .value("int32", DType::Int32)
      .value("int64", DType::Int64)
      .value("bool", DType::Bool);

  bindings::bind_tensor(m);
  bindings::bind_ops(m);
  bindings::bind_autodiff(m);

  m.def("build_info", [] {
    py::dict info;
    info["version"] = TINYTF_VERSION;
#ifdef TINYTF_WITH_CUDA
    info["cuda"] = true;  // compiled in; whether a GPU is present is tf.config.list_physical_devices("GPU")
    info["cuda_archs"] = py::str(TINYTF_CUDA_ARCHS_STRING).attr("split")(",");
#else
    info["cuda"] = false;
    info["cuda_archs"] = py::list();
#endif
    info["sanitize"] = TINYTF_SANITIZE_STRING;  // "address,undefined" in the sanitizer build, else ""
    info["simd"] = kernels::simd_level_name(kernels::active_simd_level());
    info["simd_supported"] = kernels::simd_level_name(kernels::best_supported_simd_level());
#ifdef _OPENMP
    info["openmp"] = true;
    info["num_threads"] = omp_get_max_threads();
#else
    info["openmp"] = false;
    info["num_threads"] = 1;
#endif
    return info;
  });
  m.def("set_simd_level", [](const std::string& name) {
    for (auto level : {kernels::SimdLevel::Portable, kernels::SimdLevel::AVX2, kernels::SimdLevel::AVX512})
      if (name == kernels::simd_level_name(level)) return kernels::set_simd_level(level);
    throw py::value_error("unknown SIMD level '" + name + "': expected 'portable', 'avx2' or 'avx512'");
  });
  // tinytf-bench's measured ceilings (kernels/ceilings.h).
  m.def("fma_loop", [](int64_t iterations) {
    if (iterations < 0) throw py::value_error("fma_loop: iterations must be >= 0, got " + std::to_string(iterations));
    py::gil_scoped_release release;
    return kernels::fma_loop(iterations);
  });
  using FloatArray = py::array_t<float, py::array::c_style>;
  m.def("stream_copy", [](const FloatArray& src, FloatArray& dst) {
    if (src.size() != dst.size())
      throw py::value_error("stream_copy: src has " + std::to_string(src.size()) + " floats but dst has " +
                            std::to_string(dst.size()));
    const float* from = src.data();
    float* to = dst.mutable_data();
    py::gil_scoped_release release;
    kernels::stream_copy(from, to, src.size());
  }, py::arg("src").noconvert(), py::arg("dst").noconvert());  // a converted dst would be a copy: refuse it
  m.def("kernels_with_variants", &kernels::kernels_with_variants);
  m.def("kernel_variant", [](const std::string& kernel) {
    try {
      return std::string(kernels::variant_name(kernels::kernel_variant(kernel)));
    } catch (const std::invalid_argument& e) {
      throw py::value_error(e.what());
    }
  });
  m.def("set_kernel_variant", [](const std::string& kernel, const std::string& variant) {
    kernels::Variant chosen;
    if (variant == "fast") chosen = kernels::Variant::Fast;
    else if (variant == "reference") chosen = kernels::Variant::Reference;
    else throw py::value_error("unknown variant '" + variant + "' for kernel '" + kernel +
                               "': expected 'fast' or 'reference'");
    try {
      kernels::set_kernel_variant(kernel, chosen);
    } catch (const std::invalid_argument& e) {
      throw py::value_error(e.what());
    }
  });
  m.def("allocator_stats", [] {
    const AllocatorStats s = allocator_for(Device{}).stats();
    py::dict d;
    d["bytes_in_use"] = s.bytes_in_use;
    d["bytes_cached"] = s.bytes_cached;
    d["peak_bytes_in_use"] = s.peak_bytes_in_use;
    d["num_allocs"] = s.num_allocs;
    d["num_os_allocs"] = s.num_os_allocs;
    return d;
  });
  // tinytf-bench's split of a training step into kernel time and the rest (ops/kernel_clock.h).
  m.def("kernel_clock_start", &ops::kernel_clock::start);
  m.def("kernel_clock_stop", &ops::kernel_clock::stop);
  m.def("kernel_clock_read", [] {
    const ops::kernel_clock::Totals t = ops::kernel_clock::read();
    return py::make_tuple(t.nanoseconds * 1e-9, t.kernels);
  });
  m.def("release_cached_memory", [] { allocator_for(Device{}).release_cached(); });
}
