#include "tinytf/ops/kernel_clock.h"

namespace tinytf::ops::kernel_clock {

namespace detail {
std::atomic<bool> running{false};
// Kernels run one after another on the calling thread (their OpenMP threads
// never start a kernel), so plain relaxed counters add up exactly.
std::atomic<int64_t> total_nanoseconds{0};
std::atomic<int64_t> total_kernels{0};

void add(int64_t nanoseconds) {
  total_nanoseconds.fetch_add(nanoseconds, std::memory_order_relaxed);
  total_kernels.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace detail

void start() {
  detail::total_nanoseconds.store(0);
  detail::total_kernels.store(0);
  detail::running.store(true);
}

void stop() { detail::running.store(false); }

Totals read() { return {detail::total_nanoseconds.load(), detail::total_kernels.load()}; }

}  // namespace tinytf::ops::kernel_clock
