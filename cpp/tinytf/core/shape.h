// Shapes and strides: lists of 64-bit sizes, and the rules that combine them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tinytf {

using Shape = std::vector<int64_t>;    // sizes, outermost first
using Strides = std::vector<int64_t>;  // steps between neighbours, in elements (0 = broadcast)

int64_t num_elements(const Shape& shape);
Strides contiguous_strides(const Shape& shape);  // row-major (C order)

// "(2, 3)" and "[2,3]": the two ways TensorFlow prints a shape in messages.
std::string shape_str(const Shape& shape);
std::string shape_list_str(const Shape& shape);

// NumPy broadcasting: align from the right; sizes must match or be 1.
// Throws InvalidArgument naming `op` and both shapes when they don't broadcast.
Shape broadcast_shapes(const char* op, const Shape& a, const Shape& b);

// Turns a possibly negative axis into 0..rank-1, or throws InvalidArgument
// naming `op`: "axis 3 is out of range for a tensor of rank 2 (expected -2 <= axis < 2)".
int64_t normalize_axis(const char* op, int64_t axis, int64_t rank);

}  // namespace tinytf
