// im2col and col2im: the data movement that turns convolution into a GEMM.
//
// im2col copies, for every output position, the input window it sees into a
// row: x [N, H, W, C] -> cols [N, OH, OW, KH, KW, C]. A convolution is then
// one matrix product of those rows with the filters [KH*KW*C, CO]. Window
// positions that fall in the padding get `pad_value` (0 for convolution and
// average pooling, -inf for max pooling).
// col2im is its adjoint (used by the gradient): each input element is the sum
// of the window elements that read it. It gathers (every output element is
// written by one thread, adding in a fixed order) rather than scattering, so
// results do not depend on the thread count and equal the CUDA twin's
// (cuda/im2col.cuh) bit for bit. The index math of both is kernels/window.h.
#pragma once
#include <cstdint>
#include <cstring>

#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/window.h"

namespace tinytf::kernels {

template <class T>
void im2col(const T* x, const ConvGeometry& g, T pad_value, T* cols) {
  const int64_t row = g.kh * g.kw * g.c;  // elements per output position
  parallel_for(g.n * g.oh, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(g.ow * row, 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t t = begin; t < end; ++t) {  // t = b * oh + oy
                   const int64_t b = t / g.oh, oy = t % g.oh;
                   T* dst = cols + t * g.ow * row;
                   for (int64_t ox = 0; ox < g.ow; ++ox)
                     for (int64_t ky = 0; ky < g.kh; ++ky)
                       for (int64_t kx = 0; kx < g.kw; ++kx, dst += g.c) {
                         int64_t iy, ix;
                         if (window_input(g, oy, ox, ky, kx, iy, ix))
                           std::memcpy(dst, x + ((b * g.h + iy) * g.w + ix) * g.c, size_t(g.c) * sizeof(T));
                         else
                           for (int64_t ch = 0; ch < g.c; ++ch) dst[ch] = pad_value;
                       }
                 }
               });
}

// dx[b, iy, ix, :] = the sum, over window elements (ky, kx) in order, of the
// rows of cols that read input (iy, ix).
template <class T>
void col2im(const T* cols, const ConvGeometry& g, T* dx) {
  const int64_t row = g.kh * g.kw * g.c;
  parallel_for(g.n * g.h, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(g.w * row, 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t t = begin; t < end; ++t) {  // t = b * h + iy
                   const int64_t b = t / g.h, iy = t % g.h;
                   for (int64_t ix = 0; ix < g.w; ++ix) {
                     T* dst = dx + (t * g.w + ix) * g.c;
                     for (int64_t ch = 0; ch < g.c; ++ch) dst[ch] = T(0);
                     for (int64_t ky = 0; ky < g.kh; ++ky)
                       for (int64_t kx = 0; kx < g.kw; ++kx) {
                         int64_t oy, ox;
                         if (!window_output(g, iy, ix, ky, kx, oy, ox)) continue;
                         const T* src = cols + ((b * g.oh + oy) * g.ow + ox) * row + (ky * g.kw + kx) * g.c;
                         for (int64_t ch = 0; ch < g.c; ++ch) dst[ch] += src[ch];
                       }
                   }
                 }
               });
}

}  // namespace tinytf::kernels
