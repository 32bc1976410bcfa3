// The device runtime: GPUs, their memory and copies, as plain C++.
//
// This is all that the core (cpp/tinytf/core/allocator.cpp) and the one op
// that moves bytes between devices (cpp/tinytf/ops/transfer.cpp) need of
// CUDA: no kernels, no CUDA types, nothing but the standard library, so any
// C++ file may include it. The kernel launchers are in launch.h.
//
// Built with the CUDA backend, runtime.cu implements it over the CUDA
// runtime; without it (TINYTF_CUDA=OFF, or no nvcc), runtime_none.cpp does:
// there are then no GPUs, and the calls that need one throw.
#pragma once
#include <cstddef>

namespace tinytf::cuda {

// True when this build of tinytf has the CUDA backend (a GPU may still be missing).
bool built_with_cuda();
// The GPUs this process can use: 0 when there is no GPU, no usable driver or no CUDA build.
// Asked once (the driver call is slow); later calls return the same number.
int device_count();

// Device memory; device_malloc throws std::runtime_error when out of memory.
void* device_malloc(size_t bytes, int device);
void device_free(void* p, int device);  // never throws (called from destructors)

enum class CopyKind { HostToDevice, DeviceToHost, DeviceToDevice };
// Synchronous: the copy, and every kernel queued before it on the default
// stream, are done when it returns (so nothing else needs to wait for a GPU yet).
void copy(void* dst, const void* src, size_t bytes, CopyKind kind, int device);

}  // namespace tinytf::cuda
