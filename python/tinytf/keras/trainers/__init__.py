"""keras.trainers: what makes a model trainable (Keras 3's layout; keras.Model inherits Trainer).

    trainer.py          Trainer: compile, fit, evaluate, predict, train_step/test_step/predict_step
    compile_utils.py    compiled_loss and compiled_metrics: compile's losses and metrics per output
    epoch_iterator.py   the steps of each epoch (steps_per_epoch, steps_per_execution, data that runs out)
    data_adapters/      arrays, tf.data datasets, Sequences and generators as batches
"""
from tinytf.keras.trainers.trainer import Trainer

__all__ = ["Trainer"]
