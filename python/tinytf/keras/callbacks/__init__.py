"""keras.callbacks: objects ``fit``, ``evaluate`` and ``predict`` call at each stage.

    callback.py        Callback (the hooks), the base of every callback
    callback_list.py   CallbackList: the callbacks of one run, called together
    history.py         History: what ``fit`` returns (``history.history["loss"]``...)
    progbar_logger.py  ProgbarLogger: the progress bar
"""
from tinytf.keras.callbacks.callback import Callback
from tinytf.keras.callbacks.callback_list import CallbackList
from tinytf.keras.callbacks.history import History
from tinytf.keras.callbacks.progbar_logger import ProgbarLogger

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger"]
