// Standalone check of the CPU GEMM (cpp/tinytf/kernels/gemm.cpp) against a
// naive triple loop, for every SIMD level this CPU supports.
//
// Covers: all four element types; empty and 1-sized dimensions (k = 0 must
// give C = 0); sizes just below/above the register tile and block sizes;
// transposed operands (swapped strides) and padded rows; and that results are
// bit-identical for 1 and several OpenMP threads. Exits non-zero on the first
// mismatch, printing the case so it can be replayed.
//
// tests/test_gemm_cpp.py builds and runs it with the suite: it compiles
// cpp/tinytf/kernels/simd.cpp, variant.cpp, gemm.cpp and gemm_portable.cpp
// plainly, gemm_avx2.cpp with -mavx2 -mfma and gemm_avx512.cpp with -mavx512f
// -mavx512dq -mavx512vl -mavx512bw -mavx2 -mfma (as cpp/CMakeLists.txt does),
// then links them with this file and -fopenmp.
#include <omp.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "tinytf/kernels/gemm.h"
#include "tinytf/kernels/simd.h"

using tinytf::kernels::SimdLevel;

namespace {

std::mt19937_64 rng(12345);
int failures = 0;

template <class T>
T random_value() {
  if constexpr (std::is_floating_point_v<T>) {
    return std::uniform_real_distribution<T>(-1, 1)(rng);
  } else {
    return static_cast<T>(std::uniform_int_distribution<int>(-9, 9)(rng));
  }
}

template <class T>
const char* type_name() {
  if constexpr (std::is_same_v<T, float>) return "float32";
  if constexpr (std::is_same_v<T, double>) return "float64";
  if constexpr (std::is_same_v<T, int32_t>) return "int32";
  return "int64";
}

// One case: A is m x k (transposed storage if ta), B is k x n (if tb), rows
// of every operand padded by `pad` elements to catch stride mix-ups.
template <class T>
void check(int64_t m, int64_t n, int64_t k, bool ta, bool tb, int64_t pad) {
  // Element (i, p) of A at a[i * a_rs + p * a_cs].
  const int64_t a_rs = ta ? 1 : k + pad, a_cs = ta ? m + pad : 1;
  const int64_t b_rs = tb ? 1 : n + pad, b_cs = tb ? k + pad : 1;
  const int64_t c_rs = n + pad;
  std::vector<T> a((ta ? k : m) * (ta ? m + pad : k + pad) + 1);
  std::vector<T> b((tb ? n : k) * (tb ? k + pad : n + pad) + 1);
  for (T& x : a) x = random_value<T>();
  for (T& x : b) x = random_value<T>();

  // C starts as garbage: gemm must overwrite it, never read it. The padding
  // must stay untouched.
  const T sentinel = T(77);
  std::vector<T> c(m * c_rs + 1, sentinel), c1(m * c_rs + 1, sentinel);

  omp_set_num_threads(2);
  tinytf::kernels::gemm<T>(m, n, k, a.data(), a_rs, a_cs, b.data(), b_rs, b_cs,
                           c.data(), c_rs);
  omp_set_num_threads(1);
  tinytf::kernels::gemm<T>(m, n, k, a.data(), a_rs, a_cs, b.data(), b_rs, b_cs,
                           c1.data(), c_rs);

  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < c_rs; ++j) {
      const T got = c[i * c_rs + j];
      if (j >= n) {  // padding
        if (got != sentinel) {
          std::printf("FAIL %s m=%ld n=%ld k=%ld ta=%d tb=%d pad=%ld level=%s: "
                      "padding C[%ld][%ld] was overwritten\n",
                      type_name<T>(), long(m), long(n), long(k), ta, tb, long(pad),
                      simd_level_name(tinytf::kernels::active_simd_level()),
                      long(i), long(j));
          ++failures;
          return;
        }
        continue;
      }
      long double ref = 0, magnitude = 0;
      for (int64_t p = 0; p < k; ++p) {
        const long double prod = static_cast<long double>(a[i * a_rs + p * a_cs]) *
                                 static_cast<long double>(b[p * b_rs + j * b_cs]);
        ref += prod;
        magnitude += std::fabs(prod);
      }
      // Floating point: allow the rounding of a k-term sum in either order.
      long double tol = 0;
      if constexpr (std::is_floating_point_v<T>)
        tol = (k + 2) * std::numeric_limits<T>::epsilon() * magnitude;
      const bool same_threads = std::memcmp(&got, &c1[i * c_rs + j], sizeof(T)) == 0;
      if (std::fabs(static_cast<long double>(got) - ref) > tol || !same_threads) {
        std::printf("FAIL %s m=%ld n=%ld k=%ld ta=%d tb=%d pad=%ld level=%s: "
                    "C[%ld][%ld] = %.9Lg (1 thread: %.9Lg), expected %.9Lg\n",
                    type_name<T>(), long(m), long(n), long(k), ta, tb, long(pad),
                    simd_level_name(tinytf::kernels::active_simd_level()),
                    long(i), long(j), static_cast<long double>(got),
                    static_cast<long double>(c1[i * c_rs + j]), ref);
        ++failures;
        return;
      }
    }
  }
}

template <class T>
void check_all_shapes() {
  // Edges: 0/1, around the tile sizes (MR up to 14, NR up to 32), around KC.
  const int64_t sizes[] = {0, 1, 2, 3, 5, 7, 13, 14, 15, 17, 31, 32, 33, 65};
  for (int64_t m : sizes)
    for (int64_t n : sizes)
      for (int64_t k : {0, 1, 3, 16, 37})
        check<T>(m, n, k, (m + k) % 2 == 1, (n + k) % 3 == 0, (m * n) % 2);
  // Larger, random shapes spanning several blocks (k beyond KC, m beyond MC).
  std::uniform_int_distribution<int64_t> dim(1, 300);
  for (int i = 0; i < 12; ++i)
    check<T>(dim(rng), dim(rng), dim(rng), i % 2, i % 4 >= 2, i % 3);
  check<T>(700, 90, 1100, false, false, 0);
  check<T>(150, 130, 900, true, true, 1);
}

}  // namespace

int main() {
  using namespace tinytf::kernels;
  const SimdLevel best = best_supported_simd_level();
  std::printf("best SIMD level: %s (TINYTF_SIMD gave %s)\n", simd_level_name(best),
              simd_level_name(active_simd_level()));
  for (SimdLevel level : {SimdLevel::Portable, SimdLevel::AVX2, SimdLevel::AVX512}) {
    if (level > best) {
      std::printf("%-8s skipped (not supported here)\n", simd_level_name(level));
      continue;
    }
    set_simd_level(level);
    const int before = failures;
    check_all_shapes<float>();
    check_all_shapes<double>();
    check_all_shapes<int32_t>();
    check_all_shapes<int64_t>();
    std::printf("%-8s %s\n", simd_level_name(level), failures == before ? "ok" : "FAILED");
  }
  // Asking for more than the CPU has must be refused with a clear error.
  if (best != SimdLevel::AVX512) {
    try {
      set_simd_level(SimdLevel::AVX512);
      std::printf("FAIL set_simd_level(AVX512) did not throw\n");
      ++failures;
    } catch (const std::invalid_argument&) {
    }
  }
  return failures == 0 ? 0 : 1;
}
