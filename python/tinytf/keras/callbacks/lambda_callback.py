"""``keras.callbacks.LambdaCallback``: a callback made of functions, for quick jobs.

    print_batches = keras.callbacks.LambdaCallback(on_batch_begin=lambda batch, logs: print(batch))
    log_file = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: f.write(f"{epoch} {logs['loss']}\\n"),
        on_train_end=lambda logs: f.close())

The functions take the hook's arguments positionally: ``(epoch, logs)``, ``(batch, logs)`` or
``(logs)``. Besides the six named ones, any other hook can be given by keyword
(``on_test_end=...``, ``on_train_batch_end=...``), as tf.keras 2 allows.
"""
from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.saving.object_registration import keras_export


@keras_export("keras.callbacks.LambdaCallback")
class LambdaCallback(Callback):
    """Calls the given functions at their hooks; the other hooks do nothing."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None,
                 on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        named = {"on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end, "on_batch_begin": on_batch_begin,
                 "on_batch_end": on_batch_end, "on_train_begin": on_train_begin, "on_train_end": on_train_end}
        for hook, function in named.items():
            if function is not None:
                setattr(self, hook, function)  # an instance attribute: the CallbackList sees the hook is used
