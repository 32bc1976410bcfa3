// Random tensors from Philox4x32-10 (cpp/tinytf/kernels/philox.h, shared
// with the CPU): element i depends only on (seed, stream_id, i), so the GPU
// produces the CPU's numbers whatever the grid.
//
// The values come from kernels::philox_values (cpp/tinytf/kernels/philox.h),
// shared with the CPU: one Philox call per thread per iteration of a
// grid-stride loop. Its arithmetic is rounded step by step here (GpuArith:
// mul_rn / add_rn, never a fused multiply-add) so uniform values are
// bit-identical to the CPU's.
// Normal values go through log, sin and cos, which the GPU's math library
// rounds differently from glibc by an ulp or two.
//
// Napkin math. Philox-10 is ~10 rounds x (2 wide multiplies + a few xors)
// ~ 60 integer instructions per 16 bytes of output: an H100 does ~30 T
// integer ops/s, so ~8 TB/s of random bits, above the ~3.3 TB/s it can
// store. Bound by the stores, like a fill.
#pragma once
#include "common.cuh"
#include "tinytf/kernels/philox.h"

namespace tinytf::cuda {

// fn::box_muller, except for float64 on the GPU: CUDA's double cos/sin keep
// a 40-byte local array for reducing huge arguments (Payne-Hanek), which our
// build rejects (local memory is slow); sincospi(2 u2) = (sin, cos)(2 pi u2)
// needs no such reduction and is, if anything, more accurate.
template <class T>
__device__ __forceinline__ void box_muller(T u1, T u2, T& z0, T& z1) {
#if defined(__CUDA_ARCH__)
  if constexpr (std::is_same_v<T, double>) {
    const double radius = sqrt(-2.0 * log(1.0 - u1));
    double s, c;
    sincospi(2.0 * u2, &s, &c);
    z0 = radius * c;
    z1 = radius * s;
    return;
  }
#endif
  fn::box_muller(u1, u2, z0, z1);
}

// philox_values's arithmetic on the GPU: multiplies and adds rounded one by
// one (never fused), and box_muller above for the normal pairs.
struct GpuArith {
  template <class T> __device__ static T mul(T a, T b) { return mul_rn(a, b); }
  template <class T> __device__ static T add(T a, T b) { return add_rn(a, b); }
  template <class T> __device__ static void normal_pair(T u1, T u2, T& z0, T& z1) { box_muller(u1, u2, z0, z1); }
};

template <class T>
__global__ void random_fill_kernel(T* out, int64_t n, kernels::Distribution dist, T a, T b, uint64_t seed,
                                   uint64_t stream_id) {
  constexpr int64_t kPerCall = sizeof(T) == 4 ? 4 : 2;
  const int64_t calls = (n + kPerCall - 1) / kPerCall;
  for (int64_t c = global_thread(); c < calls; c += grid_threads()) {
    T values[kPerCall];
    kernels::philox_values<T, GpuArith>(uint64_t(c), dist, a, b, seed, stream_id, values);
    const int64_t first = c * kPerCall;
    for (int k = 0; k < kPerCall && first + k < n; ++k) out[first + k] = values[k];
  }
}

template <class T>
void random_fill(T* out, int64_t n, kernels::Distribution dist, T a, T b, uint64_t seed, uint64_t stream_id,
                 void* stream) {
  if (n == 0) return;
  constexpr int64_t kPerCall = sizeof(T) == 4 ? 4 : 2;
  TINYTF_LAUNCH(grid_for((n + kPerCall - 1) / kPerCall), kThreads, stream, random_fill_kernel<T>)
  (out, n, dist, a, b, seed, stream_id);
  check_launch("random_fill");
}

}  // namespace tinytf::cuda
