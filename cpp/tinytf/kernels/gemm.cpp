// The GEMM driver: C[m x n] = A[m x k] @ B[k x n] (see gemm.h).
//
// Structure (BLIS / GotoBLAS, "Anatomy of high-performance matrix
// multiplication", Goto & van de Geijn 2008). A multiply does 2*m*n*k flops
// on m*k + k*n + m*n numbers, so almost every number is reused many times;
// the whole game is to serve those reuses from registers and caches instead
// of memory. Five loops around a micro-kernel do that:
//
//   for jc in steps of NC:            B panel  (KC x NC)  lives in L3, shared
//     for pc in steps of KC:            by all threads; packed once here
//       pack B[pc:pc+KC, jc:jc+NC]
//       for ic in steps of MC:        A block  (MC x KC)  lives in L2, private
//         pack A[ic:ic+MC, pc:pc+KC]    to the thread that packed it
//         for jr in steps of NR:      B sliver (KC x NR)  stays in L1
//           for ir in steps of MR:    C tile   (MR x NR)  stays in registers
//             micro-kernel: C tile (+)= A sliver @ B sliver
//
// "Packing" copies a block into a scratch buffer in exactly the order the
// micro-kernel reads it (contiguous, aligned, zero-padded to whole MR x NR
// tiles), so the kernel never sees strides, transposes or ragged edges.
//
// Threads: the B panel is packed by all threads together; then each thread
// computes its own rectangle of C (its own rows, and its own columns when
// there are more threads than row tiles), packing the A rows it needs.
// Every element of C is computed by exactly one thread, always in the
// k order 0..k-1 (in KC chunks, which do not depend on the thread count), so
// the result is bit-identical for any OMP_NUM_THREADS.
#include "tinytf/kernels/gemm.h"

#include <omp.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <new>

#include "tinytf/kernels/gemm_microkernel.h"
#include "tinytf/kernels/gemm_reference.h"
#include "tinytf/kernels/simd.h"
#include "tinytf/kernels/variant.h"

namespace tinytf::kernels {
namespace {

// ---------------------------------------------------------------------------
// 1. Which micro-kernel: the one compiled for the active SIMD level.

template <class T>
MicroKernel<T> select_kernel(SimdLevel level);

template <>
MicroKernel<float> select_kernel<float>(SimdLevel level) {
  switch (level) {
    case SimdLevel::AVX512: return avx512::kernel_f32;
    case SimdLevel::AVX2: return avx2::kernel_f32;
    case SimdLevel::Portable: break;
  }
  return portable::kernel_f32;
}

template <>
MicroKernel<double> select_kernel<double>(SimdLevel level) {
  switch (level) {
    case SimdLevel::AVX512: return avx512::kernel_f64;
    case SimdLevel::AVX2: return avx2::kernel_f64;
    case SimdLevel::Portable: break;
  }
  return portable::kernel_f64;
}

// Integer matmuls are rare (index arithmetic, tests): portable kernels only.
template <>
MicroKernel<int32_t> select_kernel<int32_t>(SimdLevel) { return portable::kernel_i32; }
template <>
MicroKernel<int64_t> select_kernel<int64_t>(SimdLevel) { return portable::kernel_i64; }

// ---------------------------------------------------------------------------
// 2. Block sizes.
//
// Sized for a typical x86-64 core (32-48 KiB L1d, 1-2 MiB L2, a shared L3 of
// several MiB); measured on a Sapphire Rapids Xeon (48 KiB L1d, 2 MiB L2).
// KC is the important one, and the only one that changes results (it sets
// where the k sum is split into partial sums), so it depends on the kernel
// but never on the number of threads.

struct Blocking {
  int64_t mc;  // rows of an A block (MC x KC, in L2)
  int64_t kc;  // depth of every block (a KC x NR B sliver, in L1)
  int64_t nc;  // columns of the B panel (KC x NC, in L2/L3)
};

template <class T>
Blocking choose_blocking(const MicroKernel<T>& kernel) {
  const int64_t elem = sizeof(T);
  // KC: the B sliver (KC x NR) is reused by every A sliver of the block, so
  // it should sit in L1: 48 KiB of it (Sapphire Rapids' whole L1d, which the
  // A stream shares; 32 KiB L1s still hold most of it, and the L2 feeds the
  // rest fast enough). For AVX-512 that is KC = 384 for float and double
  // alike. Longer KC also means fewer passes over C and fewer barriers.
  // Measured: KC from 256 to 512 all within noise of each other here.
  const int64_t kc = std::clamp<int64_t>(48 * 1024 / (kernel.nr * elem), 128, 512);
  // MC: an A block of about 256 KiB (MC = 168 for AVX-512 float). Small
  // enough that a B panel of up to ~1.5 MiB stays in a 2 MiB L2 next to
  // it, so the next A block reuses the panel from L2 rather than L3; large
  // enough that each B sliver brought into L1 is used by a dozen A slivers.
  const int64_t mc = std::max<int64_t>(256 * 1024 / (kc * elem) / kernel.mr, 1) * kernel.mr;
  // NC: large, so B is packed once per KC step for most shapes and the
  // threads synchronise rarely; the panel then lives in L3.
  const int64_t nc = 4096 / kernel.nr * kernel.nr;
  return {mc, kc, nc};
}

// ---------------------------------------------------------------------------
// 3. Scratch memory for packed blocks.
//
// Allocating (and page-faulting) megabytes per call would cost more than a
// small multiply itself, so each thread keeps its buffer and only grows it.
// The memory is returned when the thread exits.

class Scratch {
 public:
  Scratch() = default;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() { std::free(data_); }

