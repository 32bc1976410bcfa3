"""Chapter 3, first steps: tensors, which never change, and variables, which do.

    python examples/tensors_and_variables.py

Each block prints what it shows; read the comments and the output side by side.
"""
import numpy as np

import tinytf as tf

# 1. Making tensors. tf.ones and tf.zeros take a shape; the dtype defaults to float32,
#    the dtype TensorFlow uses for everything a network learns.
x = tf.ones(shape=(2, 1))
print("tf.ones((2, 1)):", x)
print("tf.zeros((2, 1)):", tf.zeros(shape=(2, 1)))

# 2. Random tensors: a normal distribution (mean 0, standard deviation 1) and a uniform one
#    between 0 and 1. tf.random.set_seed makes a program draw the same numbers every run.
tf.random.set_seed(42)
print("normal:", tf.random.normal(shape=(3, 1), mean=0.0, stddev=1.0))
print("uniform:", tf.random.uniform(shape=(3, 1), minval=0.0, maxval=1.0))

# 3. A tensor is a value, like the number 3: it cannot be changed in place. NumPy arrays can.
array = np.ones(shape=(2, 2))
array[0, 0] = 0.0  # fine for NumPy
try:
    x[0, 0] = 0.0
except TypeError as err:
    print("\nx[0, 0] = 0.0 raises TypeError:", err)

# 4. A tf.Variable holds state that changes: the weights of a model. It starts from a tensor...
v = tf.Variable(initial_value=tf.random.normal(shape=(3, 1)))
print("\nv =", v)

# ...and changes through assign (the whole value), a slice's assign, assign_add and assign_sub.
v.assign(tf.ones((3, 1)))
v[0, 0].assign(3.0)
v.assign_add(tf.ones((3, 1)))  # v += 1, in place
print("after assign, v[0, 0].assign(3.) and assign_add:", v.numpy().ravel())

# 5. Ops: everything NumPy does, on tensors. Operators broadcast like NumPy, and a Python
#    number takes the tensor's dtype.
a = tf.ones((2, 2))
b = tf.square(a)            # element by element
c = tf.sqrt(a)
d = b + c                   # the same as tf.add(b, c)
e = tf.matmul(a, b)         # the matrix product, also a @ b
e *= d                      # a new tensor: e is rebound, nothing is changed in place
print("\ntf.matmul(a, b) * (b + c) =", e)

# 6. Mixing dtypes is an error, as in TensorFlow: convert explicitly with tf.cast.
counts = tf.constant([1, 2])  # Python ints make int32
try:
    tf.constant([1.5, 2.5]) + counts
except tf.errors.InvalidArgumentError as err:
    print("\nfloat32 + int32:", type(err).__name__)
print("with tf.cast:", tf.constant([1.5, 2.5]) + tf.cast(counts, tf.float32))

# 7. Back to NumPy: .numpy() makes a copy; np.asarray(t) shares the tensor's memory, read-only.
print("\n.numpy() of a variable:", v.numpy().ravel(), "| dtype", v.dtype, "| shape", v.shape)
