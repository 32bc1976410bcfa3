"""``keras.utils.get_file``: download a file once into Keras's cache folder, check it, reuse it.

    path = keras.utils.get_file("mnist.npz", origin=URL, file_hash="731c5ac6...")   # ~/.keras/datasets/mnist.npz

The cache folder is ``$KERAS_HOME`` or ``~/.keras`` (``/tmp/.keras`` when the
home folder is not writable), then ``cache_subdir`` (``datasets``). A file
already there is used as it is (with ``file_hash``: only if its hash matches;
otherwise it is downloaded again, as Keras does).

A download never leaves a partial file under the final name: it goes to a
temporary file in the same folder, is checked (its length against the
server's, its hash when given), flushed to disk (fsync) and only then renamed.
A connection that fails or ends early is retried from the start
(``_ATTEMPTS`` times); a hash that does not match is a ValueError.
"""
import hashlib
import http.client
import os
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from tinytf.keras.utils.progbar import Progbar

_ATTEMPTS = 3  # tries per download (each starts from the first byte)
_CHUNK = 1 << 16


class DownloadError(Exception):
    """A file could not be fetched (Keras raises a plain Exception with the same words)."""


def keras_home():
    """Keras's base folder: ``$KERAS_HOME``, else ``~/.keras`` (``/tmp/.keras`` if home is not writable)."""
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    home = os.path.expanduser("~")
    return os.path.join(home if os.access(home, os.W_OK) else tempfile.gettempdir(), ".keras")


def cache_folder(cache_subdir="datasets", cache_dir=None):
    """The folder ``get_file`` stores into (created if needed)."""
    base = os.path.expanduser(keras_home() if cache_dir is None else os.fspath(cache_dir))
    if not os.access(base, os.W_OK) and os.path.isdir(base):
        base = os.path.join(tempfile.gettempdir(), ".keras")
    folder = os.path.join(base, cache_subdir)
    os.makedirs(folder, exist_ok=True)
    return folder


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None, cache_subdir="datasets",
             hash_algorithm="auto", extract=False, archive_format="auto", cache_dir=None, force_download=False):
    """The local path of ``fname`` in the cache, downloaded from ``origin`` first if it is not there.

    ``file_hash`` (sha256, or md5 with 32 hex digits) is checked after every
    download and on files found in the cache. With ``extract`` (or ``untar``)
    a tar or zip archive is unpacked and the folder is returned."""
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    folder = cache_folder(cache_subdir, cache_dir)
    given_name = fname
    fname = os.fspath(fname) if fname else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'.Please specify the "
                         "`fname` argument.")
    if os.sep in fname:
        raise ValueError(f"Paths are no longer accepted as the `fname` argument. To specify the file's parent "
                         f"directory, use the `cache_dir` argument. Received: fname={fname}")
    target, extraction_dir = _targets(folder, fname, bool(given_name), extract or untar)

    download = force_download or not os.path.exists(target)
    if not download and file_hash is not None and not validate_file(target, file_hash, hash_algorithm):
        print(f"A local file was found, but it seems to be incomplete or outdated because the {hash_algorithm} file "
              f"hash does not match the original value of {file_hash} so we will re-download the data.")
        download = True
    if download:
        print(f"Downloading data from {origin}")
        _download(origin, target, file_hash, hash_algorithm)

    if extract or untar:
        if not extract_archive(target, extraction_dir, "tar" if untar else archive_format):
            raise ValueError(f"Could not extract {target}: it is not a {archive_format} archive (tar or zip).")
        return extraction_dir
    return target


def _targets(folder, fname, named, extract):
    """(download path, extraction folder), named as Keras names them."""
    if not extract:
        return os.path.join(folder, fname), None
    if named and "." in fname:
        return os.path.join(folder, fname), os.path.join(folder, fname[:fname.find(".")] + "_extracted")
    return os.path.join(folder, fname + "_archive"), os.path.join(folder, fname)


