// Row kernels: reductions, arg-reductions and softmax over the rows of a
// contiguous [rows, cols] matrix (the ops move the reduced axes last, exactly
// as for the CPU kernels in cpp/tinytf/kernels/reduce.h).
//
// Napkin math. A reduction reads rows * cols elements once and writes rows
// results: memory-bound, floor = bytes / ~3.3 TB/s on an H100 (a float32
// reduce_sum of 1e8 elements: 0.12 ms). Softmax reads a row three times
// (max, sum of exp, write) and writes it once: ~4 x 4 bytes per element,
// but the second and third reads of a short row hit L1/L2.
//
// The work is cut so that every thread streams consecutive elements
// (coalesced) and partial results meet in registers, not in memory:
// Version 1, a warp per row (cols <= 1024): each lane walks the row with
//   stride 32, then 5 xor-shuffles combine the 32 partials in registers. Many
//   short rows (softmax over 10 classes, a batch's losses) keep all warps busy.
// Version 2, a block per row (long rows, enough of them to fill the GPU):
//   256 threads walk the row with stride 256, shuffles reduce each warp, the
//   8 warp results meet in shared memory and the first warp reduces them.
// Version 3, split rows (few very long rows, e.g. a full reduce_sum): a row
//   is cut into chunks, one block per chunk (version 2) writes a partial to
//   scratch memory, and a second launch reduces each row's partials. Two
//   launches instead of atomics: the combination order is fixed, so results
//   never change from run to run (as on the CPU).
// Column reductions (the reduced axes lead: a bias gradient summed over the
// batch) read the matrix as it lies instead of a transposed copy: one thread
// per column, consecutive threads on consecutive columns, so every row is
// read coalesced. Too few columns to fill the GPU: the rows are cut into
// chunks, one thread per (chunk, column) writes a partial, and a second
// launch combines each column's partials in chunk order (again no atomics).
// Sums and products of float32 accumulate in double (fn::accumulator_t), like
// the CPU: same cost at memory speed, and correctly rounded float32 results;
// the mean's finish is fn::finish_reduction, the CPU's too.
#pragma once
#include "common.cuh"

