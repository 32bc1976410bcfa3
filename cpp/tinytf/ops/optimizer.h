// One optimizer step over every variable: the fused multi-tensor update.
//
// The Keras optimizers (python/tinytf/keras/optimizers/) update all their variables with one
// call: a list of variable values, their gradients and slot values, and the step's settings.
// `check_update` looks at every tensor before anything is written and throws InvalidArgument
// naming the optimizer, the variable and what does not fit; `apply_update` then writes the
// values and slots in place through ops::dispatch (kernels/multi_tensor.h on the CPU,
// cuda/multi_tensor.cuh on a GPU), with the rules of kernels/optimizer_rules.h.
//
// The tensors passed to apply_update must be writable (the Variables hand them out: see
// autodiff/optimizer_step.h, which honours copy-on-write). Nothing is recorded on any tape.
#pragma once
#include <string>
#include <vector>

#include "tinytf/core/tensor.h"
#include "tinytf/kernels/optimizer_rules.h"

namespace tinytf::ops {

using fn::UpdateRule;

// "sgd", "rmsprop", "adam", "adagrad", "nadam", "weight_decay" -> the rule; anything else throws.
UpdateRule update_rule(const std::string& name);

struct OptimizerUpdate {
  std::string optimizer;  // the Keras class ("RMSprop"), for messages
  UpdateRule rule;
  fn::OptimizerSettings settings;
  std::vector<std::string> names;          // the variables' names, for messages
  std::vector<Tensor> values;              // variable i (contiguous)
  std::vector<Tensor> grads;               // its gradient (same shape, dtype and device)
  std::vector<std::vector<Tensor>> slots;  // slots[k][i]: slot k of variable i; slots[k] empty if unused
                                           // (the kinds each rule lists in kernels/optimizer_rules.h)
  std::vector<bool> decay;                 // weight decay applies to variable i
};

void check_update(const OptimizerUpdate& update);
void apply_update(const OptimizerUpdate& update);  // after check_update

}  // namespace tinytf::ops
