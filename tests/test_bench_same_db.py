"""bench/same_db.py tells two kb databases apart by what they hold, not by how FTS5 laid its pages out."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import write_data
from kb import store

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "same_db.py"


def compare(a: Path, b: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(a), str(b)], capture_output=True, text=True, timeout=60)


def changed_copy(db: Path, name: str, *statements: str) -> Path:
    copy = db.with_name(name)
    shutil.copy(db, copy)
    con = sqlite3.connect(copy)
    with con:
        for statement in statements:
            con.execute(statement)
    con.close()
    return copy


def test_two_builds_are_the_same_and_a_changed_row_or_index_entry_is_named(tmp_path):
    data = write_data(tmp_path / "data")
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    store.build(store.Paths(data, a))
    store.build(store.Paths(data, b))
    same = compare(a, b)
    assert same.returncode == 0 and "hold the same content" in same.stdout, same.stdout + same.stderr

    # The same index written another way (merged into one segment, another write buffer): the same content.
    relaid = changed_copy(a, "relaid.sqlite", "INSERT INTO cases_fts(cases_fts) VALUES ('optimize')",
                          "INSERT INTO case_search(case_search, rank) VALUES ('hashsize', 1048576)")
    assert compare(a, relaid).returncode == 0

    title = changed_copy(a, "title.sqlite", "UPDATE cases SET title = title || '.' WHERE rowid = 1")
    differs = compare(a, title)
    assert differs.returncode == 1 and differs.stdout.strip().endswith("differ in: table cases"), differs.stdout

    entry = changed_copy(a, "entry.sqlite", "INSERT INTO case_words(rowid, title, body) VALUES (1000, 'extra', '')")
    differs = compare(a, entry)
    assert differs.returncode == 1 and "index case_words" in differs.stdout, differs.stdout
