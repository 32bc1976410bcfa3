// Sorting the rows of a contiguous [rows, cols] matrix: sort_rows (sort,
// argsort, top_k), the twin of cpp/tinytf/kernels/sort.h.
//
// One version: a thread per row, a bottom-up merge sort of the row's column
// indices in scratch memory (two buffers of cols indices per row, used in
// turn), compared with fn::SortsBefore, the CPU's rule. That rule is a total
// order (ties go to the lower index, NaN is the largest value), so the result
// is the CPU's exactly.
//
// Napkin math: a row costs cols * log2(cols) comparisons on one thread and
// rows run in parallel: right for the [batch, classes] inputs of top_k in
// metrics, slow for one very long row (a block-wide bitonic sort in shared
// memory would be the next rung of the ladder).
#pragma once
#include "common.cuh"

namespace tinytf::cuda {

// (kThreads, 1): the whole register file is available, so the double version
// of the merge loop does not spill.
template <bool kDescending, class T, class Index>
__global__ void __launch_bounds__(kThreads, 1)
    sort_rows_kernel(const T* x, int64_t rows, int64_t cols, int64_t k, T* values, Index* indices,
                     int64_t* scratch) {
  const fn::SortsBefore<kDescending> before;
  for (int64_t row = global_thread(); row < rows; row += grid_threads()) {
    const T* xr = x + row * cols;
    int64_t* from = scratch + row * 2 * cols;
    int64_t* to = from + cols;
    for (int64_t j = 0; j < cols; ++j) from[j] = j;
    for (int64_t width = 1; width < cols; width *= 2) {  // merge sorted runs of `width` into runs of 2 * width
      for (int64_t lo = 0; lo < cols; lo += 2 * width) {
        const int64_t mid = lo + width < cols ? lo + width : cols;
        const int64_t hi = lo + 2 * width < cols ? lo + 2 * width : cols;
        int64_t i = lo, j = mid, o = lo;
        while (i < mid && j < hi)  // the right run's element goes first only if it sorts strictly before
          to[o++] = before(xr[from[j]], from[j], xr[from[i]], from[i]) ? from[j++] : from[i++];
        while (i < mid) to[o++] = from[i++];
        while (j < hi) to[o++] = from[j++];
      }
      int64_t* swap = from;
      from = to;
      to = swap;
    }
    for (int64_t j = 0; j < k; ++j) {
      values[row * k + j] = xr[from[j]];
      indices[row * k + j] = Index(from[j]);
    }
  }
}

template <bool kDescending, class T, class Index>
void sort_rows(const T* x, int64_t rows, int64_t cols, int64_t k, T* values, Index* indices, void* stream) {
  if (rows == 0 || k == 0) return;
  auto* scratch = static_cast<int64_t*>(scratch_alloc(size_t(rows) * 2 * size_t(cols) * sizeof(int64_t), stream));
  TINYTF_LAUNCH(grid_for(rows), kThreads, stream, sort_rows_kernel<kDescending, T, Index>)
  (x, rows, cols, k, values, indices, scratch);
  check_launch("sort_rows");
  scratch_free(scratch, stream);
}

}  // namespace tinytf::cuda
