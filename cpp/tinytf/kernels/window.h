// The geometry of a sliding window (convolution, pooling) and its index math,
// written once for both devices: kernels/im2col.h (CPU) and cuda/im2col.cuh
// (GPU) walk the data differently but map indices with these functions.
#pragma once
#include <cstdint>

#include "tinytf/kernels/functors.h"  // TINYTF_HD

namespace tinytf::kernels {

struct ConvGeometry {
  int64_t n, h, w, c;           // input
  int64_t kh, kw;               // window
  int64_t sh, sw;               // strides
  int64_t dh, dw;               // dilations
  int64_t pad_top, pad_left;    // padding before the first row/column
  int64_t oh, ow;               // output
};

// The input position (iy, ix) that window element (ky, kx) of output position
// (oy, ox) reads; false when it falls in the padding.
TINYTF_HD bool window_input(const ConvGeometry& g, int64_t oy, int64_t ox, int64_t ky, int64_t kx, int64_t& iy,
                            int64_t& ix) {
  iy = oy * g.sh - g.pad_top + ky * g.dh;
  ix = ox * g.sw - g.pad_left + kx * g.dw;
  return iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
}

// The inverse along one axis: the output index whose window element k reads
// input index i, or -1 when none does.
TINYTF_HD int64_t window_output_index(int64_t i, int64_t k, int64_t pad, int64_t dilation, int64_t stride,
                                      int64_t outputs) {
  int64_t o = i + pad - k * dilation;  // o * stride, so far
  if (o < 0) return -1;
  if (stride != 1) {  // (stride 1, the common case, needs no division)
    if (o % stride != 0) return -1;
    o /= stride;
  }
  return o < outputs ? o : -1;
}

// The output position (oy, ox) whose window element (ky, kx) reads input
// (iy, ix); false when no output position does.
TINYTF_HD bool window_output(const ConvGeometry& g, int64_t iy, int64_t ix, int64_t ky, int64_t kx, int64_t& oy,
                             int64_t& ox) {
  oy = window_output_index(iy, ky, g.pad_top, g.dh, g.sh, g.oh);
  ox = window_output_index(ix, kx, g.pad_left, g.dw, g.sw, g.ow);
  return oy >= 0 && ox >= 0;
}

}  // namespace tinytf::kernels
