#include "tinytf/autodiff/recording.h"

namespace tinytf::autodiff {
namespace {

thread_local std::vector<std::shared_ptr<Recording>> active_tapes;

}  // namespace

void Recording::watch_variable(const std::shared_ptr<Variable>& variable, const Tensor& value) {
  watch(value);
  for (const auto& w : watched_variables_)
    if (w == variable) return;
  watched_variables_.push_back(variable);
}

void Recording::record(Node node) {
  for (const Tensor& out : node.outputs) watched_.insert(out.id());
  nodes_.push_back(std::move(node));
}

void Recording::reset() {
  nodes_.clear();
  watched_.clear();
  watched_variables_.clear();
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
  int64_t saved_bytes = 0;
  for (const Tensor& t : saved) saved_bytes += t.nbytes();
  for (const auto& tape : active_tapes) {
    if (!tape->recording()) continue;
    bool watched = false;
    for (const Tensor& in : inputs) watched = watched || tape->watches(in.id());
    if (!watched) continue;
    Node node{op, {}, outputs, backward, saved_bytes};
    for (const Tensor& in : inputs) node.inputs.push_back(in.id());
    tape->record(std::move(node));
  }
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
