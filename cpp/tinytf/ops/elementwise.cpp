#include "tinytf/ops/elementwise.h"

#include "tinytf/kernels/elementwise.h"
#include "tinytf/kernels/functors.h"
#include "tinytf/ops/common.h"

namespace tinytf::ops {
namespace {

using kernels::StridedLoop;

// Which dtypes an op accepts; other dtypes raise InvalidArgument.
enum class Accepts { Floating, Numeric, Integer, Bool, All };

template <Accepts kAccepts, class Fn>
decltype(auto) visit_accepted(const char* op, DType d, Fn&& fn) {
  if constexpr (kAccepts == Accepts::Floating) return visit_floating(op, d, fn);
  else if constexpr (kAccepts == Accepts::Numeric) return visit_numeric(op, d, fn);
  else if constexpr (kAccepts == Accepts::Integer) return visit_integer(op, d, fn);
  else if constexpr (kAccepts == Accepts::All) return visit_dtype(d, fn);
  else {
    if (d != DType::Bool)
      throw InvalidArgument(std::string(op) + ": expected a bool tensor but got " + a_dtype(d) + " tensor");
    return fn(bool{});
  }
}

template <Accepts kAccepts, class F>
Tensor unary(const char* op, const Tensor& x, F f) {
  Tensor out;
  visit_accepted<kAccepts>(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    out = Tensor::empty(x.shape(), x.dtype(), x.device());
    StridedLoop<2> loop(x.shape(), {out.strides(), x.strides()});
    kernels::map_unary(loop, out.data<T>(), x.data<T>(), f);
  });
  return out;
}

// kBoolOut: the result is bool (comparisons) instead of the inputs' dtype.
template <Accepts kAccepts, bool kBoolOut = false, class F>
Tensor binary(const char* op, const Tensor& a, const Tensor& b, F f) {
  check_same_device(op, a, b);
  check_same_dtype(op, a, b);
  const Shape shape = broadcast_shapes(op, a.shape(), b.shape());
  Tensor out;
  visit_accepted<kAccepts>(op, a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using Out = std::conditional_t<kBoolOut, bool, T>;
    out = Tensor::empty(shape, dtype_of<Out>::value, a.device());
    StridedLoop<3> loop(shape, {out.strides(), broadcast_view(a, shape).strides(), broadcast_view(b, shape).strides()});
    kernels::map_binary(loop, out.data<Out>(), a.data<T>(), b.data<T>(), f);
  });
  return out;
}

// Whether pred holds for any element: integer floordiv/floormod by zero and
// negative integer powers are rejected before any output exists.
bool any_element(const Tensor& t, bool (*pred)(double)) {
  bool found = false;
  visit_dtype(t.dtype(), [&](auto zero) {
    using T = decltype(zero);
    StridedLoop<1> loop(t.shape(), {t.strides()});
    const T* p = t.data<T>();
    loop.for_each_run(0, loop.numel(), [&](const auto& off, int64_t n, const auto& step) {
      for (int64_t i = 0; i < n && !found; ++i) found = pred(double(p[off[0] + i * step[0]]));
    });
  });
  return found;
}

}  // namespace

Tensor negative(const Tensor& x) { return unary<Accepts::Numeric>("negative", x, fn::Negative{}); }
Tensor abs(const Tensor& x) { return unary<Accepts::Numeric>("abs", x, fn::Abs{}); }
Tensor sign(const Tensor& x) { return unary<Accepts::Numeric>("sign", x, fn::Sign{}); }
Tensor square(const Tensor& x) { return unary<Accepts::Numeric>("square", x, fn::Square{}); }
Tensor sqrt(const Tensor& x) { return unary<Accepts::Floating>("sqrt", x, fn::Sqrt{}); }
Tensor rsqrt(const Tensor& x) { return unary<Accepts::Floating>("rsqrt", x, fn::Rsqrt{}); }
Tensor exp(const Tensor& x) { return unary<Accepts::Floating>("exp", x, fn::Exp{}); }
Tensor log(const Tensor& x) { return unary<Accepts::Floating>("log", x, fn::Log{}); }
Tensor tanh(const Tensor& x) { return unary<Accepts::Floating>("tanh", x, fn::Tanh{}); }
Tensor reciprocal(const Tensor& x) { return unary<Accepts::Floating>("reciprocal", x, fn::Reciprocal{}); }
Tensor sigmoid(const Tensor& x) { return unary<Accepts::Floating>("sigmoid", x, fn::Sigmoid{}); }
Tensor relu(const Tensor& x) { return unary<Accepts::Numeric>("relu", x, fn::Relu{}); }
Tensor softplus(const Tensor& x) { return unary<Accepts::Floating>("softplus", x, fn::Softplus{}); }
Tensor elu(const Tensor& x) { return unary<Accepts::Floating>("elu", x, fn::Elu{}); }
Tensor selu(const Tensor& x) { return unary<Accepts::Floating>("selu", x, fn::Selu{}); }
Tensor gelu(const Tensor& x, bool approximate) {
  return approximate ? unary<Accepts::Floating>("gelu", x, fn::GeluTanh{})
                     : unary<Accepts::Floating>("gelu", x, fn::Gelu{});
}
Tensor leaky_relu(const Tensor& x, double alpha) {
  return unary<Accepts::Floating>("leaky_relu", x, fn::LeakyRelu{alpha});
}
Tensor logical_not(const Tensor& x) { return unary<Accepts::Bool>("logical_not", x, fn::LogicalNot{}); }

