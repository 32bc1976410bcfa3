"""Results must not depend on the number of OpenMP threads (docs/architecture.md, invariant 7):
the same program run with OMP_NUM_THREADS=1 and =2 gives identical bytes."""
import textwrap

from helpers import run_with_threads

_SCRIPT = textwrap.dedent("""
    import sys
    import numpy as np
    import tinytf as tf
    rng = np.random.default_rng(0)
    a = tf.constant(rng.normal(size=(300, 257)).astype(np.float32))
    b = tf.constant(rng.normal(size=(257, 129)).astype(np.float32))
    big = tf.constant(rng.normal(size=(1 << 21,)).astype(np.float32))
    images = tf.constant(rng.normal(size=(8, 12, 12, 3)))
    filters = tf.constant(rng.normal(size=(3, 3, 3, 4)))
    with tf.GradientTape() as tape:
        tape.watch([a, filters])
        loss = tf.reduce_sum(tf.nn.conv2d(images, filters, 1, "SAME") ** 2) + tf.cast(tf.reduce_sum(tf.gather(a, [0, 5, 0])), tf.float64)
    grads = tape.gradient(loss, [a, filters])
    parts = [a @ b, tf.matmul(a, a, transpose_b=True), tf.reduce_sum(big), tf.reduce_mean(a, axis=0),
             tf.nn.softmax(a), tf.exp(big), *grads]
    for p in parts:
        sys.stdout.buffer.write(p.numpy().tobytes())
""")


def test_kernels_and_gradients_do_not_depend_on_thread_count():
    one, two = run_with_threads(_SCRIPT, 1), run_with_threads(_SCRIPT, 2)
    assert len(one) == len(two) > 0
    assert one == two, "some kernel gives different bytes with OMP_NUM_THREADS=1 and 2"
