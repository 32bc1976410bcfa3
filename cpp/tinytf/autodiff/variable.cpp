#include "tinytf/autodiff/variable.h"

#include <atomic>

#include "tinytf/autodiff/recording.h"
#include "tinytf/ops/common.h"
#include "tinytf/ops/elementwise.h"

namespace tinytf::autodiff {

using Lock = std::lock_guard<std::mutex>;

Variable::Variable(Tensor initial_value, bool trainable, std::string name)
    : value_(ops::contiguous(initial_value)), trainable_(trainable), name_(std::move(name)) {
  static std::atomic<uint64_t> counter{1};
  id_ = counter.fetch_add(1);
}

Tensor Variable::read() {
  Tensor value = this->value();
  if (trainable_ && any_recording()) variable_read(shared_from_this(), value);
  return value;
}

Tensor Variable::value() const {
  Lock lock(mutex_);
  return value_;
}

int64_t Variable::version() const {
  Lock lock(mutex_);
  return version_;
}

void Variable::check_compatible(const char* op, const Tensor& value) const {
  if (value.dtype() != value_.dtype())
    throw InvalidArgument(std::string(op) + ": cannot assign a " + dtype_name(value.dtype()) + " value to variable '" +
                          name_ + "' of dtype " + dtype_name(value_.dtype()) + "; use tf.cast(value, tf." +
                          dtype_name(value_.dtype()) + ") first");
  if (value.shape() == value_.shape()) return;
  // TensorFlow checks assign's shapes in Python (a ValueError), assign_add's in the op.
  const std::string message = std::string(op) + ": cannot assign a value of shape " + shape_str(value.shape()) +
                              " to variable '" + name_ + "' of shape " + shape_str(value_.shape()) +
                              ": the shapes must be equal";
  if (std::string(op) == "assign") throw ValueError(message);
  throw InvalidArgument(message);
}

Tensor Variable::writable_value() {
  if (value_.is_sole_owner()) return value_;
  Tensor fresh = Tensor::empty(value_.shape(), value_.dtype(), value_.device());
  ops::copy_into(fresh, value_);
  return fresh;
}

void Variable::commit(const Tensor& written) {
  value_ = written;
  version_++;
}

void Variable::store(const Tensor& value) {
  Tensor target = value_.is_sole_owner() && value.storage() != value_.storage()
                      ? value_
                      : Tensor::empty(value_.shape(), value_.dtype(), value_.device());
  ops::copy_into(target, value);
  value_ = target;
  version_++;
}

void Variable::assign(const Tensor& value) {
  Lock lock(mutex_);
  check_compatible("assign", value);
  store(value);
}

void Variable::assign_add(const Tensor& delta) {
  Lock lock(mutex_);
  check_compatible("assign_add", delta);
  PauseRecording pause;  // writing state is not part of any computation
  store(ops::add(value_, delta));
}

void Variable::assign_sub(const Tensor& delta) {
  Lock lock(mutex_);
  check_compatible("assign_sub", delta);
  PauseRecording pause;
  store(ops::subtract(value_, delta));
}

void Variable::assign_slice(const std::vector<ops::SliceSpec>& key, const Tensor& value) {
  Lock lock(mutex_);
  if (value.dtype() != value_.dtype())
    throw InvalidArgument("assign: cannot assign a " + std::string(dtype_name(value.dtype())) +
                          " value to a slice of variable '" + name_ + "' of dtype " + dtype_name(value_.dtype()));
  Tensor target;
  {
    PauseRecording pause;  // writing state is not part of any computation
    const Tensor probe = ops::strided_slice(value_, key);  // checks the key before anything changes
    const Tensor source = ops::broadcast_to(value, probe.shape());
    target = writable_value();
    ops::copy_into(ops::strided_slice(target, key), source);
  }
  value_ = target;
  version_++;
}

}  // namespace tinytf::autodiff
