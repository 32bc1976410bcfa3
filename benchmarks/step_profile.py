"""Where a training step's time goes outside the kernels (BENCHMARKS.md, "Against issue 11's targets", (c)).

    python benchmarks/step_profile.py              # all three measurements below, ~1 min
    python benchmarks/step_profile.py --only calls

The model is the one of `tinytf-bench --group train` (784-512-Dropout-10, RMSprop, sparse cross-entropy,
accuracy), fed random images; every figure is per training step, after one warm-up epoch.

- floor: the same model with 8 hidden units at batch 8, where the kernels cost almost nothing: what is left is
  the eager Keras step itself (Python, bindings, the tape's bookkeeping), whatever the model's size.
- bindings: every function of tinytf._core (and Tape.gradient, Tensor's @, +, *) wrapped in a timer that also
  reads the kernel clock (cpp/tinytf/ops/kernel_clock.h), at batch 128: for each binding, the time inside
  kernels and the rest, spent in C++ around them (checks, allocation, the tape) and in pybind11. The wrapper
  itself adds ~0.5 us a call to each "outside" figure.
- predict: the same model's `predict` at batch 128, per batch: inside kernels and the rest.
- calls: Python function calls and C calls per step, counted with sys.setprofile at batch 8 (a count does not
  depend on the machine's speed), the most frequent ones listed.
"""
import argparse
import collections
import sys
import time

import numpy as np

import tinytf as tf
from tinytf import _core, keras


def make_model(hidden):
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(hidden, activation="relu"),
                              layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def data(steps, batch):
    """Random images and labels, as tensors: `fit` then has no NumPy array to convert first."""
    rng = np.random.default_rng(0)
    n = steps * batch
    return tf.constant(rng.random((n, 784), dtype=np.float32)), tf.constant(rng.integers(0, 10, n))


def timed_epoch(model, x, y, batch):
    """Seconds of one epoch and seconds inside kernels during it."""
    _core.kernel_clock_start()
    start = time.perf_counter()
    model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
    elapsed = time.perf_counter() - start
    _core.kernel_clock_stop()
    return elapsed, _core.kernel_clock_read()[0]


def floor(steps=200, batch=8):
    model, (x, y) = make_model(8), data(steps, batch)
    model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
    for _ in range(3):
        elapsed, kernels = timed_epoch(model, x, y, batch)
        print(f"floor (784-8-10, batch {batch}): step {elapsed / steps * 1e6:.0f} us, in kernels "
              f"{kernels / steps * 1e6:.0f} us, outside {(elapsed - kernels) / steps * 1e6:.0f} us")


def bindings(steps=100, batch=128):
    model, (x, y) = make_model(512), data(steps, batch)
    model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
    wall, inside, calls = collections.Counter(), collections.Counter(), collections.Counter()

    def timed(name, fn):
        def call(*args, **kwargs):
            kernels_before, start = _core.kernel_clock_read()[0], time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                wall[name] += time.perf_counter() - start
                inside[name] += _core.kernel_clock_read()[0] - kernels_before
                calls[name] += 1
        return call

    clock = {"kernel_clock_read", "kernel_clock_start", "kernel_clock_stop"}
    originals = {}
    for name in dir(_core):
        fn = getattr(_core, name)
        if callable(fn) and not isinstance(fn, type) and not name.startswith("_") and name not in clock:
            originals[(_core, name)] = fn
    for cls, names in ((_core.Tape, ["gradient"]), (_core.Tensor, ["__matmul__", "__add__", "__mul__"])):
        for name in names:
            originals[(cls, name)] = getattr(cls, name)
    for (owner, name), fn in originals.items():
        label = name if owner is _core else f"{owner.__name__}.{name}"
        setattr(owner, name, timed(label, fn))
    try:
        elapsed, kernels = timed_epoch(model, x, y, batch)
    finally:
        for (owner, name), fn in originals.items():
            setattr(owner, name, fn)
    outside = {name: wall[name] - inside[name] for name in wall}
    print(f"bindings (784-512-10, batch {batch}): step {elapsed / steps * 1e6:.0f} us, in kernels "
          f"{kernels / steps * 1e6:.0f} us, in C++ outside kernels {sum(outside.values()) / steps * 1e6:.0f} us, "
          f"the rest (Python) {(elapsed - sum(wall.values())) / steps * 1e6:.0f} us")
    for name in sorted(outside, key=outside.get, reverse=True)[:12]:
        print(f"  {name:42s} {calls[name] / steps:4.1f} calls  outside kernels {outside[name] / steps * 1e6:6.1f} us"
              f"  inside {inside[name] / steps * 1e6:7.1f} us")


def predict(steps=100, batch=128):
    model, (x, y) = make_model(512), data(steps, batch)
    model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
    model.predict(x, batch_size=batch, verbose=0)
    for _ in range(3):
        _core.kernel_clock_start()
        start = time.perf_counter()
        model.predict(x, batch_size=batch, verbose=0)
        elapsed = time.perf_counter() - start
        _core.kernel_clock_stop()
        kernels = _core.kernel_clock_read()[0]
        print(f"predict (784-512-10, batch {batch}): {elapsed / steps * 1e6:.0f} us a batch, in kernels "
              f"{kernels / steps * 1e6:.0f} us, outside {(elapsed - kernels) / steps * 1e6:.0f} us")


def count_calls(steps=100, batch=8, top=12):
    model, (x, y) = make_model(8), data(steps, batch)
    model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
    counts = collections.Counter()

    def profile(frame, event, arg):
        if event == "call":
            code = frame.f_code
            counts[f"{code.co_filename.split('tinytf/')[-1]}:{code.co_name}"] += 1
        elif event == "c_call":
            counts["C " + getattr(arg, "__qualname__", repr(arg))] += 1

    sys.setprofile(profile)
    model.fit(x, y, epochs=1, batch_size=batch, verbose=0)
    sys.setprofile(None)
    c_calls = sum(v for k, v in counts.items() if k.startswith("C "))
    print(f"calls (batch {batch}): {(sum(counts.values()) - c_calls) / steps:.0f} Python function calls and "
          f"{c_calls / steps:.0f} C calls per step; the most frequent:")
    for name, count in counts.most_common(top):
        print(f"  {count / steps:6.1f}  {name}")


MEASUREMENTS = {"floor": floor, "bindings": bindings, "predict": predict, "calls": count_calls}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(MEASUREMENTS), action="append",
                        help="run only this measurement (repeatable)")
    parser.add_argument("--steps", type=int, default=None, help="steps per epoch or predict batches (default: 200 floor, 100 others)")
    args = parser.parse_args(argv)
    print(f"tinytf {tf.__version__}, {tf.build_info()['simd']}, {tf.build_info()['num_threads']} threads")
    for name in args.only or list(MEASUREMENTS):
        MEASUREMENTS[name](**({"steps": args.steps} if args.steps else {}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
