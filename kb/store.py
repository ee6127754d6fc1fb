"""The SQLite database built from the YAML: where it lives, whether it is current, and building it.

Building is all-or-nothing: the new database is written to a temporary file beside the old one
and renamed over it only when complete, so a failed or interrupted load leaves the previous
database byte for byte as it was, and a reader never sees half a database. Read commands open
the database read-only.

This module stays light (no pydantic, no models) so that read commands start fast; building
imports the models only when it has to.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional

import kb
from kb.errors import StoreError
from kb.files import FileRefused, open_regular, read_regular
from kb.i18n import N_

if TYPE_CHECKING:
    from kb.findings import Finding
    from kb.loading import Dataset

from kb.registries import DATA_FILE_NAMES
_PACKAGE_DIR = Path(kb.__file__).parent
# Source files whose change changes the database layout or contents: a change rebuilds.
_LAYOUT_FILES = ("models.py", "valuetypes.py", "tables.py", "store.py", "buildstate.py", "incremental.py", "dates.py",
                 "search.py", "fts.py", "vocabulary.py", "rarity.py")


@dataclass(frozen=True)
class Paths:
    data: Path
    db: Path


def resolve_paths(data: Optional[str] = None, db: Optional[str] = None) -> Paths:
    """`--data`/KB_DATA, else ./data, else the current directory if it holds data files (a repository of
    only data), else the data shipped beside the package; `--db`/KB_DB, else kb.sqlite in the data directory."""
    data = data or os.environ.get("KB_DATA")
    if data:
        data_dir = Path(data)
    elif (Path.cwd() / "data" / "cases.yaml").exists():
        data_dir = Path("data")
    elif any((Path.cwd() / f"{name}.yaml").exists() for name in DATA_FILE_NAMES):
        data_dir = Path(".")
    else:
        data_dir = _PACKAGE_DIR.parent / "data"
    db = db or os.environ.get("KB_DB")
    return Paths(data_dir, Path(db) if db else data_dir / "kb.sqlite")


# -- is the database current? ---------------------------------------------------------------
def _data_paths(data_dir: Path) -> list[Path]:
    return [data_dir / f"{name}.yaml" for name in (*DATA_FILE_NAMES, "aliases")]


def file_stats(data_dir: Path) -> list:
    stats = []
    for path in _data_paths(data_dir):
        try:
            st = path.stat()
            stats.append([path.name, st.st_size, st.st_mtime_ns])
        except OSError:
            stats.append([path.name, None, None])
    return stats


def content_hash(data_dir: Path, known: Optional[dict[str, bytes]] = None) -> str:
    """A digest of the data files; `known` gives the bytes of some of them, already read."""
    import hashlib  # loads OpenSSL: only when the data's file stats changed, or on a build

    digest = hashlib.sha256()
    for path in _data_paths(data_dir):
        digest.update(path.name.encode() + b"\0")
        if known and path.name in known:
            digest.update(known[path.name])
        with contextlib.suppress(OSError, FileRefused):
            if not (known and path.name in known):
                digest.update(read_regular(path, within=path.parent))  # never a FIFO or a device: they hang
        digest.update(b"\0")
    return digest.hexdigest()


def code_hash() -> str:
    """A fingerprint of the kb code that shapes the database: its version and its files' sizes and
    modification times (cheap to take on every command; any edit or checkout changes it)."""
    parts = [kb.__version__]
    for name in _LAYOUT_FILES:
        try:
            st = (_PACKAGE_DIR / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return "|".join(parts)


def _readonly_uri(db_path: Path) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(db_path.resolve()))}?mode=ro"


def read_meta(db_path: Path) -> Optional[dict[str, str]]:
    """The meta table of a kb database, or None when the file is missing or not a kb database."""
    if not db_path.is_file():
        return None
    try:
        con = sqlite3.connect(_readonly_uri(db_path), uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return None


# Stamped into the SQLite header of every database kb writes (bytes 68–71), so that kb can tell
# its own database, even a damaged one, from somebody else's file that happens to be at that path.
APPLICATION_ID = 0x6B620001


def made_by_kb(db_path: Path) -> bool:
    try:
        with os.fdopen(open_regular(db_path), "rb") as f:
            head = f.read(72)
    except (OSError, FileRefused):
        return False
    return head.startswith(b"SQLite format 3\x00") and int.from_bytes(head[68:72], "big") == APPLICATION_ID


def staleness(paths: Paths) -> Optional[str]:
    """Why the database must be (re)built, or None when it matches the YAML and this kb."""
    if not paths.db.exists():
        return N_("no database yet")
    meta = read_meta(paths.db)
    if meta is None or meta.get("application") != "kb":
        return N_("the database is damaged") if made_by_kb(paths.db) else N_("not a kb database")
    if meta.get("code_hash") != code_hash():
        return N_("built by another version of kb")
    if not _stamp_matches(paths.db, meta):
        return N_("the database was changed after kb built it (it may be damaged)")
    if json.loads(meta.get("file_stats", "null")) == file_stats(paths.data):
        return None
    if meta.get("content_hash") != content_hash(paths.data):
        return N_("the data changed")
    return None


# A database is written once, then only read. Its modification time is set to a stamp kept in its
# meta table: a file whose time differs was written by something else since (garbage pages, a
# half-copied file, a program that wrote to it) and is rebuilt, without reading every page on
# every command. The stamp is whole even seconds, which every file system stores exactly.
def _stamp_matches(db_path: Path, meta: dict[str, str]) -> bool:
    try:
        return str(db_path.stat().st_mtime_ns) == meta.get("stamp")
    except OSError:
        return False


def _new_stamp() -> int:
    import time

    return (time.time_ns() // 2_000_000_000) * 2_000_000_000


# -- building ---------------------------------------------------------------------------------
_CLEANED_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT")


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Let SIGTERM, SIGHUP and SIGQUIT unwind like Ctrl-C, so an interrupted build still removes its
    temporary file (SIGKILL cannot be caught: the next build removes what it leaves)."""

    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    try:
        for name in _CLEANED_SIGNALS:
            if hasattr(signal, name):
                previous[name] = signal.signal(getattr(signal, name), handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for name, old in previous.items():
            signal.signal(getattr(signal, name), old)


def remove_dead_temp_files(directory: Path) -> list[Path]:
    """Remove temporary files that kb processes no longer running left in `directory` (killed
    with SIGKILL, or the machine stopped). Each name carries its writer's process id."""
    from kb.files import TEMP_PREFIX, TEMP_SUFFIX, temp_file_owner

    removed = []
    with contextlib.suppress(OSError):
        for path in directory.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}*"):
            pid = temp_file_owner(path.name)
            if pid is None or _running(pid):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but another user's
        return True
    return True


