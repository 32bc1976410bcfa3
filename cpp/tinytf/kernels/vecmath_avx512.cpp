// vecmath.h's float32 loops compiled for the avx512 level (flags in CMakeLists.txt).
#define TINYTF_VEC_LEVEL avx512
#include "tinytf/kernels/vecmath.inc"
