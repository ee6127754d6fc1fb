"""Files kb reads and writes, with real FIFOs, devices, symlinks and processes: only regular files
are read; nothing is replaced that should not be; modes and links survive a rewrite."""

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import CASES, write_data
from kb.files import FileRefused, FileTooLarge, read_regular, write_atomically

ROOT = Path(__file__).resolve().parent.parent


def kb(*args, data, db, timeout=60, **kwargs):
    cmd = [sys.executable, str(ROOT / "cli.py"), "--data", str(data), "--db", str(db), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)


# -- reading: only regular files -------------------------------------------------------------------
@pytest.mark.parametrize("command", [("validate",), ("load",), ("cases",), ("fmt", "--check")])
def test_a_fifo_as_data_file_is_refused_not_waited_on(tmp_path, command):
    data = write_data(tmp_path / "data")
    (data / "parties.yaml").unlink()
    os.mkfifo(data / "parties.yaml")
    result = kb(*command, data=data, db=tmp_path / "kb.sqlite", timeout=30)  # a hang fails by timeout
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "parties.yaml:1:1: error: cannot read the file: it is a FIFO (named pipe), not a regular file" in result.stderr


def test_a_symlink_to_dev_zero_is_refused_and_the_limit_counts_bytes_read(tmp_path):
    data = write_data(tmp_path / "data")
    (data / "claims.yaml").unlink()
    (data / "claims.yaml").symlink_to("/dev/zero")
    result = kb("validate", data=data, db=tmp_path / "kb.sqlite", timeout=30)
    assert result.returncode == 1 and "claims.yaml:1:1: error: cannot read the file: it is a symbolic link that " \
        "leads outside data/" in result.stderr
    with pytest.raises(FileRefused):
        read_regular(data / "claims.yaml")
    big = tmp_path / "big"
    big.write_bytes(b"x" * 1000)
    assert read_regular(big, limit=1000) == b"x" * 1000
    with pytest.raises(FileTooLarge):
        read_regular(big, limit=999)


def test_a_fifo_at_the_database_path_is_refused_not_waited_on(tmp_path):
    data = write_data(tmp_path / "data")
    os.mkfifo(tmp_path / "kb.sqlite")
    result = kb("cases", data=data, db=tmp_path / "kb.sqlite", timeout=30)
    assert result.returncode == 1 and "is not a kb database" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "kb.sqlite").st_mode)


def test_a_data_file_linked_inside_its_folder_is_read(tmp_path):
    data = write_data(tmp_path / "data")
    (data / "cases.yaml").rename(data / "all-cases.yaml")
    (data / "cases.yaml").symlink_to("all-cases.yaml")
    assert kb("validate", data=data, db=tmp_path / "kb.sqlite").returncode == 0


SECRET = "- id: leaked-secret-value\n  name: x\n"


