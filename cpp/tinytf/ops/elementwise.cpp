#include "tinytf/ops/elementwise.h"

#include "tinytf/kernels/functors.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/creation.h"
#include "tinytf/ops/dispatch.h"
#include "tinytf/ops/gradient.h"
#include "tinytf/ops/reduce.h"
#include "tinytf/ops/transfer.h"

namespace tinytf::ops {
namespace {

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

// kBoolOut: the result is bool (is_nan and friends) instead of the input's dtype.
template <Accepts kAccepts, bool kBoolOut = false, class F>
Tensor unary(const char* op, const Tensor& x, F f) {
  Tensor out;
  visit_accepted<kAccepts>(op, x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    using Out = std::conditional_t<kBoolOut, bool, T>;
    out = Tensor::empty(x.shape(), dtype_of<Out>::value, x.device(), op);
    dispatch::map_unary<Out, T>(out, x, f);
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
    out = Tensor::empty(shape, dtype_of<Out>::value, a.device(), op);
    dispatch::map_binary<Out, T, T>(out, broadcast_view(a, shape), broadcast_view(b, shape), f);
  });
  return out;
}

// A scalar of x's dtype: constants inside gradient formulas.
Tensor like(const Tensor& x, double value) { return fill({}, Scalar::of(value), x.dtype(), x.device()); }

// Whether any element of a bool tensor is true (one element comes back from a
// GPU): integer floordiv/floormod by zero and negative integer powers are
// rejected before the op's output exists.
bool any_true(const Tensor& cond) { return to_cpu(reduce_any(cond, nullptr, false)).item() != 0; }

}  // namespace

// Each op: forward through a functor, then (when a tape records) its
// gradient, written with ops. g is the gradient of the output.

Tensor negative(const Tensor& x) {
  Tensor y = unary<Accepts::Numeric>("negative", x, fn::Negative{});
  record_unary("Neg", x, y, {}, [](const Tensor& g) { return negative(g); });
  return y;
}
Tensor abs(const Tensor& x) {
  Tensor y = unary<Accepts::Numeric>("abs", x, fn::Abs{});
  record_unary("Abs", x, y, {x}, [x](const Tensor& g) { return multiply(g, sign(x)); });
  return y;
}
Tensor sign(const Tensor& x) {
  Tensor y = unary<Accepts::Numeric>("sign", x, fn::Sign{});
  record_unary("Sign", x, y, {x}, [x](const Tensor& g) { return multiply(g, like(x, 0)); });
  return y;
}
Tensor square(const Tensor& x) {
  Tensor y = unary<Accepts::Numeric>("square", x, fn::Square{});
  record_unary("Square", x, y, {x}, [x](const Tensor& g) { return multiply(g, multiply(x, like(x, 2))); });
  return y;
}
Tensor sqrt(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("sqrt", x, fn::Sqrt{});
  record_unary("Sqrt", x, y, {y}, [y](const Tensor& g) { return divide(g, multiply(y, like(y, 2))); });
  return y;
}
Tensor rsqrt(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("rsqrt", x, fn::Rsqrt{});
  record_unary("Rsqrt", x, y, {y}, [y](const Tensor& g) { return multiply(g, multiply(like(y, -0.5), multiply(y, square(y)))); });
  return y;
}
Tensor exp(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("exp", x, fn::Exp{});
  record_unary("Exp", x, y, {y}, [y](const Tensor& g) { return multiply(g, y); });
  return y;
}
Tensor log(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("log", x, fn::Log{});
  record_unary("Log", x, y, {x}, [x](const Tensor& g) { return divide(g, x); });
  return y;
}
Tensor log1p(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("log1p", x, fn::Log1p{});
  record_unary("Log1p", x, y, {x}, [x](const Tensor& g) { return divide(g, add(x, like(x, 1))); });
  return y;
}
Tensor expm1(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("expm1", x, fn::Expm1{});
  record_unary("Expm1", x, y, {y}, [y](const Tensor& g) { return multiply(g, add(y, like(y, 1))); });
  return y;
}
Tensor tanh(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("tanh", x, fn::Tanh{});
  record_unary("Tanh", x, y, {y}, [y](const Tensor& g) { return multiply(g, subtract(like(y, 1), square(y))); });
  return y;
}
Tensor reciprocal(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("reciprocal", x, fn::Reciprocal{});
  record_unary("Reciprocal", x, y, {y}, [y](const Tensor& g) { return negative(multiply(g, square(y))); });
  return y;
}
Tensor sigmoid(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("sigmoid", x, fn::Sigmoid{});
  record_unary("Sigmoid", x, y, {y}, [y](const Tensor& g) { return multiply(g, multiply(y, subtract(like(y, 1), y))); });
  return y;
}
// ReLU's gradient in one pass over g and ReLU's output y (TensorFlow's ReluGrad; y > 0 exactly where x > 0,
// and keeping y lets the tape free x). Its own gradient goes to g the same way, and y gets zeros (relu's
// second derivative), as in TensorFlow.
Tensor relu_grad(const Tensor& g, const Tensor& y) {
  Tensor dx = binary<Accepts::Floating>("relu_grad", g, y, fn::ReluGrad{});
  record_op("ReluGrad", {g, y}, {dx}, {y}, [y](const std::vector<Tensor>& gg) {
    return std::vector<Tensor>{relu_grad(gg[0], y), fill(y.shape(), Scalar::of(0.0), y.dtype(), y.device())};
  });
  return dx;
}

