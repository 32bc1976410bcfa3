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
// gradients). Recording costs nothing when no tape is active.
#pragma once
#include <utility>

#include "tinytf/autodiff/tape.h"
#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// Sums `grad` over the axes that broadcasting expanded, so it gets `shape`:
// the one place where every binary op undoes broadcasting.
Tensor sum_to_shape(const Tensor& grad, const Shape& shape);

// `saved` lists the tensors the lambda captures, so tape.explain() can say
// how much memory the recorded op keeps alive.
template <class F>
void record_unary(const char* op, const Tensor& x, const Tensor& y, const std::vector<Tensor>& saved, F grad) {
  if (!autodiff::any_recording() || !is_floating(x.dtype())) return;
  autodiff::record(
      op, {x}, {y}, [grad](const std::vector<Tensor>& g) { return std::vector<Tensor>{grad(g[0])}; }, saved);
}

// grad(g) returns {da, db} at the broadcast shape; sum_to_shape is applied here.
template <class F>
void record_binary(const char* op, const Tensor& a, const Tensor& b, const Tensor& y, const std::vector<Tensor>& saved,
                   F grad) {
  if (!autodiff::any_recording() || !is_floating(a.dtype())) return;
  const Shape sa = a.shape(), sb = b.shape();
  autodiff::record(
      op, {a, b}, {y},
      [grad, sa, sb](const std::vector<Tensor>& g) {
        auto [da, db] = grad(g[0]);
        return std::vector<Tensor>{sum_to_shape(da, sa), sum_to_shape(db, sb)};
      },
      saved);
}

}  // namespace tinytf::ops
