// Tape and Variable for Python. The Python classes (python/tinytf/backprop.py,
// variables.py) add TensorFlow's signatures and nested-structure handling.
#include <pybind11/stl.h>

#include "bindings.h"
#include "tinytf/autodiff/tape.h"
#include "tinytf/autodiff/variable.h"

namespace tinytf::bindings {

using autodiff::Tape;
using autodiff::Variable;

std::vector<ops::SliceSpec> to_slice_key(py::handle key);  // tensor_bindings.cpp

static py::list tensors_or_none(const std::vector<Tensor>& tensors) {
  py::list out;
  for (const Tensor& t : tensors) out.append(t.defined() ? py::cast(t) : py::none());
  return out;
}

void bind_autodiff(py::module_& m) {
  py::class_<Tape, std::shared_ptr<Tape>>(m, "Tape")
      .def(py::init<bool, bool>(), py::arg("persistent"), py::arg("watch_accessed_variables"))
      .def("push", [](const std::shared_ptr<Tape>& t) { autodiff::push_tape(t); })
      .def("pop", [](const std::shared_ptr<Tape>& t) { autodiff::pop_tape(t.get()); })
      .def("watch", &Tape::watch)
      .def("watch_variable", &Tape::watch_variable)
      .def("watched_variables", &Tape::watched_variables)
      .def_property("recording", &Tape::recording, &Tape::set_recording)
      .def_property_readonly("persistent", &Tape::persistent)
      .def("reset", &Tape::reset)
      .def("gradient",
           [](Tape& tape, const std::vector<Tensor>& targets, const std::vector<std::optional<Tensor>>& output_grads,
              const std::vector<Tensor>& sources) {
             std::vector<Tensor> seeds;
             for (const auto& g : output_grads) seeds.push_back(g ? *g : Tensor());
             return tensors_or_none(tape.gradient(targets, seeds, sources));
           })
      .def("nodes", [](const Tape& tape) {
        py::list out;
        for (const auto& node : tape.nodes()) {
          py::list outputs;
          for (const Tensor& t : node.outputs) outputs.append(t);
          out.append(py::make_tuple(node.op, node.inputs, outputs, node.saved_bytes));
        }
        return out;
      });

  py::class_<Variable, std::shared_ptr<Variable>>(m, "Variable", py::dynamic_attr())
      .def(py::init<Tensor, bool, std::string>(), py::arg("initial_value"), py::arg("trainable"), py::arg("name"))
      .def("read_value", &Variable::read)
      .def_property_readonly("_value", &Variable::value)
      .def("_assign", &Variable::assign, py::call_guard<py::gil_scoped_release>())
      .def("_assign_add", &Variable::assign_add, py::call_guard<py::gil_scoped_release>())
      .def("_assign_sub", &Variable::assign_sub, py::call_guard<py::gil_scoped_release>())
      .def("_assign_slice", [](Variable& v, py::handle key, const Tensor& value) {
        v.assign_slice(to_slice_key(key), value);
      })
      .def_property_readonly("trainable", &Variable::trainable)
      .def_property_readonly("_name", &Variable::name)
      .def_property_readonly("_version", &Variable::version)
      .def_property_readonly("_id", &Variable::id);

  m.def("any_recording", &autodiff::any_recording);
}

}  // namespace tinytf::bindings
