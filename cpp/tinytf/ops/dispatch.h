// Running a kernel on the device that holds the tensors.
//
// Each function here takes tensors (already checked by the op) and calls the
// CPU kernel of cpp/tinytf/kernels or its CUDA twin of cuda/launch.h, which
// take the same arguments. Ops call these instead of kernels directly, so an
// op's code reads the same on every device.
#pragma once
#include <type_traits>

#include "launch.h"  // cuda/launch.h: the CUDA twins (plain C++ declarations)
#include "tinytf/core/error.h"
#include "tinytf/core/tensor.h"
#include "tinytf/kernels/cross_entropy.h"
#include "tinytf/kernels/elementwise.h"
#include "tinytf/kernels/gather.h"
#include "tinytf/kernels/gemm.h"
#include "tinytf/kernels/im2col.h"
#include "tinytf/kernels/max_pool.h"
#include "tinytf/kernels/multi_tensor.h"
#include "tinytf/kernels/random.h"
#include "tinytf/kernels/reduce.h"
#include "tinytf/kernels/scan.h"
#include "tinytf/kernels/sort.h"
#include "tinytf/kernels/vecmath.h"
#include "tinytf/ops/kernel_clock.h"
#include "tinytf/ops/transfer.h"

namespace tinytf::ops::dispatch {

#ifdef TINYTF_WITH_CUDA
constexpr bool kCudaBuild = true;
#else
constexpr bool kCudaBuild = false;
#endif

// Calls cpu() for data on the CPU, gpu() for data on a GPU. A build without
// CUDA never calls gpu() (so it links no CUDA kernel), and has no GPU tensors.
template <class Cpu, class Gpu>
void on_device(Device device, Cpu&& cpu, Gpu&& gpu) {
  const kernel_clock::KernelTimer timer;  // tinytf-bench's kernel time (kernel_clock.h)
  if (device.type != DeviceType::CUDA) return cpu();
  if constexpr (kCudaBuild) gpu();
  else throw InternalError("a tensor is on " + device.name() + " but this build of tinytf has no CUDA support");
}

// out = f(in), elementwise; `in` has out's shape (possibly a broadcast view).
template <class Out, class In, class F>
void map_unary(const Tensor& out, const Tensor& in, F f) {
  on_device(
      out.device(),
      [&] {
        if constexpr (std::is_same_v<Out, float> && std::is_same_v<In, float>) {
          // Costly float32 math on contiguous data: the loop compiled for this CPU's SIMD level (vecmath.h).
          if (const kernels::VecLoopF32 loop = kernels::vec_loop_f32<F>();
              loop && out.is_contiguous() && in.is_contiguous() && in.shape() == out.shape())
            return kernels::run_vec_loop(loop, in.data<float>(), out.data<float>(), out.numel());
        }
        kernels::map_unary(kernels::StridedLoop<2>(out.shape(), {out.strides(), in.strides()}), out.data<Out>(),
                           in.data<In>(), f);
      },
      [&] {
        cuda::map_unary(cuda::make_layout<2>(out.shape(), {out.strides(), in.strides()}), out.data<Out>(),
                        in.data<In>(), f);
      });
}

// out = f(a, b), elementwise; a and b are views with out's shape.
template <class Out, class A, class B, class F>
void map_binary(const Tensor& out, const Tensor& a, const Tensor& b, F f) {
  on_device(
      out.device(),
      [&] {
        kernels::map_binary(kernels::StridedLoop<3>(out.shape(), {out.strides(), a.strides(), b.strides()}),
                            out.data<Out>(), a.data<A>(), b.data<B>(), f);
      },
      [&] {
        cuda::map_binary(cuda::make_layout<3>(out.shape(), {out.strides(), a.strides(), b.strides()}),
                         out.data<Out>(), a.data<A>(), b.data<B>(), f);
      });
}

// out = cond ? x : y; all views with out's shape.
template <class T>
void where(const Tensor& out, const Tensor& cond, const Tensor& x, const Tensor& y) {
  const std::array<Strides, 4> strides{out.strides(), cond.strides(), x.strides(), y.strides()};
  on_device(
      out.device(),
      [&] {
        kernels::map_ternary(kernels::StridedLoop<4>(out.shape(), strides), out.data<T>(), cond.data<bool>(),
                             x.data<T>(), y.data<T>(), [](bool c, T a, T b) { return c ? a : b; });
      },
      [&] {
        cuda::where(cuda::make_layout<4>(out.shape(), strides), out.data<T>(), cond.data<bool>(), x.data<T>(),
                    y.data<T>());
      });
}

template <class T>
void fill(const Tensor& out, T value) {  // out is contiguous
  on_device(
      out.device(), [&] { kernels::fill(out.data<T>(), out.numel(), value); },
      [&] { cuda::fill(out.data<T>(), out.numel(), value); });
}

template <class T>
void gemm(Device device, int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b,
          int64_t b_rs, int64_t b_cs, T* c, int64_t c_rs) {
  on_device(
      device, [&] { kernels::gemm<T>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs); },
      [&] { cuda::gemm<T>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs); });
}

