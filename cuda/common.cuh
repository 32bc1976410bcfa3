// What every kernel file shares: the launch macro, block-shared arrays, warp
// and block reductions, and the few CUDA runtime calls the launchers make.
//
// The kernel sources (cuda/*.cuh, cuda/*.cu) compile two ways, unmodified:
//   - with nvcc, for the GPU (cuda/CMakeLists.txt);
//   - with g++ under tests/cuda_emu/cuda_emu.h, which defines __global__,
//     __shared__, threadIdx, __syncthreads, the warp intrinsics and the
//     runtime calls below so that every CUDA thread runs as a CPU fiber, with
//     checked shared memory (docs/cuda.md). That is how they are tested on
//     machines without a GPU.
// So kernels use only what both provide: TINYTF_LAUNCH instead of <<<>>>,
// SharedArray for __shared__ arrays, the intrinsics listed in cuda_emu.h.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "launch.h"
#include "tinytf/kernels/functors.h"

#if defined(__CUDACC__)
#include <cuda_runtime.h>
// TINYTF_LAUNCH(grid, block, stream, kernel<...>)(args...) is kernel<<<grid, block, 0, stream>>>(args...).
#define TINYTF_LAUNCH(grid, block, stream, ...) \
  __VA_ARGS__<<<(grid), (block), 0, static_cast<cudaStream_t>(stream)>>>
#elif !defined(TINYTF_CUDA_EMU)
#error "cuda/*.cuh compile with nvcc, or with g++ after tests/cuda_emu/cuda_emu.h (the CPU emulation)"
#endif

namespace tinytf::cuda {

constexpr unsigned kFullMask = 0xffffffffu;

#if defined(TINYTF_CUDA_EMU)
// The emulation's SharedArray checks bounds and races on every access.
template <class T, int N>
using SharedArray = ::cuda_emu::SharedArray<T, N>;
#else
// A __shared__ array: declare as `__shared__ SharedArray<float, 256> s;`.
// On the GPU it is a plain array; under the emulation every access is
// bounds-checked and checked for races between barriers.
template <class T, int N>
struct SharedArray {
  T data[N];
  __device__ __forceinline__ T& operator[](int64_t i) { return data[i]; }
};
#endif

// ---- indexing helpers -------------------------------------------------------------
// Grid-stride loops: thread t of the grid handles t, t + total, t + 2 total, ...
// so any grid size covers any n (the launchers cap the grid at a few waves).
__device__ __forceinline__ int64_t global_thread() { return int64_t(blockIdx.x) * blockDim.x + threadIdx.x; }
__device__ __forceinline__ int64_t grid_threads() { return int64_t(gridDim.x) * blockDim.x; }

// Aligned packs of V elements: one 16-byte load or store instead of V small ones.
template <class T, int V>
struct alignas(sizeof(T) * V) Pack {
  T v[V];
};
// Elements per 16-byte pack for the widest of the types.
template <class... T>
constexpr int pack_width() {
  size_t widest = 1;
  ((widest = sizeof(T) > widest ? sizeof(T) : widest), ...);
  return int(16 / widest);
}

// ---- warp and block reductions ------------------------------------------------------
// Butterfly: after log2(32) xor-shuffles every lane holds op over all 32 lanes.
template <class T, class Op>
__device__ __forceinline__ T warp_allreduce(T v, Op op) {
  for (int offset = 16; offset > 0; offset >>= 1) v = op(v, T(__shfl_xor_sync(kFullMask, v, offset)));
  return v;
}

// Reduce over a whole block (blockDim.x a multiple of 32, at most 1024): warp
// shuffles, one partial per warp in shared memory, the first warp reduces the
// partials, the result goes back through shared memory to every thread.
// Every thread of the block must call it (it has barriers). `s` has 32 slots
// for the partials plus one for the result, so a second call right after the
// first never overwrites a slot another thread may still be reading.
template <class T, class Op>
__device__ __forceinline__ T block_allreduce(T v, Op op, T identity, SharedArray<T, 33>& s) {
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
  v = warp_allreduce(v, op);
  if (lane == 0) s[warp] = v;
  __syncthreads();
  if (warp == 0) {
    T x = identity;
    if (lane < warps) x = s[lane];
    x = warp_allreduce(x, op);
    if (lane == 0) s[32] = x;
  }
  __syncthreads();
  const T result = s[32];
  return result;
}

// ---- exact float arithmetic ---------------------------------------------------------------
// a * b and a + b rounded separately, never fused into one FMA: used where a
// result must be bit-identical to the CPU's (random numbers).
template <class T>
__device__ __forceinline__ T mul_rn(T a, T b) {
#if defined(__CUDA_ARCH__)
  if constexpr (std::is_same_v<T, float>) return __fmul_rn(a, b);
  else if constexpr (std::is_same_v<T, double>) return __dmul_rn(a, b);
  else return a * b;
#else
  return a * b;
#endif
}
template <class T>
__device__ __forceinline__ T add_rn(T a, T b) {
#if defined(__CUDA_ARCH__)
  if constexpr (std::is_same_v<T, float>) return __fadd_rn(a, b);
  else if constexpr (std::is_same_v<T, double>) return __dadd_rn(a, b);
  else return a + b;
#else
  return a + b;
#endif
}

// ---- host side: launch configuration and errors ------------------------------------------
constexpr int kThreads = 256;  // threads per block for the 1-D kernels

// Streaming multiprocessors of the current device (cached: asked once).
inline int sm_count() {
  static const int count = [] {
    int device = 0, n = 0;
    if (cudaGetDevice(&device) != cudaSuccess ||
        cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, device) != cudaSuccess || n <= 0) {
      (void)cudaGetLastError();  // clear the error: the launch will report a real one
      n = 1;
    }
    return n;
  }();
  return count;
}

// Blocks for a grid-stride loop over `work` items: enough to cover them, at
// most 8 blocks of 256 threads per SM (2048 threads, a full SM on every
// architecture we build for); more would only add scheduling overhead.
inline unsigned grid_for(int64_t work, int threads = kThreads) {
  const int64_t wanted = (work + threads - 1) / threads;
  const int64_t cap = int64_t(sm_count()) * 8;
  return unsigned(wanted < 1 ? 1 : wanted < cap ? wanted : cap);
}

// Throws if the launch just made failed (bad configuration, no device...).
inline void check_launch(const char* what) {
  const cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess)
    throw std::runtime_error(std::string("tinytf cuda: launching ") + what + " failed: " + cudaGetErrorString(err));
}

// Scratch memory for multi-pass kernels, stream-ordered (freed when the
// stream gets there, so no synchronisation).
inline void* scratch_alloc(size_t bytes, void* stream) {
  void* p = nullptr;
  const cudaError_t err = cudaMallocAsync(&p, bytes, static_cast<cudaStream_t>(stream));
  if (err != cudaSuccess)
    throw std::runtime_error(std::string("tinytf cuda: allocating ") + std::to_string(bytes) +
                             " bytes of scratch failed: " + cudaGetErrorString(err));
  return p;
}
inline void scratch_free(void* p, void* stream) { (void)cudaFreeAsync(p, static_cast<cudaStream_t>(stream)); }

}  // namespace tinytf::cuda
