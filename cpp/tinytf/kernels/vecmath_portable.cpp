// vecmath.h's float32 loops compiled for the portable level (flags in CMakeLists.txt).
#define TINYTF_VEC_LEVEL portable
#include "tinytf/kernels/vecmath.inc"
