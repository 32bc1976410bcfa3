// The gradient tape's reverse pass: runs the recorded nodes backward.
//
// What a tape records, and how ops record on it, is recording.h (below the
// ops). This file is above the ops: the reverse pass seeds and adds
// gradients with ops, and the backward functions it calls are written with
// ops too (see ops/*.cpp), so a gradient computed by an inner tape is itself
// recorded by any outer tape: that is how nested tapes give second derivatives.
//
// It also answers "why is this gradient None?" (explain.cpp), from what the
// recording noted, before a non-persistent tape frees its nodes.
#pragma once
#include <string>
#include <vector>

#include "tinytf/autodiff/recording.h"
#include "tinytf/core/tensor.h"

namespace tinytf::autodiff {

// What a gradient is asked for: a tensor, or a variable. A variable's
// gradient flows through every value of it the tape saw, so assigning to it
// between the forward pass and gradient() changes nothing (TensorFlow's rule).
struct Source {
  Tensor value;                       // the tensor, or the variable's current value
  const Variable* variable = nullptr;
};

// Why a source got no gradient.
struct NoGradient {
  enum Kind {
    IntegerSource,  // the source itself has an integer (or bool) dtype
    NotWatched,     // the tape was not watching the source
    StopGradient,   // every path to the target goes through tf.stop_gradient
    IntegerPath,    // every path to the target goes through an integer dtype
    NumPy,          // the source (or a value computed from it) went through NumPy
    NotConnected,   // the target was not computed from the source
    NoGradientOp,   // connected, but an op on the way has no gradient for it
  };
  Kind kind;
  std::string op;   // the op where the path stops (StopGradient, IntegerPath, NoGradientOp),
                    // or the op that made the value read into NumPy (empty: the source itself)
  uint64_t tensor = 0;  // the tensor that went to NumPy (NumPy)
};

class Tape : public Recording {
 public:
  using Recording::Recording;

  // d(sum of targets * output_grads)/d(sources). An undefined output_grads
  // entry means ones. Unconnected sources give undefined tensors; with
  // `why` given, it receives one entry per source (meaningful for the
  // undefined ones), computed only if some gradient is undefined.
  std::vector<Tensor> gradient(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                               const std::vector<Source>& sources, std::vector<NoGradient>* why = nullptr);

  // One backward pass per entry of `seeds` (each the output gradient of
  // `target`), for tape.jacobian: row r holds d(sum(target * seeds[r]))/d(sources).
  // Counts as one use of a non-persistent tape.
  std::vector<std::vector<Tensor>> jacobian_rows(const Tensor& target, const std::vector<Tensor>& seeds,
                                                 const std::vector<Source>& sources);

  void reset() {  // forgets everything recorded; the tape can answer again
    Recording::reset();
    used_ = false;
  }

 private:
  void check_usable();
  void release_if_done();
  // The watched tensor ids whose gradients make up a source's (none: not watched).
  std::vector<uint64_t> ids_of(const Source& source) const;
  std::vector<Tensor> backward(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                               const std::vector<Source>& sources);
  NoGradient explain_none(const std::vector<Tensor>& targets, const Source& source) const;  // explain.cpp

  bool used_ = false;  // a non-persistent tape answers once
};

}  // namespace tinytf::autodiff
