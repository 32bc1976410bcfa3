"""``tinytf-demo``: the textbook demos, runnable from a fresh install.

    tinytf-demo linear [--plot FILE]

``linear`` is the linear classifier of Deep Learning with Python (2nd ed.,
chapter 3), written exactly as the book writes it with TensorFlow: two
Gaussian clouds, a Variable weight matrix and bias, mean squared error, and
a hand-written gradient-descent step.
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


def _plot(inputs, predictions, w, b, path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise SystemExit("--plot needs matplotlib: pip install 'tinytf[plot]'") from err
    x = np.linspace(-1, 4, 100)
    y = -w[0, 0] / w[1, 0] * x + (0.5 - b[0]) / w[1, 0]  # where the prediction crosses 0.5
    plt.plot(x, y, "-r")
    plt.scatter(inputs[:, 0], inputs[:, 1], c=predictions[:, 0] > 0.5, s=4)
    plt.savefig(path)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tinytf-demo", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="demo", required=True)
    lin = sub.add_parser("linear", help="the chapter-3 linear classifier")
    lin.add_argument("--plot", metavar="FILE", help="save a PNG of the points and the decision line")
    lin.add_argument("--steps", type=int, default=40)
    args = parser.parse_args(argv)
    if args.demo == "linear":
        linear(steps=args.steps, plot=args.plot)


if __name__ == "__main__":
    main()
