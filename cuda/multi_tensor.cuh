// multi_tensor_update: one optimizer step over every variable, on the GPU
// (the CUDA twin of cpp/tinytf/kernels/multi_tensor.h).
//
// One version. The variables' elements are cut into chunks of kUpdateChunk
// elements, each inside one variable. A launch takes a batch of up to
// kTensors variables and kBlocks chunks, described in a struct passed by value
// as the kernel's argument (__grid_constant__: read in place, no device memory
// to allocate or copy for the descriptors), and block b updates chunk b, its
// threads striding through the chunk so that neighbouring threads touch
// neighbouring elements (coalesced). More variables or chunks take more
// launches. The per-element rule is fn::UpdateStep (kernels/optimizer_rules.h),
// the CPU's own.
//
// Napkin math: RMSprop reads w, g and the velocity and writes w and the
// velocity, 20 bytes per float32 element. The MNIST MLP's 407k parameters move
// 8 MB: about 2.5 us at 3.3 TB/s (H100), less than the ~5 us a launch costs.
// That is why the step is one launch and not one (or five) per variable.
#pragma once
#include "common.cuh"
#include "tinytf/kernels/optimizer_rules.h"

namespace tinytf::cuda {

constexpr int64_t kUpdateChunk = 4096;  // elements per block (16 per thread)

template <class T, int kSlots>
struct UpdateBatch {
  static constexpr int kTensors = 24, kBlocks = 192;
  fn::UpdateTensor<T, kSlots> tensors[kTensors];
  int32_t block_tensor[kBlocks];  // block b updates elements [block_begin[b], + kUpdateChunk)
  int64_t block_begin[kBlocks];   // of tensors[block_tensor[b]]
};

template <class T, class Rule>
__global__ void __launch_bounds__(kThreads, 1)  // min 1 block: room for double division without spills (sm_75)
    multi_tensor_update_kernel(const __grid_constant__ UpdateBatch<T, Rule::kSlots> batch,
                               const __grid_constant__ fn::UpdateStep<T, Rule> step) {
  const fn::UpdateTensor<T, Rule::kSlots>& tensor = batch.tensors[batch.block_tensor[blockIdx.x]];
  const int64_t begin = batch.block_begin[blockIdx.x];
  const int64_t end = tensor.n < begin + kUpdateChunk ? tensor.n : begin + kUpdateChunk;
  if (tensor.decay) {
    for (int64_t i = begin + threadIdx.x; i < end; i += blockDim.x) step.template apply<true>(tensor, i);
  } else {
    for (int64_t i = begin + threadIdx.x; i < end; i += blockDim.x) step.template apply<false>(tensor, i);
  }
}

template <class T, class Rule>
void multi_tensor_update(const fn::UpdateTensor<T, Rule::kSlots>* tensors, int64_t count,
                         const fn::UpdateStep<T, Rule>& step, void* stream) {
  using Batch = UpdateBatch<T, Rule::kSlots>;
  static_assert(sizeof(Batch) + sizeof(step) < 4000, "kernel arguments are limited to 4 KB");
  Batch batch{};
  int tensors_in_batch = 0, blocks = 0;
  auto launch = [&] {
    if (blocks > 0) {
      TINYTF_LAUNCH(blocks, kThreads, stream, multi_tensor_update_kernel<T, Rule>)(batch, step);
      check_launch("multi_tensor_update");
    }
    tensors_in_batch = blocks = 0;
  };
  for (int64_t t = 0; t < count; ++t) {
    int slot = -1;  // where tensor t sits in the current batch
    for (int64_t begin = 0; begin < tensors[t].n; begin += kUpdateChunk) {
      if (blocks == Batch::kBlocks) {
        launch();
        slot = -1;
      }
      if (slot < 0) {
        if (tensors_in_batch == Batch::kTensors) launch();
        slot = tensors_in_batch++;
        batch.tensors[slot] = tensors[t];
      }
      batch.block_tensor[blocks] = slot;
      batch.block_begin[blocks] = begin;
      ++blocks;
    }
  }
  launch();
}

}  // namespace tinytf::cuda
