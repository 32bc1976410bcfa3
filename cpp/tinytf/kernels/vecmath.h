// Contiguous float32 loops compiled once per SIMD level and picked at run
// time, like the GEMM micro-kernel: the math that costs real work per element
// (exp, and sigmoid which is built on it), and the float32 reductions and
// softmax passes (kernels/reduce.h uses them).
//
// The baseline build targets SSE2 (4 floats per instruction); a CPU with
// AVX-512 does 16. For exp that is a 3-4x difference. A sum looks memory-bound
// but is not in SSE2: turning each float into a double before adding it costs
// more instructions than the memory system needs cycles, and AVX2 halves them.
// The loops themselves are the shared functors of functors.h and the loops of
// reduce_loops.h, so the math is still written once.
#pragma once
#include <cstdint>
#include <type_traits>

#include "tinytf/kernels/functors.h"
#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

using VecLoopF32 = void (*)(const float* x, float* y, int64_t n);  // y[i] = f(x[i]); y may be x

struct VecMathF32 {
  VecLoopF32 exp;
  VecLoopF32 sigmoid;
  // Reductions of x[0..n) by reduce_contiguous: the sum accumulated in double,
  // max and min with NaN winning (fn::MaxReducer, fn::MinReducer).
  double (*sum)(const float* x, int64_t n);
  float (*max)(const float* x, int64_t n);
  float (*min)(const float* x, int64_t n);
  // Column reductions by reduce_columns_into: acc[j] = r(acc[j], x[i * ld + j])
  // over rows i < rows (in a fixed order) and columns j < cols.
  void (*sum_columns)(const float* x, int64_t rows, int64_t cols, int64_t ld, double* acc);
  void (*max_columns)(const float* x, int64_t rows, int64_t cols, int64_t ld, float* acc);
  void (*min_columns)(const float* x, int64_t rows, int64_t cols, int64_t ld, float* acc);
  // Softmax's passes over one row: y = exp(x - shift) returning sum(y) in
  // double; y *= s; y = x - a - b (log-softmax). y may be x.
  double (*exp_shifted)(const float* x, float shift, float* y, int64_t n);
  void (*scale)(float* y, float s, int64_t n);
  void (*shift)(const float* x, float a, float b, float* y, int64_t n);
};

// The loops for the active SIMD level (simd.h).
const VecMathF32& vecmath_f32();

// The SIMD loop for functor F, or nullptr when F has none.
template <class F>
VecLoopF32 vec_loop_f32() {
  if constexpr (std::is_same_v<F, fn::Exp>) return vecmath_f32().exp;
  else if constexpr (std::is_same_v<F, fn::Sigmoid>) return vecmath_f32().sigmoid;
  else return nullptr;
}

// y = f(x) over n contiguous floats with `loop`, on OpenMP threads above kParallelGrain.
inline void run_vec_loop(VecLoopF32 loop, const float* x, float* y, int64_t n) {
  parallel_for(n, kParallelGrain, [&](int64_t begin, int64_t end) { loop(x + begin, y + begin, end - begin); });
}

}  // namespace tinytf::kernels
