"""The demos: chapter 3's linear classifier (tinytf-demo linear) and chapter 7's MLP (tinytf-demo mnist)
learn, and --plot draws their pictures."""
import os

import pytest


def test_linear_classifier_demo_learns():
    from tinytf.demo import linear

    losses = []
    accuracy = linear(log=losses.append)
    assert len(losses) == 42
    assert losses[0] == ("Training chapter 3's linear classifier on 2000 synthetic 2-D points (two Gaussian clouds): "
                         "40 steps of gradient descent with tf.GradientTape")
    first, last = float(losses[1].split(": ")[1]), float(losses[40].split(": ")[1])
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
    assert lines[0] == ("Training chapter 7's Dense(512)-Dropout-Dense(10) network with fit on digits: "
                        "1437 training and 360 test images of 64 pixels")
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


def _help(argv):
    from tinytf.demo import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    return exit_info


@pytest.mark.parametrize("argv", [["--help"], ["linear", "--help"], ["mnist", "--help"]])
def test_demo_help_is_plain_text_and_explains_every_option(argv, capsys):
    _help(argv)
    text = capsys.readouterr().out
    assert "``" not in text and ":class:" not in text  # no raw reST
    for line in text.splitlines():
        if line.lstrip().startswith("--") and "--help" not in line:  # an option: its help follows on the line
            assert len(line.split(None, 2)) >= 2, f"option without help: {line!r}"
    if argv == ["--help"]:
        assert "linear  chapter 3: a linear classifier trained from scratch" in text
    elif argv[0] == "linear":
        assert "--steps N    gradient descent steps over all the points (default 40)" in text
    else:
        assert "--epochs N            passes over the training images (default 5)" in text


def test_every_demo_option_has_help():
    import argparse

    from tinytf.demo import make_parser

    parser = make_parser()
    demos = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    options = {o.option_strings[0]: o.help for sub in demos.values() for o in sub._actions if "-h" not in o.option_strings}
    assert set(options) == {"--steps", "--plot", "--dataset", "--data-dir", "--epochs", "--batch-size"}
    assert all(options.values()), options
