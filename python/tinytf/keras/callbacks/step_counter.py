"""``StepCounter``: training steps counted from the batch indices the hooks get.

A batch hook's ``batch`` restarts at 0 each epoch and, with ``steps_per_execution``, moves by several
steps at a time (it is the group's last step). ModelCheckpoint, BackupAndRestore and TensorBoard
count steps the same way, here:

    counter.start_epoch()            # on_epoch_begin
    new = counter.advance(batch)     # on_train_batch_end: steps run since the last call
    counter.in_epoch, counter.total  # steps of this epoch, of all epochs so far
"""


class StepCounter:
    def __init__(self):
        self.in_epoch = 0
        self.total = 0

    def start_epoch(self):
        self.in_epoch = 0

    def advance(self, batch):
        steps = batch + 1 - self.in_epoch
        self.in_epoch = batch + 1
        self.total += steps
        return steps
