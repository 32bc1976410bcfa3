"""keras.utils.get_file and keras.datasets.mnist / fashion_mnist: downloads from a local HTTP server on
loopback (one-time download, cache, hashes, retry from scratch, no partial file under the final name,
offline messages), IDX files the tests write, and Debian's dataset-fashion-mnist when installed."""
import gzip
import hashlib
import http.server
import io
import os
import tarfile
import threading
import zipfile

import numpy as np
import pytest

from tinytf import keras
from tinytf.keras.datasets import fashion_mnist, idx, mnist
from tinytf.keras.utils import file_utils

DEBIAN = "/usr/share/datasets/fashion-mnist"


# ---- helpers ---------------------------------------------------------------------------------------------------------
def idx_bytes(array):
    """An IDX file of unsigned bytes holding ``array``."""
    array = np.asarray(array, np.uint8)
    return bytes([0, 0, 8, array.ndim]) + np.asarray(array.shape, ">i4").tobytes() + array.tobytes()


def small_dataset(seed=0, train=12, test=5):
    rng = np.random.default_rng(seed)
    return ((rng.integers(0, 256, (train, 28, 28), dtype=np.uint8), rng.integers(0, 10, train, dtype=np.uint8)),
            (rng.integers(0, 256, (test, 28, 28), dtype=np.uint8), rng.integers(0, 10, test, dtype=np.uint8)))


def write_idx_folder(folder, data, gzipped=(True, False, True, False)):
    """The four IDX files of ``data`` in ``folder``, some gzipped and some not; returns their raw bytes by name."""
    (x, y), (xt, yt) = data
    folder.mkdir(parents=True, exist_ok=True)
    raw = {}
    for name, array, zipped in zip(idx.FILES, (x, y, xt, yt), gzipped):
        raw[name] = idx_bytes(array)
        if zipped:
            (folder / name).write_bytes(gzip.compress(raw[name]))
        else:
            (folder / name[:-3]).write_bytes(raw[name])
    return raw


def npz_bytes(data):
    (x, y), (xt, yt) = data
    buffer = io.BytesIO()
    np.savez(buffer, x_train=x, y_train=y, x_test=xt, y_test=yt)
    return buffer.getvalue()


def assert_same_data(got, expected):
    for got_part, expected_part in zip(got, expected):
        for a, b in zip(got_part, expected_part):
            assert a.dtype == np.uint8
            np.testing.assert_array_equal(a, b)


