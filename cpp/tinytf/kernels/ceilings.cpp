#include "tinytf/kernels/ceilings.h"

#include <cstring>

#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/simd.h"

#if defined(TINYTF_X86_64)
#include <immintrin.h>
#endif

namespace tinytf::kernels {

namespace {

// Enough independent chains to cover an FMA's latency (4 cycles) on two FMA ports: 4 x 2 = 8,
// and a few more so that loop overhead never shows.
constexpr int kAccumulators = 12;
constexpr float kScale = 0.999999f, kStep = 1e-6f;  // acc -> acc * kScale + kStep stays finite

// Each level's loop returns a sum of its accumulators, so the compiler cannot drop the work.
float fma_loop_portable(int64_t iterations, int64_t* flops) {
  float acc[kAccumulators][4] = {};
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kAccumulators; ++k)
      for (int l = 0; l < 4; ++l) acc[k][l] = acc[k][l] * kScale + kStep;
  *flops = iterations * kAccumulators * 4 * 2;
  float sum = 0;
  for (auto& a : acc)
    for (float v : a) sum += v;
  return sum;
}

#if defined(TINYTF_X86_64)
__attribute__((target("avx2,fma"))) float fma_loop_avx2(int64_t iterations, int64_t* flops) {
  __m256 acc[kAccumulators];
  for (auto& a : acc) a = _mm256_setzero_ps();
  const __m256 scale = _mm256_set1_ps(kScale), step = _mm256_set1_ps(kStep);
  for (int64_t i = 0; i < iterations; ++i)
    for (auto& a : acc) a = _mm256_fmadd_ps(a, scale, step);  // one vfmadd: 8 lanes x 2 FLOPs
  *flops = iterations * kAccumulators * 8 * 2;
  __m256 sum = _mm256_setzero_ps();
  for (auto& a : acc) sum = _mm256_add_ps(sum, a);
  float lanes[8];
  _mm256_storeu_ps(lanes, sum);
  return lanes[0] + lanes[7];
}

__attribute__((target("avx512f"))) float fma_loop_avx512(int64_t iterations, int64_t* flops) {
  __m512 acc[kAccumulators];
  for (auto& a : acc) a = _mm512_setzero_ps();
  const __m512 scale = _mm512_set1_ps(kScale), step = _mm512_set1_ps(kStep);
  for (int64_t i = 0; i < iterations; ++i)
    for (auto& a : acc) a = _mm512_fmadd_ps(a, scale, step);  // 16 lanes x 2 FLOPs
  *flops = iterations * kAccumulators * 16 * 2;
  __m512 sum = _mm512_setzero_ps();
  for (auto& a : acc) sum = _mm512_add_ps(sum, a);
  return _mm512_reduce_add_ps(sum);
}
#endif

float fma_loop_at_level(int64_t iterations, int64_t* flops) {
#if defined(TINYTF_X86_64)
  switch (active_simd_level()) {
    case SimdLevel::AVX512: return fma_loop_avx512(iterations, flops);
    case SimdLevel::AVX2: return fma_loop_avx2(iterations, flops);
    case SimdLevel::Portable: break;
  }
#endif
  return fma_loop_portable(iterations, flops);
}

// The loops' sums are compared with a value they never reach, so the compiler must compute them.
volatile float sink;

}  // namespace

double fma_loop(int64_t iterations) {
  const int threads = max_threads();
  double total = 0;
#pragma omp parallel for schedule(static) num_threads(threads) reduction(+ : total)
  for (int t = 0; t < threads; ++t) {
    int64_t flops = 0;
    if (fma_loop_at_level(iterations, &flops) < 0) sink = 0;
    total += double(flops);
  }
  return total;
}

void stream_copy(const float* src, float* dst, int64_t n) {
  parallel_for(n, kParallelGrain, [&](int64_t begin, int64_t end) {
    std::memcpy(dst + begin, src + begin, sizeof(float) * size_t(end - begin));
  });
}

}  // namespace tinytf::kernels
