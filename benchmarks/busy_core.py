"""How a two-thread training step fares when another program keeps a core busy.

A student's laptop is rarely idle. tinytf's kernels run on OpenMP threads (libgomp), whose idle workers
spin before they sleep; python/tinytf/__init__.py shortens that spin to 1,000 rounds (libgomp's default is
300,000). This script times the MNIST MLP's training step (784-512-Dropout-10, RMSprop, batch 128) and a
`predict` batch with the workers of `tinytf-bench --group train` (python/tinytf/bench_train.py), on a quiet
machine and with N busy-looping processes beside it:

    python benchmarks/busy_core.py            # 0 and 1 busy processes, 4 rounds
    python benchmarks/busy_core.py --busy 0 1 2 --rounds 6

Settings: tinytf with GOMP_SPINCOUNT=300000 (libgomp's default), with its own default (1000), with one
thread, and PyTorch with two threads when it is installed. Each measurement is its own process (libgomp
reads its settings once); the settings take turns within each round so that the machine's drift hits them
alike. Printed: the median over rounds of each process's fastest epoch or predict call (40 batches), in ms
per step / per predict batch.
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys

WORKER = r"""
import json, sys
import numpy as np
from tinytf import bench_train
framework, threads = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
x = rng.random((128 * 40, 784), dtype=np.float32)
y = rng.integers(0, 10, 128 * 40).astype(np.int64)
run = bench_train.run_torch if framework == "torch" else bench_train.run_tinytf
result = run("mlp", x, y, 3, 3, threads)  # 3 timed epochs and predicts of 40 batches, after one more of each
print(json.dumps({"fit": min(result["fit_s"]) / 40, "predict": min(result["predict_s"]) / 40}))
"""

# (framework, threads, extra environment)
SETTINGS = {
    "tinytf, libgomp's spin (300000)": ("tinytf", 2, {"GOMP_SPINCOUNT": "300000"}),
    "tinytf, its own spin (1000)": ("tinytf", 2, {}),
    "tinytf, one thread": ("tinytf", 1, {}),
    "torch": ("torch", 2, {}),
}


def measure(framework, threads, extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY", "OMP_NUM_THREADS")}
    env.update({"OMP_NUM_THREADS": str(threads)}, **extra_env)
    out = subprocess.run([sys.executable, "-c", WORKER, framework, str(threads)], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, nargs="+", default=[0, 1], help="numbers of busy processes to try")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--no-torch", dest="torch", action="store_false", help="skip PyTorch's rows")
    args = parser.parse_args()
    if args.torch and importlib.util.find_spec("torch") is None:
        args.torch = False
    print(f"{'busy':>4}  {'setting':32s} {'fit ms/step':>12} {'predict ms/batch':>17}")
    for busy in args.busy:
        hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)]
        try:
            results = {name: [] for name in SETTINGS}
            for _ in range(args.rounds):
                for name, setting in SETTINGS.items():
                    if setting[0] == "torch" and not args.torch:
                        continue
                    results[name].append(measure(*setting))
        finally:
            for hog in hogs:
                hog.kill()
        for name, runs in results.items():
            if not runs:
                continue
            fit = statistics.median(r["fit"] for r in runs) * 1e3
            predict = statistics.median(r["predict"] for r in runs) * 1e3
            print(f"{busy:>4}  {name:32s} {fit:12.2f} {predict:17.2f}")


if __name__ == "__main__":
    main()
