// vecmath.h's float32 loops compiled for the portable level (flags in CMakeLists.txt).
#define TINYTF_VEC_LEVEL portable
#define TINYTF_VEC_BYTES 16  // one register: SSE2: 4 floats
#include "tinytf/kernels/vecmath.inc"
