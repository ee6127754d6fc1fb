"""kb site's output folder: built beside and swapped in whole, one build at a time, leftovers of killed
builds cleaned; with real processes killed by SIGKILL and a lock held by another open file."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.web import outdir

pytest.importorskip("jinja2")
ROOT = Path(__file__).resolve().parent.parent


def complete(site: Path) -> bool:
    return (site / ".kb-site").is_file() and (site / "index.html").is_file() and (site / "cases/index.html").is_file()


def test_the_old_site_stays_whole_until_the_new_one_takes_its_place(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old", encoding="utf-8")
    with outdir.building(out) as tmp:
        assert tmp.parent == out.parent and tmp != out
        (tmp / "new.html").write_text("new", encoding="utf-8")
        assert (out / "old.html").read_text(encoding="utf-8") == "old"  # readers still see the old site
    assert (out / "new.html").exists() and not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.kb-lock", "site"]


def test_a_failed_build_leaves_the_old_site_and_no_leftovers(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), outdir.building(out) as tmp:
        (tmp / "half.html").write_text("half", encoding="utf-8")
        raise RuntimeError("pagefind failed")
    assert sorted(p.name for p in out.iterdir()) == ["old.html"] and outdir.leftovers(out) == []


def test_kb_site_never_deletes_the_output_folder_itself(run, tmp_path, monkeypatch):
    """The old site is removed only once it is out of the way: a kill at any moment leaves a whole site."""
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search").exit_code == 0
    removed = []
    real_rmtree = shutil.rmtree

    def rmtree(path, *args, **kwargs):
        removed.append(Path(path))
        assert complete(out), "the site folder was not whole while kb site removed " + str(path)
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    assert run("site", "-o", str(out), "--no-search").exit_code == 0
    assert out not in removed and complete(out)


def test_a_second_build_of_the_same_folder_is_refused_clearly(run, tmp_path):
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search").exit_code == 0
    fd = os.open(tmp_path / ".site.kb-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a build running in another process holds it
        result = run("site", "-o", str(out), "--no-search")
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert f"another kb site is building {out} right now" in result.stderr
        assert "internal error" not in result.stderr and complete(out)
    finally:
        os.close(fd)
    assert run("site", "-o", str(out), "--no-search").exit_code == 0


def kb_site(data: Path, db: Path, out: Path) -> subprocess.Popen:
    cmd = [sys.executable, str(ROOT / "cli.py"), "--data", str(data), "--db", str(db), "site", "-o", str(out),
           "--no-search"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_at_once_never_crash_and_leave_a_whole_site(data_dir, tmp_path):
    out, db = tmp_path / "site", tmp_path / "kb.sqlite"
    assert kb_site(data_dir, db, out).wait(timeout=120) == 0
    procs = [kb_site(data_dir, db, out) for _ in range(2)]
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert "internal error" not in stderr and "Traceback" not in stderr, stderr
        assert proc.returncode == 0 or "another kb site is building" in stderr, stderr
    assert complete(out) and outdir.leftovers(out) == []


def test_a_build_killed_midway_leaves_the_old_site_and_the_next_build_cleans_up(data_dir, tmp_path):
    out, db = tmp_path / "site", tmp_path / "kb.sqlite"
    assert kb_site(data_dir, db, out).wait(timeout=120) == 0
    proc = kb_site(data_dir, db, out)
    deadline = time.monotonic() + 60
    while not any((p / "cases").exists() for p in outdir.leftovers(out)) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert complete(out)
    (tmp_path / ".site.building-999999999").mkdir()  # a build killed long ago, on another run
    (tmp_path / ".site.old-999999998").mkdir()
    (tmp_path / ".site.building-999999997.zh").mkdir()  # a Chinese edition set aside while Pagefind ran
    (tmp_path / ".other.building-1").mkdir()  # not this folder's: kept
    assert kb_site(data_dir, db, out).wait(timeout=120) == 0
    assert complete(out) and outdir.leftovers(out) == [] and (tmp_path / ".other.building-1").is_dir()
