// Instantiations of gather, scatter_add, one_hot (cuda/gather.cuh) and
// random_fill (cuda/random.cuh) for the dtypes of cpp/tinytf/ops.
#include "gather.cuh"
#include "random.cuh"

namespace tinytf::cuda {

#define TINYTF_GATHER(T, I) \
  template void gather<T, I>(const T*, int64_t, int64_t, int64_t, const I*, int64_t, T*, void*); \
  template void one_hot<T, I>(const I*, int64_t, int64_t, T, T, T*, void*);
#define TINYTF_SCATTER(T, I) \
  template void scatter_add<T, I>(const T*, int64_t, int64_t, int64_t, const I*, int64_t, T*, void*);
#define TINYTF_INDEXING(T) TINYTF_GATHER(T, int32_t) TINYTF_GATHER(T, int64_t)
#define TINYTF_INDEXING_NUMERIC(T) TINYTF_INDEXING(T) TINYTF_SCATTER(T, int32_t) TINYTF_SCATTER(T, int64_t)
TINYTF_INDEXING_NUMERIC(float)
TINYTF_INDEXING_NUMERIC(double)
TINYTF_INDEXING_NUMERIC(int32_t)
TINYTF_INDEXING_NUMERIC(int64_t)
TINYTF_INDEXING(bool)

#define TINYTF_RANDOM(T) \
  template void random_fill<T>(T*, int64_t, kernels::Distribution, T, T, uint64_t, uint64_t, void*);
TINYTF_RANDOM(float)
TINYTF_RANDOM(double)
TINYTF_RANDOM(int32_t)
TINYTF_RANDOM(int64_t)

}  // namespace tinytf::cuda