Tensor relu(const Tensor& x) {
  Tensor y = unary<Accepts::Numeric>("relu", x, fn::Relu{});
  record_unary("Relu", x, y, {y}, [y](const Tensor& g) { return relu_grad(g, y); });
  return y;
}
Tensor softplus(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("softplus", x, fn::Softplus{});
  record_unary("Softplus", x, y, {x}, [x](const Tensor& g) { return multiply(g, sigmoid(x)); });
  return y;
}
Tensor elu(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("elu", x, fn::Elu{});
  record_unary("Elu", x, y, {x, y}, [x, y](const Tensor& g) {
    return where(greater(x, like(x, 0)), g, multiply(g, add(y, like(y, 1))));
  });
  return y;
}
Tensor selu(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("selu", x, fn::Selu{});
  record_unary("Selu", x, y, {x, y}, [x, y](const Tensor& g) {
    const double scale = 1.0507009873554804934193349852946, alpha = 1.6732632423543772848170429916717;
    return where(greater(x, like(x, 0)), multiply(g, like(g, scale)), multiply(g, add(y, like(y, scale * alpha))));
  });
  return y;
}
Tensor erf(const Tensor& x) {
  Tensor y = unary<Accepts::Floating>("erf", x, fn::Erf{});
  record_unary("Erf", x, y, {x}, [x](const Tensor& g) {  // d erf(x)/dx = 2/sqrt(pi) * exp(-x^2)
    return multiply(g, multiply(like(x, 1.1283791670955126), exp(negative(square(x)))));
  });
  return y;
}
Tensor gelu(const Tensor& x, bool approximate) {
  if (approximate) {  // written with differentiable ops, so its gradient comes for free
    const Tensor inner = multiply(like(x, 0.7978845608028654), add(x, multiply(like(x, 0.044715), multiply(x, square(x)))));
    return multiply(multiply(like(x, 0.5), x), add(like(x, 1), tanh(inner)));
  }
  Tensor y = unary<Accepts::Floating>("gelu", x, fn::Gelu{});
  record_unary("Gelu", x, y, {x}, [x](const Tensor& g) {  // Phi(x) + x * phi(x)
    const Tensor cdf = multiply(like(x, 0.5), add(like(x, 1), erf(multiply(x, like(x, 0.70710678118654752440)))));
    const Tensor pdf = multiply(like(x, 0.3989422804014327), exp(multiply(like(x, -0.5), square(x))));
    return multiply(g, add(cdf, multiply(x, pdf)));
  });
  return y;
}
Tensor leaky_relu(const Tensor& x, double alpha) {
  Tensor y = unary<Accepts::Floating>("leaky_relu", x, fn::LeakyRelu{alpha});
  record_unary("LeakyRelu", x, y, {x}, [x, alpha](const Tensor& g) {
    return where(greater(x, like(x, 0)), g, multiply(g, like(g, alpha)));
  });
  return y;
}
Tensor logical_not(const Tensor& x) { return unary<Accepts::Bool>("logical_not", x, fn::LogicalNot{}); }
Tensor is_nan(const Tensor& x) { return unary<Accepts::Floating, true>("is_nan", x, fn::IsNan{}); }
Tensor is_inf(const Tensor& x) { return unary<Accepts::Floating, true>("is_inf", x, fn::IsInf{}); }
Tensor is_finite(const Tensor& x) { return unary<Accepts::Floating, true>("is_finite", x, fn::IsFinite{}); }

