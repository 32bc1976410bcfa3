"""keras.callbacks: objects ``fit``, ``evaluate`` and ``predict`` call at each stage.

    callback.py                  Callback (the hooks), the base of every callback
    callback_list.py             CallbackList: the callbacks of one run, called together
    history.py                   History: what ``fit`` returns (``history.history["loss"]``...)
    progbar_logger.py            ProgbarLogger: the progress bar
    monitor_callback.py          a monitored value and which way is better (the next three use it)
    early_stopping.py            EarlyStopping: stop when the monitored value stops improving
    reduce_lr_on_plateau.py      ReduceLROnPlateau: lower the learning rate when it stops improving
    model_checkpoint.py          ModelCheckpoint: save the model or its weights while training
    learning_rate_scheduler.py   LearningRateScheduler: the learning rate of each epoch from a function
    backup_and_restore.py        BackupAndRestore: resume an interrupted fit where it stopped
    csv_logger.py                CSVLogger: each epoch's logs as a line of a CSV file
    terminate_on_nan.py          TerminateOnNaN: stop at the first NaN loss
    lambda_callback.py           LambdaCallback: a callback made of functions
    tensorboard.py               TensorBoard: event files for TensorBoard (written with tensorboardX)
    step_counter.py              StepCounter: training steps from the batch indices (checkpoints, backups, TensorBoard)
"""
from tinytf.keras.callbacks.backup_and_restore import BackupAndRestore
from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.callbacks.callback_list import CallbackList
from tinytf.keras.callbacks.csv_logger import CSVLogger
from tinytf.keras.callbacks.early_stopping import EarlyStopping
from tinytf.keras.callbacks.history import History
from tinytf.keras.callbacks.lambda_callback import LambdaCallback
from tinytf.keras.callbacks.learning_rate_scheduler import LearningRateScheduler
from tinytf.keras.callbacks.model_checkpoint import ModelCheckpoint
from tinytf.keras.callbacks.progbar_logger import ProgbarLogger
from tinytf.keras.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from tinytf.keras.callbacks.tensorboard import TensorBoard
from tinytf.keras.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = ["BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping", "History", "LambdaCallback",
           "LearningRateScheduler", "ModelCheckpoint", "ProgbarLogger", "ReduceLROnPlateau", "TensorBoard",
           "TerminateOnNaN"]
