// Shared by the binding files: each registers one part of the _core module.
#pragma once
#include <pybind11/pybind11.h>

#include "tinytf/core/tensor.h"

namespace tinytf::bindings {

namespace py = pybind11;

void bind_tensor(py::module_& m);
void bind_ops(py::module_& m);
void bind_autodiff(py::module_& m);

// A Python operand of a binary op as a tensor like `like`: tensors pass
// through; Python numbers become scalars of its dtype on its device; a
// tf.Variable gives its value; anything else (lists, NumPy arrays) goes
// through the converter python/tinytf/_convert.py registers (convert_operand,
// with its dtype) and is then placed on its device.
Tensor to_operand(py::handle obj, const Tensor& like);

}  // namespace tinytf::bindings
