// Helpers for writing an op's gradient next to its forward code.
//
//   Tensor exp(const Tensor& x) {
//     Tensor y = ...forward...;
//     record_unary("Exp", x, y, {y}, [y](const Tensor& g) { return multiply(g, y); });
//     return y;
//   }
//
// The lambda receives the gradient of the output and returns the gradient of
// the input, computed with ops (so outer tapes record it: higher-order
// gradients). Recording costs one thread-local check when no tape is active.
//
// This is the only op file that talks to autodiff, and only to its recording
// interface (autodiff/recording.h, which depends on core alone): the reverse
// pass (autodiff/tape.h) is a floor above the ops.
#pragma once
#include <initializer_list>
#include <iterator>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "tinytf/autodiff/recording.h"
#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// Sums `grad` over the axes that broadcasting expanded, so it gets `shape`:
// the one place where every binary op undoes broadcasting.
Tensor sum_to_shape(const Tensor& grad, const Shape& shape);

// True while some tape on this thread records.
inline bool tape_is_recording() { return autodiff::any_recording(); }

// While alive, nothing is recorded: for intermediate constants an op computes
// with other ops (avg_pool2d's window counts, tile's raw copy).
using PauseRecording = autodiff::PauseRecording;

// A list of tensors given as a braced list {a, b} or a std::vector, copied
// only when a tape records. It only ever is a parameter of the recording
// helpers below, so it never outlives the list it points into: a braced
// list's array lives until the end of the call's full-expression.
class TensorList {
 public:
  TensorList(std::initializer_list<Tensor> list) : begin_(std::data(list)), end_(std::data(list) + list.size()) {}
  TensorList(const std::vector<Tensor>& v) : begin_(v.data()), end_(v.data() + v.size()) {}
  std::vector<Tensor> vector() const { return std::vector<Tensor>(begin_, end_); }
  bool empty() const { return begin_ == end_; }
  const Tensor& front() const { return *begin_; }

 private:
  const Tensor* begin_;
  const Tensor* end_;
};

// An op that makes `outputs` from `inputs` but carries no gradient notes it
// on the tapes that follow an input, so that a None gradient can be
// explained ("the path goes through tf.stop_gradient", "... through an
// integer dtype"). The recording helpers below do it for integer dtypes.
using NoGradientReason = autodiff::CutReason;
inline void record_no_gradient(const char* op, NoGradientReason reason, TensorList inputs, TensorList outputs) {
  if (autodiff::any_recording()) autodiff::record_cut(op, reason, inputs.vector(), outputs.vector());
}

// `saved` lists the tensors the lambda captures, so tape.explain() can say
// how much memory the recorded op keeps alive.
template <class F>
void record_unary(const char* op, const Tensor& x, const Tensor& y, TensorList saved, F grad) {
  if (!autodiff::any_recording()) return;
  if (!is_floating(x.dtype())) return autodiff::record_cut(op, autodiff::CutReason::Integer, {x}, {y});
  autodiff::record(
      op, {x}, {y},
      [grad](const std::vector<Tensor>& g, const std::vector<bool>&) { return std::vector<Tensor>{grad(g[0])}; },
      saved.vector());
}

// grad(g) returns {da, db} at the broadcast shape; sum_to_shape is applied here
// to the gradients the tape wants. An op whose gradients are costly (matmul)
// takes grad(g, want_a, want_b) instead and leaves the unwanted one undefined.
template <class F>
void record_binary(const char* op, const Tensor& a, const Tensor& b, const Tensor& y, TensorList saved, F grad) {
  if (!autodiff::any_recording()) return;
  if (!is_floating(a.dtype())) return autodiff::record_cut(op, autodiff::CutReason::Integer, {a, b}, {y});
  const Shape sa = a.shape(), sb = b.shape();
  autodiff::record(
      op, {a, b}, {y},
      [grad, sa, sb](const std::vector<Tensor>& g, const std::vector<bool>& wanted) {
        Tensor da, db;
        if constexpr (std::is_invocable_v<F, const Tensor&, bool, bool>)
          std::tie(da, db) = grad(g[0], wanted[0], wanted[1]);
        else
          std::tie(da, db) = grad(g[0]);
        return std::vector<Tensor>{wanted[0] ? sum_to_shape(da, sa) : Tensor(),
                                   wanted[1] ? sum_to_shape(db, sb) : Tensor()};
      },
      saved.vector());
}

// Any number of inputs and outputs. grad(g) receives one gradient per output
// (zeros where none flows) and returns one per input, as a std::vector; an
// undefined tensor means that input gets none (indices, conditions).
// Recorded only when the (first) output is floating-point.
template <class F>
void record_op(const char* op, TensorList inputs, TensorList outputs, TensorList saved, F grad) {
  if (!autodiff::any_recording() || outputs.empty()) return;
  if (!is_floating(outputs.front().dtype()))
    return autodiff::record_cut(op, autodiff::CutReason::Integer, inputs.vector(), outputs.vector());
  autodiff::record(
      op, inputs.vector(), outputs.vector(),
      [grad = std::move(grad)](const std::vector<Tensor>& g, const std::vector<bool>&) { return grad(g); },
      saved.vector());
}

}  // namespace tinytf::ops
