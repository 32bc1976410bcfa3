// Tape and Variable for Python. The Python classes (python/tinytf/backprop.py,
// variables.py) add TensorFlow's signatures and nested-structure handling.
#include <pybind11/stl.h>

#include "bindings.h"
#include "tinytf/autodiff/optimizer_step.h"
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
      .def("watch_variable", [](Tape& t, const std::shared_ptr<Variable>& v) { t.watch_variable(v, v->value()); })
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
      .def("jacobian_rows",
           [](Tape& tape, const Tensor& target, const std::vector<Tensor>& seeds, const std::vector<Tensor>& sources) {
             py::list rows;
             for (const auto& row : tape.jacobian_rows(target, seeds, sources)) rows.append(tensors_or_none(row));
             return rows;
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

  // The fused optimizer step (python/tinytf/training_ops.py wraps it).
  py::class_<fn::OptimizerSettings>(m, "OptimizerSettings")
      .def(py::init<>())
      .def_readwrite("learning_rate", &fn::OptimizerSettings::learning_rate)
      .def_readwrite("step", &fn::OptimizerSettings::step)
      .def_readwrite("has_weight_decay", &fn::OptimizerSettings::has_weight_decay)
      .def_readwrite("weight_decay", &fn::OptimizerSettings::weight_decay)
      .def_readwrite("momentum", &fn::OptimizerSettings::momentum)
      .def_readwrite("rho", &fn::OptimizerSettings::rho)
      .def_readwrite("epsilon", &fn::OptimizerSettings::epsilon)
      .def_readwrite("beta_1", &fn::OptimizerSettings::beta_1)
      .def_readwrite("beta_2", &fn::OptimizerSettings::beta_2)
      .def_readwrite("nesterov", &fn::OptimizerSettings::nesterov)
      .def_readwrite("centered", &fn::OptimizerSettings::centered)
      .def_readwrite("amsgrad", &fn::OptimizerSettings::amsgrad)
      .def_readwrite("u_product", &fn::OptimizerSettings::u_product);
  m.def(
      "apply_optimizer_step",
      [](const std::string& optimizer, const std::string& rule, const fn::OptimizerSettings& settings,
         const std::vector<std::shared_ptr<Variable>>& variables, const std::vector<Tensor>& grads,
         const std::vector<std::vector<std::shared_ptr<Variable>>>& slots, const std::vector<bool>& decay) {
        autodiff::apply_optimizer_step(
            {optimizer, ops::update_rule(rule), settings, variables, grads, slots, decay});
      },
      py::arg("optimizer"), py::arg("rule"), py::arg("settings"), py::arg("variables"), py::arg("grads"),
      py::arg("slots"), py::arg("decay"), py::call_guard<py::gil_scoped_release>());

  // A pause of every tape on this thread, resumed explicitly (Python's `with`).
  struct Pause {
    std::unique_ptr<autodiff::PauseRecording> pause = std::make_unique<autodiff::PauseRecording>();
    void resume() { pause.reset(); }
  };
  py::class_<Pause>(m, "_Pause").def("resume", &Pause::resume);
  m.def("pause_recording", [] { return std::make_unique<Pause>(); });

  // tf.custom_gradient: records one node whose backward pass is a Python
  // function grad(*output_grads) -> input gradient(s).
  m.def("record_custom_gradient", [](const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs,
                                     py::function grad) {
    if (!autodiff::any_recording()) return;
    autodiff::record("CustomGradient", inputs, outputs, [grad, n = inputs.size()](const std::vector<Tensor>& g) {
      py::gil_scoped_acquire gil;
      py::list args;
      for (const Tensor& t : g) args.append(t);
      py::object result = grad(*args);
      std::vector<Tensor> grads;
      if (py::isinstance<py::list>(result) || py::isinstance<py::tuple>(result)) {
        for (py::handle r : result) grads.push_back(r.is_none() ? Tensor() : py::cast<Tensor>(r));
      } else {
        grads.push_back(result.is_none() ? Tensor() : py::cast<Tensor>(result));
      }
      if (grads.size() != n)
        throw InvalidArgument("custom_gradient: the gradient function returned " + std::to_string(grads.size()) +
                              " gradients for " + std::to_string(n) + " inputs");
      return grads;
    });
  });
}

}  // namespace tinytf::bindings
