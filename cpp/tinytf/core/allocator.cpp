#include "tinytf/core/allocator.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
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

// Requests are rounded up so that nearby sizes share a free list: to 64 bytes
// below 4 KiB, then to an eighth of the next power of two. Blocks too large to be
// cached only round to 64 bytes (aligned_alloc wants a multiple of the alignment).
// Every request reaching here is below 2**63 bytes (Tensor::empty checks), so no
// sum or doubling below can wrap around.
size_t round_size(size_t n) {
  if (n <= 4096) return (n + 63) / 64 * 64 + (n == 0 ? 64 : 0);
  if (n > kMaxCachedBlock) return (n + 63) / 64 * 64;
  size_t p = 4096;
  while (p < n) p <<= 1;
  const size_t step = p / 8;
  return (n + step - 1) / step * step;
}

size_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
  return pages > 0 && page_size > 0 ? size_t(pages) * size_t(page_size) : SIZE_MAX;
}

std::string gib(size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(size_t(1) << 30));
  return text;
}

// Blocks of 4 MiB and more are placed on 2 MiB boundaries and offered to the
// kernel as transparent huge pages (as NumPy does for its arrays): a kernel
// streaming 64 MiB then takes 32 TLB misses instead of 16384, which is worth
// about a quarter of the memory bandwidth of a reduce_sum on a 2-core VM.
// Where THP is off, or outside Linux, this is a plain aligned allocation.
constexpr size_t kHugePage = size_t(2) << 20, kHugePageFrom = size_t(4) << 20;

void* cpu_alloc(size_t bytes, int) {
  if (bytes < kHugePageFrom) return std::aligned_alloc(kCpuAlignment, bytes);
  const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
#ifdef MADV_HUGEPAGE
  if (p) (void)madvise(p, rounded, MADV_HUGEPAGE);  // only advice: a failure changes nothing
#endif
  return p;
}
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
  if (nbytes > capacity_)
    throw ResourceExhausted(std::to_string(nbytes) + " bytes is more than the " + gib(capacity_) + " of memory " +
                            device_.name() + " has");
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
      throw ResourceExhausted(std::to_string(nbytes) + " bytes are not available on " + device_.name() +
                              " (out of memory)");
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
    static CachingAllocator* cpu = new CachingAllocator(device, cpu_alloc, cpu_free, physical_memory_bytes());
    return *cpu;
  }
  if (!cuda::built_with_cuda())
    throw InvalidArgument("cannot use " + device.name() + ": this build of tinytf has no CUDA support");
  static std::mutex mutex;
  static auto* gpus = new std::map<int, std::unique_ptr<CachingAllocator>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = (*gpus)[device.index];
  if (!slot) slot = std::make_unique<CachingAllocator>(device, gpu_alloc, gpu_free, SIZE_MAX);  // cudaMalloc refuses itself
  return *slot;
}

}  // namespace tinytf