namespace tinytf::cuda {

constexpr int kRowsPerWarpBlock = kThreads / 32;  // rows per block in version 1
constexpr int64_t kWarpRowMaxCols = 1024;

// The reduction of a row segment by the threads of one warp (kRowThreads =
// 32) or one block (256). Returns the result in every thread of the group.
template <int kRowThreads, class T, class Op>
__device__ __forceinline__ T group_allreduce(T v, Op op, T identity, SharedArray<T, 33>& s) {
  if constexpr (kRowThreads == 32) {
    (void)identity;
    (void)s;
    return warp_allreduce(v, op);
  } else {
    return block_allreduce(v, op, identity, s);
  }
}

// Rows handled by a group: version 1 puts kRowsPerWarpBlock rows in a block
// (one per warp), version 2 one row per block; both loop when the grid has
// fewer groups than rows. All threads of a group see the same rows, so the
// barriers inside group_allreduce are reached by the whole block.
template <int kRowThreads>
__device__ __forceinline__ int64_t first_row() {
  return kRowThreads == 32 ? int64_t(blockIdx.x) * kRowsPerWarpBlock + threadIdx.x / 32 : int64_t(blockIdx.x);
}
template <int kRowThreads>
__device__ __forceinline__ int64_t row_step() {
  return kRowThreads == 32 ? int64_t(gridDim.x) * kRowsPerWarpBlock : int64_t(gridDim.x);
}

// ---- reduce: out[row * chunks + c] = reduce(x[row, c*chunk : (c+1)*chunk]) -------------------------------
// chunks = 1 for versions 1 and 2; version 3's first pass has chunks > 1
// and writes unfinished partials, its second pass finishes (e.g. the mean).
struct Finish {
  bool mean = false;  // divide by n (integers: truncate, n = 0 gives 0)
  int64_t n = 0;
};

template <int kRowThreads, class In, class Acc, class Out, class R>
__global__ void __launch_bounds__(kThreads)
    reduce_rows_kernel(const In* x, int64_t rows, int64_t cols, int64_t chunks, int64_t chunk, Out* out, R r,
                       Finish fin) {
  __shared__ SharedArray<Acc, 33> s;
  const int lane = kRowThreads == 32 ? threadIdx.x % 32 : threadIdx.x;
  const int64_t groups = rows * chunks;
  for (int64_t g = first_row<kRowThreads>(); g < groups; g += row_step<kRowThreads>()) {
    const int64_t row = g / chunks, c = g % chunks;
    const int64_t begin = c * chunk, end = begin + chunk < cols ? begin + chunk : cols;
    const In* xr = x + row * cols;
    Acc acc = R::template identity<Acc>();
    for (int64_t j = begin + lane; j < end; j += kRowThreads) acc = r(acc, Acc(xr[j]));
    acc = group_allreduce<kRowThreads>(acc, r, R::template identity<Acc>(), s);
    if (lane == 0) out[g] = fn::finish_reduction<Out>(acc, fin.n, fin.mean);
  }
}

// ---- column reduce: out[c * cols + j] = reduce(x[c*chunk : (c+1)*chunk, j]) -------------------------------
// chunks = 1 reduces whole columns (and finishes, e.g. the mean); the first
// pass of a split reduction writes unfinished partials, [chunks, cols].
template <class In, class Acc, class Out, class R>
__global__ void __launch_bounds__(kThreads)
    reduce_columns_kernel(const In* x, int64_t rows, int64_t cols, int64_t chunks, int64_t chunk, Out* out, R r,
                          Finish fin) {
  const int64_t items = chunks * cols;
  for (int64_t g = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; g < items; g += int64_t(gridDim.x) * blockDim.x) {
    const int64_t c = g / cols, j = g % cols;
    const int64_t begin = c * chunk, end = begin + chunk < rows ? begin + chunk : rows;
    Acc acc = R::template identity<Acc>();
    for (int64_t i = begin; i < end; ++i) acc = r(acc, Acc(x[i * cols + j]));
    out[g] = fn::finish_reduction<Out>(acc, fin.n, fin.mean);
  }
}

// ---- arg-reduce: index of the first largest (smallest) element; NaN wins --------------------------------------
// The pairs (value, index) combine with fn::ArgBetter, the CPU's rule
// (associative and commutative), so any split of the row gives its answer.

template <int kRowThreads, bool kMax, class T, class Index>
__global__ void __launch_bounds__(kThreads)
    arg_reduce_rows_kernel(const T* x, int64_t rows, int64_t cols, Index* out) {
  __shared__ SharedArray<T, 32> sv;
  __shared__ SharedArray<int64_t, 32> si;
  const fn::ArgBetter<kMax> better;
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  const int tid = kRowThreads == 32 ? lane : threadIdx.x;
  for (int64_t row = first_row<kRowThreads>(); row < rows; row += row_step<kRowThreads>()) {
    const T* xr = x + row * cols;
    T v = T(0);
    int64_t idx = -1;
    for (int64_t j = tid; j < cols; j += kRowThreads)
      if (better(xr[j], j, v, idx)) v = xr[j], idx = j;
    for (int offset = 16; offset > 0; offset >>= 1) {  // warp: butterfly over (value, index) pairs
      const T ov = __shfl_xor_sync(kFullMask, v, offset);
      const int64_t oi = __shfl_xor_sync(kFullMask, idx, offset);
      if (better(ov, oi, v, idx)) v = ov, idx = oi;
    }
    if constexpr (kRowThreads != 32) {  // block: warp winners through shared memory
      if (lane == 0) sv[warp] = v, si[warp] = idx;
      __syncthreads();
      if (warp == 0) {
        v = T(0);
        idx = -1;
        if (lane < int(blockDim.x / 32)) v = sv[lane], idx = si[lane];
        for (int offset = 16; offset > 0; offset >>= 1) {
          const T ov = __shfl_xor_sync(kFullMask, v, offset);
          const int64_t oi = __shfl_xor_sync(kFullMask, idx, offset);
          if (better(ov, oi, v, idx)) v = ov, idx = oi;
        }
      }
      // Thread 0 (in warp 0) holds the winner. The barrier keeps the next
      // row's warp winners from overwriting sv/si while warp 0 reads them.
      __syncthreads();
    }
    if (tid == 0) out[row] = Index(idx < 0 ? 0 : idx);
  }
}

// ---- softmax / log-softmax of each row ---------------------------------------------------------------
// exp(x - max) / sum, as on the CPU: subtracting the row's max keeps every
// exponential <= 1. The sum accumulates in double for float32.

// The first passes, by the threads of a group (kernels::exp_row on the CPU):
// the row's max and the sum of exp(x - max), returned in every thread. Also
// the start of the fused cross-entropies (cross_entropy.cuh).
template <class T>
struct RowMaxSum {
  T max;
  fn::wide_t<T> sum;
};

template <int kRowThreads, class T>
__device__ __forceinline__ RowMaxSum<T> row_max_sum(const T* xr, int64_t cols, int tid, SharedArray<T, 33>& smax,
                                                    SharedArray<fn::wide_t<T>, 33>& ssum) {
  using Acc = fn::wide_t<T>;
  T max = fn::MaxReducer::identity<T>();
  for (int64_t j = tid; j < cols; j += kRowThreads) max = fn::MaxReducer{}(max, xr[j]);
  max = group_allreduce<kRowThreads>(max, fn::MaxReducer{}, fn::MaxReducer::identity<T>(), smax);
  Acc sum = 0;
  for (int64_t j = tid; j < cols; j += kRowThreads) sum += Acc(fn::Exp{}(T(xr[j] - max)));
  sum = group_allreduce<kRowThreads>(sum, fn::SumReducer{}, Acc(0), ssum);
  return {max, sum};
}

template <int kRowThreads, bool kLog, class T>
__global__ void __launch_bounds__(kThreads) softmax_rows_kernel(const T* x, int64_t rows, int64_t cols, T* out) {
  using Acc = fn::wide_t<T>;
  __shared__ SharedArray<T, 33> smax;
  __shared__ SharedArray<Acc, 33> ssum;
  const int tid = kRowThreads == 32 ? threadIdx.x % 32 : threadIdx.x;
  for (int64_t row = first_row<kRowThreads>(); row < rows; row += row_step<kRowThreads>()) {
    const T* xr = x + row * cols;
    T* o = out + row * cols;
    const auto [max, sum] = row_max_sum<kRowThreads>(xr, cols, tid, smax, ssum);
    if constexpr (kLog) {
      const T log_sum = T(fn::Log{}(sum));
      for (int64_t j = tid; j < cols; j += kRowThreads) o[j] = xr[j] - max - log_sum;
    } else {
      const T inv = T(1 / sum);
      for (int64_t j = tid; j < cols; j += kRowThreads) o[j] = fn::Exp{}(T(xr[j] - max)) * inv;
    }
  }
}

// ---- launchers -----------------------------------------------------------------------------------------
inline unsigned row_blocks(int64_t groups, int rows_per_block) {
  const int64_t wanted = (groups + rows_per_block - 1) / rows_per_block;
  const int64_t cap = int64_t(sm_count()) * 32;
  return unsigned(wanted < 1 ? 1 : wanted < cap ? wanted : cap);
}

template <class T, class R>
void reduce_rows(const T* x, int64_t rows, int64_t cols, T* out, R r, bool mean, void* stream) {
  using Acc = fn::accumulator_t<R, T>;
  if (rows == 0) return;
  const Finish fin{mean, cols};
  if (cols <= kWarpRowMaxCols) {  // version 1
    TINYTF_LAUNCH(row_blocks(rows, kRowsPerWarpBlock), kThreads, stream, reduce_rows_kernel<32, T, Acc, T, R>)
    (x, rows, cols, int64_t(1), cols, out, r, fin);
    check_launch("reduce_rows");
    return;
  }
  // Enough rows to give every SM a few blocks: one block per row (version 2).
  const int64_t target_blocks = int64_t(sm_count()) * 4;
  if (rows >= target_blocks) {
    TINYTF_LAUNCH(row_blocks(rows, 1), kThreads, stream, reduce_rows_kernel<kThreads, T, Acc, T, R>)
    (x, rows, cols, int64_t(1), cols, out, r, fin);
    check_launch("reduce_rows");
    return;
  }
  // Version 3: chunks of at least 16 elements per thread, about target_blocks blocks in all.
  int64_t chunks = (target_blocks + rows - 1) / rows;
  const int64_t min_chunk = int64_t(kThreads) * 16;
  if (cols / chunks < min_chunk) chunks = cols / min_chunk > 1 ? cols / min_chunk : 1;
  const int64_t chunk = (cols + chunks - 1) / chunks;
  chunks = (cols + chunk - 1) / chunk;
  Acc* partial = static_cast<Acc*>(scratch_alloc(size_t(rows * chunks) * sizeof(Acc), stream));
  TINYTF_LAUNCH(row_blocks(rows * chunks, 1), kThreads, stream, reduce_rows_kernel<kThreads, T, Acc, Acc, R>)
  (x, rows, cols, chunks, chunk, partial, r, Finish{});
  check_launch("reduce_rows (partials)");
  TINYTF_LAUNCH(row_blocks(rows, kRowsPerWarpBlock), kThreads, stream, reduce_rows_kernel<32, Acc, Acc, T, R>)
  (partial, rows, chunks, int64_t(1), chunks, out, r, fin);
  check_launch("reduce_rows (combine)");
  scratch_free(partial, stream);
}

template <class T, class R>
void reduce_columns(const T* x, int64_t rows, int64_t cols, T* out, R r, bool mean, void* stream) {
  using Acc = fn::accumulator_t<R, T>;
  if (cols == 0) return;
  const Finish fin{mean, rows};
  // Threads to fill the GPU (grid_for's cap); chunks of at least 64 rows, so a thread has work.
  const int64_t target_threads = int64_t(sm_count()) * 8 * kThreads;
  int64_t chunks = cols >= target_threads ? 1 : (target_threads + cols - 1) / cols;
  if (chunks > rows / 64) chunks = rows / 64;
  if (chunks <= 1) {
    TINYTF_LAUNCH(grid_for(cols), kThreads, stream, reduce_columns_kernel<T, Acc, T, R>)
    (x, rows, cols, int64_t(1), rows, out, r, fin);
    check_launch("reduce_columns");
    return;
  }
  const int64_t chunk = (rows + chunks - 1) / chunks;
  chunks = (rows + chunk - 1) / chunk;
  Acc* partial = static_cast<Acc*>(scratch_alloc(size_t(chunks * cols) * sizeof(Acc), stream));
  TINYTF_LAUNCH(grid_for(chunks * cols), kThreads, stream, reduce_columns_kernel<T, Acc, Acc, R>)
  (x, rows, cols, chunks, chunk, partial, r, Finish{});
  check_launch("reduce_columns (partials)");
  TINYTF_LAUNCH(grid_for(cols), kThreads, stream, reduce_columns_kernel<Acc, Acc, T, R>)
  (partial, chunks, cols, int64_t(1), chunks, out, r, fin);
  check_launch("reduce_columns (combine)");
  scratch_free(partial, stream);
}

template <bool kMax, class T, class Index>
void arg_reduce_rows(const T* x, int64_t rows, int64_t cols, Index* out, void* stream) {
  if (rows == 0) return;
  if (cols <= kWarpRowMaxCols) {
    TINYTF_LAUNCH(row_blocks(rows, kRowsPerWarpBlock), kThreads, stream, arg_reduce_rows_kernel<32, kMax, T, Index>)
    (x, rows, cols, out);
  } else {
    TINYTF_LAUNCH(row_blocks(rows, 1), kThreads, stream, arg_reduce_rows_kernel<kThreads, kMax, T, Index>)
    (x, rows, cols, out);
  }
  check_launch("arg_reduce_rows");
}

template <bool kLog, class T>
void softmax_rows(const T* x, int64_t rows, int64_t cols, T* out, void* stream) {
  if (rows == 0 || cols == 0) return;
  if (cols <= kWarpRowMaxCols) {
    TINYTF_LAUNCH(row_blocks(rows, kRowsPerWarpBlock), kThreads, stream, softmax_rows_kernel<32, kLog, T>)
    (x, rows, cols, out);
  } else {
    TINYTF_LAUNCH(row_blocks(rows, 1), kThreads, stream, softmax_rows_kernel<kThreads, kLog, T>)(x, rows, cols, out);
  }
  check_launch("softmax_rows");
}

}  // namespace tinytf::cuda
