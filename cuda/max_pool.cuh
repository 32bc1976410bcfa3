// Max pooling on the GPU (the twins of cpp/tinytf/kernels/max_pool.h; both
// call the per-element rules of cpp/tinytf/kernels/max_pool_window.h, so they
// pick the same maxima and add gradients in the same order: equal bits).
//
// Napkin math. The forward pass reads each input element about
// kh * kw / (sh * sw) times (once for 2x2 windows with stride 2) and writes
// one value and one int32 position per output: for MNIST's first pooling
// (batch 128, 26x26x32 -> 13x13x32) 11 MB read, 6 MB written, a few us on an
// H100. The gradient reads grad and the positions once per window that holds
// an input element and writes the input's size.
//
// One thread per output element (forward, gather) or per input element
// (gradient: it gathers from the windows that contain it, as col2im does, so
// there are no atomics), in grid-stride loops numbered along channels, the
// fastest-moving axis: neighbouring threads touch neighbouring addresses.
#pragma once
#include "common.cuh"
#include "tinytf/kernels/max_pool_window.h"

namespace tinytf::cuda {

using kernels::ConvGeometry;

template <class T>
__global__ void max_pool_kernel(const T* x, ConvGeometry g, T* y, int32_t* where, int64_t total) {
  for (int64_t o = global_thread(); o < total; o += grid_threads()) {
    // o = ((b * oh + oy) * ow + ox) * c + ch
    const int64_t ch = o % g.c, t = o / g.c;
    const int64_t ox = t % g.ow, oy = (t / g.ow) % g.oh, b = t / (g.ow * g.oh);
    int32_t at;
    y[o] = kernels::max_pool_element(x, g, b, oy, ox, ch, at);
    if (where) where[o] = at;
  }
}

template <class T>
__global__ void max_pool_grad_kernel(const T* grad, const int32_t* where, ConvGeometry g, T* dx, int64_t total) {
  for (int64_t e = global_thread(); e < total; e += grid_threads()) {
    // e = ((b * h + iy) * w + ix) * c + ch
    const int64_t ch = e % g.c, t = e / g.c;
    const int64_t ix = t % g.w, iy = (t / g.w) % g.h, b = t / (g.w * g.h);
    dx[e] = kernels::max_pool_grad_element(grad, where, g, b, iy, ix, ch);
  }
}

template <class T>
__global__ void max_pool_gather_kernel(const T* x, const int32_t* where, ConvGeometry g, T* out, int64_t total) {
  for (int64_t o = global_thread(); o < total; o += grid_threads()) out[o] = kernels::max_pool_gather_element(x, where, g, o);
}

template <class T>
void max_pool(const T* x, const ConvGeometry& g, T* y, int32_t* where, void* stream) {
  const int64_t total = g.n * g.oh * g.ow * g.c;
  if (total == 0) return;
  TINYTF_LAUNCH(grid_for(total), kThreads, stream, max_pool_kernel<T>)(x, g, y, where, total);
  check_launch("max_pool");
}

template <class T>
void max_pool_grad(const T* grad, const int32_t* where, const ConvGeometry& g, T* dx, void* stream) {
  const int64_t total = g.n * g.h * g.w * g.c;
  if (total == 0) return;
  TINYTF_LAUNCH(grid_for(total), kThreads, stream, max_pool_grad_kernel<T>)(grad, where, g, dx, total);
  check_launch("max_pool_grad");
}

template <class T>
void max_pool_gather(const T* x, const int32_t* where, const ConvGeometry& g, T* out, void* stream) {
  const int64_t total = g.n * g.oh * g.ow * g.c;
  if (total == 0) return;
  TINYTF_LAUNCH(grid_for(total), kThreads, stream, max_pool_gather_kernel<T>)(x, where, g, out, total);
  check_launch("max_pool_gather");
}

}  // namespace tinytf::cuda
