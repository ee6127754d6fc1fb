"""Whether two kb databases hold the same content: schema, every table's rows, every full-text index.

A full-text index is compared through what it indexes, read with FTS5's own `fts5vocab` tables
(every term with its row, column and position), not through its storage: how FTS5 lays an index out
in segments depends on how it was written (the size of its write buffer, which it also records in its
config, and how segments were merged), not on what it holds. Those storage tables (`*_data`, `*_idx`,
`*_config`) are left out of the row comparison; the text the indexes keep (`*_content`) and their
per-row token counts (`*_docsize`) are compared like any table. A table keyed by several columns (a
case's parties, by case and position) is compared in the order of its key: where its rows happen to lie
is storage (an incremental rebuild writes a changed case's rows last). Any other table is compared with
its rowids, in their order: the order of the records in their files, which readers see. In `meta`, the build time, the stamp
and the code fingerprint differ by design between two builds and are left out.

    python bench/same_db.py A.sqlite B.sqlite    # exit 0 when the same, else says what differs
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path
from urllib.parse import quote

STORAGE = ("_data", "_idx", "_config")  # FTS5's storage tables: compared through fts5vocab instead
BUILD_KEYS = ("built_at", "stamp", "code_hash")  # meta keys that differ between any two builds


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)


def _digest(cursor: sqlite3.Cursor) -> tuple[int, str]:
    """The number of rows and a digest of them in order (in batches: an index has millions of entries)."""
    digest, count = hashlib.sha256(), 0
    while batch := cursor.fetchmany(100_000):
        digest.update(repr(batch).encode("utf-8", "surrogatepass"))
        count += len(batch)
    return count, digest.hexdigest()


def _order(con: sqlite3.Connection, table: str) -> tuple[str, str]:
    """What to compare of a table, in which order: a table keyed by several columns (a case's parties, by case
    and position) by its key, its rowids being where rows happened to be written; any other in rowid order,
    which is the order of the records in their file."""
    key = [name for *_, name, _, _, _, pk in sorted(con.execute(f'PRAGMA table_info("{table}")'), key=lambda c: c[5])
           if pk]
    if len(key) > 1:
        return "*", ", ".join(f'"{k}"' for k in key)
    return "rowid, *", "rowid"


def fingerprint(path: Path) -> dict[str, object]:
    """What the database holds, part by part: a row count and a digest for each table and index."""
    con = _connect(path)
    try:
        parts: dict[str, object] = {
            "pragmas": [con.execute(f"PRAGMA {p}").fetchone()[0] for p in ("user_version", "application_id")],
            "schema": sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                         "WHERE name NOT LIKE 'sqlite_autoindex%'").fetchall(), key=repr),
        }
        fts = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                                "sql LIKE 'CREATE VIRTUAL TABLE%fts5(%'")]
        storage = {f"{name}{suffix}" for name in fts for suffix in STORAGE}
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                   "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
        for name in tables:
            if name in storage:
                continue
            where = f" WHERE key NOT IN ({', '.join('?' * len(BUILD_KEYS))})" if name == "meta" else ""
            args = BUILD_KEYS if name == "meta" else ()
            columns, order = _order(con, name)
            parts[f"table {name}"] = _digest(con.execute(f'SELECT {columns} FROM "{name}"{where} ORDER BY {order}', args))
        for name in fts:
            parts[f"config {name}"] = sorted(con.execute(f'SELECT k, v FROM "{name}_config" WHERE k != ?',
                                                         ("hashsize",)).fetchall())
            vocab = f"temp.vocab_{name}"
            con.execute(f"CREATE VIRTUAL TABLE {vocab} USING fts5vocab(main, '{name}', 'instance')")
            parts[f"index {name}"] = _digest(con.execute(f"SELECT term, doc, col, offset FROM {vocab}"))
        return parts
    finally:
        con.close()


def differences(a: Path, b: Path) -> list[str]:
    """The parts in which the two databases differ (empty when they hold the same content)."""
    fa, fb = fingerprint(a), fingerprint(b)
    return [part for part in sorted(set(fa) | set(fb)) if fa.get(part) != fb.get(part)]


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    differ = differences(a, b)
    if differ:
        print(f"{a} and {b} differ in: {', '.join(differ)}")
        return 1
    parts = fingerprint(a)
    rows = sum(v[0] for k, v in parts.items() if k.startswith(("table ", "index ")))
    print(f"{a} and {b} hold the same content: {len(parts)} parts, {rows:,} rows and index entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
