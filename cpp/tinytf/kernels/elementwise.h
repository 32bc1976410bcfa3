// Elementwise kernels: apply a functor (functors.h) to every element.
//
// map_unary, map_binary and map_ternary walk any strided layouts through
// StridedLoop and use OpenMP above kParallelGrain elements. Their inner loops
// have a fast path for the common case (every operand contiguous, or one input
// a broadcast scalar) that the compiler vectorises.
#pragma once
#include <cstdint>

#include "tinytf/kernels/parallel.h"
#include "tinytf/kernels/strided_loop.h"

namespace tinytf::kernels {

template <class Out, class In, class F>
void map_unary(const StridedLoop<2>& loop, Out* out, const In* in, F f) {
  parallel_for(loop.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
    loop.for_each_run(begin, end, [&](const auto& off, int64_t n, const auto& step) {
      Out* o = out + off[0];
      const In* x = in + off[1];
      if (step[0] == 1 && step[1] == 1) {
        for (int64_t i = 0; i < n; ++i) o[i] = f(x[i]);
      } else {
        for (int64_t i = 0; i < n; ++i) o[i * step[0]] = f(x[i * step[1]]);
      }
    });
  });
}

template <class Out, class A, class B, class F>
void map_binary(const StridedLoop<3>& loop, Out* out, const A* a, const B* b, F f) {
  parallel_for(loop.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
    loop.for_each_run(begin, end, [&](const auto& off, int64_t n, const auto& step) {
      Out* o = out + off[0];
      const A* x = a + off[1];
      const B* y = b + off[2];
      if (step[0] == 1 && step[1] == 1 && step[2] == 1) {
        for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
      } else if (step[0] == 1 && step[1] == 1 && step[2] == 0) {
        const B s = *y;
        for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], s);
      } else if (step[0] == 1 && step[1] == 0 && step[2] == 1) {
        const A s = *x;
        for (int64_t i = 0; i < n; ++i) o[i] = f(s, y[i]);
      } else {
        for (int64_t i = 0; i < n; ++i) o[i * step[0]] = f(x[i * step[1]], y[i * step[2]]);
      }
    });
  });
}

template <class Out, class A, class B, class C, class F>
void map_ternary(const StridedLoop<4>& loop, Out* out, const A* a, const B* b, const C* c, F f) {
  parallel_for(loop.numel(), kParallelGrain, [&](int64_t begin, int64_t end) {
    loop.for_each_run(begin, end, [&](const auto& off, int64_t n, const auto& step) {
      Out* o = out + off[0];
      const A* x = a + off[1];
      const B* y = b + off[2];
      const C* z = c + off[3];
      for (int64_t i = 0; i < n; ++i) o[i * step[0]] = f(x[i * step[1]], y[i * step[2]], z[i * step[3]]);
    });
  });
}

template <class T>
void fill(T* out, int64_t n, T value) {
  parallel_for(n, kParallelGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = value;
  });
}

}  // namespace tinytf::kernels
