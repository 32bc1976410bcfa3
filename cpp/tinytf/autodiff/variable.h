// Variable: mutable state holding a tensor (tf.Variable).
//
// Tensors never change, so a variable changes by holding a new value. When
// nothing else holds the current value (no tape saved it, no Python object
// refers to it), assign writes in place; otherwise it writes into fresh
// storage and leaves the old value intact for whoever still holds it
// (copy-on-write). A version counter counts the writes.
//
// Safe from any thread, as TensorFlow's variables are: a per-variable mutex
// guards the value handle and the version. A read copies the handle under the
// lock, so a reader holds its own reference and a writer sees it (no longer
// sole owner) and copies instead of writing in place; each assign runs whole
// under the lock, so two assign_adds never lose an update and no reader sees
// half-written values. The lock is never held while waiting for anything else
// (Python's GIL in particular: the bindings release the GIL around assign, and
// a reader waiting here with the GIL waits only for a writer that needs none).
#pragma once
#include <memory>
#include <mutex>
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
  Tensor value() const;

  // Each checks dtype and shape first and leaves the variable unchanged when they do not match.
  void assign(const Tensor& value);
  void assign_add(const Tensor& delta);
  void assign_sub(const Tensor& delta);
  // v[key].assign(value): value broadcasts to the slice's shape.
  void assign_slice(const std::vector<ops::SliceSpec>& key, const Tensor& value);

  // Writing several variables in one kernel (autodiff/optimizer_step.h). The writer holds `lock()`
  // of every variable it writes for the whole update (taken in order of id(), so two such writers
  // never deadlock; readers wait meanwhile and never see a half-written value). Under the lock,
  // `writable_value()` is a tensor holding the current value that may be written in place (the
  // value itself when no one else holds it, else a private copy: copy-on-write), and
  // `commit(written)` makes it the new value and counts the write.
  std::unique_lock<std::mutex> lock() const { return std::unique_lock<std::mutex>(mutex_); }
  Tensor writable_value();
  void commit(const Tensor& written);

  bool trainable() const { return trainable_; }
  const std::string& name() const { return name_; }
  int64_t version() const;
  uint64_t id() const { return id_; }

 private:
  // The helpers below run with mutex_ held by the caller.
  void check_compatible(const char* op, const Tensor& value) const;
  void store(const Tensor& value);  // writes value into value_ (in place when allowed)

  mutable std::mutex mutex_;
  Tensor value_;
  int64_t version_ = 0;
  const bool trainable_;
  const std::string name_;
  uint64_t id_;
};

}  // namespace tinytf::autodiff
