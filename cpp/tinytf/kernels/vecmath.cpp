#include "tinytf/kernels/vecmath.h"

#include "tinytf/kernels/simd.h"

// Defined in vecmath_<level>.cpp (vecmath.inc).
#define TINYTF_DECLARE_VEC_LEVEL(level)                                       \
  void tinytf_vec_exp_f32_##level(const float* x, float* y, int64_t n);     \
  void tinytf_vec_sigmoid_f32_##level(const float* x, float* y, int64_t n);
TINYTF_DECLARE_VEC_LEVEL(portable)
TINYTF_DECLARE_VEC_LEVEL(avx2)
TINYTF_DECLARE_VEC_LEVEL(avx512)

namespace tinytf::kernels {

const VecMathF32& vecmath_f32() {
  static const VecMathF32 portable{tinytf_vec_exp_f32_portable, tinytf_vec_sigmoid_f32_portable};
  static const VecMathF32 avx2{tinytf_vec_exp_f32_avx2, tinytf_vec_sigmoid_f32_avx2};
  static const VecMathF32 avx512{tinytf_vec_exp_f32_avx512, tinytf_vec_sigmoid_f32_avx512};
  switch (active_simd_level()) {
    case SimdLevel::AVX512: return avx512;
    case SimdLevel::AVX2: return avx2;
    case SimdLevel::Portable: break;
  }
  return portable;
}

}  // namespace tinytf::kernels
