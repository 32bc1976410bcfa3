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
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez(OUT, x=x, w=w, x1=x1, w1=w1, **out)
    print(f"wrote {len(out)} arrays to {OUT}")


if __name__ == "__main__":
    main()
