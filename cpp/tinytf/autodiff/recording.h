// The recording interface: what an op needs to put itself on the active tapes.
//
// Tapes live on a thread-local stack (nested `with tf.GradientTape()` blocks).
// An op records a Node on every active tape that watches one of its inputs;
// its outputs then count as watched too, so everything computed from a
// watched tensor is recorded. A node holds the ids of its inputs and outputs
// and a backward function that maps output gradients to input gradients.
//
// This file depends on core only: the ops (through ops/gradient.h) record
// here without knowing how gradients are computed. Running the nodes backward
// is the tape's job (tape.h), a floor above the ops, because it adds
// gradients with ops.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::autodiff {

class Variable;  // variable.h (above the ops); only held by pointer here

// Input gradients from output gradients. An undefined output gradient means
// "no gradient flows here" and is replaced by zeros before the call; an
// undefined result means the input gets no gradient (integer inputs, indices).
using BackwardFn = std::function<std::vector<Tensor>(const std::vector<Tensor>& output_grads)>;

struct Node {
  std::string op;
  std::vector<uint64_t> inputs;
  std::vector<Tensor> outputs;  // kept for shape/dtype (zeros) and id; views share storage
  BackwardFn backward;
  int64_t saved_bytes = 0;      // what the backward function keeps alive (for explain())
};

// What one tape records while it is active: its nodes, the tensor ids it
// watches, and the variables it watched. Tape (tape.h) adds the reverse pass.
class Recording {
 public:
  Recording(bool persistent, bool watch_accessed_variables)
      : persistent_(persistent), watch_accessed_variables_(watch_accessed_variables) {}

  bool persistent() const { return persistent_; }
  bool watch_accessed_variables() const { return watch_accessed_variables_; }
  bool recording() const { return recording_; }
  void set_recording(bool on) { recording_ = on; }

  void watch(const Tensor& t) { watched_.insert(t.id()); }
  // Watches `value` (the variable's current value) and remembers the variable.
  void watch_variable(const std::shared_ptr<Variable>& variable, const Tensor& value);
  const std::vector<std::shared_ptr<Variable>>& watched_variables() const { return watched_variables_; }
  bool watches(uint64_t id) const { return watched_.count(id) != 0; }
  void record(Node node);
  const std::vector<Node>& nodes() const { return nodes_; }
  void reset();  // forgets the nodes and everything watched

 protected:
  bool persistent_;
  bool watch_accessed_variables_;
  bool recording_ = true;
  std::unordered_set<uint64_t> watched_;
  std::vector<std::shared_ptr<Variable>> watched_variables_;
  std::vector<Node> nodes_;
};

// ---- the thread-local stack of active tapes ----
void push_tape(const std::shared_ptr<Recording>& tape);
void pop_tape(const Recording* tape);

// True when some active tape is recording: ops check this first, so an op
// outside any tape pays one thread-local read.
bool any_recording();

// Records `op` on each recording tape that watches one of `inputs`.
// `saved` lists the tensors the backward function keeps (for memory accounting).
void record(const char* op, const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs, BackwardFn backward,
            const std::vector<Tensor>& saved = {});

// Tells the active tapes that a trainable variable was read (its value is
// `value`): tapes with watch_accessed_variables watch it.
void variable_read(const std::shared_ptr<Variable>& variable, const Tensor& value);

// While alive, no tape on this thread records (tf.stop_gradient's machinery, and tape.stop_recording()).
class PauseRecording {
 public:
  PauseRecording();
  ~PauseRecording();
  PauseRecording(const PauseRecording&) = delete;
  PauseRecording& operator=(const PauseRecording&) = delete;

 private:
  std::vector<std::pair<Recording*, bool>> previous_;
};

}  // namespace tinytf::autodiff
