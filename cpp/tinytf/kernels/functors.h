// The per-element math of every elementwise op and reduction, written once.
//
// Each functor is a tiny struct whose operator() is marked host+device, so
// the CPU kernels (cpp/tinytf/kernels) and the CUDA kernels (cuda/) call the
// very same code and differ only in how they walk the data (DESIGN.md).
// Integer and floating types share a functor where the math is the same.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#if defined(__CUDACC__)
#define TINYTF_HD __host__ __device__ __forceinline__
#else
#define TINYTF_HD inline
#endif

namespace tinytf::fn {

// ---- exp for float32, in plain arithmetic the compiler can vectorise ---------
// libm's expf is a scalar function call, five times slower than the rest of a
// softmax. Here: exp(x) = 2^n * e^r with n = round(x / ln 2), |r| <= ln(2)/2,
// e^r from a degree-6 polynomial (Cephes' minimax coefficients, about 1 ulp),
// and 2^n written straight into a float's exponent bits.
TINYTF_HD float pow2i(int32_t k) {  // 2^k for -126 <= k <= 127
  const uint32_t bits = uint32_t(k + 127) << 23;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

TINYTF_HD float exp_f32(float x) {
  // Clamp (NaN passes through: both comparisons are false); beyond, the result is 0 or inf anyway.
  const float xc = x < -104.0f ? -104.0f : (x > 89.0f ? 89.0f : x);
  // n = round(x / ln 2), read from the bits: adding 1.5 * 2^23 leaves the rounded value in the low bits
  // of the float's mantissa. No float is converted to int, so a NaN, which C++ may not convert (UBSan
  // reports it), gives some finite n, and the NaN reaches the result through r. (Also a little faster
  // than int32_t(x * log2(e) + 150.5f) - 150.)
  const float shifter = 12582912.0f, shifted = xc * 1.44269504088896341f + shifter;
  int32_t shifted_bits, shifter_bits;
  std::memcpy(&shifted_bits, &shifted, sizeof shifted);
  std::memcpy(&shifter_bits, &shifter, sizeof shifter);
  const int32_t n = shifted_bits - shifter_bits;  // shifted > 0 (xc >= -104) or NaN: fits in int32
  const float nf = float(n);
  const float r = (xc - nf * 0.693359375f) - nf * -2.12194440e-4f;  // ln 2 in two parts keeps r exact
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * (r * r) + r + 1.0f;
  const int32_t n1 = n >> 1;  // two factors keep 2^n normal, so tiny results come out denormal
  return y * pow2i(n1) * pow2i(n - n1);
}

// ---- integer arithmetic wraps around ------------------------------------------
// Integers overflow as TensorFlow's and NumPy's do, modulo 2^bits (-(-2^31) is
// -2^31 in int32). Signed overflow is undefined behaviour in C++ (a compiler may
// assume it never happens, and UBSan reports it), so sums, differences and
// products of signed integers are computed in the unsigned type of the same
// width, where wrapping is defined, and converted back. Floats are unchanged.
template <class T>
constexpr bool kWraps = std::is_integral_v<T> && std::is_signed_v<T>;
template <class T> TINYTF_HD T wrapping_add(T a, T b) {
  if constexpr (kWraps<T>) return T(std::make_unsigned_t<T>(a) + std::make_unsigned_t<T>(b));
  else return a + b;
}
template <class T> TINYTF_HD T wrapping_sub(T a, T b) {
  if constexpr (kWraps<T>) return T(std::make_unsigned_t<T>(a) - std::make_unsigned_t<T>(b));
  else return a - b;
}
template <class T> TINYTF_HD T wrapping_mul(T a, T b) {
  if constexpr (kWraps<T>) return T(std::make_unsigned_t<T>(a) * std::make_unsigned_t<T>(b));
  else return a * b;
}

// ---- unary -----------------------------------------------------------------
struct Identity { template <class T> TINYTF_HD T operator()(T x) const { return x; } };
struct Negative { template <class T> TINYTF_HD T operator()(T x) const { return wrapping_sub(T(0), x); } };
struct Abs { template <class T> TINYTF_HD T operator()(T x) const { return x < T(0) ? wrapping_sub(T(0), x) : x; } };
struct Sign {  // -1, 0 or 1; NaN stays NaN
  template <class T> TINYTF_HD T operator()(T x) const { return x > T(0) ? T(1) : x < T(0) ? T(-1) : x; }
};
struct Square { template <class T> TINYTF_HD T operator()(T x) const { return wrapping_mul(x, x); } };
struct Sqrt { template <class T> TINYTF_HD T operator()(T x) const { return std::sqrt(x); } };
struct Rsqrt { template <class T> TINYTF_HD T operator()(T x) const { return T(1) / std::sqrt(x); } };
struct Exp {
  TINYTF_HD float operator()(float x) const { return exp_f32(x); }
  TINYTF_HD double operator()(double x) const { return std::exp(x); }
};
struct Log { template <class T> TINYTF_HD T operator()(T x) const { return std::log(x); } };
struct Log1p { template <class T> TINYTF_HD T operator()(T x) const { return std::log1p(x); } };  // log(1 + x), exact near 0
struct Expm1 { template <class T> TINYTF_HD T operator()(T x) const { return std::expm1(x); } };  // e^x - 1, exact near 0
struct Erf { template <class T> TINYTF_HD T operator()(T x) const { return std::erf(x); } };
struct Tanh { template <class T> TINYTF_HD T operator()(T x) const { return std::tanh(x); } };
struct Reciprocal { template <class T> TINYTF_HD T operator()(T x) const { return T(1) / x; } };
struct LogicalNot { TINYTF_HD bool operator()(bool x) const { return !x; } };

// Classifying floats (bool results). Written with comparisons only, so they
// mean the same under any compiler flag and on any device.
struct IsNan { template <class T> TINYTF_HD bool operator()(T x) const { return x != x; } };
struct IsInf {
  template <class T> TINYTF_HD bool operator()(T x) const {
    return x == std::numeric_limits<T>::infinity() || x == -std::numeric_limits<T>::infinity();
  }
};
struct IsFinite { template <class T> TINYTF_HD bool operator()(T x) const { return x - x == T(0); } };  // inf - inf and NaN give NaN

struct Relu { template <class T> TINYTF_HD T operator()(T x) const { return x > T(0) ? x : T(0); } };
// ReLU's gradient: g where ReLU's output y is positive, else 0 (TensorFlow's ReluGrad).
struct ReluGrad { template <class T> TINYTF_HD T operator()(T g, T y) const { return y > T(0) ? g : T(0); } };
struct Sigmoid {  // never computes exp of a large positive number, so no overflow
  template <class T> TINYTF_HD T operator()(T x) const {
    if (x >= T(0)) return T(1) / (T(1) + Exp{}(-x));
    const T e = Exp{}(x);
    return e / (T(1) + e);
  }
};
struct Softplus {  // log(1 + e^x) = max(x, 0) + log1p(e^-|x|), stable for any x
  template <class T> TINYTF_HD T operator()(T x) const {
    return (x > T(0) ? x : T(0)) + std::log1p(std::exp(x > T(0) ? -x : x));
  }
};
struct Elu { template <class T> TINYTF_HD T operator()(T x) const { return x > T(0) ? x : std::expm1(x); } };
struct Selu {  // constants from Klambauer et al. (2017), as in TensorFlow
  template <class T> TINYTF_HD T operator()(T x) const {
    const T alpha = T(1.6732632423543772848170429916717), scale = T(1.0507009873554804934193349852946);
    return x > T(0) ? scale * x : scale * alpha * std::expm1(x);
  }
};
struct Gelu {  // exact form x * Phi(x), TensorFlow's default (approximate=False)
  template <class T> TINYTF_HD T operator()(T x) const {
    return T(0.5) * x * (T(1) + std::erf(x * T(0.70710678118654752440)));
  }
};
struct GeluTanh {  // the tanh approximation (approximate=True)
  template <class T> TINYTF_HD T operator()(T x) const {
    const T c = T(0.7978845608028654);  // sqrt(2 / pi)
    return T(0.5) * x * (T(1) + std::tanh(c * (x + T(0.044715) * x * x * x)));
  }
};
struct LeakyRelu {
  double alpha;
  template <class T> TINYTF_HD T operator()(T x) const { return x > T(0) ? x : T(alpha) * x; }
};

// Conversion between dtypes: float -> int truncates toward zero, x -> bool is x != 0.
// A float that no value of the integer type holds (NaN, +-inf, beyond the range) becomes the type's lowest
// value: what x86's conversion instructions give, and so TensorFlow's CPU kernels and NumPy. C++ leaves that
// conversion undefined (a compiler may assume it never happens; CUDA's gives other values), so the range is
// checked here and every device gives the same answer. Both bounds are powers of two, exact in the float.
template <class To>
struct Cast {
  template <class From> TINYTF_HD To operator()(From x) const {
    if constexpr (std::is_same_v<To, bool>) {
      return x != From(0);
    } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
      constexpr To kLowest = std::numeric_limits<To>::min();
      constexpr From kBelow = From(kLowest), kAbove = -From(kLowest);  // -2^(bits-1) and 2^(bits-1)
      return x >= kBelow && x < kAbove ? static_cast<To>(x) : kLowest;
    } else {
      return static_cast<To>(x);
    }
  }
};

// ---- binary ----------------------------------------------------------------
struct Add { template <class T> TINYTF_HD T operator()(T a, T b) const { return wrapping_add(a, b); } };
struct Sub { template <class T> TINYTF_HD T operator()(T a, T b) const { return wrapping_sub(a, b); } };
struct Mul { template <class T> TINYTF_HD T operator()(T a, T b) const { return wrapping_mul(a, b); } };
struct Div { template <class T> TINYTF_HD T operator()(T a, T b) const { return a / b; } };
struct DivNoNan {  // 0 where b is 0, whatever a is (NaN and inf included), as in TensorFlow
  template <class T> TINYTF_HD T operator()(T a, T b) const { return b == T(0) ? T(0) : a / b; }
};
struct Maximum {  // NaN wins, as in TensorFlow
  template <class T> TINYTF_HD T operator()(T a, T b) const { return (a > b || a != a) ? a : b; }
};
struct Minimum {
  template <class T> TINYTF_HD T operator()(T a, T b) const { return (a < b || a != a) ? a : b; }
};
struct FloorDiv {  // rounds toward -infinity, like Python's //
  template <class T> TINYTF_HD T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      return std::floor(a / b);
    } else {  // the ops check b != 0 before the kernel runs
      // MIN / -1 does not fit T and x86 traps on it (SIGFPE): TensorFlow's answer is
      // MIN, the negation wrapped around.
      if (b == T(-1)) return wrapping_sub(T(0), a);
      const T q = a / b;
      return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : q;
    }
  }
};
struct FloorMod {  // the remainder has the sign of the divisor, like Python's %
  template <class T> TINYTF_HD T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      T r = std::fmod(a, b);
      return (r != T(0) && ((r < T(0)) != (b < T(0)))) ? r + b : r;
    } else {
      if (b == T(-1)) return T(0);  // every integer divides by -1; MIN % -1 would trap (see FloorDiv)
      const T r = a % b;
      return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    }
  }
};
struct Pow {
  template <class T> TINYTF_HD T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      return std::pow(a, b);
    } else {  // exponentiation by squaring; the ops reject negative exponents
      T result = 1;
      while (b > 0) {
        if (b & 1) result = wrapping_mul(result, a);
        a = wrapping_mul(a, a);
        b >>= 1;
      }
      return result;
    }
  }
};
struct LogicalAnd { TINYTF_HD bool operator()(bool a, bool b) const { return a && b; } };
struct LogicalOr { TINYTF_HD bool operator()(bool a, bool b) const { return a || b; } };

