// Instantiations of map_unary and fill (cuda/elementwise.cuh) for the
// functor/dtype combinations of cpp/tinytf/ops/elementwise.cpp.
#include "elementwise.cuh"

namespace tinytf::cuda {

#define TINYTF_UNARY(T, F) template void map_unary<T, T, F>(const Layout<2>&, T*, const T*, F, void*);
#define TINYTF_UNARY_FLOATING(F) TINYTF_UNARY(float, F) TINYTF_UNARY(double, F)
#define TINYTF_UNARY_NUMERIC(F) TINYTF_UNARY_FLOATING(F) TINYTF_UNARY(int32_t, F) TINYTF_UNARY(int64_t, F)

// copies (contiguous(), assignment into views) are Identity on every dtype
TINYTF_UNARY_NUMERIC(fn::Identity)
TINYTF_UNARY(bool, fn::Identity)
TINYTF_UNARY_NUMERIC(fn::Negative)
TINYTF_UNARY_NUMERIC(fn::Abs)
TINYTF_UNARY_NUMERIC(fn::Sign)
TINYTF_UNARY_NUMERIC(fn::Square)
TINYTF_UNARY_NUMERIC(fn::Relu)
TINYTF_UNARY_FLOATING(fn::Sqrt)
TINYTF_UNARY_FLOATING(fn::Rsqrt)
TINYTF_UNARY_FLOATING(fn::Exp)
TINYTF_UNARY_FLOATING(fn::Log)
TINYTF_UNARY_FLOATING(fn::Log1p)
TINYTF_UNARY_FLOATING(fn::Expm1)
TINYTF_UNARY_FLOATING(fn::Erf)
TINYTF_UNARY_FLOATING(fn::Tanh)
TINYTF_UNARY_FLOATING(fn::Reciprocal)
TINYTF_UNARY_FLOATING(fn::Sigmoid)
TINYTF_UNARY_FLOATING(fn::Softplus)
TINYTF_UNARY_FLOATING(fn::Elu)
TINYTF_UNARY_FLOATING(fn::Selu)
TINYTF_UNARY_FLOATING(fn::Gelu)
TINYTF_UNARY_FLOATING(fn::GeluTanh)
TINYTF_UNARY_FLOATING(fn::LeakyRelu)
TINYTF_UNARY(bool, fn::LogicalNot)

// is_nan, is_inf, is_finite: floats in, bool out
#define TINYTF_PREDICATE(T, F) template void map_unary<bool, T, F>(const Layout<2>&, bool*, const T*, F, void*);
#define TINYTF_PREDICATE_FLOATING(F) TINYTF_PREDICATE(float, F) TINYTF_PREDICATE(double, F)
TINYTF_PREDICATE_FLOATING(fn::IsNan)
TINYTF_PREDICATE_FLOATING(fn::IsInf)
TINYTF_PREDICATE_FLOATING(fn::IsFinite)

// tf.cast: every dtype to every other
#define TINYTF_CAST(To, From) template void map_unary<To, From, fn::Cast<To>>(const Layout<2>&, To*, const From*, fn::Cast<To>, void*);
#define TINYTF_CAST_FROM(From) \
  TINYTF_CAST(float, From) TINYTF_CAST(double, From) TINYTF_CAST(int32_t, From) TINYTF_CAST(int64_t, From) TINYTF_CAST(bool, From)
TINYTF_CAST_FROM(float)
TINYTF_CAST_FROM(double)
TINYTF_CAST_FROM(int32_t)
TINYTF_CAST_FROM(int64_t)
TINYTF_CAST_FROM(bool)

template void fill<float>(float*, int64_t, float, void*);
template void fill<double>(double*, int64_t, double, void*);
template void fill<int32_t>(int32_t*, int64_t, int32_t, void*);
template void fill<int64_t>(int64_t*, int64_t, int64_t, void*);
template void fill<bool>(bool*, int64_t, bool, void*);

}  // namespace tinytf::cuda
