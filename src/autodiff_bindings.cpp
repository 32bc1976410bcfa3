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

// Sources as Python gives them: tensors, or variables (whose gradient flows
// through every value the tape saw of them).
static std::vector<autodiff::Source> to_sources(const py::list& sources) {
  std::vector<autodiff::Source> out;
  for (py::handle s : sources) {
    if (py::isinstance<Variable>(s)) {
      const auto& v = py::cast<const Variable&>(s);
      out.push_back({v.value(), &v});
    } else {
      out.push_back({py::cast<Tensor>(s), nullptr});
    }
  }
  return out;
}

static uintptr_t storage_address(const std::shared_ptr<Storage>& storage) {
  return reinterpret_cast<uintptr_t>(storage.get());
}

// (id, shape, dtype, bytes, storage address or 0 once freed)
static py::tuple info_tuple(const autodiff::TensorInfo& t) {
  return py::make_tuple(t.id, py::tuple(py::cast(t.shape)), t.dtype, t.nbytes, storage_address(t.storage.lock()));
}

static const char* kind_name(autodiff::NoGradient::Kind kind) {
  using K = autodiff::NoGradient;
  switch (kind) {
    case K::IntegerSource: return "integer_source";
    case K::NotWatched: return "not_watched";
    case K::StopGradient: return "stop_gradient";
    case K::IntegerPath: return "integer_path";
    case K::NumPy: return "numpy";
    case K::NotConnected: return "not_connected";
    case K::NoGradientOp: return "no_gradient_op";
  }
  return "not_connected";
}

static const char* cut_name(autodiff::CutReason reason) {
  switch (reason) {
    case autodiff::CutReason::StopGradient: return "stop_gradient";
    case autodiff::CutReason::Integer: return "integer";
    case autodiff::CutReason::After: return "after";
  }
  return "after";
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
              const py::list& sources, bool explain) {
             std::vector<Tensor> seeds;
             for (const auto& g : output_grads) seeds.push_back(g ? *g : Tensor());
             std::vector<autodiff::NoGradient> why;
             const auto grads = tape.gradient(targets, seeds, to_sources(sources), explain ? &why : nullptr);
             py::list reasons;
             for (const auto& w : why) reasons.append(py::make_tuple(kind_name(w.kind), w.op, w.tensor));
             return py::make_tuple(tensors_or_none(grads), reasons);
           })
      .def("jacobian_rows",
           [](Tape& tape, const Tensor& target, const std::vector<Tensor>& seeds, const py::list& sources) {
             py::list rows;
             for (const auto& row : tape.jacobian_rows(target, seeds, to_sources(sources)))
               rows.append(tensors_or_none(row));
             return rows;
           })
      // What tape.explain() prints (python/tinytf/tape_explain.py formats it).
      .def("nodes", [](const Tape& tape) {
        py::list out;
        for (const auto& node : tape.nodes()) {
          py::list inputs, outputs, saved;
          for (const auto& t : node.inputs) inputs.append(info_tuple(t));
          for (const Tensor& t : node.outputs) outputs.append(info_tuple(autodiff::TensorInfo::of(t)));
          for (const auto& t : node.saved) saved.append(py::make_tuple(t.id, t.nbytes, storage_address(t.storage.lock())));
          out.append(py::make_tuple(node.op, inputs, outputs, saved));
        }
        return out;
      })
      .def("cuts", [](const Tape& tape) {
        py::list out;
        for (const auto& cut : tape.cuts())
          out.append(py::make_tuple(cut.op, cut_name(cut.reason), cut.inputs, cut.outputs));
        return out;
      })
      .def("watched_tensors", [](const Tape& tape) {
        py::dict out;
        for (const auto& [id, info] : tape.watched_tensors()) out[py::int_(id)] = info_tuple(info);
        return out;
      })
      // Per watched variable: the variable, the values the tape saw, and where its current value lives.
      .def("variable_values", [](const Tape& tape) {
        py::list out;
        for (const auto& v : tape.watched_variables()) {
          py::list values;
          for (const auto& t : tape.values_of(v.get())) values.append(info_tuple(t));
          out.append(py::make_tuple(v, values, storage_address(v->value().storage())));
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
    autodiff::record("CustomGradient", inputs, outputs, [grad, n = inputs.size()](const std::vector<Tensor>& g, const std::vector<bool>&) {
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
