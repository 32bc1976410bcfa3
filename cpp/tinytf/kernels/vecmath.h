// Contiguous float32 loops of the math that costs real work per element
// (exp, and sigmoid which is built on it), compiled once per SIMD level and
// picked at run time, like the GEMM micro-kernel.
//
// The baseline build targets SSE2 (4 floats per instruction); a CPU with
// AVX-512 does 16. For memory-bound ops (add, relu) that does not matter,
// for exp it is a 3-4x difference. The loops themselves are the shared
// functors of functors.h, so the math is still written once.
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