Tensor cast(const Tensor& x, DType dtype) {
  if (x.dtype() == dtype) return x;
  Tensor out = Tensor::empty(x.shape(), dtype, x.device());
  StridedLoop<2> loop(x.shape(), {out.strides(), x.strides()});
  visit_dtype(x.dtype(), [&](auto in_zero) {
    using In = decltype(in_zero);
    visit_dtype(dtype, [&](auto out_zero) {
      using Out = decltype(out_zero);
      kernels::map_unary(loop, out.data<Out>(), x.data<In>(), fn::Cast<Out>{});
    });
  });
  return out;
}

Tensor add(const Tensor& a, const Tensor& b) { return binary<Accepts::Numeric>("add", a, b, fn::Add{}); }
Tensor subtract(const Tensor& a, const Tensor& b) { return binary<Accepts::Numeric>("subtract", a, b, fn::Sub{}); }
Tensor multiply(const Tensor& a, const Tensor& b) { return binary<Accepts::Numeric>("multiply", a, b, fn::Mul{}); }
Tensor maximum(const Tensor& a, const Tensor& b) { return binary<Accepts::Numeric>("maximum", a, b, fn::Maximum{}); }
Tensor minimum(const Tensor& a, const Tensor& b) { return binary<Accepts::Numeric>("minimum", a, b, fn::Minimum{}); }

Tensor divide(const Tensor& a, const Tensor& b) {
  // TensorFlow's truediv: integer inputs are converted to float64 first.
  if (is_integer(a.dtype()) && a.dtype() == b.dtype())
    return divide(cast(a, DType::Float64), cast(b, DType::Float64));
  return binary<Accepts::Floating>("divide", a, b, fn::Div{});
}

Tensor floordiv(const Tensor& a, const Tensor& b) {
  if (is_integer(b.dtype()) && any_element(b, [](double v) { return v == 0; }))
    throw InvalidArgument("floordiv: integer division by zero (the divisor, " + describe(b) + ", contains 0)");
  return binary<Accepts::Numeric>("floordiv", a, b, fn::FloorDiv{});
}

Tensor floormod(const Tensor& a, const Tensor& b) {
  if (is_integer(b.dtype()) && any_element(b, [](double v) { return v == 0; }))
    throw InvalidArgument("floormod: integer division by zero (the divisor, " + describe(b) + ", contains 0)");
  return binary<Accepts::Numeric>("floormod", a, b, fn::FloorMod{});
}

Tensor pow(const Tensor& a, const Tensor& b) {
  if (is_integer(b.dtype()) && any_element(b, [](double v) { return v < 0; }))
    throw InvalidArgument("pow: integers to negative integer powers are not allowed (the exponent, " + describe(b) +
                          ", has a negative element); cast to float first");
  return binary<Accepts::Numeric>("pow", a, b, fn::Pow{});
}

Tensor equal(const Tensor& a, const Tensor& b) { return binary<Accepts::All, true>("equal", a, b, fn::Equal{}); }
Tensor not_equal(const Tensor& a, const Tensor& b) {
  return binary<Accepts::All, true>("not_equal", a, b, fn::NotEqual{});
}
Tensor less(const Tensor& a, const Tensor& b) { return binary<Accepts::Numeric, true>("less", a, b, fn::Less{}); }
Tensor less_equal(const Tensor& a, const Tensor& b) {
  return binary<Accepts::Numeric, true>("less_equal", a, b, fn::LessEqual{});
}
Tensor greater(const Tensor& a, const Tensor& b) {
  return binary<Accepts::Numeric, true>("greater", a, b, fn::Greater{});
}
Tensor greater_equal(const Tensor& a, const Tensor& b) {
  return binary<Accepts::Numeric, true>("greater_equal", a, b, fn::GreaterEqual{});
}
Tensor logical_and(const Tensor& a, const Tensor& b) {
  return binary<Accepts::Bool>("logical_and", a, b, fn::LogicalAnd{});
}
Tensor logical_or(const Tensor& a, const Tensor& b) { return binary<Accepts::Bool>("logical_or", a, b, fn::LogicalOr{}); }

Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y) {
  const char* op = "where";
  if (cond.dtype() != DType::Bool)
    throw InvalidArgument("where: the condition must be a bool tensor but is " + describe(cond));
  check_same_device(op, cond, x);
  check_same_device(op, x, y);
  check_same_dtype(op, x, y);
  const Shape shape = broadcast_shapes(op, broadcast_shapes(op, cond.shape(), x.shape()), y.shape());
  Tensor out = Tensor::empty(shape, x.dtype(), x.device());
  kernels::StridedLoop<4> loop(shape, {out.strides(), broadcast_view(cond, shape).strides(),
                                       broadcast_view(x, shape).strides(), broadcast_view(y, shape).strides()});
  visit_dtype(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    kernels::map_ternary(loop, out.data<T>(), cond.data<bool>(), x.data<T>(), y.data<T>(),
                         [](bool c, T a, T b) { return c ? a : b; });
  });
  return out;
}

}  // namespace tinytf::ops
