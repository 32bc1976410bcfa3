// cuda_emu.h: run the UNMODIFIED CUDA kernels of cuda/ on the CPU, checked.
//
// Include this before any cuda/*.cuh (or force it with g++ -include) and the
// kernel sources compile as plain C++17. The model (docs/cuda.md):
//
//   * One fiber (ucontext) per CUDA thread. A launch runs its blocks one after
//     another; inside a block, the scheduler resumes ready fibers in an order
//     chosen by CUDA_EMU_SCHEDULE: "forward" (thread 0 first), "reverse" or
//     "random" (a fresh permutation each round, plus random preemption at
//     shared-memory accesses and atomics; CUDA_EMU_SEED picks the sequence).
//     A fiber runs until it blocks at a barrier, a warp collective, or a
//     preemption point, so results that depend on the interleaving show up as
//     differences between schedules.
//   * __syncthreads() is a block barrier. All threads of the block must reach
//     the same barrier (same source line): a thread that exits while others
//     wait, or threads waiting at different barriers, is reported as a
//     divergent barrier (undefined behaviour on a GPU).
//   * __shared__ arrays are SharedArray<T, N> (cuda/common.cuh): every access
//     is bounds-checked and checked for races. The block's time is cut into
//     barrier intervals; reading an element another thread wrote in the same
//     interval, or writing one another thread read or wrote in it, is a race
//     (a missing __syncthreads). Reading an element nobody in this block wrote
//     is reported too (uninitialised shared memory).
//   * Warp collectives (__shfl*_sync, __all/__any/__ballot_sync, __syncwarp)
//     rendezvous the lanes of the mask: every lane named must arrive at the
//     same kind of collective with the same mask, and must exist.
//   * Atomics run without preemption inside, so they are atomic.
//   * Global memory is host memory: cudaMallocAsync is malloc. Out-of-bounds
//     global accesses are left to AddressSanitizer (build with -fsanitize=address).
//   * CUDA_EMU_DROP_BARRIER=<file suffix>:<line> turns that one __syncthreads
//     into a no-op: the tests use it to check every barrier is needed.
//
// Any violation prints "cuda_emu: error: ..." with the kernel, block and thread
// and exits with status 86.
//
// Limits: one warp collective in flight per warp (lanes of a warp that split
// into sub-masks must not overlap in time); no dynamic shared memory, no
// cooperative groups, no streams or events (a launch completes before it
// returns); no memory model below barriers (no __threadfence ordering, no
// warp-synchronous shared memory: use shuffles); float math is glibc's, not
// CUDA's, so results match the CPU bit for bit but a GPU only to a few ulps.
#pragma once
#define TINYTF_CUDA_EMU 1

#include <ucontext.h>

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define CUDA_EMU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CUDA_EMU_ASAN 1
#endif
#endif
#if defined(CUDA_EMU_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif

// ---- CUDA's keywords and built-ins --------------------------------------------------------
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __grid_constant__
// All fibers of a block run on one OS thread, so a function-local static is
// exactly one copy per kernel per block (blocks run one after another).
#define __shared__ static

