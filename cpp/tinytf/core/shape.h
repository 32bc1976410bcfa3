// Shapes and strides: lists of 64-bit sizes, and the rules that combine them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tinytf {

using Shape = std::vector<int64_t>;    // sizes, outermost first
using Strides = std::vector<int64_t>;  // steps between neighbours, in elements (0 = broadcast)

// The number of elements of a shape, through one checked multiply: a negative
// dimension or a count over 2**63 - 1 throws InvalidArgument in TensorFlow's
// words ("Dimension -1 must be >= 0", "... would have more than 2**63 - 1
// elements"), so no size anywhere is a wrapped product. `op`, when given,
// starts the message: every place a user's shape enters an op passes its name.
int64_t num_elements(const Shape& shape, const char* op = nullptr);
// a * b for two non-negative sizes, false when the product does not fit int64
// (the multiply num_elements and the byte counts go through).
bool multiply_sizes(int64_t a, int64_t b, int64_t* product);
// Row-major (C order). Strides of an empty tensor may not fit int64 (a zero
// elsewhere kept the count small); they are never used and stay in range here.
Strides contiguous_strides(const Shape& shape);

// "(2, 3)" and "[2,3]": the two ways TensorFlow prints a shape in messages.
std::string shape_str(const Shape& shape);
std::string shape_list_str(const Shape& shape);

// NumPy broadcasting: align from the right; sizes must match or be 1.
// Throws InvalidArgument naming `op` and both shapes when they don't broadcast
// (or when the result would have more than 2**63 - 1 elements).
Shape broadcast_shapes(const char* op, const Shape& a, const Shape& b);

// Turns a possibly negative axis into 0..rank-1, or throws InvalidArgument
// naming `op`: "axis 3 is out of range for a tensor of rank 2 (expected -2 <= axis < 2)".
int64_t normalize_axis(const char* op, int64_t axis, int64_t rank);

}  // namespace tinytf
