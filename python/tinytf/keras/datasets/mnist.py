"""``keras.datasets.mnist``: 70 000 handwritten digits, 28x28 grey levels (uint8), labels 0-9.

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train.shape, y_train.shape     # (60000, 28, 28) (60000,)

Where the data comes from, first found first:
1. ``path`` naming a file or folder of yours (it contains a path separator):
   a ``mnist.npz`` like Keras's, or a folder with the four IDX files;
2. ``~/.keras/datasets/mnist.npz`` (``$KERAS_HOME``; ``path`` is its name there),
   checked against Keras's sha256;
3. the four IDX files (gzipped or not) in ``~/.keras/datasets/mnist/``;
4. a download of Keras's ``mnist.npz`` (11 MB) into the cache, checked, once.
Without a network the error says which folder to fill with which files.
"""
import os

import numpy as np

from tinytf.keras.datasets import idx
from tinytf.keras.utils import file_utils

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"  # Keras's sha256 of mnist.npz


def load_data(path="mnist.npz"):
    """``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28),
    (10000,)."""
    path = os.fspath(path)
    if os.path.isabs(path) or os.sep in path:
        return _load_yours(path)
    folder = file_utils.cache_folder()
    idx_folder = os.path.join(folder, "mnist")
    idx_paths = [idx.find(idx_folder, name) for name in idx.FILES]
    if not os.path.exists(os.path.join(folder, path)) and all(idx_paths):
        return idx.load_pairs(idx_paths)
    try:
        npz = file_utils.get_file(fname=path, origin=ORIGIN + "mnist.npz", file_hash=FILE_HASH)
    except file_utils.DownloadError as err:
        raise file_utils.DownloadError(
            f"{err}\nWithout a network, put Keras's mnist.npz ({ORIGIN}mnist.npz) into {folder}, or the four MNIST "
            f"files {', '.join(idx.FILES)} (gzipped or not) into {idx_folder}, or pass "
            f"load_data(path=...) the path of such a file or folder.") from None
    return _load_npz(npz)


def _load_yours(path):
    if os.path.isdir(path):
        paths = [idx.find(path, name) for name in idx.FILES]
        missing = [name for name, found in zip(idx.FILES, paths) if found is None]
        if missing:
            raise FileNotFoundError(f"mnist.load_data: {path} lacks {', '.join(missing)} (gzipped or not)")
        return idx.load_pairs(paths)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"mnist.load_data: no file or folder {path}")
    return _load_npz(path)


def _load_npz(path):
    with np.load(path, allow_pickle=False) as f:
        missing = {"x_train", "y_train", "x_test", "y_test"} - set(f.files)
        if missing:
            raise ValueError(f"{path} is not an MNIST .npz: it lacks {sorted(missing)} (it has {f.files})")
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
