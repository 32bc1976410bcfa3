#include "tinytf/autodiff/recording.h"

namespace tinytf::autodiff {
namespace {

thread_local std::vector<std::shared_ptr<Recording>> active_tapes;

std::vector<uint64_t> ids(const std::vector<Tensor>& tensors) {
  std::vector<uint64_t> out;
  for (const Tensor& t : tensors) out.push_back(t.id());
  return out;
}

}  // namespace

void Recording::watch(const Tensor& t) {
  watched_.insert(t.id());
  watched_tensors_.emplace(t.id(), TensorInfo::of(t));
}

void Recording::watch_variable(const std::shared_ptr<Variable>& variable, const Tensor& value) {
  watched_.insert(value.id());
  size_t k = 0;
  while (k < watched_variables_.size() && watched_variables_[k] != variable) ++k;
  if (k == watched_variables_.size()) {
    watched_variables_.push_back(variable);
    variable_values_.emplace_back();
  }
  for (const TensorInfo& seen : variable_values_[k])
    if (seen.id == value.id()) return;
  variable_values_[k].push_back(TensorInfo::of(value));
}

std::vector<TensorInfo> Recording::values_of(const Variable* variable) const {
  for (size_t k = 0; k < watched_variables_.size(); ++k)
    if (watched_variables_[k].get() == variable) return variable_values_[k];
  return {};
}

void Recording::record(Node node) {
  for (const Tensor& out : node.outputs) watched_.insert(out.id());
  nodes_.push_back(std::move(node));
}

void Recording::record_cut(Cut cut) {
  for (uint64_t out : cut.outputs) followed_.insert(out);
  cuts_.push_back(std::move(cut));
}

void Recording::reset() {
  nodes_.clear();
  watched_.clear();
  watched_tensors_.clear();
  watched_variables_.clear();
  variable_values_.clear();
  cuts_.clear();
  followed_.clear();
  left_for_numpy_.clear();
}

void push_tape(const std::shared_ptr<Recording>& tape) { active_tapes.push_back(tape); }

void pop_tape(const Recording* tape) {
  for (size_t i = active_tapes.size(); i-- > 0;)
    if (active_tapes[i].get() == tape) {
      active_tapes.erase(active_tapes.begin() + i);
      return;
    }
}

bool any_recording() {
  for (const auto& tape : active_tapes)
    if (tape->recording()) return true;
  return false;
}

void record(const char* op, const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs, BackwardFn backward,
            const std::vector<Tensor>& saved) {
  // An op that returned one of its inputs unchanged (a no-op cast) needs no node.
  for (const Tensor& out : outputs)
    for (const Tensor& in : inputs)
      if (out.id() == in.id()) return;
  for (const auto& tape : active_tapes) {
    if (!tape->recording()) continue;
    bool watched = false, followed = false;
    for (const Tensor& in : inputs) {
      watched = watched || tape->watches(in.id());
      followed = followed || tape->follows(in.id());
    }
    if (!watched) {
      // Only values after a cut lead here: note the path, keep no backward function.
      if (followed) tape->record_cut(Cut{op, CutReason::After, ids(inputs), ids(outputs)});
      continue;
    }
    Node node{op, {}, outputs, backward, {}};
    for (const Tensor& in : inputs) node.inputs.push_back(TensorInfo::of(in));
    for (const Tensor& t : saved) node.saved.push_back({t.id(), t.nbytes(), t.storage()});
    tape->record(std::move(node));
  }
}

void record_cut(const char* op, CutReason reason, const std::vector<Tensor>& inputs,
                const std::vector<Tensor>& outputs) {
  for (const auto& tape : active_tapes) {
    if (!tape->recording()) continue;
    bool followed = false;
    for (const Tensor& in : inputs) followed = followed || tape->follows(in.id());
    if (followed) tape->record_cut(Cut{op, reason, ids(inputs), ids(outputs)});
  }
}

void note_left_for_numpy(const Tensor& t) {
  for (const auto& tape : active_tapes)
    if (tape->recording() && tape->follows(t.id())) tape->note_left_for_numpy(t.id());
}

void variable_read(const std::shared_ptr<Variable>& variable, const Tensor& value) {
  for (const auto& tape : active_tapes)
    if (tape->recording() && tape->watch_accessed_variables()) tape->watch_variable(variable, value);
}

PauseRecording::PauseRecording() {
  for (const auto& tape : active_tapes) {
    previous_.emplace_back(tape.get(), tape->recording());
    tape->set_recording(false);
  }
}

PauseRecording::~PauseRecording() {
  for (auto& [tape, was] : previous_) tape->set_recording(was);
}

}  // namespace tinytf::autodiff
