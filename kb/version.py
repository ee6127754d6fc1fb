"""What version of kb and of its data is this: for `kb --version`, exports and citations.

The data version is the date of the last change to the data directory, as git records it: the
commit date of the newest commit that touched it, marked `+modified` when the working tree has
uncommitted changes there. Outside a git checkout (an installed copy, an unpacked archive) there is
no trustworthy date, and the version says `unknown` rather than guessing from file times.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import kb

UNKNOWN = "unknown"


def _git(data_dir: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None or not data_dir.is_dir():
        return None
    try:
        done = subprocess.run([git, "-C", str(data_dir), *args], capture_output=True, text=True, timeout=10,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def data_version(data_dir: Path) -> str:
    """`YYYY-MM-DD` of the last committed change to `data_dir`, `+modified` if it has uncommitted ones."""
    last = _git(data_dir, "log", "-1", "--format=%cs", "--", ".")
    if not last:
        return UNKNOWN
    dirty = _git(data_dir, "status", "--porcelain", "--untracked-files=no", "--", ".")
    return f"{last}+modified" if dirty else last


def version_line(data_dir: Path) -> str:
    """The line `kb --version` prints: the program's version and the data's."""
    return f"kb {kb.__version__} (data {data_version(data_dir)}; code MIT, data CC BY 4.0)"


DATA_LICENSE = "CC-BY-4.0"
DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENSE_NOTE = ("Records of kb are licensed CC BY 4.0 (attribution: the kb contributors); each linked source "
                     "keeps its own terms.")
