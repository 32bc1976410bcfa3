// The CPU caching allocator: 64-byte-aligned blocks, recycled by size.
//
// A training loop allocates the same sizes every step; asking the OS each time
// (and touching fresh pages) costs more than the kernels that use the memory.
// Freed blocks go to a free list per rounded size and are handed out again.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tinytf {

struct AllocatorStats {
  int64_t bytes_in_use = 0;   // held by live tensors
  int64_t bytes_cached = 0;   // freed by tensors, kept for reuse
  int64_t peak_bytes_in_use = 0;
  int64_t num_allocs = 0;     // requests served
  int64_t num_os_allocs = 0;  // of which went to the OS
};

class CpuAllocator {
 public:
  static constexpr size_t kAlignment = 64;  // a cache line, and an AVX-512 vector

  static CpuAllocator& instance();
  void* allocate(size_t nbytes);          // never returns null; throws ResourceExhausted
  void deallocate(void* ptr, size_t nbytes);
  AllocatorStats stats() const;
  void release_cached();                  // gives cached blocks back to the OS

 private:
  CpuAllocator() = default;
};

}  // namespace tinytf
