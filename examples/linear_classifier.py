"""Chapter 3's linear classifier, from scratch: variables, a tape and gradient descent by hand.

    python examples/linear_classifier.py [--plot points.png]

(`tinytf-demo linear` runs the book's code as printed; this is the same idea, step by step.)
Two clouds of 2-D points, one labelled 0 and one labelled 1; the model is a line,
prediction = W . point + b, and training moves the line until it separates the clouds.
"""
import os
import sys

import numpy as np

import tinytf as tf

QUICK = os.environ.get("TINYTF_EXAMPLES_QUICK") == "1"  # the test suite's small run
print("Training a linear classifier (W . x + b) on 2 000 synthetic 2-D points, by hand with GradientTape")

# 1. The data: 1000 points around (0, 3) and 1000 around (3, 0), both with the same oval spread
#    (the covariance matrix). Targets: 0 for the first cloud, 1 for the second.
rng = np.random.default_rng(0)
covariance = [[1, 0.5], [0.5, 1]]
negatives = rng.multivariate_normal(mean=[0, 3], cov=covariance, size=1000)
positives = rng.multivariate_normal(mean=[3, 0], cov=covariance, size=1000)
inputs = np.vstack((negatives, positives)).astype(np.float32)            # shape (2000, 2)
targets = np.vstack((np.zeros((1000, 1)), np.ones((1000, 1)))).astype(np.float32)  # (2000, 1)

# 2. The model's state: a (2, 1) weight matrix and a bias, as variables so that they can change
#    and the tape watches them. Random weights, zero bias: where every network starts.
tf.random.set_seed(0)
W = tf.Variable(initial_value=tf.random.uniform(shape=(2, 1)), name="W")
b = tf.Variable(initial_value=tf.zeros(shape=(1,)), name="b")


def model(points):
    """The forward pass: one number per point, meant to be near 0 or near 1."""
    return tf.matmul(points, W) + b


def square_loss(targets, predictions):
    """How wrong the predictions are: the mean of the squared differences."""
    return tf.reduce_mean(tf.square(targets - predictions))


# 3. One training step: run the model under a tape, ask the tape how the loss changes with W
#    and b, and move both a little the other way (gradient descent, learning rate 0.1).
learning_rate = 0.1


def training_step(points, targets):
    with tf.GradientTape() as tape:
        predictions = model(points)
        loss = square_loss(targets, predictions)
    grad_W, grad_b = tape.gradient(loss, [W, b])
    W.assign_sub(grad_W * learning_rate)
    b.assign_sub(grad_b * learning_rate)
    return loss


# 4. The loop: every step sees all 2000 points at once (batch training).
steps = 10 if QUICK else 40
for step in range(steps):
    loss = training_step(inputs, targets)
    if step % 5 == 0 or step == steps - 1:
        print(f"Loss at step {step}: {loss:.4f}")

# 5. How good is the line? A point is classed 1 when its prediction is above 0.5.
predictions = model(inputs).numpy()
accuracy = np.mean((predictions > 0.5) == (targets > 0.5))
print(f"Training accuracy: {accuracy:.3f}")
w = W.numpy()
print(f"The line: {w[0, 0]:.3f} * x + {w[1, 0]:.3f} * y + {b.numpy()[0]:.3f} = 0.5")

# 6. Optionally draw the points (coloured by the prediction) and the line.
if "--plot" in sys.argv:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = sys.argv[sys.argv.index("--plot") + 1]
    x = np.linspace(-1, 4, 100)
    plt.plot(x, -w[0, 0] / w[1, 0] * x + (0.5 - b.numpy()[0]) / w[1, 0], "-r")
    plt.scatter(inputs[:, 0], inputs[:, 1], c=predictions[:, 0] > 0.5, s=4)
    plt.savefig(path)
    print("Saved", path)