Tensor cast(const Tensor& x, DType dtype) {
  if (x.dtype() == dtype) return x;
  Tensor out = Tensor::empty(x.shape(), dtype, x.device());
  visit_dtype(x.dtype(), [&](auto in_zero) {
    using In = decltype(in_zero);
    visit_dtype(dtype, [&](auto out_zero) {
      using Out = decltype(out_zero);
      dispatch::map_unary<Out, In>(out, x, fn::Cast<Out>{});
    });
  });
  if (is_floating(dtype)) {  // only float -> float casts carry a gradient
    const DType from = x.dtype();
    record_unary("Cast", x, out, {}, [from](const Tensor& g) { return cast(g, from); });
  } else {
    record_no_gradient("Cast", NoGradientReason::Integer, {x}, {out});
  }
  return out;
}

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor y = binary<Accepts::Numeric>("add", a, b, fn::Add{});
  record_binary("AddV2", a, b, y, {}, [](const Tensor& g) { return std::pair{g, g}; });
  return y;
}
Tensor subtract(const Tensor& a, const Tensor& b) {
  Tensor y = binary<Accepts::Numeric>("subtract", a, b, fn::Sub{});
  record_binary("Sub", a, b, y, {}, [](const Tensor& g) { return std::pair{g, negative(g)}; });
  return y;
}
Tensor multiply(const Tensor& a, const Tensor& b) {
  Tensor y = binary<Accepts::Numeric>("multiply", a, b, fn::Mul{});
  record_binary("Mul", a, b, y, {a, b}, [a, b](const Tensor& g) { return std::pair{multiply(g, b), multiply(g, a)}; });
  return y;
}
Tensor maximum(const Tensor& a, const Tensor& b) {
  Tensor y = binary<Accepts::Numeric>("maximum", a, b, fn::Maximum{});
  record_binary("Maximum", a, b, y, {a, b}, [a, b](const Tensor& g) {  // ties send the gradient to a, as TensorFlow does
    const Tensor a_wins = greater_equal(a, b), zero = like(g, 0);
    return std::pair{where(a_wins, g, zero), where(a_wins, zero, g)};
  });
  return y;
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  Tensor y = binary<Accepts::Numeric>("minimum", a, b, fn::Minimum{});
  record_binary("Minimum", a, b, y, {a, b}, [a, b](const Tensor& g) {
    const Tensor a_wins = less_equal(a, b), zero = like(g, 0);
    return std::pair{where(a_wins, g, zero), where(a_wins, zero, g)};
  });
  return y;
}

Tensor divide(const Tensor& a, const Tensor& b) {
  // TensorFlow's truediv checks the dtypes in Python, with TypeErrors.
  if (a.dtype() != b.dtype())
    throw TypeError(std::string("divide: `x` and `y` must have the same dtype, got tf.") + dtype_name(a.dtype()) +
                    " != tf." + dtype_name(b.dtype()) + ". Cast one of them first, e.g. tf.cast(y, tf." +
                    dtype_name(a.dtype()) + ")");
  if (a.dtype() == DType::Bool)
    throw TypeError("divide: invalid dtype tf.bool; true division takes integer or floating-point tensors");
  // Integer inputs are converted to float64 first.
  if (is_integer(a.dtype())) return divide(cast(a, DType::Float64), cast(b, DType::Float64));
  Tensor y = binary<Accepts::Floating>("divide", a, b, fn::Div{});
  record_binary("RealDiv", a, b, y, {a, b}, [a, b](const Tensor& g) {  // d(a/b) = da/b - a db/b^2
    return std::pair{divide(g, b), negative(divide(multiply(g, a), square(b)))};
  });
  return y;
}

Tensor div_no_nan(const Tensor& a, const Tensor& b) {
  // The dtype rules of divide (TensorFlow's truediv table), then 0 wherever b is 0.
  if (a.dtype() != b.dtype())
    throw TypeError(std::string("div_no_nan: `x` and `y` must have the same dtype, got tf.") + dtype_name(a.dtype()) +
                    " != tf." + dtype_name(b.dtype()) + ".");
  if (a.dtype() == DType::Bool)
    throw TypeError("div_no_nan: invalid dtype tf.bool; expected one of tf.int32, tf.int64, tf.float32, tf.float64");
  if (is_integer(a.dtype())) return div_no_nan(cast(a, DType::Float64), cast(b, DType::Float64));
  Tensor y = binary<Accepts::Floating>("div_no_nan", a, b, fn::DivNoNan{});
  record_binary("DivNoNan", a, b, y, {a, b}, [a, b](const Tensor& g) {  // TensorFlow's _DivNoNanGrad
    return std::pair{div_no_nan(g, b), multiply(g, div_no_nan(div_no_nan(negative(a), b), b))};
  });
  return y;
}

