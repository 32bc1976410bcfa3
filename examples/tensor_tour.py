"""A five-minute tour of tinytf tensors: run it, then read it.

    python examples/tensor_tour.py
"""
import numpy as np

import tinytf as tf

print("tinytf", tf.__version__, "-", tf.build_info())

# Tensors are made from Python values or NumPy arrays, and print like TensorFlow's.
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
print("\nx =", x)
print("shape", x.shape, "dtype", x.dtype, "ndim", x.ndim)

# Operators broadcast like NumPy; Python numbers take the tensor's dtype.
print("\nx * 10 + 1 =", x * 10 + 1)
print("x @ x =", x @ x)
print("column means:", tf.reduce_mean(x, axis=0))
print("softmax of each row:", tf.nn.softmax(x))

# Mixing dtypes is an error, as in TensorFlow: convert explicitly with tf.cast.
try:
    x + tf.constant([1, 2])
except tf.errors.InvalidArgumentError as err:
    print("\nInvalidArgumentError:", err)
print("with tf.cast:", x + tf.cast(tf.constant([1, 2]), tf.float32))

# Tensors are immutable; slicing gives views that share memory.
try:
    x[0, 0] = 5.0
except TypeError as err:
    print("\nTypeError:", err)
print("x[:, 1] =", x[:, 1], " x[::-1] =", x[::-1])

# NumPy sees the same memory without copying.
view = np.asarray(x)
print("\nnp.asarray(x) shares memory:", view.ctypes.data == np.asarray(x).ctypes.data, "read-only:", not view.flags.writeable)

# Random numbers are reproducible with a seed, whatever the number of threads.
tf.random.set_seed(42)
a = tf.random.normal([3])
tf.random.set_seed(42)
b = tf.random.normal([3])
print("\nsame seed, same numbers:", a.numpy(), bool(tf.reduce_all(a == b)))

# A big matrix product runs on the packed, SIMD GEMM kernel.
m = tf.random.uniform([512, 512])
print("\n(512x512 @ 512x512) sum:", f"{float(tf.reduce_sum(m @ m)):.1f}")
