"""tinytf-demo: the textbook demos, runnable from a fresh install.

``linear`` (chapter 3) and ``mnist`` (chapter 7); what each trains, on what data, and its
options are in DESCRIPTION, LINEAR and MNIST below, which ``tinytf-demo --help`` prints.
"""
import argparse

import numpy as np

import tinytf as tf


def make_data(num_samples_per_class=1000, seed=0):
    rng = np.random.default_rng(seed)
    cov = [[1, 0.5], [0.5, 1]]
    negative = rng.multivariate_normal(mean=[0, 3], cov=cov, size=num_samples_per_class)
    positive = rng.multivariate_normal(mean=[3, 0], cov=cov, size=num_samples_per_class)
    inputs = np.vstack((negative, positive)).astype(np.float32)
    targets = np.vstack((np.zeros((num_samples_per_class, 1), dtype="float32"),
                         np.ones((num_samples_per_class, 1), dtype="float32")))
    return inputs, targets


def linear(steps=40, learning_rate=0.1, plot=None, log=print):
    log(f"Training chapter 3's linear classifier on 2000 synthetic 2-D points (two Gaussian clouds): "
        f"{steps} steps of gradient descent with tf.GradientTape")
    inputs, targets = make_data()
    input_dim, output_dim = 2, 1
    tf.random.set_seed(0)
    W = tf.Variable(initial_value=tf.random.uniform(shape=(input_dim, output_dim)))
    b = tf.Variable(initial_value=tf.zeros(shape=(output_dim,)))

    def model(inputs):
        return tf.matmul(inputs, W) + b

    def square_loss(targets, predictions):
        per_sample_losses = tf.square(targets - predictions)
        return tf.reduce_mean(per_sample_losses)

    def training_step(inputs, targets):
        with tf.GradientTape() as tape:
            predictions = model(inputs)
            loss = square_loss(targets, predictions)
        grad_loss_wrt_W, grad_loss_wrt_b = tape.gradient(loss, [W, b])
        W.assign_sub(grad_loss_wrt_W * learning_rate)
        b.assign_sub(grad_loss_wrt_b * learning_rate)
        return loss

    for step in range(steps):
        loss = training_step(inputs, targets)
        log(f"Loss at step {step}: {loss:.4f}")

    predictions = model(inputs).numpy()
    accuracy = float(np.mean((predictions > 0.5) == (targets > 0.5)))
    log(f"Training accuracy: {accuracy:.4f}")
    if plot:
        _plot(inputs, predictions, W.numpy(), b.numpy(), plot)
        log(f"Saved the points and the decision line to {plot}")
    return accuracy


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise SystemExit("--plot needs matplotlib: pip install 'tinytf[plot]'") from err
    return plt


def _plot(inputs, predictions, w, b, path):
    plt = _pyplot()
    x = np.linspace(-1, 4, 100)
    y = -w[0, 0] / w[1, 0] * x + (0.5 - b[0]) / w[1, 0]  # where the prediction crosses 0.5
    plt.plot(x, y, "-r")
    plt.scatter(inputs[:, 0], inputs[:, 1], c=predictions[:, 0] > 0.5, s=4)
    plt.savefig(path)


FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot"]


def load_images(dataset="mnist", data_dir=None):
    """``(train_images, train_labels), (test_images, test_labels)``: images as rows of float32 in [0, 1]."""
    from tinytf import keras

    if dataset == "digits":
        try:
            from sklearn.datasets import load_digits
        except ImportError as err:
            raise SystemExit("--dataset digits needs scikit-learn: pip install 'tinytf[digits]'") from err
        digits = load_digits()
        order = np.random.default_rng(0).permutation(len(digits.data))  # the file groups writers: mix them, always alike
        images, labels = (digits.data[order] / 16.0).astype("float32"), digits.target[order].astype("int64")
        return (images[:1437], labels[:1437]), (images[1437:], labels[1437:])  # 80 % / 20 %
    module = {"mnist": keras.datasets.mnist, "fashion_mnist": keras.datasets.fashion_mnist}[dataset]
    (train_images, train_labels), (test_images, test_labels) = \
        module.load_data(data_dir) if data_dir else module.load_data()
    train_images = train_images.reshape((len(train_images), -1)).astype("float32") / 255
    test_images = test_images.reshape((len(test_images), -1)).astype("float32") / 255
    return (train_images, train_labels), (test_images, test_labels)


def textbook_images(quick=False, log=print):
    """The images the chapter-7 examples train on: MNIST as the book uses it when it is already
    downloaded, else scikit-learn's 8x8 digits (no download). ``quick`` keeps 600 training and 200
    test images, for a run of a few seconds. Returns ``load_images``'s arrays."""
    import os

    from tinytf.keras.utils.file_utils import keras_home

    dataset = "mnist" if os.path.exists(os.path.join(keras_home(), "datasets", "mnist.npz")) else "digits"
    (train_images, train_labels), (test_images, test_labels) = load_images(dataset)
    if quick:
        train_images, train_labels, test_images, test_labels = \
            train_images[:600], train_labels[:600], test_images[:200], test_labels[:200]
    log(f"Data: {dataset}, {len(train_images)} training and {len(test_images)} test images of "
        f"{train_images.shape[1]} pixels" + ("" if dataset == "mnist" else
                                             " (MNIST is used instead once downloaded: tinytf-demo mnist)"))
    return (train_images, train_labels), (test_images, test_labels)


