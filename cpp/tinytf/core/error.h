// C++ exceptions that the bindings turn into tinytf.errors.* in Python,
// mirroring tf.errors: a bad argument is InvalidArgumentError, and so on.
#pragma once
#include <stdexcept>
#include <string>

namespace tinytf {

struct InvalidArgument : std::runtime_error { using std::runtime_error::runtime_error; };
struct OutOfRange : std::runtime_error { using std::runtime_error::runtime_error; };
struct ResourceExhausted : std::runtime_error { using std::runtime_error::runtime_error; };
struct Unimplemented : std::runtime_error { using std::runtime_error::runtime_error; };
struct InternalError : std::runtime_error { using std::runtime_error::runtime_error; };

// Where TensorFlow's own Python layer checks first and raises Python's
// built-in errors (tf.divide of mixed dtypes is a TypeError, a sparse
// cross-entropy's label shape a ValueError), ops throw these.
struct TypeError : std::runtime_error { using std::runtime_error::runtime_error; };
struct ValueError : std::runtime_error { using std::runtime_error::runtime_error; };

}  // namespace tinytf
