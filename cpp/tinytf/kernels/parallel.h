// parallel_for: split [0, n) into a few chunks and run them on OpenMP threads.
//
// Small ranges run on the calling thread: waking threads costs a few
// microseconds, more than a small kernel takes. Callers must make their
// results independent of where the chunks fall (elementwise kernels are;
// reductions use fixed-size blocks instead, see reduce.h).
#pragma once
#include <algorithm>
#include <cstdint>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace tinytf::kernels {

// Below this many elements an elementwise kernel stays on one thread.
constexpr int64_t kParallelGrain = 1 << 15;

inline int max_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

// fn(begin, end) is called for consecutive chunks covering [0, n).
template <class Fn>
void parallel_for(int64_t n, int64_t grain, const Fn& fn) {
  if (n <= 0) return;
  const int64_t chunks = std::min<int64_t>(max_threads(), (n + grain - 1) / grain);
  if (chunks <= 1) {
    fn(int64_t(0), n);
    return;
  }
#pragma omp parallel for schedule(static) num_threads(int(chunks))
  for (int64_t c = 0; c < chunks; ++c) fn(c * n / chunks, (c + 1) * n / chunks);
}

}  // namespace tinytf::kernels