struct dim3 {
  unsigned x = 1, y = 1, z = 1;
  dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
using uint3 = dim3;

enum cudaError_t { cudaSuccess = 0, cudaErrorInvalidConfiguration = 9, cudaErrorMemoryAllocation = 2 };
enum cudaDeviceAttr { cudaDevAttrMultiProcessorCount = 16 };
using cudaStream_t = void*;

namespace cuda_emu {

enum class Schedule { Forward, Reverse, Random };

[[noreturn]] void fail(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

struct Fiber {
  enum State { Ready, AtBarrier, AtWarp, Done };
  ucontext_t ctx;
  char* stack = nullptr;
  size_t stack_size = 0;
  State state = Ready;
  int tid = 0;  // linear thread index in the block
  dim3 idx;
  const char* barrier_file = nullptr;
  int barrier_line = 0;
  void* asan_fake_stack = nullptr;
};

struct Warp {
  uint32_t arrived = 0, mask = 0;
  int kind = 0;
  uint64_t generation = 0;
  uint64_t slots[2][32] = {};
};

struct State {
  // options, from the environment
  Schedule schedule = Schedule::Forward;
  std::mt19937_64 rng{1};
  int sm_count = 2;
  std::string drop_file;
  int drop_line = -1;
  // the launch and block being run
  const char* kernel = "";
  dim3 grid, block, block_idx;
  uint64_t block_serial = 0;  // increases with every block of every launch
  uint64_t epoch = 0;         // barrier intervals completed in this block
  std::vector<Fiber> fibers;
  std::vector<Warp> warps;
  std::vector<std::unique_ptr<char[]>> stacks;
  std::function<void()> body;
  // Reads of shared memory nobody had written yet: checked when the barrier
  // interval ends (a write later in the same interval is reported as a race).
  std::vector<std::function<void()>> pending_checks;
  ucontext_t sched_ctx;
  const void* sched_stack_bottom = nullptr;
  size_t sched_stack_size = 0;
  void* sched_fake_stack = nullptr;
  Fiber* current = nullptr;
  cudaError_t last_error = cudaSuccess;
  uint64_t launches = 0;

  State() {
    if (const char* s = std::getenv("CUDA_EMU_SCHEDULE")) {
      const std::string v = s;
      if (v == "forward") schedule = Schedule::Forward;
      else if (v == "reverse") schedule = Schedule::Reverse;
      else if (v == "random") schedule = Schedule::Random;
      else std::fprintf(stderr, "cuda_emu: unknown CUDA_EMU_SCHEDULE '%s' (forward, reverse, random)\n", s), std::exit(2);
    }
    if (const char* s = std::getenv("CUDA_EMU_SEED")) rng.seed(std::strtoull(s, nullptr, 10));
    if (const char* s = std::getenv("CUDA_EMU_SMS")) sm_count = std::max(1, std::atoi(s));
    if (const char* s = std::getenv("CUDA_EMU_DROP_BARRIER")) {
      const std::string v = s;
      const size_t colon = v.rfind(':');
      if (colon != std::string::npos) drop_file = v.substr(0, colon), drop_line = std::atoi(v.c_str() + colon + 1);
    }
  }
};

inline State& state() {
  static State s;
  return s;
}

inline void fail(const char* fmt, ...) {
  State& s = state();
  char msg[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(msg, sizeof msg, fmt, args);
  va_end(args);
  if (s.current) {
    const Fiber& f = *s.current;
    std::fprintf(stderr, "cuda_emu: error: %s: block (%u,%u,%u) thread (%u,%u,%u): %s\n", s.kernel, s.block_idx.x,
                 s.block_idx.y, s.block_idx.z, f.idx.x, f.idx.y, f.idx.z, msg);
  } else {
    std::fprintf(stderr, "cuda_emu: error: %s: block (%u,%u,%u): %s\n", s.kernel, s.block_idx.x, s.block_idx.y,
                 s.block_idx.z, msg);
  }
  std::fflush(stderr);
  std::_Exit(86);
}

// ---- fiber switching (annotated for AddressSanitizer) ---------------------------------------------
inline void switch_to_fiber(Fiber& f) {
  State& s = state();
  s.current = &f;
#if defined(CUDA_EMU_ASAN)
  __sanitizer_start_switch_fiber(&s.sched_fake_stack, f.stack, f.stack_size);
#endif
  swapcontext(&s.sched_ctx, &f.ctx);
#if defined(CUDA_EMU_ASAN)
  __sanitizer_finish_switch_fiber(s.sched_fake_stack, nullptr, nullptr);
#endif
  s.current = nullptr;
}

inline void switch_to_scheduler(bool exiting = false) {
  State& s = state();
  Fiber& f = *s.current;
#if defined(CUDA_EMU_ASAN)
  __sanitizer_start_switch_fiber(exiting ? nullptr : &f.asan_fake_stack, s.sched_stack_bottom, s.sched_stack_size);
#else
  (void)exiting;
#endif
  swapcontext(&f.ctx, &s.sched_ctx);
#if defined(CUDA_EMU_ASAN)
  __sanitizer_finish_switch_fiber(f.asan_fake_stack, &s.sched_stack_bottom, &s.sched_stack_size);
#endif
}

inline void fiber_main() {
  State& s = state();
#if defined(CUDA_EMU_ASAN)
  __sanitizer_finish_switch_fiber(nullptr, &s.sched_stack_bottom, &s.sched_stack_size);
#endif
  s.body();
  s.current->state = Fiber::Done;
  switch_to_scheduler(/*exiting=*/true);
  fail("a finished fiber was resumed");  // unreachable
}

inline Fiber& self() {
  State& s = state();
  if (!s.current) fail("a device function was called outside a kernel launch");
  return *s.current;
}

// Random preemption: under the random schedule, give up the CPU now and then
// at points where another thread's progress could matter.
inline void maybe_yield() {
  State& s = state();
  if (s.schedule != Schedule::Random || !s.current) return;
  if (s.rng() % 4 == 0) switch_to_scheduler();
}

// ---- one block ---------------------------------------------------------------------------------------
inline void run_block() {
  State& s = state();
  const int n = int(s.block.x * s.block.y * s.block.z);
#if defined(CUDA_EMU_ASAN)
  constexpr size_t kStack = 64 * 1024;
#else
  constexpr size_t kStack = 64 * 1024;
#endif
  while (int(s.stacks.size()) < n) s.stacks.emplace_back(new char[kStack]);
  s.fibers.assign(size_t(n), Fiber{});
  s.warps.assign(size_t((n + 31) / 32), Warp{});
  s.epoch = 0;
  ++s.block_serial;
  for (int t = 0; t < n; ++t) {
    Fiber& f = s.fibers[size_t(t)];
    f.tid = t;
    f.idx = dim3(unsigned(t) % s.block.x, (unsigned(t) / s.block.x) % s.block.y, unsigned(t) / (s.block.x * s.block.y));
    f.stack = s.stacks[size_t(t)].get();
    f.stack_size = kStack;
    getcontext(&f.ctx);
    f.ctx.uc_stack.ss_sp = f.stack;
    f.ctx.uc_stack.ss_size = kStack;
    f.ctx.uc_link = nullptr;
    makecontext(&f.ctx, fiber_main, 0);
  }
  std::vector<int> order(static_cast<size_t>(n), 0);
  for (int t = 0; t < n; ++t) order[size_t(t)] = s.schedule == Schedule::Reverse ? n - 1 - t : t;
  for (;;) {
    if (s.schedule == Schedule::Random) std::shuffle(order.begin(), order.end(), s.rng);
    bool ran = false;
    for (int t : order)
      if (s.fibers[size_t(t)].state == Fiber::Ready) switch_to_fiber(s.fibers[size_t(t)]), ran = true;
    if (ran) continue;
    // Nobody can run: everyone is done, or waiting at a barrier or a warp collective.
    int done = 0, at_barrier = 0, at_warp = 0, first_barrier = -1, first_done = -1, first_warp = -1;
    for (int t = 0; t < n; ++t) {
      const Fiber& f = s.fibers[size_t(t)];
      if (f.state == Fiber::Done) ++done, first_done = first_done < 0 ? t : first_done;
      else if (f.state == Fiber::AtBarrier) ++at_barrier, first_barrier = first_barrier < 0 ? t : first_barrier;
      else if (f.state == Fiber::AtWarp) ++at_warp, first_warp = first_warp < 0 ? t : first_warp;
    }
    auto run_pending_checks = [&] {
      for (auto& check : s.pending_checks) check();
      s.pending_checks.clear();
    };
    if (done == n) {
      run_pending_checks();
      break;
    }
    if (at_warp > 0) {
      const Warp& w = s.warps[size_t(first_warp / 32)];
      uint32_t missing = w.mask & ~w.arrived;
      int lane = 0;
      while (lane < 32 && !((missing >> lane) & 1)) ++lane;
      const int other = (first_warp / 32) * 32 + lane;
      const char* where = other >= n ? "does not exist (partial warp)"
                          : s.fibers[size_t(other)].state == Fiber::Done ? "has exited"
                                                                          : "waits at __syncthreads";
      fail("deadlock: thread %d waits at a warp collective (mask 0x%08x) for lane %d, which %s", first_warp, w.mask,
           lane, where);
    }
    const Fiber& b = s.fibers[size_t(first_barrier)];
    if (done > 0)
      fail("divergent __syncthreads: thread %d waits at %s:%d but thread %d has exited (%d of %d threads exited)",
           first_barrier, b.barrier_file, b.barrier_line, first_done, done, n);
    for (int t = 0; t < n; ++t) {
      const Fiber& f = s.fibers[size_t(t)];
      if (f.barrier_line != b.barrier_line || std::strcmp(f.barrier_file, b.barrier_file) != 0)
        fail("divergent __syncthreads: thread %d waits at %s:%d, thread %d at %s:%d", first_barrier, b.barrier_file,
             b.barrier_line, t, f.barrier_file, f.barrier_line);
    }
    run_pending_checks();
    ++s.epoch;  // everyone arrived: the barrier opens
    for (Fiber& f : s.fibers) f.state = Fiber::Ready;
  }
}

// ---- launch ------------------------------------------------------------------------------------------------
template <class... P>
struct Launch {
  dim3 grid, block;
  const char* name;
  void (*kernel)(P...);

  template <class... A>
  void operator()(A&&... args) const {
    State& s = state();
    ++s.launches;
    const uint64_t threads = uint64_t(block.x) * block.y * block.z;
    if (threads == 0 || threads > 1024 || block.z > 64 || grid.x == 0 || grid.y == 0 || grid.z == 0 ||
        grid.y > 65535 || grid.z > 65535) {
      s.last_error = cudaErrorInvalidConfiguration;
      return;
    }
    // Kernel arguments are copied, as a launch copies them to the device.
    std::tuple<std::decay_t<P>...> params(std::forward<A>(args)...);
    s.kernel = name;
    s.grid = grid;
    s.block = block;
    s.body = [&] { std::apply(kernel, params); };
    for (unsigned z = 0; z < grid.z; ++z)
      for (unsigned y = 0; y < grid.y; ++y)
        for (unsigned x = 0; x < grid.x; ++x) {
          s.block_idx = dim3(x, y, z);
          run_block();
        }
    s.body = nullptr;
  }
};

template <class... P>
Launch<P...> make_launch(dim3 grid, dim3 block, const char* name, void (*kernel)(P...)) {
  return Launch<P...>{grid, block, name, kernel};
}

// ---- barriers ------------------------------------------------------------------------------------------------
inline void syncthreads(const char* file, int line) {
  State& s = state();
  Fiber& f = self();
  if (s.drop_line == line && !s.drop_file.empty()) {
    const size_t fl = std::strlen(file), dl = s.drop_file.size();
    if (fl >= dl && s.drop_file == file + (fl - dl)) return;  // the seeded bug: this barrier is missing
  }
  f.state = Fiber::AtBarrier;
  f.barrier_file = file;
  f.barrier_line = line;
  switch_to_scheduler();
}

// ---- warp collectives ---------------------------------------------------------------------------------------------
enum WarpKind { kShfl = 1, kVote = 2, kSyncWarp = 3 };

// Lane `lane` of the current warp deposits `value` and waits for every lane
// of `mask`; returns the generation whose slots hold everyone's values.
inline uint64_t warp_rendezvous(unsigned mask, int kind, uint64_t value) {
  State& s = state();
  Fiber& f = self();
  const int lane = f.tid % 32, warp = f.tid / 32;
  const int n = int(s.block.x * s.block.y * s.block.z);
  if (!((mask >> lane) & 1)) fail("lane %d calls a warp collective with mask 0x%08x, which does not name it", lane, mask);
  for (int l = 0; l < 32; ++l)
    if (((mask >> l) & 1) && warp * 32 + l >= n)
      fail("warp collective mask 0x%08x names lane %d, which does not exist (block of %d threads)", mask, l, n);
  Warp& w = s.warps[size_t(warp)];
  if (w.arrived == 0) {
    w.mask = mask;
    w.kind = kind;
  } else if (w.mask != mask || w.kind != kind) {
    fail("lanes of warp %d disagree: a collective of kind %d with mask 0x%08x meets kind %d with mask 0x%08x", warp,
         kind, mask, w.kind, w.mask);
  }
  const uint64_t gen = w.generation;
  w.slots[gen & 1][lane] = value;
  w.arrived |= 1u << lane;
  if (w.arrived == mask) {  // last to arrive: release the others
    w.arrived = 0;
    ++w.generation;
    for (int l = 0; l < 32; ++l)
      if (((mask >> l) & 1) && l != lane) s.fibers[size_t(warp * 32 + l)].state = Fiber::Ready;
  } else {
    f.state = Fiber::AtWarp;
    switch_to_scheduler();
  }
  return gen;
}

template <class T>
uint64_t to_bits(T v) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>, "warp shuffles move at most 8 bytes");
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof(T));
  return bits;
}
template <class T>
T from_bits(uint64_t bits) {
  T v;
  std::memcpy(&v, &bits, sizeof(T));
  return v;
}

// src_of(lane) = the lane to read from. Reading a lane outside the mask is an error.
template <class T, class Src>
T shuffle(unsigned mask, T value, Src src_of) {
  const int lane = self().tid % 32, warp = self().tid / 32;
  const uint64_t gen = warp_rendezvous(mask, kShfl, to_bits(value));
  const int src = src_of(lane);
  if (!((mask >> src) & 1)) fail("shuffle reads lane %d, which is not in the mask 0x%08x", src, mask);
  return from_bits<T>(state().warps[size_t(warp)].slots[gen & 1][src]);
}

inline uint32_t vote(unsigned mask, bool pred) {
  const int warp = self().tid / 32;
  const uint64_t gen = warp_rendezvous(mask, kVote, pred ? 1 : 0);
  uint32_t ballot = 0;
  for (int l = 0; l < 32; ++l)
    if (((mask >> l) & 1) && state().warps[size_t(warp)].slots[gen & 1][l]) ballot |= 1u << l;
  return ballot;
}

// ---- checked shared memory -------------------------------------------------------------------------------------------
template <class T, int N>
class SharedArray {
  struct Shadow {
    uint64_t serial = 0;  // block that last touched it; another block's value is uninitialised
    uint64_t w_epoch = 0, r_epoch = 0;
    int w_tid = -1, r_tid = -1;  // w_tid -1: never written in this block
    bool r_many = false;  // several threads read it in r_epoch
  };
  T data_[N];
  Shadow shadow_[N];

