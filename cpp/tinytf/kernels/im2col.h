// im2col and col2im: the data movement that turns convolution into a GEMM.
//
// im2col copies, for every output position, the input window it sees into a
// row: x [N, H, W, C] -> cols [N, OH, OW, KH, KW, C]. A convolution is then
// one matrix product of those rows with the filters [KH*KW*C, CO]. Window
// positions that fall in the padding get `pad_value` (0 for convolution and
// average pooling, -inf for max pooling).
// col2im is its adjoint (used by the gradient): it adds each row back into
// the input positions it came from.
#pragma once
#include <cstdint>
#include <cstring>

#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

struct ConvGeometry {
  int64_t n, h, w, c;           // input
  int64_t kh, kw;               // window
  int64_t sh, sw;               // strides
  int64_t dh, dw;               // dilations
  int64_t pad_top, pad_left;    // padding before the first row/column
  int64_t oh, ow;               // output
};

template <class T>
void im2col(const T* x, const ConvGeometry& g, T pad_value, T* cols) {
  const int64_t row = g.kh * g.kw * g.c;  // elements per output position
  parallel_for(g.n * g.oh, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(g.ow * row, 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t t = begin; t < end; ++t) {
                   const int64_t b = t / g.oh, oy = t % g.oh;
                   for (int64_t ox = 0; ox < g.ow; ++ox) {
                     T* dst = cols + (t * g.ow + ox) * row;
                     for (int64_t ky = 0; ky < g.kh; ++ky) {
                       const int64_t iy = oy * g.sh - g.pad_top + ky * g.dh;
                       for (int64_t kx = 0; kx < g.kw; ++kx, dst += g.c) {
                         const int64_t ix = ox * g.sw - g.pad_left + kx * g.dw;
                         if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) {
                           for (int64_t ch = 0; ch < g.c; ++ch) dst[ch] = pad_value;
                         } else {
                           std::memcpy(dst, x + ((b * g.h + iy) * g.w + ix) * g.c, size_t(g.c) * sizeof(T));
                         }
                       }
                     }
                   }
                 }
               });
}

// dx (zero-filled by the caller) += the rows of cols at their input positions.
// One image per thread: windows of different images never overlap, so the
// result does not depend on the thread count.
template <class T>
void col2im(const T* cols, const ConvGeometry& g, T* dx) {
  const int64_t row = g.kh * g.kw * g.c;
  parallel_for(g.n, 1, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b)
      for (int64_t oy = 0; oy < g.oh; ++oy)
        for (int64_t ox = 0; ox < g.ow; ++ox) {
          const T* src = cols + ((b * g.oh + oy) * g.ow + ox) * row;
          for (int64_t ky = 0; ky < g.kh; ++ky) {
            const int64_t iy = oy * g.sh - g.pad_top + ky * g.dh;
            for (int64_t kx = 0; kx < g.kw; ++kx, src += g.c) {
              const int64_t ix = ox * g.sw - g.pad_left + kx * g.dw;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
              T* dst = dx + ((b * g.h + iy) * g.w + ix) * g.c;
              for (int64_t ch = 0; ch < g.c; ++ch) dst[ch] += src[ch];
            }
          }
        }
  });
}

}  // namespace tinytf::kernels
