#include "tinytf/autodiff/optimizer_step.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "tinytf/core/error.h"

namespace tinytf::autodiff {

void apply_optimizer_step(const OptimizerStep& step) {
  ops::OptimizerUpdate update{step.optimizer, step.rule, step.settings, {}, {}, step.grads, {}, step.decay};
  // 1. Everything checked before anything changes.
  for (const auto& v : step.variables) {
    update.names.push_back(v->name());
    update.values.push_back(v->value());
  }
  for (const auto& kind : step.slots) {
    update.slots.emplace_back();
    for (const auto& slot : kind) update.slots.back().push_back(slot->value());
  }
  ops::check_update(update);
  std::set<const Variable*> seen;
  auto once = [&](const Variable* v) {
    if (!seen.insert(v).second)
      throw InvalidArgument(step.optimizer + ": variable '" + v->name() +
                            "' appears twice in one update (as a variable or a slot); each is updated once per step");
  };
  for (const auto& v : step.variables) once(v.get());
  for (const auto& kind : step.slots)
    for (const auto& slot : kind) once(slot.get());

  // 2. Every variable written is locked for the whole update, in order of id (variable.h), so no
  //    reader sees a half-written value. Then writable storage for each: the value itself when no
  //    one else holds it. (The handles taken for the checks are dropped first, or they would count
  //    as someone else.)
  std::vector<Variable*> written(step.variables.size());
  for (size_t i = 0; i < step.variables.size(); ++i) written[i] = step.variables[i].get();
  for (const auto& kind : step.slots)
    for (const auto& slot : kind) written.push_back(slot.get());
  std::sort(written.begin(), written.end(), [](const Variable* a, const Variable* b) { return a->id() < b->id(); });
  std::vector<std::unique_lock<std::mutex>> locks;
  for (const Variable* v : written) locks.push_back(v->lock());
  for (size_t i = 0; i < step.variables.size(); ++i) {
    update.values[i] = Tensor();
    update.values[i] = step.variables[i]->writable_value();
  }
  for (size_t k = 0; k < step.slots.size(); ++k)
    for (size_t i = 0; i < step.slots[k].size(); ++i) {
      update.slots[k][i] = Tensor();
      update.slots[k][i] = step.slots[k][i]->writable_value();
    }

  // 3. One call over all of them.
  ops::apply_update(update);

  // 4. The new values.
  for (size_t i = 0; i < step.variables.size(); ++i) step.variables[i]->commit(update.values[i]);
  for (size_t k = 0; k < step.slots.size(); ++k)
    for (size_t i = 0; i < step.slots[k].size(); ++i) step.slots[k][i]->commit(update.slots[k][i]);
}

}  // namespace tinytf::autodiff
