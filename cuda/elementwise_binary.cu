// Instantiations of map_binary and where (cuda/elementwise.cuh) for the
// functor/dtype combinations of cpp/tinytf/ops/elementwise.cpp.
#include "elementwise.cuh"

namespace tinytf::cuda {

#define TINYTF_BINARY(Out, T, F) template void map_binary<Out, T, T, F>(const Layout<3>&, Out*, const T*, const T*, F, void*);
#define TINYTF_BINARY_NUMERIC(F) \
  TINYTF_BINARY(float, float, F) TINYTF_BINARY(double, double, F) TINYTF_BINARY(int32_t, int32_t, F) TINYTF_BINARY(int64_t, int64_t, F)
#define TINYTF_COMPARE_NUMERIC(F) \
  TINYTF_BINARY(bool, float, F) TINYTF_BINARY(bool, double, F) TINYTF_BINARY(bool, int32_t, F) TINYTF_BINARY(bool, int64_t, F)

TINYTF_BINARY_NUMERIC(fn::Add)
TINYTF_BINARY_NUMERIC(fn::Sub)
TINYTF_BINARY_NUMERIC(fn::Mul)
TINYTF_BINARY_NUMERIC(fn::Maximum)
TINYTF_BINARY_NUMERIC(fn::Minimum)
TINYTF_BINARY_NUMERIC(fn::FloorDiv)
TINYTF_BINARY_NUMERIC(fn::FloorMod)
TINYTF_BINARY_NUMERIC(fn::Pow)
TINYTF_BINARY(float, float, fn::Div)
TINYTF_BINARY(double, double, fn::Div)
TINYTF_BINARY(float, float, fn::DivNoNan)
TINYTF_BINARY(double, double, fn::DivNoNan)
TINYTF_BINARY(float, float, fn::ReluGrad)
TINYTF_BINARY(double, double, fn::ReluGrad)
TINYTF_COMPARE_NUMERIC(fn::Equal)
TINYTF_BINARY(bool, bool, fn::Equal)
TINYTF_COMPARE_NUMERIC(fn::NotEqual)
TINYTF_BINARY(bool, bool, fn::NotEqual)
TINYTF_COMPARE_NUMERIC(fn::Less)
TINYTF_COMPARE_NUMERIC(fn::LessEqual)
TINYTF_COMPARE_NUMERIC(fn::Greater)
TINYTF_COMPARE_NUMERIC(fn::GreaterEqual)
TINYTF_BINARY(bool, bool, fn::LogicalAnd)
TINYTF_BINARY(bool, bool, fn::LogicalOr)

template void where<float>(const Layout<4>&, float*, const bool*, const float*, const float*, void*);
template void where<double>(const Layout<4>&, double*, const bool*, const double*, const double*, void*);
template void where<int32_t>(const Layout<4>&, int32_t*, const bool*, const int32_t*, const int32_t*, void*);
template void where<int64_t>(const Layout<4>&, int64_t*, const bool*, const int64_t*, const int64_t*, void*);
template void where<bool>(const Layout<4>&, bool*, const bool*, const bool*, const bool*, void*);

}  // namespace tinytf::cuda