  void on_read(int i) {
    State& s = state();
    const int me = self().tid;
    Shadow& h = shadow_[i];
    if (h.serial != s.block_serial) {  // first touch in this block: a read of garbage, unless a write comes
      h = Shadow{};                    // later in this interval, which is then a race (reported there)
      h.serial = s.block_serial;
      s.pending_checks.push_back([this, i, me, serial = s.block_serial] {
        if (shadow_[i].serial == serial && shadow_[i].w_tid < 0)
          fail("thread %d read __shared__[%d], which no thread of this block has written "
               "(uninitialised shared memory)", me, i);
      });
    }
    if (h.w_tid >= 0 && h.w_epoch == s.epoch && h.w_tid != me)
      fail("race on __shared__[%d]: read here, written by thread %d in the same barrier interval "
           "(missing __syncthreads between the write and the read?)", i, h.w_tid);
    if (h.r_epoch != s.epoch || h.r_tid < 0) h.r_epoch = s.epoch, h.r_tid = me, h.r_many = false;
    else if (h.r_tid != me) h.r_many = true;
    maybe_yield();
  }
  void on_write(int i) {
    State& s = state();
    const int me = self().tid;
    Shadow& h = shadow_[i];
    if (h.serial != s.block_serial) {
      h = Shadow{};
      h.serial = s.block_serial;
    } else if (h.w_tid >= 0 || h.r_tid >= 0) {
      if (h.w_epoch == s.epoch && h.w_tid >= 0 && h.w_tid != me)
        fail("race on __shared__[%d]: written here and by thread %d in the same barrier interval", i, h.w_tid);
      if (h.r_epoch == s.epoch && h.r_tid >= 0 && (h.r_tid != me || h.r_many))
        fail("race on __shared__[%d]: written here while thread %d read it in the same barrier interval "
             "(missing __syncthreads between the read and this write?)", i, h.r_tid != me ? h.r_tid : -1);
    }
    h.w_epoch = s.epoch;
    h.w_tid = me;
    maybe_yield();
  }

