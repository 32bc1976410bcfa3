"""tinytf-bench --group train: whole training runs, tinytf beside PyTorch and Keras.

Two models of the textbook, trained the way each framework's users write it:
- ``mlp``: the demo's chapter-7 network (784 -> Dense 512 relu -> Dropout 0.5 -> Dense 10 softmax), RMSprop,
  sparse categorical cross-entropy, accuracy, batch 128, 60,000 images of 28x28;
- ``convnet``: chapter 8's MNIST convnet (Conv2D 32/64/128 3x3 relu with 2x2 max pooling between them,
  Flatten, Dense 10 softmax), the same optimizer, loss and batch size, timed on a slice of the images
  (a full epoch of it takes minutes on two cores) and scaled to 60,000.

tinytf and Keras call ``model.fit`` and ``model.predict``; PyTorch runs the eager loop its tutorials teach
(``zero_grad``, forward, ``CrossEntropyLoss`` on logits, ``backward``, ``step``, plus the accuracy a Keras
progress bar shows). The images are random (the benchmark needs no download): speed does not depend on
the pixel values.

Every framework runs in a fresh Python process of its own (``python -m tinytf.bench_train --worker ...``),
one after the other, so no library's thread pool or memory cache is warm for another. Each process trains
one warm-up epoch (compilation, allocator, page faults), then times the next epochs and predict calls.

For tinytf the worker also switches on the kernel clock (``_core.kernel_clock_start``, cpp/tinytf/ops/
kernel_clock.h), which adds up the time spent inside kernels: the rest of a step is its overhead (Python,
the tape, shape checks, allocation), printed per step.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

IMAGES = 60_000
BATCH = 128
MODELS = ("mlp", "convnet")
FRAMEWORKS = ("tinytf", "torch", "keras")


def make_data(model, images, seed=0):
    """Random 'images' in [0, 1) and integer labels, the shapes the model takes."""
    rng = np.random.default_rng(seed)
    shape = (images, 784) if model == "mlp" else (images, 28, 28, 1)
    return rng.random(shape, dtype=np.float32), rng.integers(0, 10, images).astype(np.int64)


# --------------------------------------------------------------------------
# One worker per framework: train, time, print a JSON result.
# --------------------------------------------------------------------------

def _keras_style_model(keras, model):
    """The textbook's model in Keras's API (tinytf and Keras share this code)."""
    layers = keras.layers
    if model == "mlp":
        stack = [keras.Input(shape=(784,)), layers.Dense(512, activation="relu"), layers.Dropout(0.5),
                 layers.Dense(10, activation="softmax")]
    else:
        stack = [keras.Input(shape=(28, 28, 1)),
                 layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                 layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
                 layers.Conv2D(128, 3, activation="relu"),
                 layers.Flatten(), layers.Dense(10, activation="softmax")]
    net = keras.Sequential(stack)
    net.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return net


def _time_keras_style(keras, model, x, y, epochs, predicts, kernel_clock=None):
    """fit and predict through the Keras API; epoch times from a callback."""
    net = _keras_style_model(keras, model)
    times, kernel_times = [], []

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if kernel_clock:
                kernel_clock[0]()  # start (resets the totals)
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.start)
            if kernel_clock:
                kernel_times.append(kernel_clock[1]())

    net.fit(x, y, epochs=epochs + 1, batch_size=BATCH, verbose=0, callbacks=[EpochTimer()])
    predict_times = []
    for _ in range(predicts + 1):
        start = time.perf_counter()
        net.predict(x, batch_size=BATCH, verbose=0)
        predict_times.append(time.perf_counter() - start)
    return {"fit_s": times[1:], "predict_s": predict_times[1:], "kernel_s": kernel_times[1:]}


def run_tinytf(model, x, y, epochs, predicts, threads):
    import tinytf as tf
    from tinytf import _core, keras

    def read():
        _core.kernel_clock_stop()
        return _core.kernel_clock_read()[0]

    result = _time_keras_style(keras, model, x, y, epochs, predicts, (_core.kernel_clock_start, read))
    info = tf.build_info()
    result.update(version=info["version"], device=f"CPU {info['simd']}", threads=info["num_threads"])
    return result


def run_keras(model, x, y, epochs, predicts, threads):
    import tensorflow as tf_real  # noqa: F401  (Keras 3's backend; imported first to set its threads)

    tf_real.config.threading.set_intra_op_parallelism_threads(threads)
    import keras

    result = _time_keras_style(keras, model, x, y, epochs, predicts)
    result.update(version=f"{keras.__version__} (TF {tf_real.__version__})", device="CPU", threads=threads)
    return result


def run_torch(model, x, y, epochs, predicts, threads):
    import torch
    from torch import nn

    torch.manual_seed(0)
    torch.set_num_threads(threads)
    if model == "mlp":
        net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, 10))
        images = torch.from_numpy(x)
    else:  # channels first, as PyTorch's Conv2d wants
        net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Conv2d(64, 128, 3), nn.ReLU(), nn.Flatten(), nn.Linear(1152, 10))
        images = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    labels = torch.from_numpy(y)
    optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)  # Keras's defaults
    loss_fn = nn.CrossEntropyLoss()

    times = []
    for _ in range(epochs + 1):
        start = time.perf_counter()
        net.train()
        order = torch.randperm(len(labels))
        for first in range(0, len(labels), BATCH):
            batch = order[first:first + BATCH]
            xb, yb = images[batch], labels[batch]
            optimizer.zero_grad()
            logits = net(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            (logits.argmax(1) == yb).float().mean()  # the accuracy Keras computes every step
        times.append(time.perf_counter() - start)
    predict_times = []
    net.eval()
    for _ in range(predicts + 1):
        start = time.perf_counter()
        with torch.no_grad():
            for first in range(0, len(labels), BATCH):
                torch.softmax(net(images[first:first + BATCH]), dim=1)
        predict_times.append(time.perf_counter() - start)
    return {"fit_s": times[1:], "predict_s": predict_times[1:], "kernel_s": [], "version": torch.__version__,
            "device": f"CPU {torch.backends.cpu.get_cpu_capability().lower()}", "threads": torch.get_num_threads()}


RUNNERS = {"tinytf": run_tinytf, "torch": run_torch, "keras": run_keras}


def worker(args):
    x, y = make_data(args.model, args.images)
    result = RUNNERS[args.worker](args.model, x, y, args.epochs, args.predicts, args.threads)
    result.update(images=args.images, steps=-(-args.images // BATCH))
    json.dump(result, sys.stdout)


# --------------------------------------------------------------------------
# The parent: one worker process per (model, framework), then the table.
# --------------------------------------------------------------------------

def available(framework):
    """Whether the framework can be imported here (without importing it in this process)."""
    module = {"tinytf": "tinytf", "torch": "torch", "keras": "tensorflow"}[framework]
    import importlib.util

    return importlib.util.find_spec(module) is not None


def plan(quick):
    """(model, images, timed epochs, timed predict calls) for each model."""
    if quick:
        return [("mlp", 512, 1, 1), ("convnet", 256, 1, 1)]
    return [("mlp", IMAGES, 3, 3), ("convnet", 40 * BATCH, 2, 2)]


def run_worker(framework, model, images, epochs, predicts, threads):
    command = [sys.executable, "-m", "tinytf.bench_train", "--worker", framework, "--model", model,
               "--images", str(images), "--epochs", str(epochs), "--predicts", str(predicts),
               "--threads", str(threads)]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", OMP_NUM_THREADS=str(threads))
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["exit code %d" % done.returncode])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def records_for(model, framework, result):
    """Table rows (fit epoch and predict) from one worker's result; times scaled to 60,000 images."""
    scale = IMAGES / result["images"]
    rows = []
    for measure, key in (("fit epoch", "fit_s"), ("predict", "predict_s")):
        times = [t * scale for t in result[key]]
        median = statistics.median(times)
        row = dict(model=model, measure=measure, impl=framework, device=result["device"], threads=result["threads"],
                   version=result["version"], median_s=median, min_s=min(times), max_s=max(times), reps=len(times),
                   images=result["images"], samples_per_s=IMAGES / median, overhead_us=None, kernel_pct=None)
        if measure == "fit epoch" and result["kernel_s"]:
            kernels = statistics.median(result["kernel_s"]) * scale
            steps = result["steps"] * scale
            row["overhead_us"] = (median - kernels) / steps * 1e6
            row["kernel_pct"] = 100.0 * kernels / median
        rows.append(row)
    return rows


