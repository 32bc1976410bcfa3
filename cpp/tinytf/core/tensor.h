// Tensor: an immutable view of typed elements in a Storage.
//
// A view is storage + shape + strides (in elements) + offset + dtype, so
// reshaping contiguous data, transposing, slicing and broadcasting create new
// views of the same bytes instead of copies. A Tensor object is a cheap
// handle (one shared pointer); copies of the handle are the same tensor and
// share its id(), which the autodiff tape uses to recognise it.
#pragma once
#include <cstdint>
#include <memory>

#include "tinytf/core/device.h"
#include "tinytf/core/dtype.h"
#include "tinytf/core/shape.h"
#include "tinytf/core/storage.h"

namespace tinytf {

class Tensor {
 public:
  Tensor() = default;  // an undefined tensor (defined() is false)

  // A new contiguous tensor with uninitialised elements. The shape is checked
  // (num_elements) and the bytes too: an impossible size throws ResourceExhausted
  // (TensorFlow's "OOM when allocating tensor with shape[...] and type ...") before
  // anything is allocated. `op`, when given, starts the messages.
  static Tensor empty(const Shape& shape, DType dtype, Device device = Device{}, const char* op = nullptr);
  // A view of `storage` (which must be large enough).
  Tensor(std::shared_ptr<Storage> storage, Shape shape, Strides strides, int64_t offset, DType dtype);

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const { return impl_->shape; }
  const Strides& strides() const { return impl_->strides; }
  int64_t offset() const { return impl_->offset; }
  DType dtype() const { return impl_->dtype; }
  Device device() const { return impl_->storage->device(); }
  int64_t ndim() const { return int64_t(impl_->shape.size()); }
  int64_t dim(int64_t d) const { return impl_->shape[d]; }
  int64_t numel() const { return impl_->numel; }
  int64_t nbytes() const { return impl_->numel * dtype_size(impl_->dtype); }
  uint64_t id() const { return impl_->id; }
  const std::shared_ptr<Storage>& storage() const { return impl_->storage; }
  bool is_contiguous() const;
  // True when this handle is the only one to the tensor and its storage:
  // writing in place then cannot be seen by anyone else (Variable's copy-on-write).
  bool is_sole_owner() const { return impl_.use_count() == 1 && impl_->storage.use_count() == 1; }

  // Pointer to element (0, ..., 0). Other elements are at strides from it.
  template <class T>
  T* data() const {
    return static_cast<T*>(impl_->storage->data()) + impl_->offset;
  }
  void* raw_data() const {
    return static_cast<char*>(impl_->storage->data()) + impl_->offset * dtype_size(impl_->dtype);
  }

  // A view of the same storage with another layout (no checks: callers in ops/ check).
  Tensor view(Shape shape, Strides strides, int64_t offset) const;

  // The single element of a one-element tensor, converted to double.
  double item() const;

 private:
  struct Impl {
    std::shared_ptr<Storage> storage;
    Shape shape;
    Strides strides;
    int64_t offset;
    int64_t numel;
    DType dtype;
    uint64_t id;
  };
  std::shared_ptr<const Impl> impl_;
};

}  // namespace tinytf
