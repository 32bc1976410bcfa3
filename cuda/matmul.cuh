// Matrix multiply: C[m x n] = A[m x k] @ B[k x n], any row/column strides
// for A and B (a transposed operand is the same memory with its strides
// swapped, as in cpp/tinytf/kernels/gemm.h), C row-major with row stride c_rs.
//
// Napkin math. 2mnk flops over (mk + kn + mn) elements: for m = n = k = 4096
// in float32 that is 137 GFLOP over 200 MB. An H100 SXM does ~60 TFLOP/s of
// plain FP32 FMA (no tensor cores) and moves ~3.3 TB/s, so the floor is
// ~2.3 ms of arithmetic against 0.06 ms of memory: the kernel is bound by
// arithmetic if it reuses each loaded element enough times. That reuse is
// the whole story of the three versions:
//
// Version 1, naive: one thread per element of C, reading a row of A and a
//   column of B straight from global memory: 2 loads per FMA. Even with L1/L2
//   catching most of them it is bound by load instructions (~1-2 TFLOP/s).
// Version 2, shared-memory tiles: a 16x16 block stages a 16x16 tile of A and
//   of B in shared memory, then each thread does 16 FMAs from shared memory:
//   global traffic drops 16x, but every FMA still needs 2 shared loads, so it
//   is bound by shared-memory bandwidth (~25% of peak).
// Version 3, tiles + register blocking: a 256-thread block computes a 64x64
//   tile of C, each thread a 4x4 sub-tile held in registers. Per step of k a
//   thread loads 4 values of A and 4 of B from shared memory into registers
//   and does 16 FMAs with them: 2 shared loads per 4 FMAs, 4x better than
//   version 2, and global traffic drops 64x. Gets ~50-70% of FP32 peak on
//   large matrices; closing the rest needs wider tiles, double buffering and
//   vectorised shared loads (cuBLAS-style), or tensor cores.
// Edges: tiles that hang over the matrix are padded with zeros on load and
// masked on store, so any m, n, k works (k = 0 gives C = 0).
#pragma once
#include "common.cuh"

