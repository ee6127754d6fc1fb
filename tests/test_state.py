"""State and concurrency, with real processes: concurrent loads and reads, damaged or foreign
database files, unusable paths, and a build interrupted by a signal."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_data

ROOT = Path(__file__).resolve().parent.parent


def kb(*args, data, db, **kwargs):
    cmd = [sys.executable, str(ROOT / "cli.py"), "--data", str(data), "--db", str(db), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kwargs)


def start(*args, data, db):
    cmd = [sys.executable, str(ROOT / "cli.py"), "--data", str(data), "--db", str(db), *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A generated data set large enough that a load takes a noticeable moment."""
    out = tmp_path_factory.mktemp("big") / "data"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--cases", "3000", "--seed", "3", "--out",
                    str(out)], check=True, capture_output=True)
    return out


def temp_files(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.startswith(".kb-")]


def test_two_loads_and_reads_at_once_never_corrupt_or_half_read(big, tmp_path):
    db = tmp_path / "kb.sqlite"
    assert kb("load", data=big, db=db).returncode == 0
    loads = [start("load", data=big, db=db) for _ in range(2)]
    reads = []
    while any(p.poll() is None for p in loads):
        reads.append(kb("stats", "--json", data=big, db=db))
    for p in loads:
        p.wait(timeout=120)
        assert p.returncode == 0, p.stderr.read()
    assert reads, "no read ran during the loads"
    for r in reads:
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["cases"] == 3000  # every read saw a whole database
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 3000
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT])
def test_interrupted_build_keeps_the_old_database_and_leaves_no_temp_file(big, tmp_path, sig):
    db = tmp_path / "kb.sqlite"
    assert kb("load", data=big, db=db).returncode == 0
    before = db.read_bytes()
    proc = start("load", data=big, db=db)
    deadline = time.monotonic() + 60
    while not temp_files(tmp_path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # wait until the new database is being written
    assert proc.poll() is None, "the load finished before it could be interrupted"
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr.read()
    assert db.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_database_with_garbage_pages_and_a_readable_meta_table_is_rebuilt(big, tmp_path):
    db = tmp_path / "kb.sqlite"
    assert kb("load", data=big, db=db).returncode == 0
    spared = {row[0] for row in sqlite3.connect(db).execute(
        "SELECT pageno FROM dbstat WHERE name IN ('sqlite_schema', 'sqlite_master', 'meta')")}
    pages = db.stat().st_size // 4096
    with open(db, "r+b") as f:  # garbage over the middle half of the pages; the schema and meta table spared
        for page in range(pages // 4, pages * 3 // 4):
            if page not in spared:
                f.seek((page - 1) * 4096)
                f.write(os.urandom(4096))
    assert dict(sqlite3.connect(db).execute("SELECT key, value FROM meta").fetchall())["application"] == "kb"
    result = kb("cases", "--json", data=big, db=db)
    assert result.returncode == 0, result.stderr
    assert "changed after kb built it" in result.stderr and len(json.loads(result.stdout)) == 3000
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = kb("cases", "--json", data=big, db=db)
    assert again.returncode == 0 and "building" not in again.stderr  # rebuilt once, then trusted


def test_temp_files_of_dead_builds_are_removed_and_live_ones_kept(big, tmp_path):
    db = tmp_path / "kb.sqlite"
    proc = start("load", data=big, db=db)
    deadline = time.monotonic() + 60
    while not temp_files(tmp_path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.kill()  # SIGKILL: nothing can clean up
    proc.wait(timeout=60)
    left = temp_files(tmp_path)
    assert left and all(name.startswith(f".kb-{proc.pid}-") for name in left)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live_tmp = tmp_path / f".kb-{alive.pid}-x.tmp"  # a build still running keeps its file
        live_tmp.write_bytes(b"")
        other = tmp_path / ".kb-notmine.tmp"  # not named by kb: kept
        other.write_bytes(b"")
        assert kb("load", data=big, db=db).returncode == 0
        assert sorted(temp_files(tmp_path)) == sorted([live_tmp.name, other.name])
    finally:
        alive.kill()
        alive.wait()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_database_follows_the_umask(tmp_path, umask, mode):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    assert kb("load", data=data, db=db, preexec_fn=lambda: os.umask(umask)).returncode == 0
    assert db.stat().st_mode & 0o777 == mode
    db.chmod(0o640)  # a mode someone chose is kept on rebuild
    (data / "cases.yaml").write_text((data / "cases.yaml").read_text() + "\n", encoding="utf-8")
    assert kb("load", data=data, db=db).returncode == 0
    assert db.stat().st_mode & 0o777 == 0o640


def test_damaged_kb_database_is_rebuilt_with_a_message(tmp_path):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    assert kb("load", data=data, db=db).returncode == 0
    with open(db, "r+b") as f:
        f.truncate(4096)  # a torn copy: the header survives, the tables do not
    result = kb("cases", "--json", data=data, db=db)
    assert result.returncode == 0 and "the database is damaged" in result.stderr
    assert len(json.loads(result.stdout)) == 4


def test_database_of_another_kb_version_is_rebuilt(tmp_path):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    assert kb("load", data=data, db=db).returncode == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = 'old' WHERE key = 'code_hash'")
    con.commit()
    con.close()
    result = kb("stats", "--json", data=data, db=db)
    assert result.returncode == 0 and "built by another version of kb" in result.stderr


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 100, "another app"])
def test_files_kb_did_not_make_are_refused_and_kept(tmp_path, content):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    if content == "another app":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE notes (text)")
        con.commit()
        con.close()
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    for command in (("load",), ("cases",)):
        result = kb(*command, data=data, db=db)
        assert result.returncode == 1 and "is not a kb database; kb will not overwrite it" in result.stderr
        assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_missing_data_directory(tmp_path):
    result = kb("cases", data=tmp_path / "nowhere", db=tmp_path / "kb.sqlite")
    assert result.returncode == 1 and "data directory not found" in result.stderr


def test_unreadable_data_file(tmp_path):
    data = write_data(tmp_path / "data")
    (data / "courts.yaml").unlink()
    (data / "courts.yaml").mkdir()  # cannot be read as a file, even by root
    result = kb("validate", data=data, db=tmp_path / "kb.sqlite")
    assert result.returncode == 1 and "courts.yaml:1:1: error: cannot read the file" in result.stderr


def test_database_in_a_place_that_cannot_be_written(tmp_path):
    data = write_data(tmp_path / "data")
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory")
    result = kb("load", data=data, db=blocker / "kb.sqlite")
    assert result.returncode == 1 and "cannot write the database" in result.stderr
    assert "Traceback" not in result.stderr
    if os.path.isdir("/proc/self"):  # a read-only file system
        result = kb("load", data=data, db=Path("/proc/kb.sqlite"))
        assert result.returncode == 1 and "cannot write the database" in result.stderr