def build(paths: Paths, today=None, *, full: bool = False) -> tuple[Optional["Dataset"], list["Finding"]]:
    """Validate the data and, if it has no errors, (re)build the database atomically: only what changed
    since the last build (`kb.incremental`) when that is sure to give the same database, else all of it.

    Returns the dataset (None when the database was not built) and all findings. After an incremental
    rebuild the dataset holds only the records read again, and its `totals` count them all.
    """
    from kb.bulk import no_cycle_collection
    from kb.findings import has_errors
    from kb.loading import load_dataset

    if not full and paths.db.exists():
        from kb import incremental

        _check_replaceable(paths.db)
        with no_cycle_collection(), _terminate_as_interrupt():
            updated = incremental.update(paths, today)
        if isinstance(updated, tuple):
            return updated
        why_full = updated
    else:
        why_full = None
    stats, digest = file_stats(paths.data), content_hash(paths.data)
    with no_cycle_collection():
        dataset, findings = load_dataset(paths.data, today=today)
        if has_errors(findings):
            return None, findings
        _check_replaceable(paths.db)
        with _terminate_as_interrupt():  # from before the temporary file exists until it is gone
            write_database(dataset, paths.db, {"content_hash": digest, "file_stats": json.dumps(stats)},
                           findings, paths.data)
    dataset.full_because = why_full
    return dataset, findings


def _check_replaceable(db_path: Path) -> None:
    """Refuse to overwrite a file that kb did not make."""
    if db_path.exists() and not made_by_kb(db_path) and (read_meta(db_path) or {}).get("application") != "kb":
        raise StoreError(
            f"{db_path} exists and is not a kb database; kb will not overwrite it. "
            "Move it away or choose another file with --db."
        )


def write_database(dataset: "Dataset", db_path: Path, meta: dict[str, str], findings: Iterable["Finding"],
                   data_dir: Path) -> None:
    """Write a new database from the dataset, atomically, with what the next build compares against."""
    def fill(con: sqlite3.Connection, stamp: int) -> None:
        from kb.buildstate import write_state

        _fill(con, dataset, {**meta, "stamp": str(stamp)})
        write_state(con, dataset.files, findings, data_dir)

    _write_atomically(db_path, fill)


