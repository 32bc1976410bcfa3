// The gradient tape's reverse pass: runs the recorded nodes backward.
//
// What a tape records, and how ops record on it, is recording.h (below the
// ops). This file is above the ops: the reverse pass seeds and adds
// gradients with ops, and the backward functions it calls are written with
// ops too (see ops/*.cpp), so a gradient computed by an inner tape is itself
// recorded by any outer tape: that is how nested tapes give second derivatives.
#pragma once
#include <vector>

#include "tinytf/autodiff/recording.h"
#include "tinytf/core/tensor.h"

namespace tinytf::autodiff {

class Tape : public Recording {
 public:
  using Recording::Recording;

  // d(sum of targets * output_grads)/d(sources). An undefined output_grads
  // entry means ones. Unconnected sources give undefined tensors.
  std::vector<Tensor> gradient(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                               const std::vector<Tensor>& sources);

  // One backward pass per entry of `seeds` (each the output gradient of
  // `target`), for tape.jacobian: row r holds d(sum(target * seeds[r]))/d(sources).
  // Counts as one use of a non-persistent tape.
  std::vector<std::vector<Tensor>> jacobian_rows(const Tensor& target, const std::vector<Tensor>& seeds,
                                                 const std::vector<Tensor>& sources);

  void reset() {  // forgets everything recorded; the tape can answer again
    Recording::reset();
    used_ = false;
  }

 private:
  void check_usable();
  void release_if_done();
  std::vector<Tensor> backward(const std::vector<Tensor>& targets, const std::vector<Tensor>& output_grads,
                               const std::vector<Tensor>& sources);

  bool used_ = false;  // a non-persistent tape answers once
};

}  // namespace tinytf::autodiff