@pytest.mark.parametrize("command", [("validate", "--format", "github"), ("load",), ("fmt", "--check"), ("fmt",)])
def test_a_data_file_linked_out_of_its_folder_is_refused_and_its_text_never_shown(tmp_path, command):
    """git stores symlinks: `ln -s ../../secret data/products.yaml` in a pull request must not leak the
    text it leads to into a CI log, nor let `kb fmt` rewrite it."""
    data = write_data(tmp_path / "data")
    victim = tmp_path / "victim.yaml"
    victim.write_text(SECRET, encoding="utf-8")
    (data / "products.yaml").unlink()
    (data / "products.yaml").symlink_to(os.path.relpath(victim, data))
    result = kb(*command, data=data, db=tmp_path / "kb.sqlite", timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    output = result.stdout + result.stderr  # --format github writes to stdout
    assert "products.yaml" in output and "leads outside data/" in output
    assert "leaked-secret-value" not in output
    assert victim.read_text(encoding="utf-8") == SECRET and (data / "products.yaml").is_symlink()


def test_new_case_append_and_fmt_never_write_through_a_link(tmp_path):
    data = write_data(tmp_path / "data", cases=CASES.replace("  title: Li v. Liu\n", "  title: 'Li v. Liu'\n"))
    (data / "cases.yaml").rename(data / "real.yaml")
    (data / "cases.yaml").symlink_to("real.yaml")  # inside the folder: read, but never written through
    before = (data / "real.yaml").read_text(encoding="utf-8")
    result = kb("fmt", data=data, db=tmp_path / "kb.sqlite")
    assert result.returncode == 1 and "kb never writes through a link" in result.stderr
    result = kb("new", "case", "--title", "Doe v. Example", "--jurisdiction", "US", "--kind", "lawsuit",
                "--year", "2025", "--append", data=data, db=tmp_path / "kb.sqlite")
    assert result.returncode == 1 and "kb never writes through a link" in result.stderr, result.stderr
    assert (data / "real.yaml").read_text(encoding="utf-8") == before and (data / "cases.yaml").is_symlink()


def test_schema_never_writes_through_a_link_nor_reads_a_fifo(tmp_path):
    data = write_data(tmp_path / "data")
    assert kb("schema", data=data, db=tmp_path / "kb.sqlite").returncode == 0
    schemas = tmp_path / "schemas"
    victim = tmp_path / "victim.json"
    victim.write_text("keep me\n", encoding="utf-8")
    (schemas / "cases.schema.json").unlink()
    (schemas / "cases.schema.json").symlink_to(victim)
    for args in (("schema",), ("schema", "--check")):
        result = kb(*args, data=data, db=tmp_path / "kb.sqlite", timeout=30)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "cases.schema.json: it is a symbolic link that leads outside schemas/" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    (schemas / "cases.schema.json").unlink()
    os.mkfifo(schemas / "cases.schema.json")
    result = kb("schema", "--check", data=data, db=tmp_path / "kb.sqlite", timeout=30)  # a hang fails by timeout
    assert result.returncode == 1 and "it is a FIFO (named pipe), not a regular file" in result.stderr


# -- writing: export -o ------------------------------------------------------------------------------
def test_export_dash_is_stdout(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", "json", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("[") and not (tmp_path / "-").exists()


def test_export_writes_through_a_symlink(run, tmp_path):
    target = tmp_path / "target.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run("export", "json", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("[")


def test_export_to_a_device_writes_to_it_and_keeps_it(run):
    assert run("export", "csv", "-o", "/dev/null").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_to_a_fifo_feeds_its_reader(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    for _ in range(200):  # until the reader has the FIFO open
        result = run("export", "json", "-o", str(fifo))
        if result.exit_code == 0:
            break
        time.sleep(0.01)
    reader.join(timeout=10)
    assert result.exit_code == 0 and got and got[0].startswith(b"[")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_export_refuses_a_fifo_nobody_reads_a_directory_and_kbs_own_files(run, data_dir, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("export", "json", "-o", str(fifo))
    assert result.exit_code == 1 and "a FIFO that nobody reads" in result.stderr
    result = run("export", "json", "-o", str(tmp_path))
    assert result.exit_code == 1 and "it is a directory; kb will not replace it" in result.stderr
    assert run("load").exit_code == 0
    before = run.db.read_bytes()
    for own in (run.db, data_dir / "cases.yaml"):
        text = own.read_bytes()
        result = run("export", "json", "-o", str(own))
        assert result.exit_code == 1 and "kb will not overwrite it with an export" in result.stderr
        assert own.read_bytes() == text
    link = tmp_path / "innocent.json"
    link.symlink_to(run.db)
    assert run("export", "json", "-o", str(link)).exit_code == 1
    assert run.db.read_bytes() == before


# -- modes and links -----------------------------------------------------------------------------------
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_new_files_follow_the_umask_and_rewritten_ones_keep_their_mode(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_atomically(tmp_path / "new.txt", "x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == mode
        (tmp_path / "new.txt").chmod(0o640)
        write_atomically(tmp_path / "new.txt", "y")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_export_file_follows_the_umask(tmp_path):
    data = write_data(tmp_path / "data")
    out = tmp_path / "cases.csv"
    result = kb("export", "csv", "-o", str(out), data=data, db=tmp_path / "kb.sqlite",
                preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0 and out.stat().st_mode & 0o777 == 0o644


def test_fmt_and_new_case_keep_the_mode(tmp_path):
    data = write_data(tmp_path / "data", cases=CASES.replace("  title: Li v. Liu\n", "  title: 'Li v. Liu'\n"))
    real = data / "cases.yaml"
    real.chmod(0o640)
    assert kb("fmt", data=data, db=tmp_path / "kb.sqlite").returncode == 0
    assert real.stat().st_mode & 0o777 == 0o640
    assert "  title: Li v. Liu\n" in real.read_text(encoding="utf-8")
    result = kb("new", "case", "--title", "Doe v. Example", "--jurisdiction", "US", "--kind", "lawsuit",
                "--year", "2025", "--append", data=data, db=tmp_path / "kb.sqlite")
    assert result.returncode == 0, result.stderr
    assert real.stat().st_mode & 0o777 == 0o640
    assert "Doe v. Example" in real.read_text(encoding="utf-8")