class Server:
    """A loopback HTTP server: ``files[path] = bytes``; ``drops[path] = n`` cuts the first n answers short."""

    def __init__(self):
        self.files, self.drops, self.requests = {}, {}, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server.requests.append(self.path)
                if self.path not in server.files:
                    self.send_error(404, "Not Found")
                    return
                body = server.files[self.path]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.drops.get(self.path, 0) > 0:
                    server.drops[self.path] -= 1
                    self.wfile.write(body[: len(body) // 2])  # the connection ends early
                    return
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.setattr(file_utils.time, "sleep", lambda seconds: None)  # retries without waiting
    return home


def closed_port_url():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"  # nothing listens there any more: connection refused


def leftovers(folder):
    return [p.name for p in folder.rglob("*") if p.name.endswith(".part")]


# ---- get_file ----------------------------------------------------------------------------------------------------------
def test_get_file_downloads_once_into_keras_home(server, keras_home):
    body = b"hello tinytf" * 1000
    server.files["/data.bin"] = body
    digest = hashlib.sha256(body).hexdigest()
    path = keras.utils.get_file("data.bin", origin=server.url + "/data.bin", file_hash=digest)
    assert path == str(keras_home / "datasets" / "data.bin") and open(path, "rb").read() == body
    assert keras.utils.get_file("data.bin", origin=server.url + "/data.bin", file_hash=digest) == path
    assert server.requests == ["/data.bin"]  # the second call used the cache
    assert keras.utils.get_file(origin=server.url + "/data.bin", cache_subdir="other") == \
        str(keras_home / "other" / "data.bin")  # the name from the URL
    md5 = hashlib.md5(body).hexdigest()  # noqa: S324
    assert keras.utils.get_file("m.bin", origin=server.url + "/data.bin", md5_hash=md5, cache_dir=keras_home / "x")
    assert file_utils.validate_file(path, digest) and file_utils.validate_file(path, md5)
    assert leftovers(keras_home) == []


def test_a_stale_cached_file_is_downloaded_again(server, keras_home, capsys):
    server.files["/d"] = b"new content"
    (keras_home / "datasets").mkdir(parents=True)
    (keras_home / "datasets" / "d").write_bytes(b"old")
    path = keras.utils.get_file("d", origin=server.url + "/d", file_hash=hashlib.sha256(b"new content").hexdigest())
    assert open(path, "rb").read() == b"new content"
    assert "hash does not match" in capsys.readouterr().out
    keras.utils.get_file("d", origin=server.url + "/d", force_download=True)
    assert server.requests == ["/d", "/d"]


def test_a_dropped_connection_is_retried_from_the_start(server, keras_home):
    body = bytes(range(256)) * 400
    server.files["/big"] = body
    server.drops["/big"] = 2
    path = keras.utils.get_file("big", origin=server.url + "/big", file_hash=hashlib.sha256(body).hexdigest())
    assert open(path, "rb").read() == body and server.requests == ["/big"] * 3
    assert leftovers(keras_home) == []


def test_a_download_that_keeps_failing_leaves_nothing(server, keras_home):
    server.files["/big"] = b"x" * 10000
    server.drops["/big"] = 99
    with pytest.raises(file_utils.DownloadError, match="URL fetch failure on .*/big"):
        keras.utils.get_file("big", origin=server.url + "/big")
    assert os.listdir(keras_home / "datasets") == [] and len(server.requests) == file_utils._ATTEMPTS


def test_a_wrong_hash_is_a_value_error_and_keeps_nothing(server, keras_home):
    server.files["/f"] = b"corrupted"
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        keras.utils.get_file("f", origin=server.url + "/f", file_hash="0" * 64)
    assert os.listdir(keras_home / "datasets") == [] and server.requests == ["/f"]  # no retry


def test_http_errors_and_no_network(server, keras_home):
    with pytest.raises(Exception, match=r"URL fetch failure on .*/missing: 404 -- Not Found"):
        keras.utils.get_file("missing", origin=server.url + "/missing")
    assert server.requests == ["/missing"]
    with pytest.raises(file_utils.DownloadError, match="Connection refused"):
        keras.utils.get_file("nothing", origin=closed_port_url() + "nothing")
    assert os.listdir(keras_home / "datasets") == []


def test_get_file_extracts_tar_and_zip_archives(server, keras_home):
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("folder/a.txt")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"abc"))
    zip_buffer = io.BytesIO()
    with zipfile.ZipFile(zip_buffer, "w") as archive:
        archive.writestr("b.txt", "zip!")
    server.files["/t.tar.gz"], server.files["/z.zip"] = tar_buffer.getvalue(), zip_buffer.getvalue()
    folder = keras.utils.get_file("t.tar.gz", origin=server.url + "/t.tar.gz", extract=True)
    assert folder == str(keras_home / "datasets" / "t_extracted")
    assert open(os.path.join(folder, "folder", "a.txt")).read() == "abc"
    folder = keras.utils.get_file("zipped", origin=server.url + "/z.zip", extract=True)
    assert open(os.path.join(folder, "b.txt")).read() == "zip!"
    assert os.path.exists(str(keras_home / "datasets" / "zipped_archive"))


