#include "tinytf/ops/optimizer.h"

#include <map>
#include <utility>

#include "tinytf/core/error.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/dispatch.h"

namespace tinytf::ops {

UpdateRule update_rule(const std::string& name) {
  static const std::map<std::string, UpdateRule> rules = {
      {"sgd", UpdateRule::Sgd},         {"rmsprop", UpdateRule::Rmsprop}, {"adam", UpdateRule::Adam},
      {"adagrad", UpdateRule::Adagrad}, {"nadam", UpdateRule::Nadam},     {"weight_decay", UpdateRule::WeightDecay}};
  const auto it = rules.find(name);
  if (it == rules.end())
    throw InvalidArgument("optimizer update: unknown rule '" + name +
                          "' (known: sgd, rmsprop, adam, adagrad, nadam, weight_decay)");
  return it->second;
}

namespace {

// Which slots a rule reads and writes with these settings (the positions of kernels/optimizer_rules.h).
std::vector<bool> slots_used(UpdateRule rule, const fn::OptimizerSettings& s) {
  switch (rule) {
    case UpdateRule::Sgd: return {s.momentum != 0};
    case UpdateRule::Rmsprop: return {true, s.momentum > 0, s.centered};
    case UpdateRule::Adam: return {true, true, s.amsgrad};
    case UpdateRule::Adagrad: return {true};
    case UpdateRule::Nadam: return {true, true};
    case UpdateRule::WeightDecay: return {};
  }
  return {};
}

// "the momentum slot of variable 'dense/kernel'" style names for messages.
const char* slot_name(UpdateRule rule, size_t k) {
  static const std::map<UpdateRule, std::vector<const char*>> names = {
      {UpdateRule::Sgd, {"momentum"}},
      {UpdateRule::Rmsprop, {"velocity", "momentum", "average_gradient"}},
      {UpdateRule::Adam, {"momentum", "velocity", "velocity_hat"}},
      {UpdateRule::Adagrad, {"accumulator"}},
      {UpdateRule::Nadam, {"momentum", "velocity"}}};
  const auto it = names.find(rule);
  return it != names.end() && k < it->second.size() ? it->second[k] : "extra";
}

}  // namespace

void check_update(const OptimizerUpdate& u) {
  const std::string& op = u.optimizer;
  const size_t n = u.values.size();
  if (u.grads.size() != n || u.names.size() != n || u.decay.size() != n)
    throw InvalidArgument(op + ": got " + std::to_string(u.grads.size()) + " gradients for " + std::to_string(n) +
                          " variables; pass one gradient per variable");
  const std::vector<bool> used = slots_used(u.rule, u.settings);
  if (u.slots.size() > used.size())
    throw InvalidArgument(op + ": got " + std::to_string(u.slots.size()) + " kinds of slot variables, the rule uses " +
                          std::to_string(used.size()));
  for (size_t k = 0; k < used.size(); ++k) {
    const size_t given = k < u.slots.size() ? u.slots[k].size() : 0;
    if (given != (used[k] ? n : 0))
      throw InvalidArgument(op + ": expected " + std::to_string(used[k] ? n : 0) + " " + slot_name(u.rule, k) +
                            " slot variables, got " + std::to_string(given));
  }
  for (size_t i = 0; i < n; ++i) {
    const Tensor& value = u.values[i];
    const std::string variable = "variable '" + u.names[i] + "'";
    if (value.dtype() != DType::Float32 && value.dtype() != DType::Float64)
      throw InvalidArgument(op + ": " + variable + " is " + describe(value) +
                            "; optimizers update float32 and float64 variables only");
    const Tensor& grad = u.grads[i];
    if (!grad.defined()) throw InvalidArgument(op + ": the gradient of " + variable + " is missing");
    if (grad.dtype() != value.dtype())
      throw InvalidArgument(op + ": the gradient of " + variable + " is " + describe(grad) + " but the variable is " +
                            describe(value) + "; cast the gradient to " + dtype_name(value.dtype()) + " first");
    if (grad.shape() != value.shape())
      throw InvalidArgument(op + ": the gradient of " + variable + " has shape " + shape_str(grad.shape()) +
                            " but the variable has shape " + shape_str(value.shape()));
    if (grad.device() != value.device())
      throw InvalidArgument(op + ": the gradient of " + variable + " is on " + grad.device().name() +
                            " but the variable is on " + value.device().name() + "; copy it there first");
    for (size_t k = 0; k < u.slots.size(); ++k) {
      if (u.slots[k].empty()) continue;
      const Tensor& slot = u.slots[k][i];
      if (slot.dtype() != value.dtype() || slot.shape() != value.shape() || slot.device() != value.device())
        throw InvalidArgument(op + ": the " + slot_name(u.rule, k) + " slot of " + variable + " is " +
                              describe(slot) + " on " + slot.device().name() + ", but the variable is " +
                              describe(value) + " on " + value.device().name() +
                              " (the optimizer was built for other variables?)");
    }
  }
}

namespace {

template <class T, class Rule>
void run(const OptimizerUpdate& u, const std::vector<size_t>& members) {
  // The slot kinds in use, in order, are the rule's slots (check_update counted them).
  std::vector<const std::vector<Tensor>*> kinds;
  for (const auto& kind : u.slots)
    if (!kind.empty()) kinds.push_back(&kind);
  if (kinds.size() != size_t(Rule::kSlots))
    throw InternalError(u.optimizer + ": the rule has " + std::to_string(Rule::kSlots) + " slots, got " +
                        std::to_string(kinds.size()));
  std::vector<fn::UpdateTensor<T, Rule::kSlots>> tensors;
  std::vector<Tensor> grads;  // contiguous gradients, alive until the kernel is done
  for (size_t i : members) {
    grads.push_back(contiguous(u.grads[i]));
    fn::UpdateTensor<T, Rule::kSlots> t{};
    t.value = u.values[i].data<T>();
    t.grad = grads.back().data<T>();
    for (int k = 0; k < Rule::kSlots; ++k) t.slots[k] = (*kinds[k])[i].data<T>();
    t.n = u.values[i].numel();
    t.decay = u.settings.has_weight_decay && u.decay[i];
    tensors.push_back(t);
  }
  dispatch::multi_tensor_update(u.values[members.front()].device(), tensors.data(), int64_t(tensors.size()),
                                fn::UpdateStep<T, Rule>::make(u.settings));
}

template <class T>
void run_rule(const OptimizerUpdate& u, const std::vector<size_t>& members) {
  fn::visit_rule<T>(u.rule, u.settings, [&](auto rule) { run<T, decltype(rule)>(u, members); });
}

}  // namespace

void apply_update(const OptimizerUpdate& u) {
  // One call per (dtype, device) among the variables: usually exactly one.
  std::map<std::pair<DType, std::string>, std::vector<size_t>> groups;
  for (size_t i = 0; i < u.values.size(); ++i) groups[{u.values[i].dtype(), u.values[i].device().name()}].push_back(i);
  for (const auto& [key, members] : groups) {
    if (key.first == DType::Float32) run_rule<float>(u, members);
    else run_rule<double>(u, members);
  }
}

}  // namespace tinytf::ops
