// Random tensors from Philox: element i depends only on (seed, stream, i).
//
// One Philox call gives 128 bits: 4 float32 or int32 values, or 2 float64 or
// int64 values. `seed` keys the generator; `stream` separates the successive
// random ops of one program (the Python layer counts them).
#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/philox.h"

namespace tinytf::kernels {

// random_fill for one distribution, known at compile time: values_from_bits's
// branch on it then leaves the loop (a third of the time per value otherwise).
template <Distribution kDist, class T>
void random_fill_as(T* out, int64_t n, T a, T b, uint64_t seed, uint64_t stream) {
  constexpr int64_t kPerCall = sizeof(T) == 4 ? 4 : 2;
  constexpr int kLanes = 32;
  const int64_t calls = (n + kPerCall - 1) / kPerCall;
  parallel_for(calls, kParallelGrain / kPerCall, [&](int64_t begin, int64_t end) {
    for (int64_t first_call = begin; first_call < end; first_call += kLanes) {
      uint32_t words[4][kLanes];
      for (int l = 0; l < kLanes; ++l) {
        const fn::Uint4 counter = philox_counter(uint64_t(first_call + l), stream);
        for (int w = 0; w < 4; ++w) words[w][l] = counter.v[w];
      }
      fn::philox4x32_10_lanes<kLanes>(words, uint32_t(seed), uint32_t(seed >> 32));
      const int64_t live = std::min<int64_t>(kLanes, end - first_call);
      for (int l = 0; l < live; ++l) {
        T values[kPerCall];
        values_from_bits(fn::Uint4{{words[0][l], words[1][l], words[2][l], words[3][l]}}, kDist, a, b, values);
        const int64_t first = (first_call + l) * kPerCall;
        for (int k = 0; k < kPerCall && first + k < n; ++k) out[first + k] = values[k];
      }
    }
  });
}

// Fills out[0..n) from Philox: call c of philox_values gives elements
// c * kPerCall onwards (philox.h), calls spread over threads. The calls are
// made kLanes at a time through philox4x32_10_lanes, which the compiler
// vectorizes across them; the values are the same as one call at a time.
template <class T>
void random_fill(T* out, int64_t n, Distribution dist, T a, T b, uint64_t seed, uint64_t stream) {
  switch (dist) {
    case Distribution::Uniform: return random_fill_as<Distribution::Uniform>(out, n, a, b, seed, stream);
    case Distribution::Normal: return random_fill_as<Distribution::Normal>(out, n, a, b, seed, stream);
    case Distribution::KeepMask: return random_fill_as<Distribution::KeepMask>(out, n, a, b, seed, stream);
  }
}

}  // namespace tinytf::kernels
