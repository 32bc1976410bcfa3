"""Chapter 7: callbacks, the hooks fit() calls at each stage of training.

    python examples/callbacks.py [--plot losses.png]

A callback is an object with methods fit() calls: on_train_begin, on_epoch_begin, on_batch_end,
on_epoch_end, ... It can read the logs (loss and metrics so far), look at self.model, and act:
record, plot, stop training, change the learning rate.
"""
import os
import sys

from tinytf import keras
from tinytf.demo import textbook_images
from tinytf.keras import layers

QUICK = os.environ.get("TINYTF_EXAMPLES_QUICK") == "1"
print("Training a Dense(512)-Dropout-Dense(10) classifier on handwritten digits with fit and callbacks")
(images, labels), _ = textbook_images(quick=QUICK)


def get_model():
    inputs = keras.Input(shape=(images.shape[1],))
    features = layers.Dropout(0.5)(layers.Dense(512, activation="relu")(inputs))
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(features))


# 1. A callback that records the loss after every batch (the book's LossHistory), and can plot it.
class LossHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.per_batch_losses = []

    def on_batch_end(self, batch, logs=None):
        self.per_batch_losses.append(logs["loss"])  # the running mean of the epoch so far

    def on_epoch_end(self, epoch, logs=None):
        print(f"  epoch {epoch}: {len(self.per_batch_losses)} batches seen, loss {logs['loss']:.4f}, "
              f"validation accuracy {logs['val_accuracy']:.4f}")


# 2. A callback that stops training when the validation loss stops improving: what
#    keras.callbacks.EarlyStopping(monitor="val_loss", patience=...) does, written out.
class StopWhenValidationLossStalls(keras.callbacks.Callback):
    def __init__(self, patience=1):
        super().__init__()
        self.patience = patience

    def on_train_begin(self, logs=None):
        self.best, self.bad_epochs = float("inf"), 0

    def on_epoch_end(self, epoch, logs=None):
        if logs["val_loss"] < self.best:
            self.best, self.bad_epochs = logs["val_loss"], 0
        else:
            self.bad_epochs += 1
            if self.bad_epochs > self.patience:
                print(f"  no improvement for {self.bad_epochs} epochs: stopping")
                self.model.stop_training = True  # fit ends after this epoch


# 3. Both, passed to fit. History (what fit returns) is a callback too.
model = get_model()
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
loss_history = LossHistory()
history = model.fit(images, labels, epochs=2 if QUICK else 10, batch_size=64, validation_split=0.2, verbose=0,
                    callbacks=[loss_history, StopWhenValidationLossStalls(patience=1)])
print(f"trained {len(history.history['loss'])} epochs; {len(loss_history.per_batch_losses)} batch losses recorded")

# 4. Keras's own: EarlyStopping does what step 2 wrote by hand (watching val_accuracy here), and
#    ModelCheckpoint saves the model after each epoch, keeping only the best one so far.
callbacks_list = [
    keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2),
    keras.callbacks.ModelCheckpoint(filepath="checkpoint_path.keras", monitor="val_loss", save_best_only=True),
]
model = get_model()
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(images, labels, epochs=2 if QUICK else 10, batch_size=64, validation_split=0.2, verbose=0,
                    callbacks=callbacks_list)
best = keras.models.load_model("checkpoint_path.keras")  # the best model of the run, back from disk
print(f"EarlyStopping and ModelCheckpoint: {len(history.history['loss'])} epochs, the best model saved to "
      f"checkpoint_path.keras has {best.count_params()} parameters")

if "--plot" in sys.argv:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = sys.argv[sys.argv.index("--plot") + 1]
    plt.plot(range(len(loss_history.per_batch_losses)), loss_history.per_batch_losses, label="Training loss")
    plt.xlabel("Batch")
    plt.ylabel("Loss")
    plt.legend()
    plt.savefig(path)
    print("Saved", path)