// Comparisons return bool whatever the input type.
struct Equal { template <class T> TINYTF_HD bool operator()(T a, T b) const { return a == b; } };
struct NotEqual { template <class T> TINYTF_HD bool operator()(T a, T b) const { return a != b; } };
struct Less { template <class T> TINYTF_HD bool operator()(T a, T b) const { return a < b; } };
struct LessEqual { template <class T> TINYTF_HD bool operator()(T a, T b) const { return a <= b; } };
struct Greater { template <class T> TINYTF_HD bool operator()(T a, T b) const { return a > b; } };
struct GreaterEqual { template <class T> TINYTF_HD bool operator()(T a, T b) const { return a >= b; } };

// ---- reductions: an identity and a combine step ------------------------------
// Sums and products of float32 accumulate in double: as fast at memory speed,
// and the result is the correctly rounded float32 for all practical sizes.
template <class T> using wide_t = std::conditional_t<std::is_same_v<T, float>, double, T>;

struct SumReducer {
  template <class A> static TINYTF_HD A identity() { return A(0); }
  template <class A> TINYTF_HD A operator()(A acc, A x) const { return wrapping_add(acc, x); }
};
struct ProdReducer {
  template <class A> static TINYTF_HD A identity() { return A(1); }
  template <class A> TINYTF_HD A operator()(A acc, A x) const { return wrapping_mul(acc, x); }
};
struct MaxReducer {  // the identity of max is -infinity (or the lowest integer)
  template <class A> static TINYTF_HD A identity() {
    if constexpr (std::is_floating_point_v<A>) return -std::numeric_limits<A>::infinity();
    else return std::numeric_limits<A>::lowest();
  }
  template <class A> TINYTF_HD A operator()(A acc, A x) const { return Maximum{}(acc, x); }
};
struct MinReducer {
  template <class A> static TINYTF_HD A identity() {
    if constexpr (std::is_floating_point_v<A>) return std::numeric_limits<A>::infinity();
    else return std::numeric_limits<A>::max();
  }
  template <class A> TINYTF_HD A operator()(A acc, A x) const { return Minimum{}(acc, x); }
};

