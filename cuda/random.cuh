// Random tensors from Philox4x32-10 (cpp/tinytf/kernels/philox.h, shared
// with the CPU): element i depends only on (seed, stream_id, i), so the GPU
// produces the CPU's numbers whatever the grid.
//
// This is cpp/tinytf/kernels/random.h's loop body, one Philox call per thread
// per iteration of a grid-stride loop: call c yields 128 bits, i.e. 4
// float32/int32 or 2 float64/int64 values, elements 4c .. 4c+3 (or 2c, 2c+1).
// The arithmetic that follows is rounded step by step (mul_rn / add_rn, never
// a fused multiply-add) so uniform values are bit-identical to the CPU's.
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

template <class T>
__global__ void random_fill_kernel(T* out, int64_t n, kernels::Distribution dist, T a, T b, uint64_t seed,
                                   uint64_t stream_id) {
  constexpr int64_t kPerCall = sizeof(T) == 4 ? 4 : 2;
  const int64_t calls = (n + kPerCall - 1) / kPerCall;
  for (int64_t c = global_thread(); c < calls; c += grid_threads()) {
    const fn::Uint4 bits = fn::philox4x32_10(
        fn::Uint4{{uint32_t(c), uint32_t(uint64_t(c) >> 32), uint32_t(stream_id), uint32_t(stream_id >> 32)}},
        uint32_t(seed), uint32_t(seed >> 32));
    T values[kPerCall];
    if constexpr (std::is_floating_point_v<T>) {
      T u[kPerCall];
      for (int k = 0; k < kPerCall; ++k) {
        if constexpr (sizeof(T) == 4) u[k] = fn::uniform_float(bits.v[k]);
        else u[k] = T(fn::uniform_double(bits.v[2 * k], bits.v[2 * k + 1]));
      }
      for (int k = 0; k < kPerCall; k += 2) {
        if (dist == kernels::Distribution::Normal) {
          T z0, z1;
          box_muller(u[k], u[k + 1], z0, z1);
          values[k] = add_rn(a, mul_rn(b, z0));
          values[k + 1] = add_rn(a, mul_rn(b, z1));
        } else {
          values[k] = add_rn(a, mul_rn(T(b - a), u[k]));
          values[k + 1] = add_rn(a, mul_rn(T(b - a), u[k + 1]));
          for (int j = k; j < k + 2; ++j)  // keep [a, b) half-open, as the CPU does
            if (values[j] >= b) values[j] = a;
        }
      }
    } else {
      const uint64_t range = uint64_t(b) - uint64_t(a);
      for (int k = 0; k < kPerCall; ++k) {
        const uint64_t r = sizeof(T) == 4 ? bits.v[k] : ((uint64_t(bits.v[2 * k]) << 32) | bits.v[2 * k + 1]);
        values[k] = T(uint64_t(a) + r % range);
      }
    }
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
