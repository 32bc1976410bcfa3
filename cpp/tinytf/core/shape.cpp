#include "tinytf/core/shape.h"

#include <algorithm>

#include "tinytf/core/error.h"

namespace tinytf {

bool multiply_sizes(int64_t a, int64_t b, int64_t* product) { return !__builtin_mul_overflow(a, b, product); }

static std::string prefix(const char* op) { return op ? std::string(op) + ": " : std::string(); }

int64_t num_elements(const Shape& shape, const char* op) {
  for (int64_t s : shape)
    if (s < 0)
      throw InvalidArgument(prefix(op) + "Dimension " + std::to_string(s) + " must be >= 0 (shape " +
                            shape_list_str(shape) + ")");
  int64_t n = 1;
  bool overflow = false;
  for (int64_t s : shape) overflow |= !multiply_sizes(n, s, &n);
  // A zero anywhere makes the count 0 even if a partial product overflowed.
  if (overflow && std::find(shape.begin(), shape.end(), 0) == shape.end())
    throw InvalidArgument(prefix(op) + "Shape " + shape_list_str(shape) + " would have more than 2**63 - 1 elements");
  return overflow ? 0 : n;
}

Strides contiguous_strides(const Shape& shape) {
  Strides strides(shape.size());
  int64_t step = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    strides[d] = step;
    if (!multiply_sizes(step, shape[d], &step)) step = 0;  // only in an empty tensor (see shape.h)
  }
  return strides;
}

static std::string join(const Shape& shape, const char* sep) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += sep;
    s += std::to_string(shape[i]);
  }
  return s;
}

std::string shape_str(const Shape& shape) {
  if (shape.size() == 1) return "(" + std::to_string(shape[0]) + ",)";
  return "(" + join(shape, ", ") + ")";
}

std::string shape_list_str(const Shape& shape) { return "[" + join(shape, ",") + "]"; }

Shape broadcast_shapes(const char* op, const Shape& a, const Shape& b) {
  const size_t rank = std::max(a.size(), b.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Read both shapes from the right; a missing dimension acts as 1.
    const int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    const int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1)
      throw InvalidArgument(std::string(op) + ": shapes " + shape_str(a) + " and " + shape_str(b) +
                            " are incompatible for broadcasting (dimension " + std::to_string(da) + " vs " +
                            std::to_string(db) + "; sizes must be equal or 1)");
    out[rank - 1 - i] = da == 1 ? db : da;
  }
  num_elements(out, op);
  return out;
}

int64_t normalize_axis(const char* op, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    throw InvalidArgument(std::string(op) + ": axis " + std::to_string(axis) + " is out of range for a tensor of rank " +
                          std::to_string(rank) + " (expected " + std::to_string(-rank) + " <= axis < " +
                          std::to_string(rank) + ")");
  return axis < 0 ? axis + rank : axis;
}

}  // namespace tinytf
