// Instantiations of the fused cross-entropies (cuda/cross_entropy.cuh) for
// the dtypes of cpp/tinytf/ops/cross_entropy.cpp.
#include "cross_entropy.cuh"

namespace tinytf::cuda {

#define TINYTF_XENT(T)                                                                                             \
  template void softmax_xent_rows<T>(const T*, const T*, int64_t, int64_t, T*, T*, void*);                        \
  template void sparse_softmax_xent_rows<T, int32_t>(const T*, const int32_t*, int64_t, int64_t, T*, T*, void*); \
  template void sparse_softmax_xent_rows<T, int64_t>(const T*, const int64_t*, int64_t, int64_t, T*, T*, void*);
TINYTF_XENT(float)
TINYTF_XENT(double)

}  // namespace tinytf::cuda
