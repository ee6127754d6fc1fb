"""Reading and writing files safely.

Reading: only regular files are read. A FIFO would hang kb, a device (a symlink to /dev/zero in a
pull request) would never end, so anything else is refused with a clear message; a size limit
counts the bytes actually read, not what `stat` claims.

kb's own files (data files, schemas) are read only inside their folder: a symbolic link committed in
their place (git stores links) is followed only when the file it leads to is in the same folder; a
link that leads out of it (`data/cases.yaml -> /etc/passwd`, `-> ../../secret`) is refused, so that
no text from outside the repository reaches kb's messages or a CI log.

Writing: a reader never sees half of a file, and nothing is replaced that should not be:
- a regular file is replaced in one step (a temporary file, then a rename) and keeps its mode;
  a new file gets the mode the umask gives, as any other program's would;
- kb's own files are never written through a symbolic link (`own_file=True`): `kb fmt`, `kb schema`
  and `kb new case --append` refuse a link rather than write where it leads;
- an output the user names (`-o`) may be a symlink, which stays one: the file it points to is written;
- a character device (`/dev/null`, a terminal) or a FIFO with a reader is written to directly;
- a directory, a FIFO nobody reads, a socket or a block device is refused.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Optional

TEMP_PREFIX, TEMP_SUFFIX = ".kb-", ".tmp"


class FileRefused(Exception):
    """kb will not read or write this file; the message says why ("it is a FIFO ...")."""

    path: Optional[Path] = None  # which file, when the caller names it


class FileTooLarge(FileRefused):
    def __init__(self, path: Path, limit: int):
        super().__init__(f"it is larger than {limit // 2**20} MiB")
        self.limit = limit


def kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


def inside(path: Path, folder: Path) -> Path:
    """Where `path` leads, if that is in `folder` (links followed); FileRefused if a link leads out of it."""
    real, home = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([real, home]) != home:
        raise FileRefused(f"it is a symbolic link that leads outside {Path(folder).name or folder}/; kb reads its "
                          "files only inside their folder")
    return Path(real)


def open_regular(path: Path, within: Optional[Path] = None) -> int:
    """A read-only descriptor of `path` (links followed) if it is a regular file; FileRefused otherwise.

    With `within`, a link is followed only to a file inside that folder, and the file where it leads
    is opened without following any further link (a link swapped in meanwhile is refused).
    The file is opened without blocking, so that a FIFO is refused instead of waiting for a writer.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    if within is not None:
        path, flags = inside(path, within), flags | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused("it is a symbolic link that changed while kb read it") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(f"it is {kind_of(mode)}, not a regular file; kb reads only regular files")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, limit: Optional[int] = None, within: Optional[Path] = None) -> bytes:
    """The bytes of a regular file (inside the folder `within`, if given); FileTooLarge as soon as more
    than `limit` bytes have been read."""
    fd = open_regular(path, within)
    with os.fdopen(fd, "rb") as f:
        if limit is None:
            return f.read()
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path, limit)
    return data


def digest(data: str | bytes) -> str:
    """A short digest of a text or bytes, to tell whether a file or a record changed since the last build."""
    import hashlib

    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode(path: Path) -> int:
    """The mode for a file written at `path`: the mode it has now, or what the umask gives a new file."""
    try:
        st = os.stat(path)
    except OSError:
        return 0o666 & ~_umask()
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else 0o666 & ~_umask()


# Temporary files are named `.kb-<pid>-<random>.tmp`, so that a later build can tell those of
# processes that are gone (killed with SIGKILL, a machine that stopped) and remove them.
_TEMP_NAME = re.compile(r"^\.kb-(\d+)-[^/]*\.tmp(?:-journal|-wal|-shm)?$")  # SQLite's files beside it too


def temp_prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def temp_file_owner(name: str) -> Optional[int]:
    match = _TEMP_NAME.match(name)
    return int(match.group(1)) if match else None


def write_atomically(path: Path, data: str | bytes, *, own_file: bool = False) -> None:
    """Write `data` to `path` as described above; on any failure the old file stays as it was.

    `own_file`: `path` is one of kb's own files (a data file, a schema), never written through a link
    and never anything but a regular file.
    Raises FileRefused for what must not be replaced, OSError when writing fails.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    if own_file:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if stat.S_ISLNK(mode):
            raise FileRefused("it is a symbolic link; kb never writes through a link (it may lead outside the "
                              "repository): replace the link with the file itself")
        if not stat.S_ISREG(mode):
            raise FileRefused(f"it is {kind_of(mode)}, not a regular file; kb will not replace it")
    elif path.is_symlink():
        path = Path(os.path.realpath(path))  # write through the link; the link stays
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_special(path, st.st_mode, raw)
        return
    mode = new_file_mode(path)
    import tempfile

    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(), suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            os.fchmod(f.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_special(path: Path, mode: int, raw: bytes) -> None:
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise FileRefused(f"it is {kind_of(mode)}; kb will not replace it")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise FileRefused("it is a FIFO that nobody reads; kb will not wait for a reader") from None
        raise
    os.set_blocking(fd, True)
    with os.fdopen(fd, "wb") as f:
        f.write(raw)