 public:
  // A reference to one element that checks each read and write.
  class Ref {
    SharedArray* a_;
    int i_;

   public:
    Ref(SharedArray* a, int i) : a_(a), i_(i) {}
    operator T() const {
      a_->on_read(i_);
      return a_->data_[i_];
    }
    Ref& operator=(const T& v) {
      a_->on_write(i_);
      a_->data_[i_] = v;
      return *this;
    }
    Ref& operator=(const Ref& other) { return *this = T(other); }
    Ref& operator+=(const T& v) { return *this = T(*this) + v; }
    Ref& operator-=(const T& v) { return *this = T(*this) - v; }
    Ref& operator*=(const T& v) { return *this = T(*this) * v; }
    T* operator&() const { return &a_->data_[i_]; }  // for atomics: unchecked from here on
  };

  Ref operator[](int64_t i) {
    if (i < 0 || i >= N) fail("out-of-bounds __shared__ access: index %lld of an array of %d", (long long)i, N);
    return Ref(this, int(i));
  }
};

}  // namespace cuda_emu

// ---- the names kernels use ------------------------------------------------------------------------------------------
#define threadIdx (::cuda_emu::self().idx)
#define blockIdx (::cuda_emu::state().block_idx)
#define blockDim (::cuda_emu::state().block)
#define gridDim (::cuda_emu::state().grid)
#define warpSize 32
#define __syncthreads() ::cuda_emu::syncthreads(__FILE__, __LINE__)
#define TINYTF_LAUNCH(grid_, block_, stream_, ...) \
  ((void)(stream_), ::cuda_emu::make_launch(dim3(grid_), dim3(block_), #__VA_ARGS__, __VA_ARGS__))

template <class T>
T __shfl_sync(unsigned mask, T v, int src, int width = 32) {
  return ::cuda_emu::shuffle(mask, v, [&](int lane) { return (lane & ~(width - 1)) + (src % width); });
}
template <class T>
T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = 32) {
  return ::cuda_emu::shuffle(mask, v, [&](int lane) { return (lane % width) + int(delta) < width ? lane + int(delta) : lane; });
}
template <class T>
T __shfl_up_sync(unsigned mask, T v, unsigned delta, int width = 32) {
  return ::cuda_emu::shuffle(mask, v, [&](int lane) { return (lane % width) >= int(delta) ? lane - int(delta) : lane; });
}
template <class T>
T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = 32) {
  return ::cuda_emu::shuffle(mask, v, [&](int lane) {
    const int src = lane ^ lane_mask;
    return src / width == lane / width ? src : lane;  // outside the segment: own value
  });
}
inline unsigned __ballot_sync(unsigned mask, int pred) { return ::cuda_emu::vote(mask, pred != 0); }
inline int __all_sync(unsigned mask, int pred) { return ::cuda_emu::vote(mask, pred != 0) == mask; }
inline int __any_sync(unsigned mask, int pred) { return ::cuda_emu::vote(mask, pred != 0) != 0; }
inline void __syncwarp(unsigned mask = 0xffffffffu) { ::cuda_emu::warp_rendezvous(mask, ::cuda_emu::kSyncWarp, 0); }
inline unsigned __activemask() {
  auto& s = ::cuda_emu::state();
  const int warp = ::cuda_emu::self().tid / 32, n = int(s.fibers.size());
  unsigned m = 0;
  for (int l = 0; l < 32 && warp * 32 + l < n; ++l)
    if (s.fibers[size_t(warp * 32 + l)].state != ::cuda_emu::Fiber::Done) m |= 1u << l;
  return m;
}
inline void __threadfence() {}
inline void __threadfence_block() {}