  // 64-byte aligned (a cache line, and the widest vector the kernels load).
  void* get(size_t bytes) {
    if (bytes > size_) {
      std::free(data_);
      size_ = (bytes + 63) / 64 * 64;
      data_ = std::aligned_alloc(64, size_);
      if (data_ == nullptr) {
        size_ = 0;
        throw std::bad_alloc();
      }
    }
    return data_;
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

thread_local Scratch tls_scratch_a;  // each worker's packed A block
thread_local Scratch tls_scratch_b;  // the caller's packed B panel (shared)

// ---------------------------------------------------------------------------
// 4. Packing.

// One full sliver of a row-major A, with MR known at compile time: for each
// p, gather A[0..MR-1][p] from the MR rows and store them side by side. The
// MR rows are read front to back (MR sequential streams) and the output is
// written contiguously; with the loop over rows unrolled this is about one
// load and one store per element, the best a scalar copy can do.
template <class T, int MR>
void pack_a_sliver_rowmajor(int64_t kc, const T* a, int64_t a_rs, T* dst) {
  for (int64_t p = 0; p < kc; ++p) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) dst[i] = a[i * a_rs + p];
    dst += MR;
  }
}

// A column-major A (a transposed view, as x^T in a Dense layer's weight
// gradient x^T @ g): each column p of the block is contiguous, so walk the
// columns front to back and deal each one's values out to the slivers, MR at
// a time (the same idea as pack_b_rowmajor below). Going sliver by sliver
// instead would read MR values from each of kc columns a row apart, and bring
// every cache line in again for each sliver that shares it.
template <class T, int MR>
void pack_a_colmajor(int64_t rows, int64_t kc, const T* a, int64_t a_cs, T* dst) {
  const int64_t full_rows = rows / MR * MR;  // rows of the full slivers
  for (int64_t p = 0; p < kc; ++p) {
    const T* src = a + p * a_cs;
    int64_t r = 0;
    for (; r < full_rows; r += MR) std::memcpy(dst + r * kc + p * MR, src + r, sizeof(T) * MR);
    if (r < rows) {  // the last sliver, zero-padded past `rows`
      T* out = dst + r * kc + p * MR;
      for (int i = 0; i < MR; ++i) out[i] = r + i < rows ? src[r + i] : T(0);
    }
  }
}

// Packs rows [0, rows) x columns [0, kc) of A (already offset to the block's
// corner) as slivers of MR rows: sliver s holds, for p = 0..kc-1, the MR
// values A[s*MR + i][p] one after the other. Rows past `rows` are zero, so
// the kernel computes harmless zeros there.
template <class T>
void pack_a(int64_t rows, int64_t kc, const T* a, int64_t a_rs, int64_t a_cs,
            int mr, T* dst) {
  if (a_rs == 1 && a_cs != 1) {
    if (mr == 14) { pack_a_colmajor<T, 14>(rows, kc, a, a_cs, dst); return; }
    if (mr == 6) { pack_a_colmajor<T, 6>(rows, kc, a, a_cs, dst); return; }
    if (mr == 4) { pack_a_colmajor<T, 4>(rows, kc, a, a_cs, dst); return; }
  }
  for (int64_t r0 = 0; r0 < rows; r0 += mr, dst += mr * kc) {
    const int64_t live = std::min<int64_t>(mr, rows - r0);
    const T* src = a + r0 * a_rs;
    // Fast paths for the common case: row-major A, full sliver, the MR of
    // one of our kernels (see gemm_avx512.cpp, gemm_avx2.cpp, gemm_portable.cpp).
    if (a_cs == 1 && live == mr) {
      if (mr == 14) { pack_a_sliver_rowmajor<T, 14>(kc, src, a_rs, dst); continue; }
      if (mr == 6) { pack_a_sliver_rowmajor<T, 6>(kc, src, a_rs, dst); continue; }
      if (mr == 4) { pack_a_sliver_rowmajor<T, 4>(kc, src, a_rs, dst); continue; }
    }
    // Any other layout (e.g. a strided view) or a ragged last sliver.
    for (int64_t p = 0; p < kc; ++p) {
      for (int64_t i = 0; i < live; ++i) dst[p * mr + i] = src[i * a_rs + p * a_cs];
      for (int64_t i = live; i < mr; ++i) dst[p * mr + i] = T(0);
    }
  }
}

// Packs columns [j0, j1) of a KC-row slab of B (j0 a multiple of NR) into
// NR-column slivers: sliver t holds, for p = 0..kc-1, the NR values
// B[p][t*NR .. t*NR+NR-1], zero-padded past column `cols` (the panel width).
// The packed panel is the concatenation of the slivers, each NR * kc long.
// Row-major B, with NR known at compile time: each full sliver row is one
// fixed-size copy of NR values (a few vector moves), not a loop whose length
// is only known at run time. This matters when B is packed for only a few
// rows of A (a Dense layer's weights at every predict batch: 784x512 floats,
// once per call).
template <class T, int NR>
void pack_b_rowmajor(int64_t kc, int64_t cols, int64_t j0, int64_t j1, const T* b, int64_t b_rs, T* dst) {
  const int64_t full_end = std::min(j1, cols / NR * NR);  // slivers [j0, full_end) have NR live columns
  for (int64_t p = 0; p < kc; ++p) {
    const T* src = b + p * b_rs;
    int64_t j = j0;
    for (; j < full_end; j += NR) std::memcpy(dst + j * kc + p * NR, src + j, sizeof(T) * NR);
    for (; j < j1; j += NR) {  // the last sliver, zero-padded past `cols`
      T* out = dst + j * kc + p * NR;
      for (int s = 0; s < NR; ++s) out[s] = j + s < cols ? src[j + s] : T(0);
    }
  }
}

template <class T>
void pack_b(int64_t kc, int64_t cols, int64_t j0, int64_t j1, const T* b,
            int64_t b_rs, int64_t b_cs, int nr, T* dst) {
  if (b_cs == 1) {
    // Row-major B: walk B row by row, so memory is read front to back (the
    // hardware prefetcher's favourite pattern), and deal each row's pieces
    // out to the slivers. Going sliver by sliver instead would read a few
    // bytes from each of kc rows, a page apart: slow.
    if (nr == 8) { pack_b_rowmajor<T, 8>(kc, cols, j0, j1, b, b_rs, dst); return; }
    if (nr == 16) { pack_b_rowmajor<T, 16>(kc, cols, j0, j1, b, b_rs, dst); return; }
    if (nr == 32) { pack_b_rowmajor<T, 32>(kc, cols, j0, j1, b, b_rs, dst); return; }
    for (int64_t p = 0; p < kc; ++p) {
      const T* src = b + p * b_rs;
      for (int64_t j = j0; j < j1; j += nr) {
        T* out = dst + j * kc + p * nr;
        const int64_t live = std::min<int64_t>(nr, cols - j);
        for (int64_t s = 0; s < live; ++s) out[s] = src[j + s];
        for (int64_t s = live; s < nr; ++s) out[s] = T(0);
      }
    }
    return;
  }
  // Any other layout (e.g. a transposed B, b_rs == 1): read each column of
  // B contiguously, write with stride NR.
  for (int64_t j = j0; j < j1; j += nr) {
    T* out = dst + j * kc;
    const int64_t live = std::min<int64_t>(nr, cols - j);
    for (int64_t s = 0; s < live; ++s)
      for (int64_t p = 0; p < kc; ++p) out[p * nr + s] = b[p * b_rs + (j + s) * b_cs];
    for (int64_t p = 0; p < kc; ++p)
      for (int64_t s = live; s < nr; ++s) out[p * nr + s] = T(0);
  }
}

// ---------------------------------------------------------------------------
// 5. Splitting the work among threads.

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Threads form a grid: `rows` of them split C's rows, `cols` split the
// columns of each B panel. Choose the grid that gives the busiest thread the
// fewest MR x NR tiles; on ties prefer splitting rows (each thread then packs
// only its own rows of A, and all share the B panel).
struct ThreadGrid {
  int rows;
  int cols;
};

ThreadGrid split_threads(int threads, int64_t row_tiles, int64_t col_tiles) {
  ThreadGrid best{threads, 1};
  int64_t best_load = -1;
  for (int r = threads; r >= 1; --r) {
    if (threads % r != 0) continue;
    const int c = threads / r;
    const int64_t load = ceil_div(row_tiles, r) * ceil_div(col_tiles, c);
    if (best_load < 0 || load < best_load) {
      best = {r, c};
      best_load = load;
    }
  }
  return best;
}

// Start of part `i` of `parts` near-equal parts of `count` items.
int64_t part_begin(int64_t count, int64_t parts, int64_t i) { return count * i / parts; }

// ---------------------------------------------------------------------------
// 6. The driver, run by every thread of the team (or alone, without one).

template <class T>
struct Problem {
  int64_t m, n, k;
  const T* a;
  int64_t a_rs, a_cs;
  const T* b;
  int64_t b_rs, b_cs;
  T* c;
  int64_t c_rs;
  MicroKernel<T> kernel;
  Blocking blk;
  T* packed_b[2];  // two shared KC x NC buffers, allocated by the caller
};

// Runs the kernel on the tile at C[i][j] (rows x cols live entries). Edge
// tiles go through a small local tile so the kernel can always write a full
// MR x NR block without touching memory outside C.
template <class T>
void run_tile(const Problem<T>& pr, int64_t kc, const T* a_sliver,
              const T* b_sliver, int64_t i, int64_t j, int64_t rows,
              int64_t cols, bool accumulate) {
  const MicroKernel<T>& kern = pr.kernel;
  T* c = pr.c + i * pr.c_rs + j;
  if (rows == kern.mr && cols == kern.nr) {
    kern.run(kc, a_sliver, b_sliver, c, pr.c_rs, accumulate);
    return;
  }
  constexpr int kMaxTile = 32 * 64;  // >= MR * NR of every kernel
  alignas(64) T tile[kMaxTile];
  assert(kern.mr * kern.nr <= kMaxTile);
  kern.run(kc, a_sliver, b_sliver, tile, kern.nr, /*accumulate=*/false);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t s = 0; s < cols; ++s)
      c[r * pr.c_rs + s] = accumulate ? c[r * pr.c_rs + s] + tile[r * kern.nr + s]
                                      : tile[r * kern.nr + s];
}

template <class T>
void gemm_thread(const Problem<T>& pr, int thread, int threads) {
  const int mr = pr.kernel.mr, nr = pr.kernel.nr;
  const Blocking& blk = pr.blk;

  // This thread's share of the rows, and its column share of each panel.
  const ThreadGrid grid = split_threads(threads, ceil_div(pr.m, mr),
                                        ceil_div(std::min(pr.n, blk.nc), nr));
  const int ti = thread / grid.cols, tj = thread % grid.cols;
  const int64_t row_tiles = ceil_div(pr.m, mr);
  const int64_t row_begin = std::min(pr.m, part_begin(row_tiles, grid.rows, ti) * mr);
  const int64_t row_end = std::min(pr.m, part_begin(row_tiles, grid.rows, ti + 1) * mr);

  // Cut the rows into A blocks of at most MC rows, all about the same size
  // (so no thread ends with one thin block while the other waits).
  const int64_t my_rows = row_end - row_begin;
  const int64_t a_blocks = std::max<int64_t>(ceil_div(my_rows, blk.mc), 1);
  const int64_t mc = ceil_div(ceil_div(my_rows, a_blocks), mr) * mr;
  T* packed_a = static_cast<T*>(
      tls_scratch_a.get(sizeof(T) * mc * std::min(blk.kc, pr.k)));

  int step = 0;  // which of the two B buffers this panel goes to
  for (int64_t jc = 0; jc < pr.n; jc += blk.nc) {
    const int64_t nc = std::min(blk.nc, pr.n - jc);
    const int64_t col_tiles = ceil_div(nc, nr);
    const int64_t jr_begin = part_begin(col_tiles, grid.cols, tj) * nr;
    const int64_t jr_end = part_begin(col_tiles, grid.cols, tj + 1) * nr;

    for (int64_t pc = 0; pc < pr.k; pc += blk.kc) {
      const int64_t kc = std::min(blk.kc, pr.k - pc);
      const bool accumulate = pc > 0;  // the first k block overwrites C

      // All threads pack the B panel together, each a contiguous range of
      // slivers; the barrier makes the whole panel visible before anyone
      // uses it. (Outside a parallel region it is a no-op.)
      // Panels alternate between two buffers: a thread that gets here has
      // passed the previous barrier, so everyone has finished the panel
      // before last, and its buffer is free. (With one buffer we would need
      // a second barrier after the compute, and threads would idle twice.)
      T* packed_b = pr.packed_b[step++ % 2];
      pack_b(kc, nc, part_begin(col_tiles, threads, thread) * nr,
             part_begin(col_tiles, threads, thread + 1) * nr,
             pr.b + pc * pr.b_rs + jc * pr.b_cs, pr.b_rs, pr.b_cs, nr, packed_b);
#pragma omp barrier

      for (int64_t ic = row_begin; ic < row_end; ic += mc) {
        const int64_t rows = std::min(mc, row_end - ic);
        pack_a(rows, kc, pr.a + ic * pr.a_rs + pc * pr.a_cs, pr.a_rs, pr.a_cs,
               mr, packed_a);
        // jr outside ir: one B sliver stays in L1 while all A slivers of the
        // block stream past it from L2.
        for (int64_t jr = jr_begin; jr < jr_end; jr += nr) {
          const int64_t cols = std::min<int64_t>(nr, nc - jr);
          for (int64_t ir = 0; ir < rows; ir += mr) {
            run_tile(pr, kc, packed_a + ir * kc, packed_b + jr * kc, ic + ir,
                     jc + jr, std::min<int64_t>(mr, rows - ir), cols, accumulate);
          }
        }
      }
    }
  }
}

// Problems with at most this many multiply-adds take the plain loop of
// gemm_reference.h: packing into zero-padded tiles costs more than the
// multiply. Measured: the plain loop wins up to about 4 x 4 x 4 and loses from
// 8 x 8 x 8 on.
constexpr int64_t kSmallMaxWork = 256;

// Below this many multiply-adds a second thread costs more (waking it,
// barriers) than it saves.
constexpr int64_t kParallelMinWork = int64_t(96) * 96 * 96;

}  // namespace

