"""``keras.utils.PyDataset`` (Keras 3's name) = ``keras.utils.Sequence`` (tf.keras 2's): batches from Python.

    class Batches(keras.utils.Sequence):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)          # workers, use_multiprocessing, max_queue_size
            self.x, self.y, self.batch_size = x, y, batch_size
        def __len__(self):                      # batches per epoch
            return math.ceil(len(self.x) / self.batch_size)
        def __getitem__(self, index):           # one batch: (x, y) or (x, y, sample_weight)
            part = slice(index * self.batch_size, (index + 1) * self.batch_size)
            return self.x[part], self.y[part]
        def on_epoch_end(self):                 # optional: e.g. reshuffle
            ...

``fit`` asks for ``len(ds)`` batches per epoch and calls ``on_epoch_end``
after each. ``workers``, ``use_multiprocessing`` and ``max_queue_size`` are
accepted and kept (tinytf makes the batches in the training thread).
"""
import itertools
import warnings


class PyDataset:
    """Base class of datasets written in Python: define ``__len__`` and ``__getitem__``."""

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self):
        defaults = {"_workers": 1, "_use_multiprocessing": False, "_max_queue_size": 10}
        missing = [name for name in defaults if not hasattr(self, name)]
        for name in missing:
            setattr(self, name, defaults[name])
        if missing:
            warnings.warn("Your `PyDataset` class should call `super().__init__(**kwargs)` in its constructor. "
                          "`**kwargs` can include `workers`, `use_multiprocessing`, `max_queue_size`. Do not pass "
                          "these arguments to `fit()`, as they will be ignored.", stacklevel=3)

    def _option(self, name):
        self._warn_if_super_not_called()
        return getattr(self, name)

    workers = property(lambda self: self._option("_workers"), lambda self, v: setattr(self, "_workers", v))
    use_multiprocessing = property(lambda self: self._option("_use_multiprocessing"),
                                   lambda self, v: setattr(self, "_use_multiprocessing", v))
    max_queue_size = property(lambda self: self._option("_max_queue_size"),
                              lambda self, v: setattr(self, "_max_queue_size", v))

    def __getitem__(self, index):
        """Batch number ``index`` (0 <= index < len(self))."""
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(self, index) returning one batch")

    @property
    def num_batches(self):
        """The number of batches (``len(self)``), or None for an endless dataset."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(f"{type(self).__name__} must define __len__ (or a num_batches property)")

    def __iter__(self):
        try:
            count = self.num_batches
        except NotImplementedError:
            count = None
        for index in (itertools.count() if count is None else range(count)):
            yield self[index]

    def on_epoch_begin(self):
        """Called before every epoch."""

    def on_epoch_end(self):
        """Called after every epoch (e.g. to reshuffle)."""


Sequence = PyDataset
