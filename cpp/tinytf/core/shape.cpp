#include "tinytf/core/shape.h"

#include "tinytf/core/error.h"

namespace tinytf {

int64_t num_elements(const Shape& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

Strides contiguous_strides(const Shape& shape) {
  Strides strides(shape.size());
  int64_t step = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    strides[d] = step;
    step *= shape[d];
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