template <class T>
void gemm(int64_t m, int64_t n, int64_t k,
          const T* a, int64_t a_rs, int64_t a_cs,
          const T* b, int64_t b_rs, int64_t b_cs,
          T* c, int64_t c_rs) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {  // an empty sum: C = 0
    for (int64_t i = 0; i < m; ++i) std::fill(c + i * c_rs, c + i * c_rs + n, T(0));
    return;
  }

  if (m * n * k <= kSmallMaxWork || uses_reference(HotKernel::Matmul)) {
    gemm_reference(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs);
    return;
  }

  Problem<T> pr{m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs,
                select_kernel<T>(active_simd_level()), {}, {nullptr, nullptr}};
  pr.blk = choose_blocking(pr.kernel);
  const int64_t panel_cols = ceil_div(std::min(n, pr.blk.nc), pr.kernel.nr) * pr.kernel.nr;
  const int64_t panel_size = std::min(pr.blk.kc, k) * panel_cols;
  pr.packed_b[0] = static_cast<T*>(tls_scratch_b.get(sizeof(T) * 2 * panel_size));
  pr.packed_b[1] = pr.packed_b[0] + panel_size;

  // No more threads than there are tiles to share out.
  const int64_t tiles = ceil_div(m, pr.kernel.mr) * ceil_div(n, pr.kernel.nr);
  int threads = m * n * k < kParallelMinWork ? 1 : omp_get_max_threads();
  threads = static_cast<int>(std::min<int64_t>(threads, tiles));
  if (threads <= 1) {
    gemm_thread(pr, 0, 1);
    return;
  }
#pragma omp parallel num_threads(threads)
  // The team may be smaller than asked (e.g. nested inside another parallel
  // region), so split the work by the actual team size.
  gemm_thread(pr, omp_get_thread_num(), omp_get_num_threads());
}

#define TINYTF_INSTANTIATE_GEMM(T)                                   \
  template void gemm<T>(int64_t, int64_t, int64_t, const T*, int64_t, \
                        int64_t, const T*, int64_t, int64_t, T*, int64_t);
TINYTF_INSTANTIATE_GEMM(float)
TINYTF_INSTANTIATE_GEMM(double)
TINYTF_INSTANTIATE_GEMM(int32_t)
TINYTF_INSTANTIATE_GEMM(int64_t)
#undef TINYTF_INSTANTIATE_GEMM

}  // namespace tinytf::kernels
