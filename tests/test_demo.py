"""The chapter-3 demo (tinytf-demo linear): it learns, and --plot draws the decision line."""
import pytest


def test_linear_classifier_demo_learns():
    from tinytf.demo import linear

    losses = []
    accuracy = linear(log=losses.append)
    assert len(losses) == 41
    first, last = float(losses[0].split(": ")[1]), float(losses[39].split(": ")[1])
    assert last < first / 5
    assert accuracy >= 0.95


def test_linear_demo_plot_is_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    from tinytf.demo import main

    path = tmp_path / "points.png"
    main(["linear", "--steps", "5", "--plot", str(path)])
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
