// The device runtime (runtime.h) over the CUDA runtime: device discovery,
// device memory and copies.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "runtime.h"

namespace tinytf::cuda {
namespace {

void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) throw std::runtime_error(std::string("tinytf cuda: ") + what + ": " + cudaGetErrorString(err));
}

// Runs the following calls on `device` (the runtime keeps one current device per thread).
void use(int device) { check(cudaSetDevice(device), "selecting the GPU"); }

}  // namespace

bool built_with_cuda() { return true; }

int device_count() {
  static const int count = [] {
    int n = 0;
    // No driver, an old driver or no GPU all mean "no GPU here", not an error.
    if (cudaGetDeviceCount(&n) != cudaSuccess) {
      (void)cudaGetLastError();
      return 0;
    }
    return n;
  }();
  return count;
}

void* device_malloc(size_t bytes, int device) {
  use(device);
  void* p = nullptr;
  check(cudaMalloc(&p, bytes), ("allocating " + std::to_string(bytes) + " bytes on GPU " + std::to_string(device)).c_str());
  return p;
}

void device_free(void* p, int device) {
  if (cudaSetDevice(device) == cudaSuccess) (void)cudaFree(p);
}

void copy(void* dst, const void* src, size_t bytes, CopyKind kind, int device) {
  use(device);
  const cudaMemcpyKind k = kind == CopyKind::HostToDevice   ? cudaMemcpyHostToDevice
                           : kind == CopyKind::DeviceToHost ? cudaMemcpyDeviceToHost
                                                            : cudaMemcpyDeviceToDevice;
  check(cudaMemcpy(dst, src, bytes, k), "copying between the CPU and the GPU");
}

}  // namespace tinytf::cuda