// out[row] = reduce(x[row, :]) over a contiguous [rows, cols] x; mean divides by cols.
template <class T, class R>
void reduce_rows(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out, R r, bool mean) {
  on_device(
      x.device(), [&] { kernels::reduce_rows<T>(x.data<T>(), rows, cols, out.data<T>(), r, mean); },
      [&] { cuda::reduce_rows<T>(x.data<T>(), rows, cols, out.data<T>(), r, mean); });
}

// out[j] = reduce(x[:, j]) over a contiguous [rows, cols] x (the reduced axes
// lead, no transposed copy); mean divides by rows.
template <class T, class R>
void reduce_columns(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out, R r, bool mean) {
  on_device(
      x.device(), [&] { kernels::reduce_columns<T>(x.data<T>(), rows, cols, out.data<T>(), r, mean); },
      [&] { cuda::reduce_columns<T>(x.data<T>(), rows, cols, out.data<T>(), r, mean); });
}

template <bool kMax, class T, class Index>
void arg_reduce_rows(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out) {
  on_device(
      x.device(), [&] { kernels::arg_reduce_rows<kMax>(x.data<T>(), rows, cols, out.data<Index>()); },
      [&] { cuda::arg_reduce_rows<kMax>(x.data<T>(), rows, cols, out.data<Index>()); });
}

template <bool kLog, class T>
void softmax_rows(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out) {
  on_device(
      x.device(), [&] { kernels::softmax_rows<kLog>(x.data<T>(), rows, cols, out.data<T>()); },
      [&] { cuda::softmax_rows<kLog>(x.data<T>(), rows, cols, out.data<T>()); });
}

// Softmax cross-entropy of each row of contiguous [rows, cols] logits: loss [rows], backprop [rows, cols].
template <class T>
void softmax_xent_rows(const Tensor& logits, const Tensor& labels, int64_t rows, int64_t cols, const Tensor& loss,
                       const Tensor& backprop) {
  on_device(
      logits.device(),
      [&] {
        kernels::softmax_xent_rows(logits.data<T>(), labels.data<T>(), rows, cols, loss.data<T>(), backprop.data<T>());
      },
      [&] {
        cuda::softmax_xent_rows(logits.data<T>(), labels.data<T>(), rows, cols, loss.data<T>(), backprop.data<T>());
      });
}

template <class T, class Index>
void sparse_softmax_xent_rows(const Tensor& logits, const Tensor& labels, int64_t rows, int64_t cols,
                              const Tensor& loss, const Tensor& backprop) {
  on_device(
      logits.device(),
      [&] {
        kernels::sparse_softmax_xent_rows(logits.data<T>(), labels.data<Index>(), rows, cols, loss.data<T>(),
                                          backprop.data<T>());
      },
      [&] {
        cuda::sparse_softmax_xent_rows(logits.data<T>(), labels.data<Index>(), rows, cols, loss.data<T>(),
                                       backprop.data<T>());
      });
}

// The position of the first of the (contiguous) indices outside [0, size), or
// -1. Indices on a GPU are checked on a CPU copy (a round trip: callers that
// must avoid it leave GPU indices to the kernels' 0/NaN rule).
template <class Index>
int64_t first_index_outside(const Tensor& indices, int64_t size) {
  int64_t found = -1;
  on_device(
      indices.device(),
      [&] { found = kernels::first_index_outside(indices.data<Index>(), indices.numel(), size); },
      [&] {
        const Tensor host = to_cpu(indices);
        found = kernels::first_index_outside(host.data<Index>(), host.numel(), size);
      });
  return found;
}

// The first k entries of each row of a contiguous [rows, cols] x in sorted order: values and indices [rows, k].
template <bool kDescending, class T, class Index>
void sort_rows(const Tensor& x, int64_t rows, int64_t cols, int64_t k, const Tensor& values, const Tensor& indices) {
  on_device(
      x.device(),
      [&] { kernels::sort_rows<kDescending>(x.data<T>(), rows, cols, k, values.data<T>(), indices.data<Index>()); },
      [&] { cuda::sort_rows<kDescending>(x.data<T>(), rows, cols, k, values.data<T>(), indices.data<Index>()); });
}

// Running sums or products (R) along each row of a contiguous [rows, cols] x.
template <class T, class R>
void scan_rows(const Tensor& x, int64_t rows, int64_t cols, const Tensor& out, R r, bool exclusive, bool reverse) {
  on_device(
      x.device(), [&] { kernels::scan_rows<T>(x.data<T>(), rows, cols, out.data<T>(), r, exclusive, reverse); },
      [&] { cuda::scan_rows<T>(x.data<T>(), rows, cols, out.data<T>(), r, exclusive, reverse); });
}

