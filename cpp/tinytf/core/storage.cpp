#include "tinytf/core/storage.h"

#include "tinytf/core/allocator.h"
#include "tinytf/core/error.h"

namespace tinytf {

std::shared_ptr<Storage> Storage::allocate(size_t nbytes, Device device) {
  if (device.type != DeviceType::CPU)
    throw InvalidArgument("cannot allocate on " + device.name() + ": this build of tinytf has no CUDA support");
  void* p = CpuAllocator::instance().allocate(nbytes);
  return std::shared_ptr<Storage>(new Storage(p, nbytes, device));
}

Storage::~Storage() { CpuAllocator::instance().deallocate(data_, nbytes_); }

}  // namespace tinytf
