// Instantiations of the row kernels (cuda/reduce.cuh) for the dtypes of
// cpp/tinytf/ops/reduce.cpp.
#include "reduce.cuh"

namespace tinytf::cuda {

#define TINYTF_REDUCE(T, R)                                                          \
  template void reduce_rows<T, R>(const T*, int64_t, int64_t, T*, R, bool, void*); \
  template void reduce_columns<T, R>(const T*, int64_t, int64_t, T*, R, bool, void*);
#define TINYTF_REDUCE_ALL(T) \
  TINYTF_REDUCE(T, fn::SumReducer) TINYTF_REDUCE(T, fn::ProdReducer) TINYTF_REDUCE(T, fn::MaxReducer) TINYTF_REDUCE(T, fn::MinReducer)
TINYTF_REDUCE_ALL(float)
TINYTF_REDUCE_ALL(double)
TINYTF_REDUCE_ALL(int32_t)
TINYTF_REDUCE_ALL(int64_t)

#define TINYTF_ARG(T) \
  template void arg_reduce_rows<true, T, int32_t>(const T*, int64_t, int64_t, int32_t*, void*); \
  template void arg_reduce_rows<true, T, int64_t>(const T*, int64_t, int64_t, int64_t*, void*); \
  template void arg_reduce_rows<false, T, int32_t>(const T*, int64_t, int64_t, int32_t*, void*); \
  template void arg_reduce_rows<false, T, int64_t>(const T*, int64_t, int64_t, int64_t*, void*);
TINYTF_ARG(float)
TINYTF_ARG(double)
TINYTF_ARG(int32_t)
TINYTF_ARG(int64_t)

template void softmax_rows<false, float>(const float*, int64_t, int64_t, float*, void*);
template void softmax_rows<true, float>(const float*, int64_t, int64_t, float*, void*);
template void softmax_rows<false, double>(const double*, int64_t, int64_t, double*, void*);
template void softmax_rows<true, double>(const double*, int64_t, int64_t, double*, void*);

}  // namespace tinytf::cuda
