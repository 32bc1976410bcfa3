// Running sums and products along the rows of a contiguous [rows, cols]
// matrix: scan_rows (cumsum, cumprod), the twin of cpp/tinytf/kernels/scan.h.
//
// One version: a block per row. The row is cut into blockDim.x consecutive
// chunks; each thread combines its chunk, thread 0 turns the chunk totals
// into running offsets in shared memory, and each thread walks its chunk
// again from its offset, writing the outputs. The chunks are fixed by the
// block size, so results never change from run to run; float32 accumulates
// in double as on the CPU, but grouped differently, so the last bit of a
// float result may differ from the CPU's.
//
// Napkin math: each element is read twice and written once (12 bytes per
// float32 element), memory-bound like a copy when rows fill the GPU; with
// one chunk per thread the loads of a warp are `chunk` elements apart (not
// coalesced), which a shared-memory staged version would fix.
#pragma once
#include "common.cuh"

namespace tinytf::cuda {

template <class T, class R>
__global__ void __launch_bounds__(kThreads)
    scan_rows_kernel(const T* x, int64_t rows, int64_t cols, T* out, R r, bool exclusive, bool reverse) {
  using Acc = fn::accumulator_t<R, T>;
  __shared__ SharedArray<Acc, kThreads> offsets;
  const int64_t chunk = (cols + blockDim.x - 1) / blockDim.x;
  const int64_t first = int64_t(threadIdx.x) * chunk;
  const int64_t last = first + chunk < cols ? first + chunk : cols;
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const T* xr = x + row * cols;
    T* o = out + row * cols;
    // Step s of the scan visits element s, or element cols - 1 - s in reverse.
    Acc total = R::template identity<Acc>();
    for (int64_t s = first; s < last; ++s) total = r(total, Acc(xr[reverse ? cols - 1 - s : s]));
    offsets[threadIdx.x] = total;
    __syncthreads();
    if (threadIdx.x == 0) {  // chunk totals -> what comes before each chunk
      Acc running = R::template identity<Acc>();
      for (int t = 0; t < int(blockDim.x); ++t) {
        const Acc chunk_total = offsets[t];
        offsets[t] = running;
        running = r(running, chunk_total);
      }
    }
    __syncthreads();
    Acc acc = offsets[threadIdx.x];  // each thread reads only its own slot: the next row may overwrite it
    for (int64_t s = first; s < last; ++s) {
      const int64_t j = reverse ? cols - 1 - s : s;
      if (exclusive) o[j] = T(acc);
      acc = r(acc, Acc(xr[j]));
      if (!exclusive) o[j] = T(acc);
    }
  }
}

template <class T, class R>
void scan_rows(const T* x, int64_t rows, int64_t cols, T* out, R r, bool exclusive, bool reverse, void* stream) {
  if (rows == 0 || cols == 0) return;
  const int64_t cap = int64_t(sm_count()) * 8;
  TINYTF_LAUNCH(unsigned(rows < cap ? rows : cap), kThreads, stream, scan_rows_kernel<T, R>)
  (x, rows, cols, out, r, exclusive, reverse);
  check_launch("scan_rows");
}

}  // namespace tinytf::cuda
