#include "tinytf/autodiff/tape.h"

#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "tinytf/ops/creation.h"
#include "tinytf/ops/elementwise.h"

namespace tinytf::autodiff {
namespace {

Tensor zeros_like(const Tensor& t) { return ops::fill(t.shape(), ops::Scalar::of(int64_t(0)), t.dtype(), t.device()); }
Tensor ones_like(const Tensor& t) { return ops::fill(t.shape(), ops::Scalar::of(int64_t(1)), t.dtype(), t.device()); }

}  // namespace

void Tape::check_usable() {
  if (used_ && !persistent_)
    throw std::runtime_error(
        "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians): its "
        "recorded operations were freed after the first call. Use tf.GradientTape(persistent=True) to call "
        "gradient() several times.");
  used_ = true;
}

void Tape::release_if_done() {
  if (!persistent_) {  // free the saved tensors now, not when Python collects the tape
    nodes_.clear();
    nodes_.shrink_to_fit();
    cuts_.clear();
  }
}

std::vector<uint64_t> Tape::ids_of(const Source& source) const {
  // Only what the tape watched: a constant that merely fed a recorded op gets
  // no gradient, as in TensorFlow (tape.watch it to get one).
  std::vector<uint64_t> ids;
  if (source.variable)
    for (const TensorInfo& value : values_of(source.variable)) ids.push_back(value.id);
  bool seen = false;
  for (uint64_t id : ids) seen = seen || id == source.value.id();
  if (!seen && watches(source.value.id())) ids.push_back(source.value.id());
  return ids;
}

std::vector<Tensor> Tape::gradient(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                                   const std::vector<Source>& sources, std::vector<NoGradient>* why) {
  check_usable();
  std::vector<Tensor> result = backward(targets, output_grads, sources);
  if (why) {  // explained before a non-persistent tape forgets what it recorded
    why->clear();
    for (size_t i = 0; i < sources.size(); ++i)
      why->push_back(result[i].defined() ? NoGradient{NoGradient::NotConnected, "", 0}
                                         : explain_none(targets, sources[i]));
  }
  release_if_done();
  return result;
}

std::vector<std::vector<Tensor>> Tape::jacobian_rows(const Tensor& target, const std::vector<Tensor>& seeds,
                                                     const std::vector<Source>& sources) {
  check_usable();
  std::vector<std::vector<Tensor>> rows;
  for (const Tensor& seed : seeds) rows.push_back(backward({target}, {seed}, sources));
  release_if_done();
  return rows;
}

std::vector<Tensor> Tape::backward(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                                   const std::vector<Source>& sources) {

  // 1. Forward sweep: which tensors depend on a source? (A variable is each
  //    value the tape saw of it.) Nodes are stored in the order they ran,
  //    which is a topological order.
  std::vector<std::vector<uint64_t>> source_ids;
  std::unordered_set<uint64_t> depends;
  for (const Source& s : sources) {
    source_ids.push_back(ids_of(s));
    depends.insert(source_ids.back().begin(), source_ids.back().end());
  }
  std::vector<bool> relevant(nodes_.size(), false);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (const TensorInfo& in : nodes_[i].inputs)
      if (depends.count(in.id)) relevant[i] = true;
    if (relevant[i])
      for (const Tensor& out : nodes_[i].outputs) depends.insert(out.id());
  }

  // 2. Seed the targets (ones where no output gradient is given: a
  //    non-scalar target is implicitly summed).
  std::unordered_map<uint64_t, Tensor> grads;
  auto accumulate = [&](uint64_t id, const Tensor& g) {
    auto it = grads.find(id);
    if (it == grads.end()) grads.emplace(id, g);
    else it->second = ops::add(it->second, g);
  };
  for (size_t i = 0; i < targets.size(); ++i)
    accumulate(targets[i].id(), output_grads[i].defined() ? output_grads[i] : ones_like(targets[i]));

  // 3. Backward sweep, newest node first. This tape does not record its own
  //    backward ops; outer tapes do (higher-order gradients).
  const bool was_recording = recording_;
  recording_ = false;
  try {
    for (size_t i = nodes_.size(); i-- > 0;) {
      if (!relevant[i]) continue;
      const Node& node = nodes_[i];
      std::vector<Tensor> out_grads;
      bool any = false;
      for (const Tensor& out : node.outputs) {
        auto it = grads.find(out.id());
        any = any || it != grads.end();
        out_grads.push_back(it != grads.end() ? it->second : Tensor());
      }
      if (!any) continue;
      for (size_t k = 0; k < out_grads.size(); ++k)
        if (!out_grads[k].defined()) out_grads[k] = zeros_like(node.outputs[k]);
      std::vector<bool> wanted;
      for (const TensorInfo& in : node.inputs) wanted.push_back(depends.count(in.id) > 0);
      const std::vector<Tensor> in_grads = node.backward(out_grads, wanted);
      for (size_t k = 0; k < node.inputs.size() && k < in_grads.size(); ++k)
        if (in_grads[k].defined() && wanted[k]) accumulate(node.inputs[k].id, in_grads[k]);
    }
  } catch (...) {
    recording_ = was_recording;
    throw;
  }
  recording_ = was_recording;

  // 4. A source's gradient is the sum over its ids (the values of a variable).
  std::vector<Tensor> result;
  for (const auto& ids : source_ids) {
    Tensor total;
    for (uint64_t id : ids) {
      auto it = grads.find(id);
      if (it != grads.end()) total = total.defined() ? ops::add(total, it->second) : it->second;
    }
    result.push_back(total);
  }
  return result;
}

}  // namespace tinytf::autodiff