def mnist(dataset="mnist", data_dir=None, epochs=5, batch_size=128, plot=None, log=print, verbose="auto"):
    """Trains chapter 7's MLP; returns (test accuracy, History)."""
    from tinytf import keras
    from tinytf.keras import layers

    (train_images, train_labels), (test_images, test_labels) = load_images(dataset, data_dir)
    log(f"Training chapter 7's Dense(512)-Dropout-Dense(10) network with fit on {dataset}: "
        f"{len(train_images)} training and {len(test_images)} test images of {train_images.shape[1]} pixels")
    model = keras.Sequential([
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(train_images, train_labels, epochs=epochs, batch_size=batch_size, validation_split=0.2,
                        verbose=verbose)
    test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=verbose)
    predictions = model.predict(test_images[:8], verbose=0)
    names = FASHION_CLASSES if dataset == "fashion_mnist" else [str(i) for i in range(10)]
    log("The first test images:")
    for probabilities, label in zip(predictions, test_labels[:8]):
        guess = int(np.argmax(probabilities))
        verdict = "right" if guess == label else f"wrong, it is {names[label]}"
        log(f"  predicted {names[guess]:<12} ({probabilities[guess]:.0%})  {verdict}")
    log(f"Test accuracy: {test_acc:.4f}")
    if plot:
        _plot_history(history, plot)
        log(f"Saved the loss and accuracy curves to {plot}")
    return test_acc, history


def _plot_history(history, path):
    plt = _pyplot()
    epochs = range(1, len(history.history["loss"]) + 1)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for axes, key, title in [(left, "loss", "Loss"), (right, "accuracy", "Accuracy")]:
        axes.plot(epochs, history.history[key], "bo-", label="Training")
        if "val_" + key in history.history:
            axes.plot(epochs, history.history["val_" + key], "r^-", label="Validation")
        axes.set_title(f"Training and validation {key}")
        axes.set_xlabel("Epochs")
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_ylabel(title)
        axes.legend()
    figure.tight_layout()
    figure.savefig(path)


DESCRIPTION = """\
The demos of Deep Learning with Python (2nd ed.), runnable from a fresh install:
  linear  chapter 3: a linear classifier trained from scratch with tf.Variable and
          tf.GradientTape on 2 000 synthetic 2-D points (two Gaussian clouds)
  mnist   chapters 2 and 7: a Dense(512)-Dropout-Dense(10) network trained with
          compile/fit on handwritten digits (MNIST, Fashion-MNIST or scikit-learn's digits)
Run "tinytf-demo linear --help" or "tinytf-demo mnist --help" for their options."""

LINEAR = """\
Chapter 3's linear classifier, as the book writes it: two clouds of 1 000 points each,
a (2, 1) weight Variable and a bias, mean squared error, and a hand-written gradient
descent step (learning rate 0.1) under tf.GradientTape. Prints the loss at each step
and the training accuracy (about 0.99)."""

MNIST = """\
Chapter 7's first Keras network: Dense(512, relu), Dropout(0.5), Dense(10, softmax),
trained with RMSprop and sparse categorical crossentropy by compile/fit (20 % of the
training images held out for validation), then evaluated on the test images. MNIST
downloads once (11 MB) into ~/.keras/datasets; Fashion-MNIST is read from Debian's
dataset-fashion-mnist package when installed; digits (scikit-learn's 8x8 images,
pip install "tinytf[digits]") needs no download."""


def make_parser():
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="tinytf-demo", description=DESCRIPTION, formatter_class=formatter)
    sub = parser.add_subparsers(dest="demo", required=True, metavar="{linear,mnist}")
    lin = sub.add_parser("linear", help="chapter 3: a linear classifier trained with GradientTape",
                         description=LINEAR, formatter_class=formatter)
    lin.add_argument("--steps", type=int, default=40, metavar="N",
                     help="gradient descent steps over all the points (default 40)")
    lin.add_argument("--plot", metavar="FILE", help="save a PNG of the points and the decision line (needs matplotlib)")
    mlp = sub.add_parser("mnist", help="chapter 7: a Dense network trained with fit on handwritten digits",
                         description=MNIST, formatter_class=formatter)
    mlp.add_argument("--dataset", choices=["mnist", "fashion_mnist", "digits"], default="mnist",
                     help="the images to train on (default mnist)")
    mlp.add_argument("--data-dir", metavar="DIR", help="a folder holding the dataset's files (no download)")
    mlp.add_argument("--epochs", type=int, default=5, metavar="N", help="passes over the training images (default 5)")
    mlp.add_argument("--batch-size", type=int, default=128, metavar="N",
                     help="images per gradient step (default 128)")
    mlp.add_argument("--plot", metavar="FILE", help="save a PNG of the loss and accuracy curves (needs matplotlib)")
    return parser


def main(argv=None):
    args = make_parser().parse_args(argv)
    if args.demo == "linear":
        linear(steps=args.steps, plot=args.plot)
    else:
        from tinytf.keras.utils.file_utils import DownloadError

        try:
            mnist(dataset=args.dataset, data_dir=args.data_dir, epochs=args.epochs, batch_size=args.batch_size,
                  plot=args.plot)
        except (DownloadError, FileNotFoundError) as err:  # offline, or a --data-dir without the files
            raise SystemExit(f"tinytf-demo mnist: {err}\n(--dataset digits needs no download.)") from None


if __name__ == "__main__":
    main()
