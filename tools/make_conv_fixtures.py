"""Records TensorFlow's conv/pool outputs as test fixtures (tests/fixtures/conv_tf.npz).

Run with real TensorFlow (CI never needs it):
    /path/to/venv-with-tensorflow/bin/python tools/make_conv_fixtures.py
"""
import pathlib

import numpy as np
import tensorflow as tf

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "conv_tf.npz"


def main():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 7, 6, 3))
    w = rng.normal(size=(3, 2, 3, 4))
    out = {}
    for pad in ["VALID", "SAME"]:
        for s in [1, 2]:
            out[f"conv_{pad}_{s}"] = tf.nn.conv2d(x, w, s, pad).numpy()
            out[f"max_{pad}_{s}"] = tf.nn.max_pool2d(x, 3, s, pad).numpy()
            out[f"avg_{pad}_{s}"] = tf.nn.avg_pool2d(x, 3, s, pad).numpy()
    out["conv_dil"] = tf.nn.conv2d(x, w, 1, "SAME", dilations=2).numpy()
    x1 = rng.normal(size=(2, 9, 3))
    w1 = rng.normal(size=(3, 3, 5))
    out["conv1d"] = tf.nn.conv1d(x1, w1, 2, "SAME").numpy()
    out["maxpool1d"] = tf.nn.max_pool1d(x1, 2, 2, "VALID").numpy()
    out["avgpool1d"] = tf.nn.avg_pool1d(x1, 3, 2, "SAME").numpy()
    # Max pooling where windows hold equal values (small integers): which input gets the gradient.
    ties = rng.integers(0, 3, size=(2, 6, 7, 3)).astype(np.float64)
    out["ties"] = ties
    for k, s, pad in [(2, 2, "VALID"), (2, 1, "SAME"), (3, 2, "SAME"), (3, 1, "VALID")]:
        name = f"ties_{k}_{s}_{pad}"
        xt = tf.constant(ties)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = tf.nn.max_pool2d(xt, k, s, pad)
        upstream = rng.normal(size=y.shape)
        out[f"{name}_upstream"] = upstream
        out[f"{name}_y"] = y.numpy()
        out[f"{name}_dx"] = tape.gradient(y, xt, output_gradients=tf.constant(upstream)).numpy()
    out["pool_of_neg_inf"] = tf.nn.max_pool2d(np.full((1, 2, 2, 1), -np.inf, np.float32), 2, 2, "VALID").numpy()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez(OUT, x=x, w=w, x1=x1, w1=w1, **out)
    print(f"wrote {len(out)} arrays to {OUT}")


if __name__ == "__main__":
    main()
