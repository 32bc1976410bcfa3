// Shared by the binding files: each registers one part of the _core module.
#pragma once
#include <pybind11/pybind11.h>

#include "tinytf/core/tensor.h"

namespace tinytf::bindings {

namespace py = pybind11;

void bind_tensor(py::module_& m);
void bind_ops(py::module_& m);
void bind_autodiff(py::module_& m);

// A Python operand of a binary op as a tensor of `like`'s dtype: tensors pass
// through, Python numbers become scalars of that dtype, anything else (lists,
// NumPy arrays) goes through tinytf's convert_to_tensor with that dtype.
Tensor to_operand(py::handle obj, DType like);

}  // namespace tinytf::bindings
