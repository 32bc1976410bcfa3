#include "tinytf/core/allocator.h"

#include <cstdlib>
#include <memory>
#include <string>

#include "runtime.h"  // cuda/runtime.h: device memory (no kernels)
#include "tinytf/core/error.h"

namespace tinytf {
namespace {

// Blocks larger than this are returned at once: caching them would pin a lot
// of memory for little gain.
constexpr size_t kMaxCachedBlock = size_t(256) << 20;
constexpr size_t kCpuAlignment = 64;

// Requests are rounded up so that nearby sizes share a free list:
// to 64 bytes below 4 KiB, then to an eighth of the next power of two.
size_t round_size(size_t n) {
  if (n <= 4096) return (n + 63) / 64 * 64 + (n == 0 ? 64 : 0);
  size_t p = 4096;
  while (p < n) p <<= 1;
  const size_t step = p / 8;
  return (n + step - 1) / step * step;
}

void* cpu_alloc(size_t bytes, int) { return std::aligned_alloc(kCpuAlignment, bytes); }
void cpu_free(void* p, int) { std::free(p); }

void* gpu_alloc(size_t bytes, int device) {
  try {
    return cuda::device_malloc(bytes, device);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}
void gpu_free(void* p, int device) { cuda::device_free(p, device); }

}  // namespace

void* CachingAllocator::allocate(size_t nbytes) {
  const size_t size = round_size(nbytes);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.num_allocs++;
    auto it = free_blocks_.find(size);
    if (it != free_blocks_.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      stats_.bytes_cached -= int64_t(size);
      stats_.bytes_in_use += int64_t(size);
      if (stats_.bytes_in_use > stats_.peak_bytes_in_use) stats_.peak_bytes_in_use = stats_.bytes_in_use;
      return p;
    }
  }
  void* p = raw_alloc_(size, device_.index);
  if (!p) {
    release_cached();  // maybe the cache holds what we need; try once more
    p = raw_alloc_(size, device_.index);
    if (!p)
      throw ResourceExhausted("OOM when allocating a tensor of " + std::to_string(nbytes) + " bytes on " +
                              device_.name());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.num_os_allocs++;
  stats_.bytes_in_use += int64_t(size);
  if (stats_.bytes_in_use > stats_.peak_bytes_in_use) stats_.peak_bytes_in_use = stats_.bytes_in_use;
  return p;
}

void CachingAllocator::deallocate(void* ptr, size_t nbytes) {
  if (!ptr) return;
  const size_t size = round_size(nbytes);
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.bytes_in_use -= int64_t(size);
  if (size > kMaxCachedBlock) {
    raw_free_(ptr, device_.index);
    return;
  }
  free_blocks_[size].push_back(ptr);
  stats_.bytes_cached += int64_t(size);
}

AllocatorStats CachingAllocator::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void CachingAllocator::release_cached() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [size, blocks] : free_blocks_)
    for (void* p : blocks) raw_free_(p, device_.index);
  free_blocks_.clear();
  stats_.bytes_cached = 0;
}

CachingAllocator& allocator_for(Device device) {
  if (device.type == DeviceType::CPU) {
    static CachingAllocator* cpu = new CachingAllocator(device, cpu_alloc, cpu_free);
    return *cpu;
  }
  if (!cuda::built_with_cuda())
    throw InvalidArgument("cannot use " + device.name() + ": this build of tinytf has no CUDA support");
  static std::mutex mutex;
  static auto* gpus = new std::map<int, std::unique_ptr<CachingAllocator>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = (*gpus)[device.index];
  if (!slot) slot = std::make_unique<CachingAllocator>(device, gpu_alloc, gpu_free);
  return *slot;
}

}  // namespace tinytf
