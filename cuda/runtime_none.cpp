// The device runtime (runtime.h) of a build without the CUDA backend: no
// GPUs. Compiled instead of runtime.cu when TINYTF_CUDA is OFF (or AUTO finds
// no nvcc), so the core and ops need no #ifdef to ask.
#include <stdexcept>
#include <string>

#include "runtime.h"

namespace tinytf::cuda {
namespace {

[[noreturn]] void no_gpu(int device) {
  throw std::runtime_error("tinytf cuda: GPU " + std::to_string(device) +
                           " is not available: this build of tinytf has no CUDA support (TINYTF_CUDA=OFF)");
}

}  // namespace

bool built_with_cuda() { return false; }
int device_count() { return 0; }
void* device_malloc(size_t, int device) { no_gpu(device); }
void device_free(void*, int) {}
void copy(void*, const void*, size_t, CopyKind, int device) { no_gpu(device); }

}  // namespace tinytf::cuda
