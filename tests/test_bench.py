"""tinytf-bench smoke test: the quick run works end to end and its JSON records are complete.

No timing assertions: this machine may be busy, only the shape of the output is checked."""
import contextlib
import io
import json

import pytest

import tinytf as tf
from tinytf import _core, bench

FIELDS = {"kernel", "size", "impl", "device", "threads", "median_s", "min_s", "max_s", "iqr_pct", "reps",
          "rate", "rate_unit", "pct_peak", "vs_numpy", "vs_torch", "rel_err"}


def run_quick(*extra):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert bench.main(["--quick", "--json", "--repeat", "3", *extra]) == 0
    return json.loads(out.getvalue())


def test_quick_json_records():
    records = run_quick()
    kernels = {r["kernel"] for r in records}
    assert kernels == {"matmul", "matmul ref", "add", "relu", "reduce_sum", "reduce_sum ref", "reduce_mean",
                       "reduce_mean ref", "reduce_max", "reduce_max ref", "softmax", "softmax ref", "sparse_xent",
                       "a + b", "tape v*v", "rmsprop"}
    sums = {r["size"] for r in records if r["kernel"] == "reduce_sum"}
    assert {"64x1024 axis=-1", "32x64 axis=0"} <= sums
    # every reduction and softmax row has a ref row of the same size right below it
    pairs = [(r["kernel"], r["size"]) for r in records if r["impl"] == "tinytf"]
    for name, size in pairs:
        if name.startswith(("reduce", "softmax")) and not name.endswith(" ref"):
            assert pairs[pairs.index((name, size)) + 1] == (f"{name} ref", size)
    assert {r["impl"] for r in records} >= {"tinytf", "numpy"}
    for r in records:
        assert FIELDS <= r.keys(), f"record for {r.get('kernel')} misses {FIELDS - r.keys()}"
        assert r["median_s"] > 0 and r["min_s"] > 0 and r["reps"] == 3
        if r["kernel"] in ("tape v*v", "a + b"):  # pure overhead: a time, no rate
            assert r["rate"] is None
        else:
            assert r["rate"] > 0 and r["rate_unit"] == ("GFLOP/s" if r["kernel"].startswith("matmul") else "GB/s")
        assert r["rel_err"] < 1e-3, f"{r['impl']} {r['kernel']} {r['size']} disagrees with NumPy: {r['rel_err']}"
        if r["impl"] == "numpy":
            assert r["vs_numpy"] == 1.0


def test_libraries_are_timed_in_turns_and_repeat_is_exact():
    # Each library's windows are spread over the whole measurement (a drift of the machine's speed must
    # reach all of them), and --repeat N still times exactly N calls of each.
    log = []
    calls = {name: (log.append, [name]) for name in ("tinytf", "numpy", "torch")}
    times = bench.time_in_turns(calls, min_time=0.0, repeat=10, turns=4)
    assert {name: len(t) for name, t in times.items()} == {"tinytf": 10, "numpy": 10, "torch": 10}
    for name in calls:
        others = [i for i, called in enumerate(log) if called != name]
        mine = [i for i, called in enumerate(log) if called == name]
        assert mine[0] < others[-1] and others[0] < mine[-1], f"{name} was timed in one block: {log}"
    assert {name: len(t) for name, t in bench.time_in_turns(calls, 0.0, repeat=3, turns=4).items()} == \
        {"tinytf": 3, "numpy": 3, "torch": 3}


def test_reference_rows_restore_the_variant_they_found():
    try:
        tf.config.set_kernel_variant("reduce", "reference")
        run_quick("--filter", "reduce_sum,softmax", "--no-torch")
        assert tf.config.get_kernel_variant("reduce") == "reference"
        assert tf.config.get_kernel_variant("softmax") == "fast"
    finally:
        tf.config.set_kernel_variant("reduce", "fast")


def test_filter_picks_kernels():
    records = run_quick("--filter", "relu,add", "--no-torch")
    assert {r["kernel"] for r in records} == {"relu", "add"}
    assert {r["impl"] for r in records} == {"tinytf", "numpy"}
    assert all(r["vs_torch"] is None for r in records)


def test_help_is_plain_text_with_help_for_every_option(capsys):
    from tinytf.bench import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "``" not in text
    assert "Times tinytf's kernels" in text and "tinytf-bench --filter matmul        only the matmuls" in text
    options = [line for line in text.splitlines() if line.startswith("  --")]
    assert len(options) == 8
    for line in options:  # each option's help is on its line or the next (after a long metavar)
        index = text.splitlines().index(line)
        assert len(line.split(None, 2)) >= 2 or text.splitlines()[index + 1].startswith(" " * 20), line


# ---- the train group (python/tinytf/bench_train.py) and the kernel clock behind its overhead column ----

def test_kernel_clock_counts_kernels_only_while_running():
    a = tf.ones((64, 64))
    _core.kernel_clock_start()
    tf.matmul(a, a)
    tf.reduce_sum(a)
    _core.kernel_clock_stop()
    seconds, kernels = _core.kernel_clock_read()
    assert kernels == 2 and seconds > 0
    tf.matmul(a, a)  # stopped: not counted
    assert _core.kernel_clock_read() == (seconds, kernels)
    _core.kernel_clock_start()  # starting again resets
    assert _core.kernel_clock_read() == (0.0, 0)
    _core.kernel_clock_stop()


