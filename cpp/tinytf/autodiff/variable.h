// Variable: mutable state holding a tensor (tf.Variable).
//
// Tensors never change, so a variable changes by holding a new value. When
// nothing else holds the current value (no tape saved it, no Python object
// refers to it), assign writes in place; otherwise it writes into fresh
// storage and leaves the old value intact for whoever still holds it
// (copy-on-write). A version counter counts the writes.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "tinytf/core/tensor.h"
#include "tinytf/ops/shape_ops.h"

namespace tinytf::autodiff {

class Variable : public std::enable_shared_from_this<Variable> {
 public:
  Variable(Tensor initial_value, bool trainable, std::string name);

  // The current value; active tapes that watch accessed variables watch it.
  Tensor read();
  // The current value without telling the tapes (printing, saving).
  const Tensor& value() const { return value_; }

  void assign(const Tensor& value);
  void assign_add(const Tensor& delta);
  void assign_sub(const Tensor& delta);
  // v[key].assign(value): value broadcasts to the slice's shape.
  void assign_slice(const std::vector<ops::SliceSpec>& key, const Tensor& value);

  bool trainable() const { return trainable_; }
  const std::string& name() const { return name_; }
  int64_t version() const { return version_; }
  uint64_t id() const { return id_; }

 private:
  void check_compatible(const char* op, const Tensor& value) const;
  Tensor writable_value();  // value_ if no one else holds it, else a private copy

  Tensor value_;
  bool trainable_;
  std::string name_;
  int64_t version_ = 0;
  uint64_t id_;
};

}  // namespace tinytf::autodiff
