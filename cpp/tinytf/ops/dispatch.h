// Running a kernel on the device that holds the tensors.
//
// Each function here takes tensors (already checked by the op) and calls the
// CPU kernel of cpp/tinytf/kernels or its CUDA twin of cuda/launch.h, which
// take the same arguments. Ops call these instead of kernels directly, so an
// op's code reads the same on every device.
#pragma once
#include <type_traits>

#include "tinytf/core/tensor.h"
#include "tinytf/kernels/elementwise.h"
#include "tinytf/kernels/gather.h"
#include "tinytf/kernels/gemm.h"
#include "tinytf/kernels/random.h"
#include "tinytf/kernels/reduce.h"
#include "tinytf/kernels/vecmath.h"

#ifdef TINYTF_WITH_CUDA
#include "launch.h"  // cuda/launch.h
#endif

namespace tinytf::ops::run {

inline bool on_gpu(const Tensor& t) { return t.device().type == DeviceType::CUDA; }

[[noreturn]] inline void no_cuda() {
  throw InternalError("a tensor is on a GPU but this build of tinytf has no CUDA support");
}

// out = f(in), elementwise; `in` has out's shape (possibly a broadcast view).
template <class Out, class In, class F>
void map_unary(const Tensor& out, const Tensor& in, F f) {
  if (on_gpu(out)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::map_unary(cuda::make_layout<2>(out.shape(), {out.strides(), in.strides()}), out.data<Out>(),
                           in.data<In>(), f);
#else
    no_cuda();
#endif
  }
  if constexpr (std::is_same_v<Out, float> && std::is_same_v<In, float>) {
    // Costly float32 math on contiguous data: the loop compiled for this CPU's SIMD level (vecmath.h).
    if (const kernels::VecLoopF32 loop = kernels::vec_loop_f32<F>();
        loop && out.is_contiguous() && in.is_contiguous() && in.shape() == out.shape())
      return kernels::run_vec_loop(loop, in.data<float>(), out.data<float>(), out.numel());
  }
  kernels::map_unary(kernels::StridedLoop<2>(out.shape(), {out.strides(), in.strides()}), out.data<Out>(),
                     in.data<In>(), f);
}

// out = f(a, b), elementwise; a and b are views with out's shape.
template <class Out, class A, class B, class F>
void map_binary(const Tensor& out, const Tensor& a, const Tensor& b, F f) {
  if (on_gpu(out)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::map_binary(cuda::make_layout<3>(out.shape(), {out.strides(), a.strides(), b.strides()}),
                            out.data<Out>(), a.data<A>(), b.data<B>(), f);
#else
    no_cuda();
#endif
  }
  kernels::map_binary(kernels::StridedLoop<3>(out.shape(), {out.strides(), a.strides(), b.strides()}),
                      out.data<Out>(), a.data<A>(), b.data<B>(), f);
}

// out = cond ? x : y; all views with out's shape.
template <class T>
void where(const Tensor& out, const Tensor& cond, const Tensor& x, const Tensor& y) {
  if (on_gpu(out)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::where(cuda::make_layout<4>(out.shape(), {out.strides(), cond.strides(), x.strides(), y.strides()}),
                       out.data<T>(), cond.data<bool>(), x.data<T>(), y.data<T>());
#else
    no_cuda();
#endif
  }
  kernels::map_ternary(
      kernels::StridedLoop<4>(out.shape(), {out.strides(), cond.strides(), x.strides(), y.strides()}),
      out.data<T>(), cond.data<bool>(), x.data<T>(), y.data<T>(), [](bool c, T a, T b) { return c ? a : b; });
}

template <class T>
void fill(const Tensor& out, T value) {  // out is contiguous
  if (on_gpu(out)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::fill(out.data<T>(), out.numel(), value);
#else
    no_cuda();
#endif
  }
  kernels::fill(out.data<T>(), out.numel(), value);
}

template <class T>
void gemm(Device device, int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b,
          int64_t b_rs, int64_t b_cs, T* c, int64_t c_rs) {
  if (device.type == DeviceType::CUDA) {
#ifdef TINYTF_WITH_CUDA
    return cuda::gemm<T>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs);
#else
    no_cuda();
#endif
  }
  kernels::gemm<T>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs);
}

