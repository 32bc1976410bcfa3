// What float64 accumulation costs a float32 sum (BENCHMARKS.md, the targets' (d)).
//
// tinytf's reduce_sum adds float32 values into 16 double accumulators (kernels/reduce_loops.h), so the
// result is the float32 rounding of the exact sum, give or take one step; PyTorch adds into floats. This
// times the same loop (16 lanes, the same 1 KiB prefetch, blocks of 64K elements split over the OpenMP
// threads) with double and with float accumulators over 16M floats on 2 MiB pages, the two in turns, and
// prints the medians:
//
//   g++ -O3 -mavx2 -mfma -fopenmp benchmarks/sum_accumulators.cpp -o /tmp/sum_accumulators
//   OMP_NUM_THREADS=2 /tmp/sum_accumulators
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

template <class Acc>
double sum_block(const float* x, int64_t n) {
  constexpr int kLanes = 16;
  Acc acc[kLanes] = {};
  for (int64_t i = 0; i + kLanes <= n; i += kLanes) {  // n is a multiple of 16 here
    __builtin_prefetch(x + i + 256);
    for (int l = 0; l < kLanes; ++l) acc[l] += Acc(x[i + l]);
  }
  for (int width = kLanes / 2; width > 0; width /= 2)
    for (int l = 0; l < width; ++l) acc[l] += acc[l + width];
  return acc[0];
}

template <class Acc>
double sum(const float* x, int64_t n) {
  const int64_t block = int64_t(1) << 16, blocks = n / block;
  std::vector<double> partial(blocks);
#pragma omp parallel for schedule(static)
  for (int64_t b = 0; b < blocks; ++b) partial[b] = sum_block<Acc>(x + b * block, block);
  double total = 0;
  for (double p : partial) total += p;
  return total;
}

template <class Acc>
double seconds(const float* x, int64_t n) {
  const auto start = std::chrono::steady_clock::now();
  volatile double result = sum<Acc>(x, n);
  (void)result;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int main() {
  const int64_t n = int64_t(16) << 20;
  float* x = static_cast<float*>(std::aligned_alloc(size_t(2) << 20, n * sizeof(float)));
  madvise(x, n * sizeof(float), MADV_HUGEPAGE);
  for (int64_t i = 0; i < n; ++i) x[i] = float(i % 97) * 0.01f;
  std::vector<double> with_double, with_float;
  for (int round = 0; round < 400; ++round) {
    with_double.push_back(seconds<double>(x, n));
    with_float.push_back(seconds<float>(x, n));
  }
  std::printf("16M float32, median of 400 in turns: double accumulators %.3f ms, float %.3f ms\n",
              median(with_double) * 1e3, median(with_float) * 1e3);
  std::free(x);
}
