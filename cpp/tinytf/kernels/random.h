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

// Fills out[0..n) from Philox: call c of philox_values gives elements
// c * kPerCall onwards (philox.h), calls spread over threads.
template <class T>
void random_fill(T* out, int64_t n, Distribution dist, T a, T b, uint64_t seed, uint64_t stream) {
  constexpr int64_t kPerCall = sizeof(T) == 4 ? 4 : 2;
  const int64_t calls = (n + kPerCall - 1) / kPerCall;
  parallel_for(calls, kParallelGrain / kPerCall, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      T values[kPerCall];
      philox_values<T>(uint64_t(c), dist, a, b, seed, stream, values);
      const int64_t first = c * kPerCall;
      for (int k = 0; k < kPerCall && first + k < n; ++k) out[first + k] = values[k];
    }
  });
}

}  // namespace tinytf::kernels
