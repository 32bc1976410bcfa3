"""Chapter 7: the built-in training loop, compile / fit / evaluate / predict, and a custom metric.

    python examples/builtin_training_loop.py

Trains the book's MNIST classifier (or, until MNIST is downloaded, the same model on
scikit-learn's 8x8 digits) with Keras's own loop. TINYTF_EXAMPLES_QUICK=1 makes it tiny.
"""
import os

import tinytf as tf
from tinytf import keras
from tinytf.demo import textbook_images
from tinytf.keras import layers

QUICK = os.environ.get("TINYTF_EXAMPLES_QUICK") == "1"
print("Training a Dense(512)-Dropout-Dense(10) classifier on handwritten digits with compile/fit")
(images, labels), (test_images, test_labels) = textbook_images(quick=QUICK)
pixels = images.shape[1]


def get_mnist_model():
    """The book's model, built with the functional API."""
    inputs = keras.Input(shape=(pixels,))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)  # active only while training
    outputs = layers.Dense(10, activation="softmax")(features)
    return keras.Model(inputs, outputs)


# A metric of our own: the root mean squared error between the one-hot targets and the
# predicted probabilities. Its state lives in variables made with add_weight; update_state
# adds a batch, result() reads the running value, reset_state() starts an epoch afresh.
class RootMeanSquaredError(keras.metrics.Metric):
    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.mse_sum = self.add_weight(name="mse_sum", initializer="zeros")
        self.total_samples = self.add_weight(name="total_samples", initializer="zeros", dtype="int32")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = tf.one_hot(tf.reshape(tf.cast(y_true, "int32"), [-1]), depth=tf.shape(y_pred)[1])
        self.mse_sum.assign_add(tf.reduce_sum(tf.square(y_true - y_pred)))
        self.total_samples.assign_add(tf.shape(y_pred)[0])

    def result(self):
        return tf.sqrt(self.mse_sum / tf.cast(self.total_samples, tf.float32))

    def reset_state(self):
        self.mse_sum.assign(0.0)
        self.total_samples.assign(0)


# 1. compile: the optimizer, the loss to minimise, the metrics to watch.
model = get_mnist_model()
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
              metrics=["accuracy", RootMeanSquaredError()])

# 2. fit: epochs of batches, with a validation set held out to see how well the model generalises.
split = len(images) * 4 // 5
history = model.fit(images[:split], labels[:split], epochs=1 if QUICK else 3, batch_size=128,
                    validation_data=(images[split:], labels[split:]), verbose=2)
print("History keys:", list(history.history))

# 3. evaluate on data the model never saw; 4. predict class probabilities for new images.
test_metrics = model.evaluate(test_images, test_labels, verbose=0)
print("Test loss, accuracy, rmse:", [round(float(value), 4) for value in test_metrics])
predictions = model.predict(test_images[:5], verbose=0)
print("Predicted digits:", predictions.argmax(axis=1), "true digits:", test_labels[:5])
