#include "tinytf/kernels/vecmath.h"

#include "tinytf/kernels/simd.h"

// Defined in vecmath_<level>.cpp (vecmath.inc).
#define TINYTF_DECLARE_VEC_LEVEL(level)                                                                    \
  void tinytf_vec_exp_f32_##level(const float* x, float* y, int64_t n);                                  \
  void tinytf_vec_sigmoid_f32_##level(const float* x, float* y, int64_t n);                              \
  double tinytf_vec_sum_f32_##level(const float* x, int64_t n);                                           \
  float tinytf_vec_max_f32_##level(const float* x, int64_t n);                                            \
  float tinytf_vec_min_f32_##level(const float* x, int64_t n);                                            \
  void tinytf_vec_sum_columns_f32_##level(const float* x, int64_t rows, int64_t cols, int64_t ld, double* acc); \
  void tinytf_vec_max_columns_f32_##level(const float* x, int64_t rows, int64_t cols, int64_t ld, float* acc);  \
  void tinytf_vec_min_columns_f32_##level(const float* x, int64_t rows, int64_t cols, int64_t ld, float* acc);  \
  double tinytf_vec_exp_shifted_f32_##level(const float* x, float shift, float* y, int64_t n);            \
  void tinytf_vec_scale_f32_##level(float* y, float s, int64_t n);                                        \
  void tinytf_vec_shift_f32_##level(const float* x, float a, float b, float* y, int64_t n);
TINYTF_DECLARE_VEC_LEVEL(portable)
TINYTF_DECLARE_VEC_LEVEL(avx2)
TINYTF_DECLARE_VEC_LEVEL(avx512)

// The table of one level, in the order of VecMathF32's fields.
#define TINYTF_VEC_TABLE(level)                                                                              \
  VecMathF32 {                                                                                               \
    tinytf_vec_exp_f32_##level, tinytf_vec_sigmoid_f32_##level, tinytf_vec_sum_f32_##level,                 \
        tinytf_vec_max_f32_##level, tinytf_vec_min_f32_##level, tinytf_vec_sum_columns_f32_##level,          \
        tinytf_vec_max_columns_f32_##level, tinytf_vec_min_columns_f32_##level,                              \
        tinytf_vec_exp_shifted_f32_##level, tinytf_vec_scale_f32_##level, tinytf_vec_shift_f32_##level       \
  }

namespace tinytf::kernels {

const VecMathF32& vecmath_f32() {
  static const VecMathF32 portable = TINYTF_VEC_TABLE(portable);
  static const VecMathF32 avx2 = TINYTF_VEC_TABLE(avx2);
  static const VecMathF32 avx512 = TINYTF_VEC_TABLE(avx512);
  switch (active_simd_level()) {
    case SimdLevel::AVX512: return avx512;
    case SimdLevel::AVX2: return avx2;
    case SimdLevel::Portable: break;
  }
  return portable;
}

}  // namespace tinytf::kernels
