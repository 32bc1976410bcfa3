// Random tensors from Philox: element i depends only on (seed, stream, i).
//
// One Philox call gives 128 bits: 4 float32 or int32 values, or 2 float64 or
// int64 values. `seed` keys the generator; `stream` separates the successive
// random ops of one program (the Python layer counts them).
#pragma once
#include <cstdint>
#include <type_traits>

#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/philox.h"

namespace tinytf::kernels {

enum class Distribution { Uniform, Normal };

// Floats: uniform in [a, b) or normal with mean a and standard deviation b.
// Integers (uniform only): a + bits % (b - a), for b > a.
template <class T>
void random_fill(T* out, int64_t n, Distribution dist, T a, T b, uint64_t seed, uint64_t stream) {
  constexpr int64_t kPerCall = sizeof(T) == 4 ? 4 : 2;
  const int64_t calls = (n + kPerCall - 1) / kPerCall;
  parallel_for(calls, kParallelGrain / kPerCall, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      const fn::Uint4 bits = fn::philox4x32_10(
          fn::Uint4{{uint32_t(c), uint32_t(uint64_t(c) >> 32), uint32_t(stream), uint32_t(stream >> 32)}},
          uint32_t(seed), uint32_t(seed >> 32));
      T values[kPerCall];
      if constexpr (std::is_floating_point_v<T>) {
        T u[kPerCall];
        for (int k = 0; k < kPerCall; ++k) {
          if constexpr (sizeof(T) == 4) u[k] = fn::uniform_float(bits.v[k]);
          else u[k] = T(fn::uniform_double(bits.v[2 * k], bits.v[2 * k + 1]));
        }
        for (int k = 0; k < kPerCall; k += 2) {
          if (dist == Distribution::Normal) {
            T z0, z1;
            fn::box_muller(u[k], u[k + 1], z0, z1);
            values[k] = a + b * z0;
            values[k + 1] = a + b * z1;
          } else {
            values[k] = a + (b - a) * u[k];
            values[k + 1] = a + (b - a) * u[k + 1];
            // Rounding of a + (b - a) * u can reach b itself; keep [a, b) half-open.
            for (int j = k; j < k + 2; ++j) if (values[j] >= b) values[j] = a;
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
  });
}

}  // namespace tinytf::kernels