template <class T, class Index>
void gather(const Tensor& params, int64_t outer, int64_t axis_size, int64_t inner, const Tensor& indices,
            const Tensor& out) {
  on_device(
      params.device(),
      [&] {
        kernels::gather(params.data<T>(), outer, axis_size, inner, indices.data<Index>(), indices.numel(),
                        out.data<T>());
      },
      [&] {
        cuda::gather(params.data<T>(), outer, axis_size, inner, indices.data<Index>(), indices.numel(),
                     out.data<T>());
      });
}

template <class T, class Index>
void scatter_add(const Tensor& updates, int64_t outer, int64_t inner, const Tensor& indices, int64_t axis_size,
                 const Tensor& out) {
  on_device(
      updates.device(),
      [&] {
        kernels::scatter_add(updates.data<T>(), outer, indices.numel(), inner, indices.data<Index>(), axis_size,
                             out.data<T>());
      },
      [&] {
        cuda::scatter_add(updates.data<T>(), outer, indices.numel(), inner, indices.data<Index>(), axis_size,
                          out.data<T>());
      });
}

template <class T, class Index>
void one_hot(const Tensor& indices, int64_t depth, T on_value, T off_value, const Tensor& out) {
  on_device(
      indices.device(),
      [&] { kernels::one_hot(indices.data<Index>(), indices.numel(), depth, on_value, off_value, out.data<T>()); },
      [&] { cuda::one_hot(indices.data<Index>(), indices.numel(), depth, on_value, off_value, out.data<T>()); });
}

// x [N, H, W, C] (contiguous) -> cols [N, OH, OW, KH, KW, C]; pad_value in the padding.
template <class T>
void im2col(const Tensor& x, const kernels::ConvGeometry& g, T pad_value, const Tensor& cols) {
  on_device(
      x.device(), [&] { kernels::im2col(x.data<T>(), g, pad_value, cols.data<T>()); },
      [&] { cuda::im2col(x.data<T>(), g, pad_value, cols.data<T>()); });
}

// The adjoint: every element of dx [N, H, W, C] is written (no zero-filling needed).
template <class T>
void col2im(const Tensor& cols, const kernels::ConvGeometry& g, const Tensor& dx) {
  on_device(
      cols.device(), [&] { kernels::col2im(cols.data<T>(), g, dx.data<T>()); },
      [&] { cuda::col2im(cols.data<T>(), g, dx.data<T>()); });
}

// Max pooling (kernels/max_pool.h): x [N, H, W, C] (contiguous) -> y [N, OH, OW, C], and the position of
// each maximum in `where` (int32, same shape as y) unless it is undefined.
template <class T>
void max_pool(const Tensor& x, const kernels::ConvGeometry& g, const Tensor& y, const Tensor& where) {
  int32_t* at = where.defined() ? where.data<int32_t>() : nullptr;
  on_device(
      x.device(), [&] { kernels::max_pool(x.data<T>(), g, y.data<T>(), at); },
      [&] { cuda::max_pool(x.data<T>(), g, y.data<T>(), at); });
}

// Its gradient: grad [N, OH, OW, C] (contiguous) -> dx [N, H, W, C], every element written.
template <class T>
void max_pool_grad(const Tensor& grad, const Tensor& where, const kernels::ConvGeometry& g, const Tensor& dx) {
  on_device(
      grad.device(), [&] { kernels::max_pool_grad(grad.data<T>(), where.data<int32_t>(), g, dx.data<T>()); },
      [&] { cuda::max_pool_grad(grad.data<T>(), where.data<int32_t>(), g, dx.data<T>()); });
}

// x [N, H, W, C] (contiguous) read at `where` -> out [N, OH, OW, C] (the gradient of max_pool_grad).
template <class T>
void max_pool_gather(const Tensor& x, const Tensor& where, const kernels::ConvGeometry& g, const Tensor& out) {
  on_device(
      x.device(), [&] { kernels::max_pool_gather(x.data<T>(), where.data<int32_t>(), g, out.data<T>()); },
      [&] { cuda::max_pool_gather(x.data<T>(), where.data<int32_t>(), g, out.data<T>()); });
}

template <class T>
void random_fill(const Tensor& out, kernels::Distribution dist, T a, T b, uint64_t seed, uint64_t stream) {
  on_device(
      out.device(), [&] { kernels::random_fill(out.data<T>(), out.numel(), dist, a, b, seed, stream); },
      [&] { cuda::random_fill(out.data<T>(), out.numel(), dist, a, b, seed, stream); });
}

// One optimizer step over the variables described by `tensors` (all on `device`).
template <class T, class Rule>
void multi_tensor_update(Device device, const fn::UpdateTensor<T, Rule::kSlots>* tensors, int64_t count,
                         const fn::UpdateStep<T, Rule>& step) {
  on_device(
      device, [&] { kernels::multi_tensor_update(tensors, count, step); },
      [&] { cuda::multi_tensor_update(tensors, count, step); });
}

}  // namespace tinytf::ops::dispatch