def add_ratios(records):
    """x torch / x keras: speed of each row over that framework's row of the same model and measure."""
    by_key = {(r["model"], r["measure"], r["impl"]): r["median_s"] for r in records}
    for r in records:
        for other in ("torch", "keras"):
            reference = by_key.get((r["model"], r["measure"], other))
            r["vs_" + other] = reference / r["median_s"] if reference else None


def _fmt(value, fmt):
    return "-" if value is None else format(value, fmt)


COLUMNS = [  # header, width, format; the first four columns are text
    ("model", 8, lambda r: r["model"]),
    ("measure", 9, lambda r: r["measure"]),
    ("impl", 6, lambda r: r["impl"]),
    ("device", 12, lambda r: r["device"]),
    ("median", 9, lambda r: f"{r['median_s']:.3f} s"),
    ("reps", 4, lambda r: str(r["reps"])),
    ("images/s", 9, lambda r: f"{r['samples_per_s']:.0f}"),
    ("x torch", 7, lambda r: _fmt(r["vs_torch"], ".2f")),
    ("x keras", 7, lambda r: _fmt(r["vs_keras"], ".2f")),
    ("overhead/step", 13, lambda r: "-" if r["overhead_us"] is None else f"{r['overhead_us']:.0f} us"),
    ("kernels", 7, lambda r: _fmt(r["kernel_pct"], ".0f") + ("%" if r["kernel_pct"] is not None else "")),
]


