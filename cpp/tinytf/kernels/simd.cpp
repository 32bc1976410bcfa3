// Run-time choice of the SIMD level used by the CPU kernels (see simd.h).
//
// The choice is made once, lazily, on first use: the best level this CPU and
// OS support, lowered by TINYTF_SIMD=portable|avx2|avx512 if that is set. A
// value that is misspelt or asks for more than the CPU has is ignored, with
// one warning on stderr, so a script written for a bigger machine still runs.
#include "tinytf/kernels/simd.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tinytf::kernels {
namespace {

SimdLevel detect_best_level() {
#if defined(__x86_64__) || defined(__i386__)
  // __builtin_cpu_supports reads CPUID and, for AVX/AVX-512, also checks
  // (through XGETBV) that the OS saves the wide registers on context switches,
  // so a "yes" means the instructions are safe to run, not merely present.
  __builtin_cpu_init();
  // The AVX-512 kernels are compiled with -mavx512f/dq/vl/bw, so the compiler
  // may use instructions from any of the four subsets: require them all.
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    return SimdLevel::AVX512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    return SimdLevel::AVX2;
  }
#endif
  return SimdLevel::Portable;
}

// Parses TINYTF_SIMD; returns `best` when it is unset or cannot be honoured.
SimdLevel level_from_environment(SimdLevel best) {
  const char* env = std::getenv("TINYTF_SIMD");
  if (env == nullptr || env[0] == '\0') return best;
  for (SimdLevel level : {SimdLevel::Portable, SimdLevel::AVX2, SimdLevel::AVX512}) {
    if (std::strcmp(env, simd_level_name(level)) == 0) {
      if (level <= best) return level;
      std::fprintf(stderr,
                   "tinytf: TINYTF_SIMD=%s is not supported by this CPU; "
                   "using %s instead\n",
                   env, simd_level_name(best));
      return best;
    }
  }
  std::fprintf(stderr,
               "tinytf: ignoring TINYTF_SIMD=%s (expected portable, avx2 or "
               "avx512); using %s\n",
               env, simd_level_name(best));
  return best;
}

// C++ guarantees a function-local static is initialised exactly once, even
// when several threads get here at the same time: that is the lazy,
// thread-safe detection.
SimdLevel best_level_cached() {
  static const SimdLevel best = detect_best_level();
  return best;
}

// The level in use. An atomic, so set_simd_level() from one thread and a
// kernel reading it from another do not race (each kernel call reads it once).
std::atomic<SimdLevel>& active_level_storage() {
  static std::atomic<SimdLevel> active{level_from_environment(best_level_cached())};
  return active;
}

}  // namespace

SimdLevel best_supported_simd_level() { return best_level_cached(); }

SimdLevel active_simd_level() {
  return active_level_storage().load(std::memory_order_relaxed);
}

void set_simd_level(SimdLevel level) {
  const SimdLevel best = best_level_cached();
  if (level < SimdLevel::Portable || level > SimdLevel::AVX512) {
    throw std::invalid_argument("set_simd_level: unknown SimdLevel value " +
                                std::to_string(static_cast<int>(level)));
  }
  if (level > best) {
    throw std::invalid_argument(
        std::string("set_simd_level: this CPU supports at most '") +
        simd_level_name(best) + "', cannot use '" + simd_level_name(level) +
        "'; pick a level <= best_supported_simd_level()");
  }
  active_level_storage().store(level, std::memory_order_relaxed);
}

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::Portable: return "portable";
    case SimdLevel::AVX2: return "avx2";
    case SimdLevel::AVX512: return "avx512";
  }
  return "unknown";
}

}  // namespace tinytf::kernels
