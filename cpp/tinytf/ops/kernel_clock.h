// A stopwatch around every kernel, for tinytf-bench's training figures.
//
// The time of a training step splits into the time spent inside kernels (the
// arithmetic) and everything else (Python, the tape, shape checks, allocation):
// the per-step overhead. dispatch::on_device() starts a KernelTimer for each
// kernel it runs; while the clock is off (the default) that costs one relaxed
// atomic load. On a GPU it times the launch, not the kernel (launches are
// asynchronous), so the split only means something on the CPU.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tinytf::ops::kernel_clock {

struct Totals {
  int64_t nanoseconds = 0;  // wall time inside kernels since the last reset
  int64_t kernels = 0;      // how many kernels ran
};

void start();  // resets the totals and starts counting
void stop();
Totals read();

namespace detail {
extern std::atomic<bool> running;
void add(int64_t nanoseconds);
}  // namespace detail

// Adds the time between its construction and destruction to the totals.
class KernelTimer {
 public:
  KernelTimer() : on_(detail::running.load(std::memory_order_relaxed)) {
    if (on_) start_ = std::chrono::steady_clock::now();
  }
  ~KernelTimer() {
    if (on_)
      detail::add(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_)
                      .count());
  }
  KernelTimer(const KernelTimer&) = delete;
  KernelTimer& operator=(const KernelTimer&) = delete;

 private:
  bool on_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace tinytf::ops::kernel_clock
