#include "tinytf/core/allocator.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tinytf/core/error.h"

namespace tinytf {
namespace {

// Blocks larger than this are returned to the OS at once: caching them would
// pin a lot of memory for little gain (the OS maps big blocks lazily anyway).
constexpr size_t kMaxCachedBlock = size_t(256) << 20;

// Requests are rounded up so that nearby sizes share a free list:
// to 64 bytes below 4 KiB, then to an eighth of the next power of two.
size_t round_size(size_t n) {
  if (n <= 4096) return (n + 63) / 64 * 64 + (n == 0 ? 64 : 0);
  size_t p = 4096;
  while (p < n) p <<= 1;
  const size_t step = p / 8;
  return (n + step - 1) / step * step;
}

struct State {
  std::mutex mutex;
  std::map<size_t, std::vector<void*>> free_blocks;  // rounded size -> blocks
  AllocatorStats stats;
};

State& state() {
  static State* s = new State();  // never destroyed: tensors may outlive static destructors
  return *s;
}

}  // namespace

CpuAllocator& CpuAllocator::instance() {
  static CpuAllocator a;
  return a;
}

void* CpuAllocator::allocate(size_t nbytes) {
  const size_t size = round_size(nbytes);
  State& s = state();
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.stats.num_allocs++;
    auto it = s.free_blocks.find(size);
    if (it != s.free_blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      s.stats.bytes_cached -= int64_t(size);
      s.stats.bytes_in_use += int64_t(size);
      if (s.stats.bytes_in_use > s.stats.peak_bytes_in_use) s.stats.peak_bytes_in_use = s.stats.bytes_in_use;
      return p;
    }
  }
  void* p = std::aligned_alloc(kAlignment, size);
  if (!p) {
    release_cached();  // maybe the cache holds what we need; try once more
    p = std::aligned_alloc(kAlignment, size);
    if (!p)
      throw ResourceExhausted("OOM when allocating a tensor of " + std::to_string(nbytes) + " bytes on the CPU");
  }
  std::lock_guard<std::mutex> lock(s.mutex);
  s.stats.num_os_allocs++;
  s.stats.bytes_in_use += int64_t(size);
  if (s.stats.bytes_in_use > s.stats.peak_bytes_in_use) s.stats.peak_bytes_in_use = s.stats.bytes_in_use;
  return p;
}

void CpuAllocator::deallocate(void* ptr, size_t nbytes) {
  if (!ptr) return;
  const size_t size = round_size(nbytes);
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.stats.bytes_in_use -= int64_t(size);
  if (size > kMaxCachedBlock) {
    std::free(ptr);
    return;
  }
  s.free_blocks[size].push_back(ptr);
  s.stats.bytes_cached += int64_t(size);
}

AllocatorStats CpuAllocator::stats() const {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.stats;
}

void CpuAllocator::release_cached() {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  for (auto& [size, blocks] : s.free_blocks)
    for (void* p : blocks) std::free(p);
  s.free_blocks.clear();
  s.stats.bytes_cached = 0;
}

}  // namespace tinytf
