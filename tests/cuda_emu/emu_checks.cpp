// Checks of the emulation layer itself, written as small CUDA kernels:
//   - "good" kernels whose results are known exactly (shuffles, votes,
//     atomics, barriers, the block reduction of cuda/common.cuh): the layer
//     must run them correctly under every schedule;
//   - seeded bugs, each a classic CUDA mistake: the layer must stop them with
//     its error message (tests/test_cuda_emulation.py checks which one).
#include "cuda_emu.h"
// (first: it defines what the kernel headers need)
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "common.cuh"

namespace {

using tinytf::cuda::SharedArray;

void expect(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("emulation check failed: " + what);
}

// ---- good kernels --------------------------------------------------------------------------------
__global__ void shuffles_kernel(int* out) {
  const int t = threadIdx.x, lane = t % 32;
  const int v = t * 3 + 1;
  int* o = out + t * 8;
  o[0] = __shfl_sync(0xffffffffu, v, 5);
  o[1] = __shfl_down_sync(0xffffffffu, v, 3);
  o[2] = __shfl_up_sync(0xffffffffu, v, 2);
  o[3] = __shfl_xor_sync(0xffffffffu, v, 13);
  o[4] = __shfl_down_sync(0xffffffffu, v, 1, 8);
  o[5] = int(__ballot_sync(0xffffffffu, lane % 3 == 0));
  o[6] = __all_sync(0xffffffffu, v > 0) + 2 * __any_sync(0xffffffffu, lane == 31) + 4 * __all_sync(0xffffffffu, lane < 31);
  double d = double(t) + 0.5;  // 8-byte values shuffle too
  d = __shfl_xor_sync(0xffffffffu, d, 1);
  o[7] = int(d * 2);
}

void check_shuffles() {
  const int n = 64;
  std::vector<int> out(n * 8, -1);
  TINYTF_LAUNCH(1, n, nullptr, shuffles_kernel)(out.data());
  for (int t = 0; t < n; ++t) {
    const int lane = t % 32, base = t - lane;
    auto v = [&](int l) { return (base + l) * 3 + 1; };
    const int* o = &out[t * 8];
    expect(o[0] == v(5), "__shfl_sync");
    expect(o[1] == (lane + 3 < 32 ? v(lane + 3) : v(lane)), "__shfl_down_sync");
    expect(o[2] == (lane >= 2 ? v(lane - 2) : v(lane)), "__shfl_up_sync");
    expect(o[3] == v(lane ^ 13), "__shfl_xor_sync");
    expect(o[4] == (lane % 8 + 1 < 8 ? v(lane + 1) : v(lane)), "__shfl_down_sync width 8");
    expect(unsigned(o[5]) == 0x49249249u, "__ballot_sync");
    expect(o[6] == 1 + 2 + 0, "__all_sync / __any_sync");
    expect(o[7] == 2 * (t ^ 1) + 1, "__shfl_xor_sync on double");
  }
}

__global__ void atomics_kernel(int* bins, int* block_totals) {
  __shared__ SharedArray<int, 1> count;
  if (threadIdx.x == 0) count[0] = 0;
  __syncthreads();
  atomicAdd(&count[0], 1);
  atomicAdd(&bins[threadIdx.x % 7], 1);
  atomicMax(&bins[7], int(threadIdx.x + blockIdx.x * 1000));
  __syncthreads();
  if (threadIdx.x == 0) block_totals[blockIdx.x] = count[0];
}

void check_atomics() {
  std::vector<int> bins(8, 0), totals(4, 0);
  TINYTF_LAUNCH(4, 128, nullptr, atomics_kernel)(bins.data(), totals.data());
  for (int b = 0; b < 7; ++b) expect(bins[b] == 4 * (128 / 7 + (b < 128 % 7 ? 1 : 0)), "atomicAdd histogram");
  expect(bins[7] == 3127, "atomicMax");
  for (int t : totals) expect(t == 128, "atomicAdd on shared memory");
}

// Each thread writes its slot, then (after the barrier) reads its neighbour's:
// correct only if the barrier really waits for everyone.
__global__ void barrier_kernel(int* out, int rounds) {
  __shared__ SharedArray<int, 256> s;
  int v = int(threadIdx.x);
  for (int r = 0; r < rounds; ++r) {
    s[threadIdx.x] = v;
    __syncthreads();
    v = s[(threadIdx.x + 1) % blockDim.x] + 1;
    __syncthreads();
  }
  out[threadIdx.x] = v;
}

void check_barriers() {
  const int n = 96, rounds = 5;
  std::vector<int> out(n, -1);
  TINYTF_LAUNCH(1, n, nullptr, barrier_kernel)(out.data(), rounds);
  for (int t = 0; t < n; ++t) expect(out[t] == (t + rounds) % n + rounds, "barrier rounds");
}

__global__ void block_reduce_kernel(double* out) {
  __shared__ SharedArray<double, 33> s;
  const double a = tinytf::cuda::block_allreduce(double(threadIdx.x), tinytf::fn::SumReducer{}, 0.0, s);
  const double b = tinytf::cuda::block_allreduce(double(threadIdx.x % 5), tinytf::fn::MaxReducer{}, -1.0, s);
  out[threadIdx.x] = a * 10 + b;
}

void check_block_reduce() {
  for (int n : {32, 96, 256, 1024}) {
    std::vector<double> out(size_t(n), -1);
    TINYTF_LAUNCH(1, n, nullptr, block_reduce_kernel)(out.data());
    for (double v : out) expect(v == double(n) * (n - 1) / 2 * 10 + 4, "block_allreduce");
  }
}

void check_bad_launch() {  // a zero-sized grid is a launch error, as on a GPU
  std::vector<int> out(1);
  TINYTF_LAUNCH(0, 32, nullptr, barrier_kernel)(out.data(), 1);
  expect(cudaGetLastError() == cudaErrorInvalidConfiguration, "invalid configuration reported");
  expect(cudaGetLastError() == cudaSuccess, "error cleared after reading");
}

// ---- seeded bugs ----------------------------------------------------------------------------------------
// Reads a neighbour's slot without waiting for it to be written.
__global__ void missing_sync_kernel(int* out) {
  __shared__ SharedArray<int, 64> s;
  s[threadIdx.x] = int(threadIdx.x);
  // __syncthreads();   <- the missing barrier
  out[threadIdx.x] = s[(threadIdx.x + 1) % 64];
}

// A loop that reuses a shared buffer without the second barrier: the next
// round's writes overwrite slots other threads are still reading.
__global__ void missing_second_sync_kernel(int* out) {
  __shared__ SharedArray<int, 64> s;
  int v = int(threadIdx.x);
  for (int r = 0; r < 3; ++r) {
    s[threadIdx.x] = v;
    __syncthreads();
    v += s[(threadIdx.x + 1) % 64];
    // __syncthreads();   <- the missing barrier
  }
  out[threadIdx.x] = v;
}

__global__ void shared_oob_kernel(int* out) {
  __shared__ SharedArray<int, 64> s;
  s[threadIdx.x + 1] = 1;  // off by one: thread 63 writes s[64]
  __syncthreads();
  out[threadIdx.x] = 0;
}

__global__ void global_oob_kernel(float* out, int64_t n) {
  const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  out[i] = 1.0f;  // missing `if (i < n)`: the last block writes past the end
  (void)n;
}

__global__ void divergent_barrier_kernel(int* out) {
  if (threadIdx.x < 16) __syncthreads();  // only some threads reach the barrier
  out[threadIdx.x] = 1;
}

__global__ void uninit_shared_kernel(int* out) {
  __shared__ SharedArray<int, 64> s;
  if (threadIdx.x < 32) s[threadIdx.x] = 1;
  __syncthreads();
  out[threadIdx.x] = s[63 - threadIdx.x];  // the upper half was never written
}

__global__ void shfl_exited_kernel(int* out) {
  if (threadIdx.x % 32 >= 16) return;  // half the warp leaves...
  out[threadIdx.x] = __shfl_xor_sync(0xffffffffu, int(threadIdx.x), 1);  // ...but the mask names it
}

__global__ void partial_warp_kernel(int* out) {
  out[threadIdx.x] = tinytf::cuda::warp_allreduce(int(threadIdx.x), tinytf::fn::SumReducer{});
}

}  // namespace

