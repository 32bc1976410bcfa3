"""``keras.datasets.fashion_mnist``: 70 000 28x28 grey images of 10 kinds of clothing (uint8), labels 0-9.

    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()

Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot. The data is four IDX files
(``idx.FILES``, gzipped or not), looked for file by file in:
1. ``path``, when given (a folder; tinytf's addition to Keras's signature);
2. ``~/.keras/datasets/fashion-mnist/`` (``$KERAS_HOME``), where Keras keeps them;
3. ``/usr/share/datasets/fashion-mnist/`` (Debian's ``dataset-fashion-mnist`` package);
4. a download from Keras's URL into folder 2. Keras publishes no hash for these
   files, and gzip copies of the same data differ byte by byte, so a download is
   checked by the sha256 of its *unzipped* content (``CONTENT_SHA256``).
Without a network the error says which folder to fill with which files.
"""
import hashlib
import os

from tinytf.keras.datasets import idx
from tinytf.keras.utils import file_utils

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
SUBDIR = os.path.join("datasets", "fashion-mnist")
SYSTEM_FOLDER = "/usr/share/datasets/fashion-mnist"
CONTENT_SHA256 = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}


def load_data(path=None):
    """``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28),
    (10000,)."""
    if path is not None:
        paths = [idx.find(os.fspath(path), name) for name in idx.FILES]
        missing = [name for name, found in zip(idx.FILES, paths) if found is None]
        if missing:
            raise FileNotFoundError(f"fashion_mnist.load_data: {path} lacks {', '.join(missing)} (gzipped or not)")
        return idx.load_pairs(paths)
    cache = file_utils.cache_folder(SUBDIR)
    paths = [idx.find(cache, name) or idx.find(SYSTEM_FOLDER, name) or _download(name, cache)
             for name in idx.FILES]
    return idx.load_pairs(paths)


def _download(name, cache):
    try:
        path = file_utils.get_file(name, origin=ORIGIN + name, cache_subdir=SUBDIR)
    except file_utils.DownloadError as err:
        raise file_utils.DownloadError(
            f"{err}\nWithout a network, put the four Fashion-MNIST files {', '.join(idx.FILES)} (gzipped or not) "
            f"into {cache} (Debian: apt-get install dataset-fashion-mnist puts them into {SYSTEM_FOLDER}).") from None
    if hashlib.sha256(idx.raw_bytes(path)).hexdigest() != CONTENT_SHA256[name]:
        os.remove(path)
        raise ValueError(f"Incomplete or corrupted file detected: the content of {name} downloaded from {ORIGIN} is "
                         f"not Fashion-MNIST's (sha256 mismatch); nothing was kept.")
    return path
