// The recording interface: what an op needs to put itself on the active tapes.
//
// Tapes live on a thread-local stack (nested `with tf.GradientTape()` blocks).
// An op records a Node on every active tape that watches one of its inputs;
// its outputs then count as watched too, so everything computed from a
// watched tensor is recorded. A node holds its inputs and outputs and a
// backward function that maps output gradients to input gradients.
//
// Besides the nodes, a tape keeps what it needs to explain itself later
// (tape.explain(), and why a gradient is None), at no cost to an op that
// carries a gradient:
//   - a Node describes its inputs and saved tensors (ids, shapes, dtypes),
//     without holding their bytes;
//   - a Cut notes where a watched value went on without a gradient
//     (tf.stop_gradient, a cast to an integer dtype, integer arithmetic); the
//     tensors after a cut are "followed" (one flag per tensor id), so that the
//     path from a source to the target can still be found;
//   - the ids of watched or followed tensors whose values were read into NumPy.
//
// This file depends on core only: the ops (through ops/gradient.h) record
// here without knowing how gradients are computed. Running the nodes backward
// is the tape's job (tape.h), a floor above the ops, because it adds
// gradients with ops.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::autodiff {

class Variable;  // variable.h (above the ops); only held by pointer here

// Input gradients from output gradients. An undefined output gradient means
// "no gradient flows here" and is replaced by zeros before the call; an
// undefined result means the input gets no gradient (integer inputs, indices).
// wanted[k] says whether input k leads to a source of the gradient being
// computed: a backward function may skip the others (the gradient of a matmul
// with a batch of data costs as much as the forward product, and nobody asks
// for it).
using BackwardFn =
    std::function<std::vector<Tensor>(const std::vector<Tensor>& output_grads, const std::vector<bool>& wanted)>;

// A tensor as a tape describes it, without keeping its bytes alive: the
// storage is a weak pointer, so explain() can tell whether the bytes are
// still shared with a variable's current value.
struct TensorInfo {
  uint64_t id = 0;
  Shape shape;
  DType dtype = DType::Float32;
  int64_t nbytes = 0;
  std::weak_ptr<Storage> storage;

  static TensorInfo of(const Tensor& t) { return {t.id(), t.shape(), t.dtype(), t.nbytes(), t.storage()}; }
};

// A tensor a backward function keeps alive (its shape is that of an input
// or output, or of an intermediate only the op knows).
struct SavedTensor {
  uint64_t id = 0;
  int64_t nbytes = 0;
  std::weak_ptr<Storage> storage;
};

struct Node {
  std::string op;                  // TensorFlow's op type: "MatMul", "AddV2", ...
  std::vector<TensorInfo> inputs;
  std::vector<Tensor> outputs;     // kept for shape/dtype (zeros) and id; views share storage
  BackwardFn backward;
  std::vector<SavedTensor> saved;  // what the backward function keeps alive (for explain())
};

// Why a value went on without a gradient.
enum class CutReason : uint8_t {
  StopGradient,  // tf.stop_gradient
  Integer,       // a cast to an integer (or bool) dtype, or arithmetic on one
  After,         // an ordinary op on a value that is already past a cut
};

// An op that computed `outputs` from a watched (or followed) input but
// carries no gradient: recorded so that explanations can follow the path.
struct Cut {
  const char* op;
  CutReason reason;
  std::vector<uint64_t> inputs;
  std::vector<uint64_t> outputs;
};

// What one tape records while it is active: its nodes, the tensor ids it
// watches, the variables it watched, and the notes for explanations.
// Tape (tape.h) adds the reverse pass.
class Recording {
 public:
  Recording(bool persistent, bool watch_accessed_variables)
      : persistent_(persistent), watch_accessed_variables_(watch_accessed_variables) {}

  bool persistent() const { return persistent_; }
  bool watch_accessed_variables() const { return watch_accessed_variables_; }
  bool recording() const { return recording_; }
  void set_recording(bool on) { recording_ = on; }

  void watch(const Tensor& t);  // tape.watch(t)
  // Watches `value` (the variable's current value) and remembers the variable
  // and each value read from it while the tape records: a gradient with
  // respect to the variable flows through all of them, even after an assign
  // gave the variable a new value (copy-on-write).
  void watch_variable(const std::shared_ptr<Variable>& variable, const Tensor& value);
  const std::vector<std::shared_ptr<Variable>>& watched_variables() const { return watched_variables_; }
  // The values this tape saw of `variable` (empty if it never watched it).
  std::vector<TensorInfo> values_of(const Variable* variable) const;
  bool watches(uint64_t id) const { return watched_.count(id) != 0; }
  bool follows(uint64_t id) const { return watches(id) || followed_.count(id) != 0; }
  void record(Node node);
  void record_cut(Cut cut);
  void note_left_for_numpy(uint64_t id) { left_for_numpy_.insert(id); }

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Cut>& cuts() const { return cuts_; }
  const std::unordered_map<uint64_t, TensorInfo>& watched_tensors() const { return watched_tensors_; }
  bool left_for_numpy(uint64_t id) const { return left_for_numpy_.count(id) != 0; }
  void reset();  // forgets the nodes, everything watched and the notes

 protected:
  bool persistent_;
  bool watch_accessed_variables_;
  bool recording_ = true;
  std::unordered_set<uint64_t> watched_;                   // watched ids, incl. the outputs of nodes
  std::unordered_map<uint64_t, TensorInfo> watched_tensors_;  // what tape.watch() named (not variables)
  std::vector<std::shared_ptr<Variable>> watched_variables_;
  std::vector<std::vector<TensorInfo>> variable_values_;   // per watched variable, the values read
  std::vector<Node> nodes_;
  std::vector<Cut> cuts_;
  std::unordered_set<uint64_t> followed_;                  // ids after a cut
  std::unordered_set<uint64_t> left_for_numpy_;
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

// Notes on each recording tape that follows one of `inputs` that `op` made
// `outputs` from them without a gradient (see Cut).
void record_cut(const char* op, CutReason reason, const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs);

// Notes that `t`'s values were read into NumPy (tensor.numpy(), np.asarray):
// what comes back from NumPy is a new constant, unconnected to `t`.
void note_left_for_numpy(const Tensor& t);

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