void run_emu_check(const std::string& name) {
  std::vector<int> out(1024, 0);
  if (name == "shuffles") check_shuffles();
  else if (name == "atomics") check_atomics();
  else if (name == "barriers") check_barriers();
  else if (name == "block_reduce") check_block_reduce();
  else if (name == "bad_launch") check_bad_launch();
  else if (name == "bug_missing_sync") TINYTF_LAUNCH(2, 64, nullptr, missing_sync_kernel)(out.data());
  else if (name == "bug_missing_second_sync") TINYTF_LAUNCH(1, 64, nullptr, missing_second_sync_kernel)(out.data());
  else if (name == "bug_shared_oob") TINYTF_LAUNCH(1, 64, nullptr, shared_oob_kernel)(out.data());
  else if (name == "bug_global_oob") {
    std::vector<float> buf(100);  // 100 elements, 2 blocks of 64 threads
    TINYTF_LAUNCH(2, 64, nullptr, global_oob_kernel)(buf.data(), int64_t(buf.size()));
  } else if (name == "bug_divergent_barrier") TINYTF_LAUNCH(1, 64, nullptr, divergent_barrier_kernel)(out.data());
  else if (name == "bug_uninit_shared") TINYTF_LAUNCH(1, 64, nullptr, uninit_shared_kernel)(out.data());
  else if (name == "bug_shfl_exited") TINYTF_LAUNCH(1, 64, nullptr, shfl_exited_kernel)(out.data());
  else if (name == "bug_partial_warp") TINYTF_LAUNCH(1, 48, nullptr, partial_warp_kernel)(out.data());
  else throw std::runtime_error("unknown check " + name);
}
