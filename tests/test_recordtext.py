"""record.yaml beside each case page: only text that was validated, read as kb validate reads it, and
cut into records where the YAML parser says they start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES
from kb.web.recordtext import split_records

pytest.importorskip("jinja2")
ROOT = Path(__file__).resolve().parent.parent
LI = "cn-2023-li-v-liu"
PAINTERS_SUMMARY = "  summary: Illustrators say Trik AI was trained on their drawings.\n"


def records_published(out: Path) -> dict[str, str]:
    return {p.parent.name: p.read_text(encoding="utf-8") for p in (out / "cases").glob("*/record.yaml")}


def test_each_shipped_case_is_published_as_the_one_record_it_is():
    from kb.yamlfile import parse_yaml

    text = (ROOT / "data/cases.yaml").read_text(encoding="utf-8")
    records = split_records(text)
    ids = [r["id"] for r in parse_yaml(text).data]
    assert list(records) == ids and len(ids) > 50
    for rid, (line, record) in records.items():
        assert text.splitlines()[line - 1].startswith(f"- id: {rid}")
        assert [r["id"] for r in parse_yaml(record).data] == [rid]


def test_a_column_0_id_line_inside_a_quoted_summary_is_not_a_record(run, data_dir, tmp_path):
    forged = PAINTERS_SUMMARY.replace("drawings.", 'drawings.\n- id: cn-2023-li-v-liu\n  title: FORGED"').replace(
        "summary: ", 'summary: "')
    (data_dir / "cases.yaml").write_text(CASES.replace(PAINTERS_SUMMARY, forged), encoding="utf-8")
    assert run("validate").exit_code == 0  # the summary is one quoted text, with a line break
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search").exit_code == 0
    published = records_published(out)
    assert "FORGED" not in published[LI] and published[LI].startswith(f"- id: {LI}\n")
    assert "FORGED" in published["cn-2023-painters-v-xiaohongshu"]


def test_the_text_of_a_record_that_fails_validation_is_never_published(run, data_dir, tmp_path):
    out = tmp_path / "site"
    assert run("load").exit_code == 0
    (data_dir / "cases.yaml").write_text(CASES.replace("  title: Li v. Liu\n", "  title: UNCHECKED\n  bogus: 1\n"),
                                         encoding="utf-8")
    result = run("site", "-o", str(out), "--no-search")  # from the last good database
    assert result.exit_code == 0, result.stderr
    assert "record.yaml files left out: cases.yaml differs from the data the database was built from" in result.stderr
    assert records_published(out) == {} and "UNCHECKED" not in (out / f"cases/{LI}/index.html").read_text("utf-8")


def kb_site(data: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "cli.py"), "--data", str(data), "--db", str(tmp_path / "kb.sqlite"), "site",
           "-o", str(tmp_path / "site"), "--no-search"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)  # a hang fails by timeout


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_kb_site_reads_cases_yaml_through_the_guarded_reader(data_dir, tmp_path, kind):
    assert kb_site(data_dir, tmp_path).returncode == 0
    (data_dir / "cases.yaml").unlink()
    if kind == "fifo":
        os.mkfifo(data_dir / "cases.yaml")
    else:
        (data_dir / "cases.yaml").symlink_to("/dev/zero")
    result = kb_site(data_dir, tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "note: record.yaml files left out: cannot read cases.yaml" in result.stderr
    assert records_published(tmp_path / "site") == {}


def test_a_cases_file_over_the_size_limit_is_not_read_whole(run, data_dir, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert run("load").exit_code == 0
    monkeypatch.setattr("kb.loading.MAX_FILE_BYTES", 2**20)
    with open(data_dir / "cases.yaml", "ab") as f:
        f.write(b"#" * 2 * 2**20 + b"\n")
    result = run("site", "-o", str(out), "--no-search")
    assert result.exit_code == 0 and "cannot read cases.yaml: it is larger than 1 MiB" in result.stderr