// What a reduction accumulates in: sums and products in wide_t (float32 in
// double), max and min in the element type itself (they never round).
template <class R, class T>
using accumulator_t =
    std::conditional_t<std::is_same_v<R, SumReducer> || std::is_same_v<R, ProdReducer>, wide_t<T>, T>;

// The last step of a reduction over n elements: the total itself, or the mean
// total / n. Integer means truncate toward zero, as TensorFlow's do, and an
// empty one is 0; an empty float mean is 0/0 = NaN.
template <class Out, class Acc>
TINYTF_HD Out finish_reduction(Acc total, int64_t n, bool mean) {
  if (!mean) return Out(total);
  if constexpr (std::is_integral_v<Out>) return n == 0 ? Out(0) : Out(total / Acc(n));
  else return Out(total / Acc(n));
}

// argmax/argmin: whether (va, ia) beats (vb, ib), index -1 meaning "no
// element yet". NaN beats every number (a row with NaN points at its first
// NaN) and ties go to the smaller index, so the rule is associative and
// commutative: any split of a row (threads, warps) gives the sequential answer.
template <bool kMax>
struct ArgBetter {
  template <class T>
  TINYTF_HD bool operator()(T va, int64_t ia, T vb, int64_t ib) const {
    if (ib < 0) return ia >= 0;
    if (ia < 0) return false;
    const bool a_nan = va != va, b_nan = vb != vb;
    if (a_nan || b_nan) return a_nan && (!b_nan || ia < ib);
    if (va == vb) return ia < ib;
    return kMax ? va > vb : va < vb;
  }
};