// Atomics: no preemption inside, so atomic; a preemption point after.
template <class T>
T atomicAdd(T* p, T v) {
  const T old = *p;
  *p = old + v;
  ::cuda_emu::maybe_yield();
  return old;
}
template <class T>
T atomicSub(T* p, T v) {
  const T old = *p;
  *p = old - v;
  ::cuda_emu::maybe_yield();
  return old;
}
template <class T>
T atomicMax(T* p, T v) {
  const T old = *p;
  *p = old < v ? v : old;
  ::cuda_emu::maybe_yield();
  return old;
}
template <class T>
T atomicMin(T* p, T v) {
  const T old = *p;
  *p = v < old ? v : old;
  ::cuda_emu::maybe_yield();
  return old;
}
template <class T>
T atomicExch(T* p, T v) {
  const T old = *p;
  *p = v;
  ::cuda_emu::maybe_yield();
  return old;
}
template <class T>
T atomicCAS(T* p, T compare, T v) {
  const T old = *p;
  if (old == compare) *p = v;
  ::cuda_emu::maybe_yield();
  return old;
}

// ---- the runtime calls the launchers make ---------------------------------------------------------------------------------
inline cudaError_t cudaGetDevice(int* d) {
  *d = 0;
  return cudaSuccess;
}
inline cudaError_t cudaDeviceGetAttribute(int* v, cudaDeviceAttr, int) {
  *v = ::cuda_emu::state().sm_count;
  return cudaSuccess;
}
inline cudaError_t cudaGetLastError() {
  const cudaError_t e = ::cuda_emu::state().last_error;
  ::cuda_emu::state().last_error = cudaSuccess;
  return e;
}
inline const char* cudaGetErrorString(cudaError_t e) {
  return e == cudaSuccess ? "no error" : e == cudaErrorInvalidConfiguration ? "invalid configuration argument" : "error";
}
inline cudaError_t cudaMallocAsync(void** p, size_t bytes, cudaStream_t) {
  *p = std::malloc(bytes ? bytes : 1);
  return *p ? cudaSuccess : cudaErrorMemoryAllocation;
}
inline cudaError_t cudaFreeAsync(void* p, cudaStream_t) {
  std::free(p);
  return cudaSuccess;
}
