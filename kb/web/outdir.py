"""The output folder of `kb site`: built beside, swapped in whole, one build at a time.

A reader of the folder (a web server, a sync to a host) sees the old site or the new one, never a
half-deleted one, and a build killed at any moment leaves the old site in place:

- the new site is written into `.NAME.building-PID` beside the folder, then swapped with it in one
  step (Linux's `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, the old folder first moved
  aside to `.NAME.old-PID`), and only then is the old site removed;
- one build at a time per folder: a lock (`flock` on `.NAME.kb-lock` beside it, released by the
  system when the process ends, however it ends); a second build is refused with a clear message;
- the leftovers of builds that were killed (`.NAME.building-*`, `.NAME.old-*`) are removed by the
  next build of the same folder, which holds the lock, so none of them can still be in use.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from kb.errors import KbError


class OutputFolderError(KbError):
    """The output folder cannot be used now (another build holds it)."""


def _names(out: Path) -> tuple[str, str, str]:
    return f".{out.name}.building-{os.getpid()}", f".{out.name}.old-{os.getpid()}", f".{out.name}.kb-lock"


def leftovers(out: Path) -> list[Path]:
    """Folders that builds of `out` left behind when they were killed."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(?:building|old)-\d+(?:\.zh)?$")  # .zh: set aside for Pagefind
    parent = out.parent
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if pattern.match(p.name) and p.is_dir() and not p.is_symlink())


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    import fcntl

    path = out.parent / _names(out)[2]
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputFolderError(f"another kb site is building {out} right now; wait until it has finished, "
                                    "or build into another folder") from None
        yield
    finally:
        os.close(fd)  # releases the lock


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step, if the system can; False if it cannot."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    return False  # e.g. a file system without RENAME_EXCHANGE: the two renames below


@contextlib.contextmanager
def building(out: Path) -> Iterator[Path]:
    """An empty folder beside `out` to build into; when the block ends without an error, it takes
    `out`'s place and the old site is removed. On an error, `out` stays as it was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        for old in leftovers(out):
            shutil.rmtree(old, ignore_errors=True)
        tmp_name, old_name, _ = _names(out)
        tmp, aside = out.parent / tmp_name, out.parent / old_name
        tmp.mkdir()
        try:
            yield tmp
            if out.exists() and _exchange(tmp, out):
                aside = tmp  # the old site is now there
            else:
                if out.exists():
                    out.rename(aside)
                tmp.rename(out)
            shutil.rmtree(aside, ignore_errors=True)
        finally:
            if tmp.exists() and tmp != aside:
                shutil.rmtree(tmp, ignore_errors=True)
