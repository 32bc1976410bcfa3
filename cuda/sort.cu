// Instantiations of sort_rows (cuda/sort.cuh) and scan_rows (cuda/scan.cuh)
// for the dtypes of cpp/tinytf/ops/sort.cpp and cumulative.cpp.
#include "scan.cuh"
#include "sort.cuh"

namespace tinytf::cuda {

#define TINYTF_SORT(T, I)                                                                         \
  template void sort_rows<true, T, I>(const T*, int64_t, int64_t, int64_t, T*, I*, void*);        \
  template void sort_rows<false, T, I>(const T*, int64_t, int64_t, int64_t, T*, I*, void*);
#define TINYTF_SCAN(T)                                                                                           \
  template void scan_rows<T, fn::SumReducer>(const T*, int64_t, int64_t, T*, fn::SumReducer, bool, bool, void*);  \
  template void scan_rows<T, fn::ProdReducer>(const T*, int64_t, int64_t, T*, fn::ProdReducer, bool, bool, void*);
#define TINYTF_ORDERING(T) TINYTF_SORT(T, int32_t) TINYTF_SORT(T, int64_t) TINYTF_SCAN(T)
TINYTF_ORDERING(float)
TINYTF_ORDERING(double)
TINYTF_ORDERING(int32_t)
TINYTF_ORDERING(int64_t)

}  // namespace tinytf::cuda
