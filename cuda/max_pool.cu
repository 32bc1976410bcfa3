// Instantiations of the max pooling kernels (cuda/max_pool.cuh) for the dtypes
// of cpp/tinytf/ops/conv.cpp.
#include "max_pool.cuh"

namespace tinytf::cuda {

template void max_pool<float>(const float*, const ConvGeometry&, float*, int32_t*, void*);
template void max_pool<double>(const double*, const ConvGeometry&, double*, int32_t*, void*);
template void max_pool_grad<float>(const float*, const int32_t*, const ConvGeometry&, float*, void*);
template void max_pool_grad<double>(const double*, const int32_t*, const ConvGeometry&, double*, void*);
template void max_pool_gather<float>(const float*, const int32_t*, const ConvGeometry&, float*, void*);
template void max_pool_gather<double>(const double*, const int32_t*, const ConvGeometry&, double*, void*);

}  // namespace tinytf::cuda
