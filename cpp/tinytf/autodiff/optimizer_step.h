// One optimizer step on tf.Variables: the Variable-level entry of the fused update (ops/optimizer.h).
//
// The optimizer owns its slot variables; the model owns the trainable ones. This function
//   1. checks every variable, gradient and slot (ops::check_update) before anything changes,
//   2. asks each variable for writable storage (in place when no one else holds its value,
//      else a private copy: copy-on-write, so a tensor read earlier never changes),
//   3. runs the update over all of them in one kernel call (ops::apply_update),
//   4. installs the written values, bumping each variable's version.
// Nothing is recorded on a tape: an update is not part of any computation to differentiate.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "tinytf/autodiff/variable.h"
#include "tinytf/ops/optimizer.h"

namespace tinytf::autodiff {

struct OptimizerStep {
  std::string optimizer;  // the Keras class ("RMSprop"), for messages
  ops::UpdateRule rule;
  fn::OptimizerSettings settings;
  std::vector<std::shared_ptr<Variable>> variables;
  std::vector<Tensor> grads;
  std::vector<std::vector<std::shared_ptr<Variable>>> slots;  // slots[k][i]: slot k of variable i
  std::vector<bool> decay;                                     // weight decay applies to variable i
};

void apply_optimizer_step(const OptimizerStep& step);

}  // namespace tinytf::autodiff
