// This machine's limits, measured by tinytf itself: the "peak" lines of tinytf-bench.
//
// A kernel's speed means little alone; next to the machine's ceiling it says how much is left.
// Two ceilings bound every kernel here (the roofline model):
//   - compute: fma_loop() keeps every core's FMA units busy with nothing else to do: per thread,
//     kAccumulators independent vector registers each updated by a fused multiply-add that depends
//     only on its own previous value, so neither memory nor one FMA's latency holds the next back;
//   - memory: stream_copy() copies a large array (far beyond the caches) with all threads.
// Both run at the active SIMD level (kernels/simd.h) and on every OpenMP thread, as the kernels do.
#pragma once
#include <cstdint>

namespace tinytf::kernels {

// Runs `iterations` rounds of the FMA loop on every thread; returns the floating-point operations
// done (2 per lane per FMA: a multiply and an add).
double fma_loop(int64_t iterations);

// dst[0..n) = src[0..n), split into one contiguous chunk per thread.
void stream_copy(const float* src, float* dst, int64_t n);

}  // namespace tinytf::kernels
