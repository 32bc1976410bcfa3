// im2col and col2im, the data movement of convolution and pooling (the CUDA
// twins of cpp/tinytf/kernels/im2col.h; the index math of both is
// cpp/tinytf/kernels/window.h).
//
// Napkin math. im2col writes n * oh * ow * kh * kw * c elements and reads each
// input element about kh * kw / (sh * sw) times (the reads hit L2 after the
// first): a conv layer of MNIST size (batch 128, 28x28x32, 3x3 window) writes
// 115 MB of float32, ~35 us of an H100's ~3.3 TB/s. col2im reads the same
// amount and writes the input's size.
//
// One version each, one thread per output element in a grid-stride loop:
// im2col numbers threads along cols, so neighbouring threads write
// neighbouring elements (coalesced) and read neighbouring channels;
// col2im numbers them along dx and gathers: each thread adds the window
// elements that read its input element, in the CPU's order (ky, kx), so
// there are no atomics and the result equals the CPU's bit for bit. The
// divisions that split a flat index cost a few instructions per element,
// cheap next to the memory traffic.
#pragma once
#include "common.cuh"
#include "tinytf/kernels/window.h"

namespace tinytf::cuda {

using kernels::ConvGeometry;

template <class T>
__global__ void im2col_kernel(const T* x, ConvGeometry g, T pad_value, T* cols, int64_t total) {
  for (int64_t e = global_thread(); e < total; e += grid_threads()) {
    // e = ((((b * oh + oy) * ow + ox) * kh + ky) * kw + kx) * c + ch
    int64_t rest = e;
    const int64_t ch = rest % g.c;
    rest /= g.c;
    const int64_t kx = rest % g.kw;
    rest /= g.kw;
    const int64_t ky = rest % g.kh;
    rest /= g.kh;
    const int64_t ox = rest % g.ow;
    rest /= g.ow;
    const int64_t oy = rest % g.oh, b = rest / g.oh;
    int64_t iy, ix;
    cols[e] = kernels::window_input(g, oy, ox, ky, kx, iy, ix) ? x[((b * g.h + iy) * g.w + ix) * g.c + ch] : pad_value;
  }
}

template <class T>
__global__ void col2im_kernel(const T* cols, ConvGeometry g, T* dx, int64_t total) {
  const int64_t row = g.kh * g.kw * g.c;
  for (int64_t e = global_thread(); e < total; e += grid_threads()) {
    // e = ((b * h + iy) * w + ix) * c + ch
    const int64_t ch = e % g.c, t = e / g.c;
    const int64_t ix = t % g.w, iy = (t / g.w) % g.h, b = t / (g.w * g.h);
    T sum = T(0);
    for (int64_t ky = 0; ky < g.kh; ++ky)
      for (int64_t kx = 0; kx < g.kw; ++kx) {
        int64_t oy, ox;
        if (kernels::window_output(g, iy, ix, ky, kx, oy, ox))
          sum += cols[((b * g.oh + oy) * g.ow + ox) * row + (ky * g.kw + kx) * g.c + ch];
      }
    dx[e] = sum;
  }
}

template <class T>
void im2col(const T* x, const ConvGeometry& g, T pad_value, T* cols, void* stream) {
  const int64_t total = g.n * g.oh * g.ow * g.kh * g.kw * g.c;
  if (total == 0) return;
  TINYTF_LAUNCH(grid_for(total), kThreads, stream, im2col_kernel<T>)(x, g, pad_value, cols, total);
  check_launch("im2col");
}

template <class T>
void col2im(const T* cols, const ConvGeometry& g, T* dx, void* stream) {
  const int64_t total = g.n * g.h * g.w * g.c;
  if (total == 0) return;
  TINYTF_LAUNCH(grid_for(total), kThreads, stream, col2im_kernel<T>)(cols, g, dx, total);
  check_launch("col2im");
}

}  // namespace tinytf::cuda
