#include "tinytf/ops/transfer.h"

#include "runtime.h"  // cuda/runtime.h: device count and copies (no kernels)
#include "tinytf/ops/common.h"
#include "tinytf/ops/gradient.h"

namespace tinytf::ops {

int gpu_count() { return cuda::device_count(); }

Tensor to_device(const Tensor& x, Device device) {
  if (x.device() == device) return x;
  if (device.type == DeviceType::CUDA && !cuda::built_with_cuda())
    throw InvalidArgument("to_device: " + device.name() + " is not available in this build of tinytf (no CUDA)");
  if (device.type == DeviceType::CUDA && device.index >= gpu_count())
    throw InvalidArgument("to_device: " + device.name() + " does not exist (this process sees " +
                          std::to_string(gpu_count()) + " GPU(s))");
  const Tensor src = contiguous(x);  // copies on its own device first
  Tensor out = Tensor::empty(src.shape(), src.dtype(), device);
  const size_t bytes = size_t(src.nbytes());
  if (bytes) {
    const bool to_gpu = device.type == DeviceType::CUDA, from_gpu = src.device().type == DeviceType::CUDA;
    const cuda::CopyKind kind = to_gpu && from_gpu ? cuda::CopyKind::DeviceToDevice
                                : to_gpu           ? cuda::CopyKind::HostToDevice
                                                   : cuda::CopyKind::DeviceToHost;
    cuda::copy(out.raw_data(), src.raw_data(), bytes, kind, to_gpu ? device.index : src.device().index);
  }
  const Device from = x.device();
  record_unary("Copy", x, out, {}, [from](const Tensor& g) { return to_device(g, from); });
  return out;
}

}  // namespace tinytf::ops