def _download(origin, target, file_hash, hash_algorithm):
    """``origin`` into ``target`` through a checked temporary file; retried from scratch on network failures."""
    for attempt in range(1, _ATTEMPTS + 1):
        handle, temp = tempfile.mkstemp(prefix=os.path.basename(target) + ".", suffix=".part",
                                        dir=os.path.dirname(target))
        try:
            with os.fdopen(handle, "wb") as out:
                _fetch(origin, out)
                out.flush()
                os.fsync(out.fileno())
            if file_hash is not None and not validate_file(temp, file_hash, hash_algorithm):
                raise ValueError(f"Incomplete or corrupted file detected. The {hash_algorithm} file hash does not "
                                 f"match the provided value of {file_hash}. (Downloaded from {origin}; nothing was "
                                 f"kept.)")
            os.replace(temp, target)
            _fsync_folder(os.path.dirname(target))
            return
        except urllib.error.HTTPError as err:
            _remove(temp)
            if err.code < 500 or attempt == _ATTEMPTS:  # 404 and friends will not get better
                raise DownloadError(f"URL fetch failure on {origin}: {err.code} -- {err.msg}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, _Incomplete) as err:
            _remove(temp)
            if attempt == _ATTEMPTS:
                reason = getattr(err, "reason", err)
                raise DownloadError(f"URL fetch failure on {origin}: {getattr(err, 'errno', None)} -- {reason}") \
                    from None
        except BaseException:
            _remove(temp)
            raise
        time.sleep(0.2 * attempt)


class _Incomplete(Exception):
    """The connection ended before the server's Content-Length."""


def _fetch(origin, out):
    """The body at ``origin`` into ``out``, with tf.keras's byte-counting progress bar."""
    with urllib.request.urlopen(origin, timeout=60) as response:  # noqa: S310 - the caller's URL
        expected = response.headers.get("Content-Length")
        expected = int(expected) if expected is not None else None
        bar = Progbar(expected or None)
        received = 0
        for chunk in iter(lambda: response.read(_CHUNK), b""):
            out.write(chunk)
            received += len(chunk)
            if expected is None or received < expected:
                bar.update(received)
    if expected is not None and received != expected:
        raise _Incomplete(f"received {received} of {expected} bytes")
    bar.update(received, finalize=True)


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _fsync_folder(folder):
    """Makes the rename itself durable (where the system allows opening folders)."""
    if sys.platform.startswith("win"):
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def resolve_hasher(algorithm, file_hash=None):
    """hashlib's sha256 or md5 for ``algorithm`` ("auto": sha256 for a 64-digit hash, else md5)."""
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None and len(file_hash) == 64):
        return hashlib.sha256()
    return hashlib.md5()  # noqa: S324 - md5 is Keras's legacy file check, not a security measure


def hash_file(fpath, algorithm="sha256", chunk_size=65535):
    """The hex digest of a file (``algorithm``: "sha256", "md5", "auto" or a hashlib object)."""
    hasher = resolve_hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """True when the file's sha256 or md5 is ``file_hash``."""
    return hash_file(fpath, resolve_hasher(algorithm, file_hash), chunk_size) == str(file_hash)


def extract_archive(file_path, path=".", archive_format="auto"):
    """Unpacks a tar (.tar, .tar.gz, .tar.bz2) or zip archive into ``path``; False when it is neither.

    Members that would land outside ``path`` (absolute paths, ``..``, links
    pointing out) are refused with a ValueError."""
    formats = ["tar", "zip"] if archive_format == "auto" else [archive_format] if isinstance(archive_format, str) \
        else list(archive_format or [])
    for kind in formats:
        if kind == "tar" and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                for member in archive.getmembers():
                    _check_inside(path, member.name)
                    if member.issym() or member.islnk():
                        _check_inside(path, os.path.join(os.path.dirname(member.name), member.linkname))
                archive.extractall(path, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
            return True
        if kind == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                for name in archive.namelist():
                    _check_inside(path, name)
                archive.extractall(path)
            return True
    return False


def _check_inside(folder, member):
    root = os.path.realpath(folder)
    where = os.path.realpath(os.path.join(folder, member))
    if os.path.commonpath([root, where]) != root:
        raise ValueError(f"Refusing to extract {member!r}: it would be written outside {folder}")
