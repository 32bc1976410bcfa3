// vecmath.h's float32 loops compiled for the avx2 level (flags in CMakeLists.txt).
#define TINYTF_VEC_LEVEL avx2
#define TINYTF_VEC_BYTES 32  // one register: 8 floats
#include "tinytf/kernels/vecmath.inc"