// ---- softmax cross-entropy, per element of a row ------------------------------
// With m the row's max and s the sum of exp(x - m) (both computed as for
// softmax), an element's share of the loss, -label * log_softmax(x), is
// label * (log(s) - (x - m)); of its gradient w.r.t. x, softmax(x) - label,
// exp(x - m) / s - label (the backward pass scales it by the loss's gradient).
template <class A, class T>
TINYTF_HD A xent_loss_term(T label, T shifted, A log_sum) {
  return A(label) * (log_sum - A(shifted));
}
template <class T>
TINYTF_HD T xent_backprop(T exp_shifted, T inv_sum, T label) {
  return exp_shifted * inv_sum - label;
}

// ---- indices -----------------------------------------------------------------
// Whether an index (gather's, one_hot's, a sparse label) points into an axis
// of `size` elements. Ops check indices before the kernels run; kernels that
// meet one outside anyway write 0 (gather) or NaN (a sparse cross-entropy row,
// as TensorFlow's GPU kernel does) instead of reading out of bounds.
template <class Index>
TINYTF_HD bool index_in_range(Index index, int64_t size) {
  return index >= 0 && int64_t(index) < size;
}

// ---- ordering: sort, argsort, top_k ---------------------------------------------
// Whether (va, ia) comes before (vb, ib) in a sorted row: by value, largest
// first (kDescending) or smallest first, and ties in index order (a stable
// sort in both directions, TensorFlow's rule for top_k and argsort). NaN counts
// as larger than every number: first when descending (top_k(x, 1) picks what
// argmax picks), last when ascending (as NumPy sorts). The order is total, so
// every correct sort, on any device, gives the same result.
template <bool kDescending>
struct SortsBefore {
  template <class T>
  TINYTF_HD bool operator()(T va, int64_t ia, T vb, int64_t ib) const {
    const bool a_nan = va != va, b_nan = vb != vb;
    if (a_nan || b_nan) return a_nan && b_nan ? ia < ib : (kDescending ? a_nan : b_nan);
    if (va == vb) return ia < ib;
    return kDescending ? va > vb : va < vb;
  }
};

}  // namespace tinytf::fn
