"""``EpochIterator``: the steps of each epoch, as batches from a data adapter.

    for first_step, last_step, batches in epoch_iterator.epoch():   # one epoch
        ...                        # `batches`: steps_per_execution batches (fewer at the end)

An epoch has ``steps_per_epoch`` steps, or, when that is not given, one pass over the data
(its length learnt from the first pass when the data cannot tell it in advance). When a pass
ends before the epoch's steps are done: arrays go on with a new pass; a dataset, generator or
Sequence has run out, and training stops after this epoch with tf.keras's warning
(``ran_out``). An epoch that finds no data at all is an error when it is the first one: fit
has nothing to train on.
"""
import warnings


class EpochIterator:
    def __init__(self, adapter, steps_per_epoch=None, steps_per_execution=1, epochs=1):
        if steps_per_epoch is not None and steps_per_epoch != -1 and steps_per_epoch <= 0:
            raise ValueError(f"steps_per_epoch must be positive, None or -1. Received {steps_per_epoch}.")
        self.adapter = adapter
        self.steps_per_epoch = None if steps_per_epoch == -1 else steps_per_epoch
        self.steps_per_execution = max(1, int(steps_per_execution or 1))
        self.epochs = epochs
        self.num_batches = self.steps_per_epoch or adapter.num_batches  # None: unknown so far
        self.ran_out = False
        self._pass = None
        self._steps_done = 0  # in all epochs, to tell a first empty epoch from data that ran out

    def start_over(self):
        """The next epoch starts a new pass (evaluate starts from the first batch each time)."""
        self._pass = None

    def epoch(self):
        """Yields ``(first_step, last_step, batches)`` for one epoch."""
        if self._pass is None or self.steps_per_epoch is None or self.adapter.fresh_pass_each_epoch:
            self._pass = iter(self.adapter.batches())
        target, step = self.num_batches, 0
        while target is None or step < target:
            count = self.steps_per_execution if target is None else min(self.steps_per_execution, target - step)
            group = []
            while len(group) < count:
                batch = self._next_batch(known_length=target is not None)
                if batch is None:
                    break
                group.append(batch)
            if group:
                yield step, step + len(group) - 1, group
                step += len(group)
                self._steps_done += len(group)
            if len(group) < count:  # the pass ended
                if target is not None:
                    self._warn_ran_out()
                break
        if self._steps_done == 0:
            raise ValueError("The data yielded no batches: fit/evaluate/predict has nothing to run on (an empty "
                             "dataset, Sequence or generator). Check the data source.")
        if self.num_batches is None:
            self.num_batches = step  # learnt from this pass
        self.adapter.on_epoch_end()

    def _next_batch(self, known_length):
        try:
            return next(self._pass)
        except StopIteration:
            if known_length and self.adapter.endless:
                self._pass = iter(self.adapter.batches())
                return next(self._pass, None)
            return None

    def _warn_ran_out(self):
        self.ran_out = True
        total = self.epochs * self.num_batches if self.num_batches else "steps_per_epoch * epochs"
        warnings.warn("Your input ran out of data; interrupting training. Make sure that your dataset or generator "
                      f"can generate at least `steps_per_epoch * epochs` batches (in this case, {total} batches). "
                      "You may need to use the repeat() function when building your dataset.", stacklevel=4)
