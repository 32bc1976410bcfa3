// Elementwise kernels: out = f(in), f(a, b) or cond ? x : y, with f a functor
// from cpp/tinytf/kernels/functors.h (the same code the CPU runs).
//
// Napkin math. An elementwise op computes almost nothing and moves
// (inputs + output) bytes: float32 a + b over 1e8 elements moves 1.2 GB, and
// an H100's HBM3 gives ~3.3 TB/s, so the floor is ~0.36 ms. The job of these
// kernels is to keep enough loads in flight to reach that bandwidth:
//
// Version 1, strided (any layout, broadcasting included): one thread per
//   element in a grid-stride loop; each element's offsets come from its
//   row-major index by division over the (merged) dimensions. Correct for every
//   layout; the divisions and scattered accesses cost it on deep layouts.
// Version 2, contiguous (every operand contiguous or a broadcast scalar, and
//   16-byte aligned): each thread loads a 16-byte Pack (4 floats, 2 doubles)
//   per operand and writes one, so a warp moves 512 bytes per instruction:
//   a quarter of the load instructions of version 1 and fully coalesced.
//   The last n % V elements are done one by one.
// The launcher picks version 2 when it applies, version 1 otherwise.
#pragma once
#include "common.cuh"

namespace tinytf::cuda {

// ---- version 1: any strided layout -------------------------------------------------------
template <class Out, class In, class F>
__global__ void map_unary_strided(Layout<2> layout, Out* out, const In* in, F f) {
  for (int64_t i = global_thread(); i < layout.numel; i += grid_threads()) {
    int64_t off[2];
    layout.offsets(i, off);
    out[off[0]] = f(in[off[1]]);
  }
}

template <class Out, class A, class B, class F>
__global__ void map_binary_strided(Layout<3> layout, Out* out, const A* a, const B* b, F f) {
  for (int64_t i = global_thread(); i < layout.numel; i += grid_threads()) {
    int64_t off[3];
    layout.offsets(i, off);
    out[off[0]] = f(a[off[1]], b[off[2]]);
  }
}

template <class T>
__global__ void where_strided(Layout<4> layout, T* out, const bool* cond, const T* x, const T* y) {
  for (int64_t i = global_thread(); i < layout.numel; i += grid_threads()) {
    int64_t off[4];
    layout.offsets(i, off);
    out[off[0]] = cond[off[1]] ? x[off[2]] : y[off[3]];
  }
}

// ---- version 2: contiguous, 16-byte packs ----------------------------------------------------
template <int V, class Out, class In, class F>
__global__ void map_unary_contiguous(int64_t n, Out* out, const In* in, F f) {
  const int64_t packs = n / V;
  for (int64_t p = global_thread(); p < packs; p += grid_threads()) {
    const Pack<In, V> x = reinterpret_cast<const Pack<In, V>*>(in)[p];
    Pack<Out, V> y;
    for (int k = 0; k < V; ++k) y.v[k] = f(x.v[k]);
    reinterpret_cast<Pack<Out, V>*>(out)[p] = y;
  }
  for (int64_t i = packs * V + global_thread(); i < n; i += grid_threads()) out[i] = f(in[i]);
}

// a_scalar / b_scalar: that operand is one element broadcast to all n.
template <int V, class Out, class A, class B, class F>
__global__ void map_binary_contiguous(int64_t n, Out* out, const A* a, bool a_scalar, const B* b, bool b_scalar, F f) {
  const int64_t packs = n / V;
  for (int64_t p = global_thread(); p < packs; p += grid_threads()) {
    Pack<A, V> x;
    Pack<B, V> y;
    if (a_scalar) {
      for (int k = 0; k < V; ++k) x.v[k] = a[0];
    } else {
      x = reinterpret_cast<const Pack<A, V>*>(a)[p];
    }
    if (b_scalar) {
      for (int k = 0; k < V; ++k) y.v[k] = b[0];
    } else {
      y = reinterpret_cast<const Pack<B, V>*>(b)[p];
    }
    Pack<Out, V> z;
    for (int k = 0; k < V; ++k) z.v[k] = f(x.v[k], y.v[k]);
    reinterpret_cast<Pack<Out, V>*>(out)[p] = z;
  }
  for (int64_t i = packs * V + global_thread(); i < n; i += grid_threads())
    out[i] = f(a[a_scalar ? 0 : i], b[b_scalar ? 0 : i]);
}

template <int V, class T>
__global__ void fill_contiguous(int64_t n, T* out, T value) {
  const int64_t packs = n / V;
  Pack<T, V> v;
  for (int k = 0; k < V; ++k) v.v[k] = value;
  for (int64_t p = global_thread(); p < packs; p += grid_threads()) reinterpret_cast<Pack<T, V>*>(out)[p] = v;
  for (int64_t i = packs * V + global_thread(); i < n; i += grid_threads()) out[i] = value;
}

// ---- launchers ------------------------------------------------------------------------------
template <int V, class T>
bool aligned_for_pack(const T* p) {
  return reinterpret_cast<uintptr_t>(p) % sizeof(Pack<T, V>) == 0;
}

template <class Out, class In, class F>
void map_unary(const Layout<2>& layout, Out* out, const In* in, F f, void* stream) {
  if (layout.numel == 0) return;
  constexpr int V = pack_width<Out, In>();
  if (layout.contiguous(0) && layout.contiguous(1) && aligned_for_pack<V>(out) && aligned_for_pack<V>(in)) {
    TINYTF_LAUNCH(grid_for(layout.numel / V + 1), kThreads, stream, map_unary_contiguous<V, Out, In, F>)
    (layout.numel, out, in, f);
  } else {
    TINYTF_LAUNCH(grid_for(layout.numel), kThreads, stream, map_unary_strided<Out, In, F>)(layout, out, in, f);
  }
  check_launch("map_unary");
}

template <class Out, class A, class B, class F>
void map_binary(const Layout<3>& layout, Out* out, const A* a, const B* b, F f, void* stream) {
  if (layout.numel == 0) return;
  constexpr int V = pack_width<Out, A, B>();
  const bool a_scalar = layout.scalar(1), b_scalar = layout.scalar(2);
  const bool a_ok = a_scalar || (layout.contiguous(1) && aligned_for_pack<V>(a));
  const bool b_ok = b_scalar || (layout.contiguous(2) && aligned_for_pack<V>(b));
  if (layout.contiguous(0) && aligned_for_pack<V>(out) && a_ok && b_ok) {
    TINYTF_LAUNCH(grid_for(layout.numel / V + 1), kThreads, stream, map_binary_contiguous<V, Out, A, B, F>)
    (layout.numel, out, a, a_scalar, b, b_scalar, f);
  } else {
    TINYTF_LAUNCH(grid_for(layout.numel), kThreads, stream, map_binary_strided<Out, A, B, F>)(layout, out, a, b, f);
  }
  check_launch("map_binary");
}

template <class T>
void where(const Layout<4>& layout, T* out, const bool* cond, const T* x, const T* y, void* stream) {
  if (layout.numel == 0) return;
  TINYTF_LAUNCH(grid_for(layout.numel), kThreads, stream, where_strided<T>)(layout, out, cond, x, y);
  check_launch("where");
}

template <class T>
void fill(T* out, int64_t n, T value, void* stream) {
  if (n == 0) return;
  constexpr int V = pack_width<T>();
  if (aligned_for_pack<V>(out)) {
    TINYTF_LAUNCH(grid_for(n / V + 1), kThreads, stream, fill_contiguous<V, T>)(n, out, value);
  } else {
    TINYTF_LAUNCH(grid_for(n), kThreads, stream, fill_contiguous<1, T>)(n, out, value);
  }
  check_launch("fill");
}

}  // namespace tinytf::cuda