Tensor add_n(const std::vector<Tensor>& inputs) {
  const char* op = "add_n";
  if (inputs.empty())  // TensorFlow checks this in Python
    throw ValueError("add_n: inputs must be a non-empty list of tensors of the same shape and dtype");
  const Tensor& first = inputs[0];
  for (size_t i = 1; i < inputs.size(); ++i) {
    check_same_device(op, first, inputs[i]);
    if (inputs[i].dtype() != first.dtype())
      throw InvalidArgument("add_n: input " + std::to_string(i) + " is " + describe(inputs[i]) + " but input 0 is " +
                            describe(first) + "; all inputs must have the same dtype (use tf.cast)");
    if (inputs[i].shape() != first.shape())
      throw InvalidArgument("add_n: all inputs must have the same shape (add_n does not broadcast), but input 0 has "
                            "shape " + shape_str(first.shape()) + " and input " + std::to_string(i) + " has shape " +
                            shape_str(inputs[i].shape()));
  }
  visit_numeric(op, first.dtype(), [](auto) {});  // numeric dtypes only, or InvalidArgument
  if (inputs.size() == 1) return first;
  Tensor out = Tensor::empty(first.shape(), first.dtype(), first.device());
  visit_numeric(op, first.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::map_binary<T, T, T>(out, inputs[0], inputs[1], fn::Add{});
    // The rest are added into `out` in place: no one else can see it yet.
    for (size_t i = 2; i < inputs.size(); ++i) dispatch::map_binary<T, T, T>(out, out, inputs[i], fn::Add{});
  });
  record_op("AddN", inputs, {out}, {}, [n = inputs.size()](const std::vector<Tensor>& g) {
    return std::vector<Tensor>(n, g[0]);
  });
  return out;
}

// TensorFlow refuses an integer division by zero, but only where one happens: an empty result divides nothing.
static void check_no_division_by_zero(const char* op, const Tensor& a, const Tensor& b) {
  if (is_integer(b.dtype()) && num_elements(broadcast_shapes(op, a.shape(), b.shape())) > 0 &&
      any_true(equal(b, like(b, 0))))
    throw InvalidArgument(std::string(op) + ": integer division by zero (the divisor, " + describe(b) + ", contains 0)");
}

Tensor floordiv(const Tensor& a, const Tensor& b) {
  check_no_division_by_zero("floordiv", a, b);
  return binary<Accepts::Numeric>("floordiv", a, b, fn::FloorDiv{});
}

Tensor floormod(const Tensor& a, const Tensor& b) {
  check_no_division_by_zero("floormod", a, b);
  Tensor y = binary<Accepts::Numeric>("floormod", a, b, fn::FloorMod{});
  record_binary("FloorMod", a, b, y, {a, b}, [a, b](const Tensor& g) {  // a mod b = a - floor(a / b) * b
    return std::pair{g, negative(multiply(g, floordiv(a, b)))};
  });
  return y;
}

Tensor pow(const Tensor& a, const Tensor& b) {
  if (is_integer(b.dtype()) && any_true(less(b, like(b, 0))))
    throw InvalidArgument("pow: integers to negative integer powers are not allowed (the exponent, " + describe(b) +
                          ", has a negative element); cast to float first");
  Tensor y = binary<Accepts::Numeric>("pow", a, b, fn::Pow{});
  record_binary("Pow", a, b, y, {a, b, y}, [a, b, y](const Tensor& g) {
    // d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log(a), taken as 0 where a <= 0 (TensorFlow's choice).
    const Tensor da = multiply(g, multiply(b, pow(a, subtract(b, like(b, 1)))));
    const Tensor safe_log = where(greater(a, like(a, 0)), log(where(greater(a, like(a, 0)), a, like(a, 1))), like(a, 0));
    return std::pair{da, multiply(g, multiply(y, safe_log))};
  });
  return y;
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
  visit_dtype(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    dispatch::where<T>(out, broadcast_view(cond, shape), broadcast_view(x, shape), broadcast_view(y, shape));
  });
  record_op("SelectV2", {cond, x, y}, {out}, {cond}, [cond, sx = x.shape(), sy = y.shape()](const std::vector<Tensor>& g) {
    const Tensor zero = like(g[0], 0);
    return std::vector<Tensor>{Tensor(), sum_to_shape(where(cond, g[0], zero), sx),
                               sum_to_shape(where(cond, zero, g[0]), sy)};
  });
  return out;
}

}  // namespace tinytf::ops
