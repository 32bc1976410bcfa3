// Max pooling's rules, written once for both devices. The CUDA kernels
// (cuda/max_pool.cuh) call the per-element functions below; the CPU loops
// (kernels/max_pool.h) walk the same windows in the same order with the
// channels innermost (one window position's index math for all channels, as
// kernels/im2col.h does), and take the same scan step, so both pick the same
// maxima and add gradients in the same order: equal bits.
//
// TensorFlow's rules (checked against TF 2.21, tests/test_conv.py): a window's
// scan goes row by row (ky, then kx) over the positions inside the input,
// starting from the lowest finite value, and takes a value only when it is
// larger. So the first of equal maxima wins, NaN is never the maximum, and a
// window of -inf gives the lowest finite value. The gradient goes to the
// position the forward pass picked (`where`: iy * W + ix in its image, an
// int32: ops/conv.cpp refuses images of 2^31 pixels or more).
#pragma once
#include <cstdint>
#include <limits>

#include "tinytf/kernels/window.h"

namespace tinytf::kernels {

// Where a window's scan starts: no position yet, the lowest finite value.
template <class T>
TINYTF_HD T max_pool_start() {
  return std::numeric_limits<T>::lowest();
}
constexpr int32_t kNoPosition = -1;

// One step of the scan: the value v at position `at` (iy * W + ix).
template <class T>
TINYTF_HD void max_pool_step(T v, int32_t at, T& best, int32_t& where) {
  // Selects only, no branch (the data would decide it): the CPU loops' compiler vectorizes them.
  const bool larger = v > best;  // false for NaN
  const int32_t moved = larger ? at : where;
  where = where == kNoPosition ? at : moved;
  best = larger ? v : best;
}

// The maximum of the window of output (b, oy, ox, ch) of x [N, H, W, C], and where it is.
template <class T>
TINYTF_HD T max_pool_element(const T* x, const ConvGeometry& g, int64_t b, int64_t oy, int64_t ox, int64_t ch,
                             int32_t& where) {
  T best = max_pool_start<T>();
  where = kNoPosition;
  for (int64_t ky = 0; ky < g.kh; ++ky)
    for (int64_t kx = 0; kx < g.kw; ++kx) {
      int64_t iy, ix;
      if (window_input(g, oy, ox, ky, kx, iy, ix))
        max_pool_step(x[((b * g.h + iy) * g.w + ix) * g.c + ch], int32_t(iy * g.w + ix), best, where);
    }
  return best;
}

// The gradient reaching input (b, iy, ix, ch): the sum of grad [N, OH, OW, C]
// over the windows whose maximum it was, in window order.
template <class T>
TINYTF_HD T max_pool_grad_element(const T* grad, const int32_t* where, const ConvGeometry& g, int64_t b, int64_t iy,
                                  int64_t ix, int64_t ch) {
  T sum = T(0);
  for (int64_t ky = 0; ky < g.kh; ++ky)
    for (int64_t kx = 0; kx < g.kw; ++kx) {
      int64_t oy, ox;
      if (!window_output(g, iy, ix, ky, kx, oy, ox)) continue;
      const int64_t o = ((b * g.oh + oy) * g.ow + ox) * g.c + ch;
      if (where[o] == iy * g.w + ix) sum += grad[o];
    }
  return sum;
}

// Output element o = ((b * OH + oy) * OW + ox) * C + ch of the gather that undoes max_pool_grad:
// x [N, H, W, C] read where the maxima were.
template <class T>
TINYTF_HD T max_pool_gather_element(const T* x, const int32_t* where, const ConvGeometry& g, int64_t o) {
  const int64_t ch = o % g.c, b = o / (g.c * g.ow * g.oh);
  return x[(b * g.h * g.w + where[o]) * g.c + ch];
}

}  // namespace tinytf::kernels
