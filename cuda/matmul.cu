// Instantiations of gemm (cuda/matmul.cuh): the dtypes of tf.matmul.
#include "matmul.cuh"

namespace tinytf::cuda {

#define TINYTF_GEMM(T) \
  template void gemm<T>(int64_t, int64_t, int64_t, const T*, int64_t, int64_t, const T*, int64_t, int64_t, T*, int64_t, void*, int);
TINYTF_GEMM(float)
TINYTF_GEMM(double)
TINYTF_GEMM(int32_t)
TINYTF_GEMM(int64_t)

}  // namespace tinytf::cuda
