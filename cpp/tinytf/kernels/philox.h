// Philox4x32-10: a counter-based random number generator (Salmon et al.,
// "Parallel random numbers: as easy as 1, 2, 3", SC 2011), shared by the CPU
// and CUDA kernels.
//
// philox(counter, key) scrambles a 128-bit counter into 128 random bits, so
// element i of a random tensor can be computed from i alone: any thread, in
// any order, on any device gets the same numbers for the same seed.
#pragma once
#include <cstdint>

#include "tinytf/kernels/functors.h"  // TINYTF_HD

namespace tinytf::fn {

struct Uint4 { uint32_t v[4]; };

TINYTF_HD Uint4 philox4x32_10(Uint4 ctr, uint32_t key0, uint32_t key1) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;  // multipliers
  constexpr uint32_t kStep0 = 0x9E3779B9u, kStep1 = 0xBB67AE85u;  // key schedule (golden ratio, sqrt 3)
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = uint64_t(kMul0) * ctr.v[0];
    const uint64_t p1 = uint64_t(kMul1) * ctr.v[2];
    ctr = Uint4{{uint32_t(p1 >> 32) ^ ctr.v[1] ^ key0, uint32_t(p1), uint32_t(p0 >> 32) ^ ctr.v[3] ^ key1,
                 uint32_t(p0)}};
    key0 += kStep0;
    key1 += kStep1;
  }
  return ctr;
}

// Uniform in [0, 1) from 24 (float) or 53 (double) random bits.
TINYTF_HD float uniform_float(uint32_t bits) { return float(bits >> 8) * (1.0f / 16777216.0f); }
TINYTF_HD double uniform_double(uint32_t hi, uint32_t lo) {
  return double(((uint64_t(hi) << 32) | lo) >> 11) * (1.0 / 9007199254740992.0);
}

// Box-Muller: two independent uniforms in [0, 1) -> two independent N(0, 1).
template <class T>
TINYTF_HD void box_muller(T u1, T u2, T& z0, T& z1) {
  const T radius = std::sqrt(T(-2) * std::log(T(1) - u1));  // 1 - u1 is in (0, 1]: log is finite
  const T theta = T(6.283185307179586) * u2;
  z0 = radius * std::cos(theta);
  z1 = radius * std::sin(theta);
}

}  // namespace tinytf::fn
