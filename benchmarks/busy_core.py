"""How a two-thread training step fares when another program keeps a core busy.

A student's laptop is rarely idle. tinytf's kernels run on OpenMP threads (libgomp), whose idle workers
spin before they sleep; python/tinytf/__init__.py shortens that spin to 1,000 rounds (libgomp's default is
300,000). This script times the MNIST MLP's training step (784-512-Dropout-10, RMSprop, batch 128, the
model of `tinytf-bench --group train`) and a `predict` batch under three settings, on a quiet machine and
with N busy-looping processes beside it:

    python benchmarks/busy_core.py            # 0 and 1 busy processes, 4 rounds
    python benchmarks/busy_core.py --busy 0 1 2 --rounds 6

Settings: GOMP_SPINCOUNT=300000 (libgomp's default), tinytf's default (1000), and OMP_NUM_THREADS=1. Each
measurement is its own process (libgomp reads its settings once); the settings take turns within each round
so that the machine's drift hits them alike. Printed: the median over rounds of each process's fastest
repetition, in ms per step / per predict batch.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

WORKER = r"""
import json, time, numpy as np
import tinytf as tf
from tinytf import keras
from tinytf.bench_train import _keras_style_model
rng = np.random.default_rng(0)
x = rng.random((128 * 40, 784), dtype=np.float32)
y = rng.integers(0, 10, 128 * 40).astype(np.int64)
model = _keras_style_model(keras, "mlp")
model.fit(x, y, batch_size=128, epochs=1, verbose=0)
model.predict(x, batch_size=128, verbose=0)
fit, predict = [], []
for _ in range(3):
    start = time.perf_counter(); model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    fit.append((time.perf_counter() - start) / 40)
    start = time.perf_counter(); model.predict(x, batch_size=128, verbose=0)
    predict.append((time.perf_counter() - start) / 40)
print(json.dumps({"fit": min(fit), "predict": min(predict)}))
"""

SETTINGS = {
    "libgomp default (spin 300000)": {"GOMP_SPINCOUNT": "300000"},
    "tinytf default (spin 1000)": {},
    "one thread": {"OMP_NUM_THREADS": "1"},
}


def measure(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY", "OMP_NUM_THREADS")}
    env.update({"OMP_NUM_THREADS": "2"}, **extra_env)
    out = subprocess.run([sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, nargs="+", default=[0, 1], help="numbers of busy processes to try")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(f"{'busy':>4}  {'setting':32s} {'fit ms/step':>12} {'predict ms/batch':>17}")
    for busy in args.busy:
        hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)]
        try:
            results = {name: [] for name in SETTINGS}
            for _ in range(args.rounds):
                for name, env in SETTINGS.items():
                    results[name].append(measure(env))
        finally:
            for hog in hogs:
                hog.kill()
        for name, runs in results.items():
            fit = statistics.median(r["fit"] for r in runs) * 1e3
            predict = statistics.median(r["predict"] for r in runs) * 1e3
            print(f"{busy:>4}  {name:32s} {fit:12.2f} {predict:17.2f}")


if __name__ == "__main__":
    main()