def test_train_records_scale_to_an_epoch_and_split_out_the_overhead():
    from tinytf import bench_train

    # 6,000 images (47 steps) in 0.5 s, 0.4 s of it inside kernels: scaled to 60,000 images (x10).
    result = {"fit_s": [0.6, 0.5, 0.5], "predict_s": [0.2], "kernel_s": [0.4, 0.4, 0.3], "images": 6000,
              "steps": 47, "device": "CPU", "threads": 2, "version": "0"}
    fit, predict = bench_train.records_for("mlp", "tinytf", result)
    assert fit["median_s"] == pytest.approx(5.0) and fit["reps"] == 3
    assert fit["samples_per_s"] == pytest.approx(12000)
    assert fit["kernel_pct"] == pytest.approx(80.0)
    assert fit["overhead_us"] == pytest.approx((5.0 - 4.0) / 470 * 1e6)
    assert predict["median_s"] == pytest.approx(2.0) and predict["overhead_us"] is None
    torch_fit = dict(fit, impl="torch", median_s=10.0)
    records = [fit, torch_fit]
    bench_train.add_ratios(records)
    assert fit["vs_torch"] == pytest.approx(2.0) and fit["vs_keras"] is None
    assert torch_fit["vs_torch"] == pytest.approx(1.0)


def test_train_group_quick_runs_tinytf_end_to_end():
    from tinytf import bench_train

    out = io.StringIO()
    records = bench_train.run(quick=True, only=("tinytf",), out=out)
    assert {(r["model"], r["measure"]) for r in records} == {
        (m, k) for m in ("mlp", "convnet") for k in ("fit epoch", "predict")}
    for r in records:
        assert r["impl"] == "tinytf" and r["median_s"] > 0 and r["samples_per_s"] > 0
        if r["measure"] == "fit epoch":
            assert 0 < r["kernel_pct"] < 100
    text = out.getvalue()
    assert "overhead/step" in text and text.count("tinytf  CPU") == 4


def test_group_train_json_is_one_list(monkeypatch):
    from tinytf import bench_train

    fake = {"fit_s": [1.0], "predict_s": [0.5], "kernel_s": [], "images": 60000, "steps": 469, "device": "CPU",
            "threads": 1, "version": "0"}
    monkeypatch.setattr(bench_train, "run_worker", lambda *args: dict(fake))
    monkeypatch.setattr(bench_train, "available", lambda framework: framework == "tinytf")
    records = run_quick("--group", "all", "--filter", "relu", "--no-torch")
    assert [r.get("kernel") for r in records[:2]] == ["relu", "relu"]
    assert [(r["model"], r["measure"]) for r in records[2:]] == [
        ("mlp", "fit epoch"), ("mlp", "predict"), ("convnet", "fit epoch"), ("convnet", "predict")]


# ---- the ceilings tinytf-bench measures with tinytf's own loops (cpp/tinytf/kernels/ceilings.h) ----

def test_fma_loop_counts_its_flops_at_every_simd_level():
    from conftest import LEVELS
    from tinytf import _core

    before = tf.build_info()["simd"]
    threads = tf.build_info()["num_threads"]
    try:
        for level in LEVELS:
            _core.set_simd_level(level)
            lanes = {"portable": 4, "avx2": 8, "avx512": 16}[level]
            assert _core.fma_loop(10) == 10 * 12 * lanes * 2 * threads, level
    finally:
        _core.set_simd_level(before)
    assert _core.fma_loop(0) == 0
    with pytest.raises(ValueError, match="fma_loop: iterations must be >= 0, got -1"):
        _core.fma_loop(-1)


def test_stream_copy_copies_and_checks_sizes():
    import numpy as np
    from tinytf import _core

    src = np.arange(100_003, dtype=np.float32)  # several threads' chunks, not a multiple of anything
    dst = np.zeros_like(src)
    _core.stream_copy(src, dst)
    np.testing.assert_array_equal(dst, src)
    with pytest.raises(ValueError, match="stream_copy: src has 100003 floats but dst has 5"):
        _core.stream_copy(src, np.zeros(5, np.float32))
    with pytest.raises(TypeError):  # not float32: a converted copy would receive the data, so it is refused
        _core.stream_copy(src, np.zeros(100_003))


# ---- benchmarks/busy_core.py: the busy-machine timings of BENCHMARKS.md ("Waiting threads on a busy machine") ----

def test_busy_core_script_prints_a_row_per_setting():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "busy_core.py"
    done = subprocess.run([sys.executable, str(script), "--busy", "0", "--rounds", "1", "--no-torch"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert [" ".join(r[1:-2]) for r in rows] == ["tinytf, libgomp's spin (300000)", "tinytf, its own spin (1000)",
                                                 "tinytf, one thread"]
    assert all(r[0] == "0" and float(r[-2]) > 0 and float(r[-1]) > 0 for r in rows)


# ---- benchmarks/step_profile.py: where a training step's time goes (BENCHMARKS.md, the targets' (c)) ----

def test_step_profile_script_reports_each_measurement_and_restores_the_bindings():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "step_profile.py"
    spec = importlib.util.spec_from_file_location("step_profile", path)
    step_profile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(step_profile)
    before = (_core.matmul, _core.Tape.gradient, _core.Tensor.__matmul__)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert step_profile.main(["--steps", "3"]) == 0
    text = out.getvalue()
    assert text.count("floor (784-8-10, batch 8): step ") == 3
    assert "bindings (784-512-10, batch 128): step " in text and "  Tape.gradient " in text
    assert text.count("predict (784-512-10, batch 128): ") == 3
    calls = [line for line in text.splitlines() if line.startswith("calls (batch 8): ")]
    assert len(calls) == 1 and int(calls[0].split()[3]) > 0  # "<n> Python function calls"
    assert (_core.matmul, _core.Tape.gradient, _core.Tensor.__matmul__) == before  # the timers are gone again
