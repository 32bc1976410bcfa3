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
// through; Python numbers become scalars of its dtype on its device; anything
// else (lists, NumPy arrays) goes through tinytf's convert_to_tensor with its
// dtype and is then placed on its device.
Tensor to_operand(py::handle obj, const Tensor& like);

}  // namespace tinytf::bindings
