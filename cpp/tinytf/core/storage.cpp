#include "tinytf/core/storage.h"

#include "tinytf/core/allocator.h"

namespace tinytf {

std::shared_ptr<Storage> Storage::allocate(size_t nbytes, Device device) {
  void* p = allocator_for(device).allocate(nbytes);
  return std::shared_ptr<Storage>(new Storage(p, nbytes, device));
}

Storage::~Storage() { allocator_for(device_).deallocate(data_, nbytes_); }

}  // namespace tinytf

namespace tinytf {

static thread_local Device current_default_device;

Device default_device() { return current_default_device; }
void set_default_device(Device device) { current_default_device = device; }

}  // namespace tinytf
