// vecmath.h's float32 loops compiled for the avx512 level (flags in CMakeLists.txt).
#define TINYTF_VEC_LEVEL avx512
#define TINYTF_VEC_BYTES 64  // one register: 16 floats
#include "tinytf/kernels/vecmath.inc"
