// Philox4x32-10: a counter-based random number generator (Salmon et al.,
// "Parallel random numbers: as easy as 1, 2, 3", SC 2011), shared by the CPU
// and CUDA kernels.
//
// philox(counter, key) scrambles a 128-bit counter into 128 random bits, so
// element i of a random tensor can be computed from i alone: any thread, in
// any order, on any device gets the same numbers for the same seed.
#pragma once
#include <cstdint>
#include <type_traits>

#include "tinytf/kernels/functors.h"  // TINYTF_HD

namespace tinytf::fn {

struct Uint4 { uint32_t v[4]; };

// The ten rounds, on N counters at once: word w of counter l is v[w][l].
// With N = 1 this is the textbook generator (philox4x32_10 below, which the
// GPU runs per thread); the CPU's random_fill passes a few dozen counters, so
// that each step of a round is one loop over the lanes, which the compiler
// turns into vector instructions (32 x 32 -> 64-bit multiplies included). The
// arithmetic per counter is the same either way, so are the bits.
template <int N>
TINYTF_HD void philox4x32_10_lanes(uint32_t (&v)[4][N], uint32_t key0, uint32_t key1) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;  // multipliers
  constexpr uint32_t kStep0 = 0x9E3779B9u, kStep1 = 0xBB67AE85u;  // key schedule (golden ratio, sqrt 3)
  for (int round = 0; round < 10; ++round) {
    for (int l = 0; l < N; ++l) {
      const uint64_t p0 = uint64_t(kMul0) * v[0][l];
      const uint64_t p1 = uint64_t(kMul1) * v[2][l];
      v[0][l] = uint32_t(p1 >> 32) ^ v[1][l] ^ key0;
      v[1][l] = uint32_t(p1);
      v[2][l] = uint32_t(p0 >> 32) ^ v[3][l] ^ key1;
      v[3][l] = uint32_t(p0);
    }
    key0 += kStep0;
    key1 += kStep1;
  }
}

TINYTF_HD Uint4 philox4x32_10(Uint4 ctr, uint32_t key0, uint32_t key1) {
  uint32_t v[4][1] = {{ctr.v[0]}, {ctr.v[1]}, {ctr.v[2]}, {ctr.v[3]}};
  philox4x32_10_lanes<1>(v, key0, key1);
  return Uint4{{v[0][0], v[1][0], v[2][0], v[3][0]}};
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

// Plain arithmetic for philox_values. The CUDA kernels pass their own, whose
// multiply and add are never fused into an FMA (the CPU build has no FMA), so
// uniform numbers come out bit-identical on both devices.
struct PlainArith {
  template <class T> static TINYTF_HD T mul(T a, T b) { return a * b; }
  template <class T> static TINYTF_HD T add(T a, T b) { return a + b; }
  template <class T> static TINYTF_HD void normal_pair(T u1, T u2, T& z0, T& z1) { box_muller(u1, u2, z0, z1); }
};

}  // namespace tinytf::fn

namespace tinytf::kernels {

// KeepMask is dropout's mask: b where a uniform u in [0, 1) has u >= a
// (probability 1 - a), else 0; with a = rate and b = 1 / (1 - rate) the mask
// both drops and rescales, so dropout is one multiply.
enum class Distribution { Uniform, Normal, KeepMask };

// The counter of Philox call number c of a random tensor's stream: c in the
// low words, the stream in the high ones; the seed is the key.
TINYTF_HD fn::Uint4 philox_counter(uint64_t c, uint64_t stream) {
  return fn::Uint4{{uint32_t(c), uint32_t(c >> 32), uint32_t(stream), uint32_t(stream >> 32)}};
}

// Turns one Philox call's 128 bits into 4 float32/int32 or 2 float64/int64
// values. Floats are uniform in [a, b), normal with mean a and standard
// deviation b, or a keep mask (above); integers are a + bits % (b - a).
template <class T, class Arith = fn::PlainArith>
TINYTF_HD void values_from_bits(const fn::Uint4& bits, Distribution dist, T a, T b,
                                T (&values)[sizeof(T) == 4 ? 4 : 2]) {
  constexpr int kPerCall = sizeof(T) == 4 ? 4 : 2;
  if constexpr (std::is_floating_point_v<T>) {
    T u[kPerCall];
    for (int k = 0; k < kPerCall; ++k) {
      if constexpr (sizeof(T) == 4) u[k] = fn::uniform_float(bits.v[k]);
      else u[k] = T(fn::uniform_double(bits.v[2 * k], bits.v[2 * k + 1]));
    }
    for (int k = 0; k < kPerCall; k += 2) {
      if (dist == Distribution::Normal) {
        T z0, z1;
        Arith::normal_pair(u[k], u[k + 1], z0, z1);
        values[k] = Arith::add(a, Arith::mul(b, z0));
        values[k + 1] = Arith::add(a, Arith::mul(b, z1));
      } else if (dist == Distribution::KeepMask) {
        for (int j = k; j < k + 2; ++j) values[j] = u[j] >= a ? b : T(0);
      } else {
        for (int j = k; j < k + 2; ++j) {
          values[j] = Arith::add(a, Arith::mul(T(b - a), u[j]));
          if (values[j] >= b) values[j] = a;  // rounding can reach b itself: keep [a, b) half-open
        }
      }
    }
  } else {
    const uint64_t range = uint64_t(b) - uint64_t(a);
    for (int k = 0; k < kPerCall; ++k) {
      const uint64_t r = sizeof(T) == 4 ? bits.v[k] : ((uint64_t(bits.v[2 * k]) << 32) | bits.v[2 * k + 1]);
      values[k] = T(uint64_t(a) + r % range);
    }
  }
}

// The values of Philox call number c of a random tensor: elements c*4 .. c*4+3
// (or c*2, c*2+1). Every device computes a random tensor with this, or (the
// CPU) with the same two steps for many calls at once.
template <class T, class Arith = fn::PlainArith>
TINYTF_HD void philox_values(uint64_t c, Distribution dist, T a, T b, uint64_t seed, uint64_t stream,
                             T (&values)[sizeof(T) == 4 ? 4 : 2]) {
  const fn::Uint4 bits = fn::philox4x32_10(philox_counter(c, stream), uint32_t(seed), uint32_t(seed >> 32));
  values_from_bits<T, Arith>(bits, dist, a, b, values);
}

}  // namespace tinytf::kernels
