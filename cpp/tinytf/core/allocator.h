// Caching allocators: device memory recycled by size, one allocator per device.
//
// A training loop allocates the same sizes every step; asking the OS (or the
// CUDA driver) each time costs more than the kernels that use the memory, and
// fresh CPU pages must be touched before use. Freed blocks go to a free list
// per rounded size and are handed out again. CPU blocks are 64-byte aligned
// (a cache line, and an AVX-512 vector); cudaMalloc aligns to 256 bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "tinytf/core/device.h"

namespace tinytf {

struct AllocatorStats {
  int64_t bytes_in_use = 0;   // held by live tensors
  int64_t bytes_cached = 0;   // freed by tensors, kept for reuse
  int64_t peak_bytes_in_use = 0;
  int64_t num_allocs = 0;     // requests served
  int64_t num_os_allocs = 0;  // of which went to the OS or driver
};

class CachingAllocator {
 public:
  using RawAlloc = void* (*)(size_t bytes, int device);  // returns null when out of memory
  using RawFree = void (*)(void* p, int device);

  // `capacity`: the most bytes one block can possibly have (the CPU's physical memory);
  // larger requests are refused before asking the OS, whose overcommit would say yes.
  CachingAllocator(Device device, RawAlloc raw_alloc, RawFree raw_free, size_t capacity)
      : device_(device), raw_alloc_(raw_alloc), raw_free_(raw_free), capacity_(capacity) {}

  // Never returns null; throws ResourceExhausted saying why (over capacity, or the
  // OS/driver refused even after the cache was freed). The caller names the tensor.
  void* allocate(size_t nbytes);
  void deallocate(void* ptr, size_t nbytes);
  AllocatorStats stats() const;
  void release_cached();  // gives cached blocks back to the OS or driver

 private:
  Device device_;
  RawAlloc raw_alloc_;
  RawFree raw_free_;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::map<size_t, std::vector<void*>> free_blocks_;  // rounded size -> blocks
  AllocatorStats stats_;
};

// The allocator of a device (created on first use, never destroyed: tensors
// may outlive static destructors).
CachingAllocator& allocator_for(Device device);

}  // namespace tinytf