// out[row] = reduce(x[row, :]) over a contiguous [rows, cols] x; mean divides by cols.
template <class T, class R>
void reduce_rows(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out, R r, bool mean) {
  if (on_gpu(x)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::reduce_rows<T>(x.data<T>(), rows, cols, out.data<T>(), r, mean);
#else
    no_cuda();
#endif
  }
  // Sums and products of float32 accumulate in double (functors.h).
  using Acc = std::conditional_t<std::is_same_v<R, fn::SumReducer> || std::is_same_v<R, fn::ProdReducer>,
                                 fn::wide_t<T>, T>;
  kernels::reduce_rows<T, Acc>(x.data<T>(), rows, cols, out.data<T>(), r, [mean](Acc total, int64_t n) {
    if (!mean) return T(total);
    if constexpr (std::is_integral_v<T>) return n == 0 ? T(0) : T(total / Acc(n));  // truncates, as TF does
    else return T(total / Acc(n));                                                   // 0/0 = NaN when empty
  });
}

template <bool kMax, class T, class Index>
void arg_reduce_rows(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out) {
  if (on_gpu(x)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::arg_reduce_rows<kMax>(x.data<T>(), rows, cols, out.data<Index>());
#else
    no_cuda();
#endif
  }
  kernels::arg_reduce_rows<kMax>(x.data<T>(), rows, cols, out.data<Index>());
}

template <bool kLog, class T>
void softmax_rows(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out) {
  if (on_gpu(x)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::softmax_rows<kLog>(x.data<T>(), rows, cols, out.data<T>());
#else
    no_cuda();
#endif
  }
  kernels::softmax_rows<kLog>(x.data<T>(), rows, cols, out.data<T>());
}

template <class T, class Index>
void gather(const Tensor& params, int64_t outer, int64_t axis_size, int64_t inner, const Tensor& indices,
            const Tensor& out) {
  if (on_gpu(params)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::gather(params.data<T>(), outer, axis_size, inner, indices.data<Index>(), indices.numel(),
                        out.data<T>());
#else
    no_cuda();
#endif
  }
  kernels::gather(params.data<T>(), outer, axis_size, inner, indices.data<Index>(), indices.numel(), out.data<T>());
}

template <class T, class Index>
void scatter_add(const Tensor& updates, int64_t outer, int64_t inner, const Tensor& indices, int64_t axis_size,
                 const Tensor& out) {
  if (on_gpu(updates)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::scatter_add(updates.data<T>(), outer, indices.numel(), inner, indices.data<Index>(), axis_size,
                             out.data<T>());
#else
    no_cuda();
#endif
  }
  kernels::scatter_add(updates.data<T>(), outer, indices.numel(), inner, indices.data<Index>(), axis_size,
                       out.data<T>());
}

template <class T, class Index>
void one_hot(const Tensor& indices, int64_t depth, T on_value, T off_value, const Tensor& out) {
  if (on_gpu(indices)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::one_hot(indices.data<Index>(), indices.numel(), depth, on_value, off_value, out.data<T>());
#else
    no_cuda();
#endif
  }
  kernels::one_hot(indices.data<Index>(), indices.numel(), depth, on_value, off_value, out.data<T>());
}

template <class T>
void random_fill(const Tensor& out, kernels::Distribution dist, T a, T b, uint64_t seed, uint64_t stream) {
  if (on_gpu(out)) {
#ifdef TINYTF_WITH_CUDA
    return cuda::random_fill(out.data<T>(), out.numel(), dist, a, b, seed, stream);
#else
    no_cuda();
#endif
  }
  kernels::random_fill(out.data<T>(), out.numel(), dist, a, b, seed, stream);
}

}  // namespace tinytf::ops::run