namespace tinytf::cuda {

// ---- version 1: naive -----------------------------------------------------------------------
template <class T>
__global__ void gemm_naive(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b,
                           int64_t b_rs, int64_t b_cs, T* c, int64_t c_rs) {
  const int64_t j = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  const int64_t i = int64_t(blockIdx.y) * blockDim.y + threadIdx.y;
  if (i >= m || j >= n) return;
  T acc = T(0);
  for (int64_t p = 0; p < k; ++p) acc += a[i * a_rs + p * a_cs] * b[p * b_rs + j * b_cs];
  c[i * c_rs + j] = acc;
}

// ---- version 2: 16x16 shared-memory tiles ----------------------------------------------------------
constexpr int kTile2 = 16;

template <class T>
__global__ void __launch_bounds__(kTile2* kTile2)
    gemm_tiled(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b, int64_t b_rs,
               int64_t b_cs, T* c, int64_t c_rs) {
  // +1 column: threads of a warp read a column of As without bank conflicts.
  __shared__ SharedArray<T, kTile2*(kTile2 + 1)> As;
  __shared__ SharedArray<T, kTile2 * kTile2> Bs;
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int64_t i = int64_t(blockIdx.y) * kTile2 + ty, j = int64_t(blockIdx.x) * kTile2 + tx;
  T acc = T(0);
  for (int64_t p0 = 0; p0 < k; p0 += kTile2) {
    // Each thread stages one element of each tile (zero outside the matrix).
    As[ty * (kTile2 + 1) + tx] = (i < m && p0 + tx < k) ? a[i * a_rs + (p0 + tx) * a_cs] : T(0);
    Bs[ty * kTile2 + tx] = (p0 + ty < k && j < n) ? b[(p0 + ty) * b_rs + j * b_cs] : T(0);
    __syncthreads();  // the tiles are complete
    for (int p = 0; p < kTile2; ++p) {
      const T x = As[ty * (kTile2 + 1) + p], y = Bs[p * kTile2 + tx];
      acc += x * y;
    }
    __syncthreads();  // everyone is done reading before the next tiles overwrite them
  }
  if (i < m && j < n) c[i * c_rs + j] = acc;
}

// ---- version 3: 64x64 tiles, 4x4 outputs per thread in registers ---------------------------------------
constexpr int kBM = 64, kBN = 64, kBK = 16;  // block tile of C, and the k-step
constexpr int kTM = 4, kTN = 4;              // per-thread sub-tile
constexpr int kThreads3 = (kBM / kTM) * (kBN / kTN);  // 256, as a 16x16 grid of threads

template <class T>
__global__ void __launch_bounds__(kThreads3)
    gemm_register_tiled(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b,
                        int64_t b_rs, int64_t b_cs, T* c, int64_t c_rs) {
  // As is stored k-major (As[p][row]) so a thread's 4 rows for one p are
  // neighbours; the row length kBM + 1 keeps the staging stores, whose
  // threads walk p, off a single bank.
  constexpr int kAs = kBM + 1;
  __shared__ SharedArray<T, kBK * kAs> As;
  __shared__ SharedArray<T, kBK * kBN> Bs;
  const int tid = threadIdx.x;
  const int tx = tid % (kBN / kTN), ty = tid / (kBN / kTN);  // 16 x 16
  const int64_t m0 = int64_t(blockIdx.y) * kBM, n0 = int64_t(blockIdx.x) * kBN;

  // Thread (ty, tx) owns rows m0 + ty + 16 r and columns n0 + tx + 16 s:
  // strided rather than adjacent so a warp's stores to C are coalesced and
  // its shared-memory reads of Bs hit 16 distinct banks.
  T acc[kTM][kTN];
  for (int r = 0; r < kTM; ++r)
    for (int s = 0; s < kTN; ++s) acc[r][s] = T(0);

  for (int64_t p0 = 0; p0 < k; p0 += kBK) {
    // Stage A[m0:m0+64, p0:p0+16] and B[p0:p0+16, n0:n0+64]: 1024 elements
    // each, 4 per thread. Consecutive threads take consecutive p (for A) and
    // consecutive columns (for B): coalesced for row-major operands.
    for (int e = tid; e < kBM * kBK; e += kThreads3) {
      const int row = e / kBK, p = e % kBK;
      const int64_t gi = m0 + row, gp = p0 + p;
      As[p * kAs + row] = (gi < m && gp < k) ? a[gi * a_rs + gp * a_cs] : T(0);
    }
    for (int e = tid; e < kBK * kBN; e += kThreads3) {
      const int p = e / kBN, col = e % kBN;
      const int64_t gp = p0 + p, gj = n0 + col;
      Bs[p * kBN + col] = (gp < k && gj < n) ? b[gp * b_rs + gj * b_cs] : T(0);
    }
    __syncthreads();  // the tiles are complete
    for (int p = 0; p < kBK; ++p) {
      T x[kTM], y[kTN];
      for (int r = 0; r < kTM; ++r) x[r] = As[p * kAs + ty + 16 * r];
      for (int s = 0; s < kTN; ++s) y[s] = Bs[p * kBN + tx + 16 * s];
      for (int r = 0; r < kTM; ++r)
        for (int s = 0; s < kTN; ++s) acc[r][s] += x[r] * y[s];
    }
    __syncthreads();  // everyone is done reading before the next tiles overwrite them
  }
  for (int r = 0; r < kTM; ++r) {
    const int64_t i = m0 + ty + 16 * r;
    if (i >= m) break;
    for (int s = 0; s < kTN; ++s) {
      const int64_t j = n0 + tx + 16 * s;
      if (j < n) c[i * c_rs + j] = acc[r][s];
    }
  }
}

// ---- launcher ------------------------------------------------------------------------------------------
template <class T>
void gemm(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_rs, int64_t a_cs, const T* b, int64_t b_rs,
          int64_t b_cs, T* c, int64_t c_rs, void* stream, int version) {
  if (m == 0 || n == 0) return;
  const int64_t tile = version == 1 || version == 2 ? kTile2 : kBM;
  const int64_t blocks_y = (m + tile - 1) / tile, blocks_x = (n + tile - 1) / tile;
  if (blocks_y > 65535 || blocks_x > 2147483647)
    throw std::invalid_argument("tinytf cuda: gemm with m = " + std::to_string(m) + " rows needs more than 65535 row blocks");
  const dim3 grid{unsigned(blocks_x), unsigned(blocks_y), 1u};
  const dim3 block2{unsigned(kTile2), unsigned(kTile2), 1u}, block3{unsigned(kThreads3), 1u, 1u};
  if (version == 1) {
    TINYTF_LAUNCH(grid, block2, stream, gemm_naive<T>)(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs);
  } else if (version == 2) {
    TINYTF_LAUNCH(grid, block2, stream, gemm_tiled<T>)(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs);
  } else {
    TINYTF_LAUNCH(grid, block3, stream, gemm_register_tiled<T>)(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs);
  }
  check_launch("gemm");
}

}  // namespace tinytf::cuda