def _line(cells):
    return "  ".join(f"{c:<{w}}" if i < 4 else f"{c:>{w}}" for i, (c, (_, w, _)) in enumerate(zip(cells, COLUMNS)))


def print_table(records, out=sys.stdout):
    header = _line([h for h, _, _ in COLUMNS])
    print(header + "\n" + "-" * len(header), file=out)
    previous = None
    for r in records:
        if previous and (r["model"], r["measure"]) != previous:
            print(file=out)
        previous = (r["model"], r["measure"])
        print(_line([f(r) for _, _, f in COLUMNS]), file=out)


FOOTNOTE = """\
median: of the timed epochs (after one warm-up epoch) or predict calls, scaled to 60,000 images
        (the convnet trains on a slice of them); images/s = 60,000 / median.
x torch, x keras: speed of this row / speed of that framework's row (>1 = this row is faster).
overhead/step: (epoch time - time inside kernels) / steps, tinytf only (kernel clock, ops/kernel_clock.h);
kernels: the share of the epoch spent inside kernels."""


def run(quick=False, use_torch=True, as_json=False, threads=None, only=FRAMEWORKS, out=sys.stdout):
    """The train group of tinytf-bench: every model in every available framework of `only`. Prints the
    table (unless as_json) and returns the records."""
    import tinytf as tf

    threads = threads or tf.build_info()["num_threads"]
    frameworks = [f for f in only if available(f) and (use_torch or f != "torch")]
    if not as_json:
        missing = [f for f in FRAMEWORKS if f not in frameworks]
        print(f"train: {', '.join(frameworks)} with {threads} threads, one process each"
              + (f" ({', '.join(missing)} not installed or skipped)" if missing else ""), file=out)
    records = []
    for model, images, epochs, predicts in plan(quick):
        for framework in frameworks:
            result = run_worker(framework, model, images, epochs, predicts, threads)
            if "error" in result:
                print(f"train: {framework} {model} failed: {result['error']}", file=sys.stderr)
                continue
            records += records_for(model, framework, result)
    records.sort(key=lambda r: (MODELS.index(r["model"]), r["measure"], FRAMEWORKS.index(r["impl"])))
    add_ratios(records)
    if not as_json:
        print_table(records, out)
        print(file=out)
        print(FOOTNOTE, file=out)
    return records


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m tinytf.bench_train",
                                description="One framework's training run (tinytf-bench --group train starts these).")
    p.add_argument("--worker", choices=FRAMEWORKS, required=True)
    p.add_argument("--model", choices=MODELS, required=True)
    p.add_argument("--images", type=int, default=IMAGES)
    p.add_argument("--epochs", type=int, default=3, help="timed epochs (one more runs first as warm-up)")
    p.add_argument("--predicts", type=int, default=3, help="timed predict calls (one more runs first)")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    worker(p.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
