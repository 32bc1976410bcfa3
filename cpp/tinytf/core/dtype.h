// The five element types tinytf supports, and how C++ code switches on them.
#pragma once
#include <cstdint>
#include <string>

#include "tinytf/core/error.h"

namespace tinytf {

enum class DType : int { Float32 = 0, Float64 = 1, Int32 = 2, Int64 = 3, Bool = 4 };

inline int64_t dtype_size(DType d) {
  switch (d) {
    case DType::Float32: return 4;
    case DType::Float64: return 8;
    case DType::Int32: return 4;
    case DType::Int64: return 8;
    case DType::Bool: return 1;
  }
  return 0;
}

// TensorFlow's names: "float32", "int64", "bool", ...
inline const char* dtype_name(DType d) {
  switch (d) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
  }
  return "?";
}

// "a float32", "an int32": the dtype with its article, for messages.
inline std::string a_dtype(DType d) { return (d == DType::Int32 || d == DType::Int64 ? "an " : "a ") + std::string(dtype_name(d)); }

inline bool is_floating(DType d) { return d == DType::Float32 || d == DType::Float64; }
inline bool is_integer(DType d) { return d == DType::Int32 || d == DType::Int64; }

// The C++ type stored for each dtype, and back.
template <class T> struct dtype_of;
template <> struct dtype_of<float> { static constexpr DType value = DType::Float32; };
template <> struct dtype_of<double> { static constexpr DType value = DType::Float64; };
template <> struct dtype_of<int32_t> { static constexpr DType value = DType::Int32; };
template <> struct dtype_of<int64_t> { static constexpr DType value = DType::Int64; };
template <> struct dtype_of<bool> { static constexpr DType value = DType::Bool; };

// Calls fn(T{}) with T the C++ type of `d`; `fn` is a generic lambda, so one
// body serves every dtype:  visit_dtype(d, [&](auto zero) { using T = decltype(zero); ... });
// The *_types variants restrict the set; other dtypes raise InvalidArgument
// naming `op` and the dtypes it accepts.
template <class Fn>
decltype(auto) visit_dtype(DType d, Fn&& fn) {
  switch (d) {
    case DType::Float32: return fn(float{});
    case DType::Float64: return fn(double{});
    case DType::Int32: return fn(int32_t{});
    case DType::Int64: return fn(int64_t{});
    case DType::Bool: return fn(bool{});
  }
  throw InternalError("unknown dtype");
}

template <class Fn>
decltype(auto) visit_numeric(const char* op, DType d, Fn&& fn) {
  switch (d) {
    case DType::Float32: return fn(float{});
    case DType::Float64: return fn(double{});
    case DType::Int32: return fn(int32_t{});
    case DType::Int64: return fn(int64_t{});
    default: break;
  }
  throw InvalidArgument(std::string(op) + ": expected a numeric tensor (float32, float64, int32 or int64) but got " +
                        a_dtype(d) + " tensor");
}

template <class Fn>
decltype(auto) visit_floating(const char* op, DType d, Fn&& fn) {
  switch (d) {
    case DType::Float32: return fn(float{});
    case DType::Float64: return fn(double{});
    default: break;
  }
  throw InvalidArgument(std::string(op) + ": expected a floating-point tensor (float32 or float64) but got " +
                        a_dtype(d) + " tensor; cast it first, e.g. tf.cast(x, tf.float32)");
}

template <class Fn>
decltype(auto) visit_integer(const char* op, DType d, Fn&& fn) {
  switch (d) {
    case DType::Int32: return fn(int32_t{});
    case DType::Int64: return fn(int64_t{});
    default: break;
  }
  throw InvalidArgument(std::string(op) + ": expected an integer tensor (int32 or int64) but got " +
                        a_dtype(d) + " tensor");
}

}  // namespace tinytf
