#include "tinytf/core/tensor.h"

#include <atomic>
#include <string>

#include "tinytf/core/error.h"

namespace tinytf {

static uint64_t next_tensor_id() {
  static std::atomic<uint64_t> counter{1};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

Tensor::Tensor(std::shared_ptr<Storage> storage, Shape shape, Strides strides, int64_t offset, DType dtype) {
  const int64_t n = num_elements(shape);
  impl_ = std::make_shared<const Impl>(
      Impl{std::move(storage), std::move(shape), std::move(strides), offset, n, dtype, next_tensor_id()});
}

Tensor Tensor::empty(const Shape& shape, DType dtype, Device device, const char* op) {
  const int64_t n = num_elements(shape, op);
  std::shared_ptr<Storage> storage;
  try {
    int64_t bytes = 0;
    if (!multiply_sizes(n, dtype_size(dtype), &bytes))
      throw ResourceExhausted(std::to_string(n) + " elements of " + std::to_string(dtype_size(dtype)) +
                              " bytes are more than 2**63 - 1 bytes");
    storage = Storage::allocate(size_t(bytes), device);
  } catch (const ResourceExhausted& e) {
    throw ResourceExhausted((op ? std::string(op) + ": " : std::string()) + "OOM when allocating tensor with shape" +
                            shape_list_str(shape) + " and type " + dtype_name(dtype) + " on " + device.name() + ": " +
                            e.what());
  }
  return Tensor(std::move(storage), shape, contiguous_strides(shape), 0, dtype);
}

Tensor Tensor::view(Shape shape, Strides strides, int64_t offset) const {
  return Tensor(impl_->storage, std::move(shape), std::move(strides), offset, impl_->dtype);
}

bool Tensor::is_contiguous() const {
  // Sizes 0 and 1 make strides irrelevant; otherwise strides must be row-major.
  int64_t expected = 1;
  for (size_t d = impl_->shape.size(); d-- > 0;) {
    const int64_t size = impl_->shape[d];
    if (size == 0) return true;
    if (size != 1 && impl_->strides[d] != expected) return false;
    expected *= size;
  }
  return true;
}

double Tensor::item() const {
  if (numel() != 1)
    throw InvalidArgument("item(): expected a tensor with exactly one element but got shape " + shape_str(shape()));
  if (device().type != DeviceType::CPU)
    throw InvalidArgument("item(): the tensor is on " + device().name() + "; copy it to the CPU first");
  return visit_dtype(dtype(), [&](auto zero) { return double(*data<decltype(zero)>()); });
}

}  // namespace tinytf
