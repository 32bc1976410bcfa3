// Storage: one block of bytes on one device, shared by every view of it.
#pragma once
#include <cstddef>
#include <memory>

#include "tinytf/core/device.h"

namespace tinytf {

class Storage {
 public:
  // Bytes from the device's caching allocator, 64-byte aligned, uninitialised.
  static std::shared_ptr<Storage> allocate(size_t nbytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }

 private:
  Storage(void* data, size_t nbytes, Device device) : data_(data), nbytes_(nbytes), device_(device) {}
  void* data_;
  size_t nbytes_;
  Device device_;
};

}  // namespace tinytf