def test_archives_cannot_write_outside_their_folder(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../escaped.txt", "no")
    with pytest.raises(ValueError, match="outside"):
        file_utils.extract_archive(str(evil), str(tmp_path / "out"))
    assert not (tmp_path / "escaped.txt").exists()


# ---- IDX files ---------------------------------------------------------------------------------------------------------
def test_idx_files_read_gzipped_or_not_and_damaged_ones_are_named(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "a").write_bytes(idx_bytes(array))
    (tmp_path / "a.gz").write_bytes(gzip.compress(idx_bytes(array)))
    np.testing.assert_array_equal(idx.read(str(tmp_path / "a")), array)
    np.testing.assert_array_equal(idx.read(str(tmp_path / "a.gz")), array)
    (tmp_path / "bad").write_bytes(b"\x00\x00\x0d\x01" + b"\x00" * 8)
    with pytest.raises(ValueError, match="bad is not an IDX file of unsigned bytes"):
        idx.read(str(tmp_path / "bad"))
    (tmp_path / "short").write_bytes(idx_bytes(array)[:-5])
    with pytest.raises(ValueError, match=r"short is truncated or damaged: its header says shape \(2, 3, 4\)"):
        idx.read(str(tmp_path / "short"))


# ---- mnist ----------------------------------------------------------------------------------------------------------------
def test_mnist_from_idx_files_in_a_folder_or_the_cache(tmp_path, keras_home):
    data = small_dataset(1)
    write_idx_folder(tmp_path / "mine", data)
    assert_same_data(mnist.load_data(path=str(tmp_path / "mine")), data)
    write_idx_folder(keras_home / "datasets" / "mnist", data, gzipped=(False,) * 4)
    assert_same_data(keras.datasets.mnist.load_data(), data)


def test_mnist_npz_download_is_checked_and_cached(server, keras_home, monkeypatch):
    data = small_dataset(2)
    body = npz_bytes(data)
    server.files["/m/mnist.npz"] = body
    monkeypatch.setattr(mnist, "ORIGIN", server.url + "/m/")
    monkeypatch.setattr(mnist, "FILE_HASH", hashlib.sha256(body).hexdigest())
    assert_same_data(keras.datasets.mnist.load_data(), data)
    assert_same_data(keras.datasets.mnist.load_data(), data)
    assert server.requests == ["/m/mnist.npz"] and (keras_home / "datasets" / "mnist.npz").exists()
    assert_same_data(mnist.load_data(path=str(keras_home / "datasets" / "mnist.npz")), data)  # a file of yours


def test_mnist_keeps_keras_hash():
    assert mnist.FILE_HASH == "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
    assert mnist.ORIGIN == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def test_mnist_offline_names_the_folder_and_the_files(keras_home, monkeypatch):
    monkeypatch.setattr(mnist, "ORIGIN", closed_port_url())
    with pytest.raises(Exception) as info:
        keras.datasets.mnist.load_data()
    message = str(info.value)
    assert "Without a network" in message and str(keras_home / "datasets") in message
    assert "mnist.npz" in message and all(name in message for name in idx.FILES)
    assert os.listdir(keras_home / "datasets") == []


def test_mnist_bad_paths(tmp_path):
    with pytest.raises(FileNotFoundError, match="no file or folder"):
        mnist.load_data(path=str(tmp_path / "nothing.npz"))
    (tmp_path / "half").mkdir()
    with pytest.raises(FileNotFoundError, match="lacks train-images-idx3-ubyte.gz"):
        mnist.load_data(path=str(tmp_path / "half"))
    np.savez(tmp_path / "other.npz", a=np.zeros(2))
    with pytest.raises(ValueError, match="is not an MNIST .npz"):
        mnist.load_data(path=str(tmp_path / "other.npz"))


# ---- fashion_mnist ------------------------------------------------------------------------------------------------------
def test_fashion_mnist_reads_the_cache_then_the_system_folder(tmp_path, keras_home, monkeypatch):
    system, cached = small_dataset(3), small_dataset(4)
    write_idx_folder(tmp_path / "system", system)
    monkeypatch.setattr(fashion_mnist, "SYSTEM_FOLDER", str(tmp_path / "system"))
    assert_same_data(keras.datasets.fashion_mnist.load_data(), system)
    write_idx_folder(keras_home / "datasets" / "fashion-mnist", cached)
    assert_same_data(keras.datasets.fashion_mnist.load_data(), cached)
    assert_same_data(fashion_mnist.load_data(path=str(tmp_path / "system")), system)


def test_fashion_mnist_download_checks_the_unzipped_content(server, keras_home, monkeypatch, tmp_path):
    data = small_dataset(5)
    raw = write_idx_folder(tmp_path / "served", data, gzipped=(True,) * 4)
    for name in idx.FILES:
        server.files["/f/" + name] = (tmp_path / "served" / name).read_bytes()
    monkeypatch.setattr(fashion_mnist, "ORIGIN", server.url + "/f/")
    monkeypatch.setattr(fashion_mnist, "SYSTEM_FOLDER", str(tmp_path / "none"))
    monkeypatch.setattr(fashion_mnist, "CONTENT_SHA256", {n: hashlib.sha256(b).hexdigest() for n, b in raw.items()})
    assert_same_data(keras.datasets.fashion_mnist.load_data(), data)
    assert sorted(os.listdir(keras_home / "datasets" / "fashion-mnist")) == sorted(idx.FILES)
    assert len(server.requests) == 4
    keras.datasets.fashion_mnist.load_data()
    assert len(server.requests) == 4  # downloaded once
    monkeypatch.setattr(fashion_mnist, "CONTENT_SHA256", dict.fromkeys(idx.FILES, "0" * 64))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "fresh"))
    with pytest.raises(ValueError, match="not Fashion-MNIST's"):
        keras.datasets.fashion_mnist.load_data()
    assert os.listdir(tmp_path / "fresh" / "datasets" / "fashion-mnist") == []


def test_fashion_mnist_offline_names_the_folder_and_the_files(keras_home, monkeypatch, tmp_path):
    monkeypatch.setattr(fashion_mnist, "ORIGIN", closed_port_url())
    monkeypatch.setattr(fashion_mnist, "SYSTEM_FOLDER", str(tmp_path / "none"))
    with pytest.raises(Exception) as info:
        keras.datasets.fashion_mnist.load_data()
    message = str(info.value)
    assert str(keras_home / "datasets" / "fashion-mnist") in message and all(name in message for name in idx.FILES)
    assert "dataset-fashion-mnist" in message


@pytest.mark.skipif(not os.path.isdir(DEBIAN), reason="Debian's dataset-fashion-mnist is not installed")
def test_fashion_mnist_from_debian_is_the_real_dataset(keras_home):
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    assert (x_train.shape, y_train.shape, x_test.shape, y_test.shape) == ((60000, 28, 28), (60000,), (10000, 28, 28),
                                                                          (10000,))
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert list(y_train[:10]) == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]  # the first labels of Fashion-MNIST
    assert np.bincount(y_train).tolist() == [6000] * 10 and np.bincount(y_test).tolist() == [1000] * 10
    for name in idx.FILES:  # the hashes a download is checked against are those of this data
        assert hashlib.sha256(idx.raw_bytes(os.path.join(DEBIAN, name))).hexdigest() == \
            fashion_mnist.CONTENT_SHA256[name]
