"""IDX files, the format of MNIST and Fashion-MNIST (``train-images-idx3-ubyte.gz`` and friends).

An IDX file is a 4-byte magic number (two zero bytes, a type code, the
number of dimensions), one big-endian int32 per dimension, then the values.
The four files of a dataset sit in one folder, gzipped (``.gz``) or not.
"""
import gzip
import os

import numpy as np

# (images, labels) of the training set, then of the test set: the four files of MNIST and Fashion-MNIST.
FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
_UBYTE = 0x08


def find(folder, name):
    """The path of ``name`` in ``folder``, gzipped or not (``x.gz`` or ``x``), or None."""
    for candidate in (name, name[:-3] if name.endswith(".gz") else name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.isfile(path):
            return path
    return None


def raw_bytes(path):
    """The file's bytes, unzipped when it is gzip (recognised by its first bytes, not its name)."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    with (gzip.open if gzipped else open)(path, "rb") as f:
        return f.read()


def read(path):
    """The uint8 array stored in an IDX file; ValueError naming the file when it is not a valid one."""
    data = raw_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != _UBYTE:
        raise ValueError(f"{path} is not an IDX file of unsigned bytes (it starts with {data[:4]!r}, expected "
                         f"00 00 08 followed by the number of dimensions)")
    ndim = data[3]
    header = 4 + 4 * ndim
    shape = tuple(int(d) for d in np.frombuffer(data[4:header], ">i4"))
    if len(data) != header + int(np.prod(shape)):
        raise ValueError(f"{path} is truncated or damaged: its header says shape {shape} "
                         f"({int(np.prod(shape))} values) but it holds {len(data) - header} bytes of values")
    return np.frombuffer(data, np.uint8, offset=header).reshape(shape)


def load_pairs(paths):
    """``(x_train, y_train), (x_test, y_test)`` from the four IDX files in ``FILES`` order."""
    x_train, y_train, x_test, y_test = (read(p) for p in paths)
    for images, labels, which in ((x_train, y_train, "training"), (x_test, y_test, "test")):
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise ValueError(f"The {which} files do not match: images of shape {images.shape} and labels of shape "
                             f"{labels.shape} (expected (n, 28, 28) images and n labels)")
    return (x_train, y_train), (x_test, y_test)
