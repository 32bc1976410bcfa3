"""The demos: chapter 3's linear classifier (tinytf-demo linear) and chapter 7's MLP (tinytf-demo mnist)
learn, and --plot draws their pictures."""
import os

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


def test_mnist_demo_on_digits_learns(capsys):
    pytest.importorskip("sklearn")
    from tinytf.demo import mnist

    lines = []
    accuracy, history = mnist(dataset="digits", epochs=8, batch_size=32, log=lines.append)
    assert accuracy >= 0.9
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert history.history["loss"][-1] < history.history["loss"][0] / 3
    assert lines[0] == "digits: 1437 training and 360 test images of 64 pixels"
    assert lines[-1] == f"Test accuracy: {accuracy:.4f}" and len(lines) == 11
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "Epoch 1/8" and printed[1].startswith("36/36 [==============================] - ")


def test_mnist_demo_plots_the_curves(tmp_path):
    pytest.importorskip("sklearn")
    pytest.importorskip("matplotlib")
    from tinytf.demo import main

    path = tmp_path / "curves.png"
    main(["mnist", "--dataset", "digits", "--epochs", "2", "--plot", str(path)])
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


FASHION = "/usr/share/datasets/fashion-mnist"


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir(FASHION), reason="Debian's dataset-fashion-mnist is not installed")
def test_mnist_demo_reaches_the_books_accuracy_on_fashion_mnist():
    """Chapter 7's MLP on Fashion-MNIST, 5 epochs, batch 128: >= 0.84 on the 10 000 test images."""
    from tinytf import keras
    from tinytf.demo import mnist

    keras.utils.set_random_seed(0)
    accuracy, history = mnist(dataset="fashion_mnist", data_dir=FASHION, epochs=5, log=lambda line: None, verbose=0)
    assert accuracy >= 0.84
    assert history.history["val_accuracy"][-1] >= 0.84


def test_mnist_demo_without_the_files_says_what_to_do(tmp_path):
    from tinytf.demo import main

    with pytest.raises(SystemExit, match="(?s)lacks train-images-idx3-ubyte.*digits needs no download"):
        main(["mnist", "--dataset", "fashion_mnist", "--data-dir", str(tmp_path)])