def write_copy(db_path: Path, change: "Callable[[sqlite3.Connection, dict[str, str]], None]") -> None:
    """Change a copy of the database, in one transaction, and rename it over the database: `change` gets
    the connection and the meta values that every build renews (the stamp and the build time)."""
    import shutil
    import time

    def fill(con: sqlite3.Connection, stamp: int) -> None:
        change(con, {"stamp": str(stamp), "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})

    _write_atomically(db_path, fill, copy=lambda tmp: shutil.copyfile(db_path, tmp))


def _write_atomically(db_path: Path, fill: "Callable[[sqlite3.Connection, int], None]",
                      copy: "Optional[Callable[[Path], None]]" = None) -> None:
    import secrets

    from kb.files import TEMP_SUFFIX, new_file_mode, temp_prefix

    stamp = _new_stamp()
    db_dir = db_path.parent if str(db_path.parent) else Path(".")
    try:
        db_dir.mkdir(parents=True, exist_ok=True)
        remove_dead_temp_files(db_dir)
    except OSError as exc:
        raise StoreError(f"cannot write the database in {db_dir}: {exc.strerror or exc}") from None
    # Named before it is created, so that a signal at any moment still finds it to remove.
    tmp = db_dir / f"{temp_prefix()}{secrets.token_hex(6)}{TEMP_SUFFIX}"
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        if copy is not None:
            copy(tmp)
        con = sqlite3.connect(tmp)
        try:
            if copy is None:
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            with con:
                fill(con, stamp)
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
        _fsync(tmp)
        os.chmod(tmp, new_file_mode(db_path))  # as any other program's file, not mkstemp's 0600
        os.utime(tmp, ns=(stamp, stamp))
        os.replace(tmp, db_path)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the database {db_path}: {exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot write the database {db_path}: {exc.strerror or exc}") from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _write_aliases(con: sqlite3.Connection, dataset: "Dataset") -> None:
    """The table `aliases`: one row per term of data/aliases.yaml, with its group and its folded form."""
    from kb.search import fold

    con.execute("CREATE TABLE aliases (group_id TEXT NOT NULL, term TEXT NOT NULL, lang TEXT NOT NULL, "
                "folded TEXT NOT NULL PRIMARY KEY, position INTEGER NOT NULL)")
    con.executemany("INSERT INTO aliases VALUES (?, ?, ?, ?, ?)",
                    [(g.id, t.term, t.lang, " ".join(fold(t.term).split()), i)
                     for g in dataset.aliases for i, t in enumerate(g.terms)])


def _fill(con: sqlite3.Connection, dataset: "Dataset", meta: dict[str, str]) -> None:
    import time

    from kb import fts, rarity, search, vocabulary
    from kb.models import REGISTRIES
    from kb.tables import SCHEMA_VERSION, dump_all, schema_sql, table_specs

    # Indexes are made after the rows are in: one sort per index instead of a B-tree insert per row.
    statements = schema_sql()
    indexes = [s for s in statements if s.lstrip().upper().startswith("CREATE INDEX")]
    for statement in statements:
        if statement not in indexes:
            con.execute(statement)
    by_registry: dict[str, list] = {}
    for table in table_specs().values():
        by_registry.setdefault(table.registry, []).append(table)
    case_dumps: list[dict] = []
    for registry, tables in by_registry.items():
        dumps = dump_all(REGISTRIES[registry], list(dataset.records[registry].values()),
                         with_json=registry == "cases")
        for table in tables:
            con.executemany(table.insert_sql(), table.rows(dumps))
        if registry == "cases":
            for d in dumps:  # in case_records now: its memory is the full-text indexes' to use
                del d["__json__"]
            case_dumps = dumps
    for statement in indexes:
        con.execute(statement)
    _write_aliases(con, dataset)
    search.build(con, case_dumps)  # the records just written to case_records, in their order
    del case_dumps, dumps
    fts.build(con)
    vocabulary.build(con)  # these read only the tables above: a rebuild after changing some cases calls them again
    rarity.build(con)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    meta = {
        "application": "kb",
        "kb_version": kb.__version__,
        "code_hash": code_hash(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **meta,
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


# -- reading ----------------------------------------------------------------------------------
def connect_readonly(db_path: Path) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(_readonly_uri(db_path), uri=True)
        con.row_factory = sqlite3.Row
        con.execute("SELECT 1 FROM meta LIMIT 1")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the database {db_path}: {exc}") from None
    return con
