// Moving tensors between devices: the only place bytes cross between the CPU
// and a GPU (ops never copy silently: inputs on two devices are an error).
#pragma once
#include "tinytf/core/tensor.h"

namespace tinytf::ops {

// A contiguous copy of x on `device` (x itself if it is already there).
// Differentiable: the gradient goes back to x's device.
Tensor to_device(const Tensor& x, Device device);

// x on the CPU, for host-side work (printing, index checks) on any tensor.
inline Tensor to_cpu(const Tensor& x) { return to_device(x, Device{}); }

// How many GPUs this process can use (0 without a CUDA build, driver or GPU).
int gpu_count();

}  // namespace tinytf::ops
