// Instantiations of im2col and col2im (cuda/im2col.cuh) for the dtypes of
// cpp/tinytf/ops/conv.cpp.
#include "im2col.cuh"

namespace tinytf::cuda {

template void im2col<float>(const float*, const ConvGeometry&, float, float*, void*);
template void im2col<double>(const double*, const ConvGeometry&, double, double*, void*);
template void col2im<float>(const float*, const ConvGeometry&, float*, void*);
template void col2im<double>(const double*, const ConvGeometry&, double*, void*);

}  // namespace tinytf::cuda
