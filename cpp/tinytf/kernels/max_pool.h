// Max pooling on the CPU (the per-element rules are kernels/max_pool_window.h,
// shared with cuda/max_pool.cuh).
//
// max_pool: x [N, H, W, C] -> y [N, OH, OW, C], and, when `where` is not null,
// the position of each maximum (a tape needs it for the gradient).
// max_pool_grad: grad [N, OH, OW, C] -> dx [N, H, W, C]. Each dx element
// gathers from the windows that contain it (like col2im), so no two threads
// write one element and the sums do not depend on the thread count.
// max_pool_gather: x [N, H, W, C] -> [N, OH, OW, C], x at `where` (the
// gradient of max_pool_grad).
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "tinytf/kernels/max_pool_window.h"
#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

// One window position for all channels of an output pixel, and one window's gradient for all channels of
// an input pixel. __restrict (the buffers never overlap) lets the compiler vectorize the channels.
template <class T>
void max_pool_channels(const T* __restrict src, int32_t at, T* __restrict best, int32_t* __restrict where, int64_t c) {
  for (int64_t ch = 0; ch < c; ++ch) max_pool_step(src[ch], at, best[ch], where[ch]);
}
template <class T>
void max_pool_grad_channels(const T* __restrict grad, const int32_t* __restrict where, int32_t at, T* __restrict dx,
                            int64_t c) {
  // Adding +0 where another input was the maximum keeps dx's bits (it starts at +0, so it is never -0).
  // grad[ch] is read first, whatever the test says: a read under a condition stops the vectorizer.
  for (int64_t ch = 0; ch < c; ++ch) {
    const T g = grad[ch];
    dx[ch] += where[ch] == at ? g : T(0);
  }
}

template <class T>
void max_pool(const T* x, const ConvGeometry& g, T* y, int32_t* where) {
  const int64_t row = g.ow * g.c;  // one output row
  parallel_for(g.n * g.oh, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(row * g.kh * g.kw, 1)),
               [&](int64_t begin, int64_t end) {
                 std::vector<int32_t> at(size_t(g.c));  // where, when the caller wants none
                 for (int64_t t = begin; t < end; ++t) {  // t = b * oh + oy
                   const int64_t b = t / g.oh, oy = t % g.oh;
                   for (int64_t ox = 0; ox < g.ow; ++ox) {
                     T* best = y + (t * g.ow + ox) * g.c;
                     int32_t* pos = where ? where + (t * g.ow + ox) * g.c : at.data();
                     for (int64_t ch = 0; ch < g.c; ++ch) best[ch] = max_pool_start<T>(), pos[ch] = kNoPosition;
                     for (int64_t ky = 0; ky < g.kh; ++ky)
                       for (int64_t kx = 0; kx < g.kw; ++kx) {
                         int64_t iy, ix;
                         if (!window_input(g, oy, ox, ky, kx, iy, ix)) continue;
                         max_pool_channels(x + ((b * g.h + iy) * g.w + ix) * g.c, int32_t(iy * g.w + ix), best, pos, g.c);
                       }
                   }
                 }
               });
}

// dx[b, iy, ix, ch] = the sum, over window elements (ky, kx) in order, of the gradients of the windows
// whose maximum was (iy, ix).
template <class T>
void max_pool_grad(const T* grad, const int32_t* where, const ConvGeometry& g, T* dx) {
  // The output row (column) whose window row ky (column kx) reads input row iy (column ix), or -1: looked
  // up below instead of computed per pixel (a stride costs divisions).
  std::vector<int64_t> out_row(size_t(g.h * g.kh)), out_col(size_t(g.w * g.kw));
  for (int64_t iy = 0; iy < g.h; ++iy)
    for (int64_t ky = 0; ky < g.kh; ++ky) out_row[iy * g.kh + ky] = window_output_index(iy, ky, g.pad_top, g.dh, g.sh, g.oh);
  for (int64_t ix = 0; ix < g.w; ++ix)
    for (int64_t kx = 0; kx < g.kw; ++kx) out_col[ix * g.kw + kx] = window_output_index(ix, kx, g.pad_left, g.dw, g.sw, g.ow);
  const int64_t row = g.w * g.c;  // one input row
  parallel_for(g.n * g.h, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(row * g.kh * g.kw, 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t t = begin; t < end; ++t) {  // t = b * h + iy
                   const int64_t b = t / g.h, iy = t % g.h;
                   for (int64_t ix = 0; ix < g.w; ++ix) {
                     T* dst = dx + (t * g.w + ix) * g.c;
                     const int32_t at = int32_t(iy * g.w + ix);
                     for (int64_t ch = 0; ch < g.c; ++ch) dst[ch] = T(0);
                     for (int64_t ky = 0; ky < g.kh; ++ky)
                       for (int64_t kx = 0; kx < g.kw; ++kx) {  // window order, as max_pool_grad_element
                         const int64_t oy = out_row[iy * g.kh + ky], ox = out_col[ix * g.kw + kx];
                         if (oy < 0 || ox < 0) continue;
                         const int64_t o = ((b * g.oh + oy) * g.ow + ox) * g.c;
                         max_pool_grad_channels(grad + o, where + o, at, dst, g.c);
                       }
                   }
                 }
               });
}

template <class T>
void max_pool_gather(const T* x, const int32_t* where, const ConvGeometry& g, T* out) {
  const int64_t total = g.n * g.oh * g.ow * g.c;
  parallel_for(total, kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t o = begin; o < end; ++o) out[o] = max_pool_gather_element(x, where, g, o);
  });
}

}  // namespace tinytf::kernels
