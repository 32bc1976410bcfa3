"""``atomic_write(path)``: a file that appears under its final name whole, or not at all.

Every file keras.saving writes (``model.save``, ``save_weights``, and through them the callbacks'
checkpoints) goes through it:

1. the bytes go to a temporary file in the same folder (``.name.keras.XXXX.tmp``), so that the
   rename below stays inside one file system;
2. they are flushed and ``fsync``-ed, so that they are on the disk before the file gets its name;
3. ``os.replace`` renames it over ``path`` in one step (atomic on POSIX and Windows);
4. the folder is ``fsync``-ed too, so that the new name survives a power cut.

A process killed at any moment leaves ``path`` as it was (the old file, or no file) or the complete
new file, never half of one; at worst a ``.tmp`` file stays behind. An exception inside the
``with`` block removes the temporary file and leaves ``path`` untouched.
"""
import contextlib
import os
import tempfile

# New files get the permissions open() would give them (0o666 less the umask), not mkstemp's 0o600.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_write(path):
    """``with atomic_write("model.keras") as f: f.write(...)``: ``f`` is a binary file opened for writing."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w+b") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, _permissions(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise
    _fsync_folder(folder)


def _permissions(path):
    """An existing file keeps its permissions; a new one gets 0o666 less the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def _fsync_folder(folder):
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder that cannot be opened (Windows): the rename is all we can do
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
