"""Chapter 3: tf.GradientTape, the tool behind every training step, and what it records.

    python examples/gradient_tape.py

A tape records the ops run inside its `with` block; afterwards it can tell how a result
changes when each input changes: the gradient. tinytf's tape can also show what it recorded
and explain a gradient that comes back None.
"""
import numpy as np

import tinytf as tf

# 1. The gradient of a variable's square. Trainable variables are watched automatically.
input_var = tf.Variable(initial_value=3.0)
with tf.GradientTape() as tape:
    result = tf.square(input_var)
gradient = tape.gradient(result, input_var)
print("d(x^2)/dx at x = 3:", float(gradient))  # 2 * 3

# 2. A constant is not watched unless you ask: tape.watch(constant).
input_const = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(input_const)
    result = tf.square(input_const)
print("the same with a watched constant:", float(tape.gradient(result, input_const)))

# 3. Tapes nest: the outer tape records the inner tape's gradient computation, so it can
#    differentiate it again. Position of a falling apple, 4.9 t^2: speed 9.8 t, acceleration 9.8.
time = tf.Variable(0.0)
with tf.GradientTape() as outer_tape:
    with tf.GradientTape() as inner_tape:
        position = 4.9 * time ** 2
    speed = inner_tape.gradient(position, time)
acceleration = outer_tape.gradient(speed, time)
print("speed at t = 0:", float(speed), "| acceleration:", float(acceleration))

# 4. What did the tape record? print(tape) lists each op in TensorFlow's names (MatMul, AddV2),
#    its inputs and outputs (named, with shapes and dtypes), what it saved for its gradient, and
#    the memory all that keeps alive until gradient() is called.
W = tf.Variable(np.ones((2, 1), np.float32), name="W")
b = tf.Variable(np.zeros((1,), np.float32), name="b")
inputs = tf.constant(np.random.default_rng(0).normal(size=(4, 2)).astype(np.float32))
with tf.GradientTape() as tape:
    predictions = tf.matmul(inputs, W) + b
    loss = tf.reduce_mean(tf.square(predictions - 1.0))
print("\n" + str(tape))
grad_W, grad_b = tape.gradient(loss, [W, b])
print("after gradient():", str(tape).splitlines()[0])  # a non-persistent tape frees everything at once

# 5. Why is a gradient None? The tape says, with explain=True (and, once per program, in a warning).
x = tf.constant(2.0)  # a constant nobody watched
with tf.GradientTape() as tape:
    y = x * x
print()
tape.gradient(y, x, explain=True)

v = tf.Variable(2.0, name="v")
with tf.GradientTape() as tape:
    y = tf.constant(v.numpy() * 2.0)  # the value left through NumPy and came back as a constant
print()
tape.gradient(y, v, explain=True)

# 6. A persistent tape answers several times, and the values it saved never change under it:
#    an update between two gradient() calls does not change the second answer (copy-on-write).
w = tf.Variable([1.0, 2.0], name="w")
with tf.GradientTape(persistent=True) as tape:
    loss = tf.reduce_sum(w * w * w)
first = tape.gradient(loss, w)
w.assign_sub(0.1 * first)  # one step of gradient descent
second = tape.gradient(loss, w)
print("\ngradient before and after the update:", first.numpy(), second.numpy())
print("\n".join(str(tape).splitlines()[-3:]))  # the memory it holds, and why
del tape  # a persistent tape holds its saved tensors until it is deleted
