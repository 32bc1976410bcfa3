// Helpers every op uses: argument checks with clear messages, and the layout
// tricks (broadcast views, contiguous copies) that let kernels stay simple.
#pragma once
#include <string>
#include <vector>

#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// "a float32 tensor of shape (2, 3)": how messages describe an argument.
std::string describe(const Tensor& t);

// TensorFlow never converts dtypes silently: mixing float32 and int32 is an error.
void check_same_dtype(const char* op, const Tensor& a, const Tensor& b);
// Inputs on two devices are an error, not a silent copy (DESIGN.md "Ops").
void check_same_device(const char* op, const Tensor& a, const Tensor& b);

// A view of `t` with `shape`, repeating elements through stride 0; `shape`
// must be a valid broadcast target (callers check with broadcast_shapes).
Tensor broadcast_view(const Tensor& t, const Shape& shape);

// `t` itself if its elements are contiguous, else a contiguous copy.
Tensor contiguous(const Tensor& t);

// Copies the elements of `src` into the (possibly strided) view `dst` of the
// same shape and dtype.
void copy_into(const Tensor& dst, const Tensor& src);

// Sorted non-negative axes from a list that may hold negative ones (each at most once);
// an empty optional means "all axes". Throws InvalidArgument naming `op`.
std::vector<int64_t> normalize_axes(const char* op, const std::vector<int64_t>* axes, int64_t rank);

// The permutation that moves `axis` last, keeping the others in order (row
// kernels work on the last axis), and the inverse of a permutation.
std::vector<int64_t> axis_last_perm(int64_t rank, int64_t axis);
std::vector<int64_t> inverse_perm(const std::vector<int64_t>& perm);

// The shape of a reduction of `shape` over `axes` (null: all): reduced axes
// dropped, or kept as size 1 with keepdims.
Shape reduced_shape(const char* op, const Shape& shape, const std::vector<int64_t>* axes, bool keepdims);

}  // namespace tinytf::ops
