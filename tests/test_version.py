"""The data version from git, the license files, and CITATION.cff checked by cffconvert itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kb
from kb.version import UNKNOWN, data_version, version_line

ROOT = Path(__file__).resolve().parent.parent


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-05-06T12:00:00", "GIT_COMMITTER_DATE": "2024-05-06T12:00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, env=env)


def test_data_version_is_the_last_commit_touching_the_data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "cases.yaml").write_text("[]\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "data")
    assert data_version(data) == "2024-05-06"
    (data / "cases.yaml").write_text("[] # edited\n")
    assert data_version(data) == "2024-05-06+modified"


def test_data_version_outside_git_is_unknown_not_guessed(tmp_path):
    (tmp_path / "data").mkdir()
    assert data_version(tmp_path / "data") == UNKNOWN
    assert data_version(tmp_path / "missing") == UNKNOWN


def test_version_line_names_program_data_and_licenses(tmp_path):
    line = version_line(tmp_path)
    assert line.startswith(f"kb {kb.__version__} (data {UNKNOWN};")
    assert "MIT" in line and "CC BY 4.0" in line


def test_license_files():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    data_license = (ROOT / "data" / "LICENSE").read_text()
    assert "Creative Commons Attribution 4.0 International" in data_license
    assert "keeps its own terms" in data_license
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text()


def _citation() -> str:
    return (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_citation_names_this_version_and_both_licenses():
    text = _citation()
    assert re.search(rf"^version: {re.escape(kb.__version__)}$", text, re.M)
    assert "- MIT" in text and "- CC-BY-4.0" in text


def _cffconvert() -> Path:
    """cffconvert in a venv of its own: it pins jsonschema<4, which the test tools' jsonschema outgrew."""
    home = Path(sys.prefix) / "kb-test-tools" / "cffconvert"
    exe = home / "bin" / "cffconvert"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True, capture_output=True)
        done = subprocess.run([str(home / "bin" / "pip"), "install", "-q", "cffconvert>=2.0"], capture_output=True,
                              text=True)
        if done.returncode != 0:
            if os.environ.get("CI"):
                pytest.fail(f"cannot install cffconvert: {done.stderr[-500:]}")
            pytest.skip("cffconvert could not be installed (no package index?)")
    return exe


def test_citation_cff_is_valid_for_cffconvert():
    exe = _cffconvert()
    done = subprocess.run([str(exe), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout
    apa = subprocess.run([str(exe), "-f", "apalike", "-i", str(ROOT / "CITATION.cff")], capture_output=True,
                         text=True, check=True).stdout
    assert "The kb contributors" in apa and kb.__version__ in apa
