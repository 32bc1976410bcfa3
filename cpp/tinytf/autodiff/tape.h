// The gradient tape: records ops while active, then runs them backward.
//
// Tapes live on a thread-local stack (nested `with tf.GradientTape()` blocks).
// An op records a node on every active tape that watches one of its inputs;
// its outputs then count as watched too, so everything computed from a
// watched tensor is recorded. A node holds the ids of its inputs and outputs
// and a backward function that maps output gradients to input gradients.
//
// Backward functions are written with ops, not kernels (see ops/*.cpp), so a
// gradient computed by an inner tape is itself recorded by any outer tape:
// that is how nested tapes give second derivatives.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::autodiff {

// Input gradients from output gradients. An undefined output gradient means
// "no gradient flows here" and is replaced by zeros before the call; an
// undefined result means the input gets no gradient (integer inputs, indices).
class Variable;

using BackwardFn = std::function<std::vector<Tensor>(const std::vector<Tensor>& output_grads)>;

struct Node {
  std::string op;
  std::vector<uint64_t> inputs;
  std::vector<Tensor> outputs;  // kept for shape/dtype (zeros) and id; views share storage
  BackwardFn backward;
  int64_t saved_bytes = 0;      // what the backward function keeps alive (for explain())
};

class Tape {
 public:
  Tape(bool persistent, bool watch_accessed_variables)
      : persistent_(persistent), watch_accessed_variables_(watch_accessed_variables) {}

  bool persistent() const { return persistent_; }
  bool watch_accessed_variables() const { return watch_accessed_variables_; }
  bool recording() const { return recording_; }
  void set_recording(bool on) { recording_ = on; }

  void watch(const Tensor& t);
  void watch_variable(const std::shared_ptr<Variable>& v);  // watches its value, remembers it
  const std::vector<std::shared_ptr<Variable>>& watched_variables() const { return watched_variables_; }
  bool watches(uint64_t id) const { return watched_.count(id) != 0; }
  void record(Node node);
  void reset();

  // d(sum of targets * output_grads)/d(sources). An undefined output_grads
  // entry means ones. Unconnected sources give undefined tensors.
  std::vector<Tensor> gradient(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                               const std::vector<Tensor>& sources);

  // One backward pass per entry of `seeds` (each the output gradient of
  // `target`), for tape.jacobian: row r holds d(sum(target * seeds[r]))/d(sources).
  // Counts as one use of a non-persistent tape.
  std::vector<std::vector<Tensor>> jacobian_rows(const Tensor& target, const std::vector<Tensor>& seeds,
                                                 const std::vector<Tensor>& sources);

  const std::vector<Node>& nodes() const { return nodes_; }

 private:
  void check_usable();
  void release_if_done();
  std::vector<Tensor> backward(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                               const std::vector<Tensor>& sources);

  bool persistent_;
  bool watch_accessed_variables_;
  bool recording_ = true;
  bool used_ = false;  // a non-persistent tape answers once
  std::unordered_set<uint64_t> watched_;
  std::vector<std::shared_ptr<Variable>> watched_variables_;
  std::vector<Node> nodes_;
};

// ---- the thread-local stack of active tapes ----
void push_tape(const std::shared_ptr<Tape>& tape);
void pop_tape(const Tape* tape);

// True when some active tape is recording: ops check this first, so an op
// outside any tape pays one thread-local read.
bool any_recording();

// Records `op` on each recording tape that watches one of `inputs`.
// `saved` lists the tensors the backward function keeps (for memory accounting).
void record(const char* op, const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs, BackwardFn backward,
            const std::vector<Tensor>& saved = {});

// Tells the active tapes that a variable was read: tapes with
// watch_accessed_variables watch its value if it is trainable.
void variable_accessed(const std::shared_ptr<Variable>& variable);

// While alive, no tape on this thread records (tf.stop_gradient's machinery, and tape.stop_recording()).
class PauseRecording {
 public:
  PauseRecording();
  ~PauseRecording();
  PauseRecording(const PauseRecording&) = delete;
  PauseRecording& operator=(const PauseRecording&) = delete;

 private:
  std::vector<std::pair<Tape*, bool>> previous_;
};

}  // namespace tinytf::autodiff
