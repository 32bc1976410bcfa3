// Where a tensor's bytes live: the CPU or one of the GPUs (cuda/runtime.h says how many).
#pragma once
#include <string>

namespace tinytf {

enum class DeviceType { CPU = 0, CUDA = 1 };

struct Device {
  DeviceType type = DeviceType::CPU;
  int index = 0;

  bool operator==(const Device& o) const { return type == o.type && index == o.index; }
  bool operator!=(const Device& o) const { return !(*this == o); }
  // TensorFlow's full name, e.g. "/job:localhost/replica:0/task:0/device:CPU:0".
  std::string name() const {
    return std::string("/job:localhost/replica:0/task:0/device:") + (type == DeviceType::CPU ? "CPU:" : "GPU:") +
           std::to_string(index);
  }
};

// Where new tensors made from values (constants, zeros, random numbers) go on
// this thread: the CPU unless a `with tf.device(...)` scope says otherwise.
Device default_device();
void set_default_device(Device device);

}  // namespace tinytf
