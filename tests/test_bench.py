"""tinytf-bench smoke test: the quick run works end to end and its JSON records are complete.

No timing assertions: this machine may be busy, only the shape of the output is checked."""
import contextlib
import io
import json

import pytest

from tinytf import bench

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
    assert kernels == {"matmul", "add", "relu", "reduce_sum", "softmax", "sparse_xent", "a + b", "tape v*v",
                       "rmsprop"}
    assert {r["impl"] for r in records} >= {"tinytf", "numpy"}
    for r in records:
        assert FIELDS <= r.keys(), f"record for {r.get('kernel')} misses {FIELDS - r.keys()}"
        assert r["median_s"] > 0 and r["min_s"] > 0 and r["reps"] == 3
        if r["kernel"] in ("tape v*v", "a + b"):  # pure overhead: a time, no rate
            assert r["rate"] is None
        else:
            assert r["rate"] > 0 and r["rate_unit"] == ("GFLOP/s" if r["kernel"] == "matmul" else "GB/s")
        assert r["rel_err"] < 1e-3, f"{r['impl']} {r['kernel']} {r['size']} disagrees with NumPy: {r['rel_err']}"
        if r["impl"] == "numpy":
            assert r["vs_numpy"] == 1.0


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
    assert len(options) == 7
    for line in options:  # each option's help is on its line or the next (after a long metavar)
        index = text.splitlines().index(line)
        assert len(line.split(None, 2)) >= 2 or text.splitlines()[index + 1].startswith(" " * 20), line
