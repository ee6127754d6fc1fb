from pathlib import Path

import pytest

from conftest import write_data
from kb.fmt import format_file, format_text

MESSY = """\
# A comment on top that must survive.
- status: pending   # trailing comment stays with its key
  title: 'A case'
  id: c1
  sources: [{publisher: P, id: s1, title: "T", url: "https://example.org/a"}]
  jurisdiction: CN
  kind: lawsuit
  parties: [{role: plaintiff, party: li}]
  summary: >-
    A folded paragraph keeps
    its line breaks.
"""


def test_keys_follow_the_model_and_flow_style_becomes_block():
    out = format_text(MESSY, "cases")
    assert out.splitlines()[:2] == ["# yaml-language-server: $schema=../schemas/cases.schema.json",
                                    "# A comment on top that must survive."]
    keys = [line.split(":")[0].strip("- ") for line in out.splitlines() if line.startswith(("- ", "  ")) and
            not line.startswith("    ") and ":" in line]
    assert keys[:6] == ["id", "title", "kind", "jurisdiction", "status", "parties"]
    assert "  - party: li\n    role: plaintiff\n" in out
    assert "  - id: s1\n    url: https://example.org/a\n    title: T\n    publisher: P\n" in out


def test_comments_quotes_and_folded_text_are_kept_or_made_consistent():
    out = format_text(MESSY, "cases")
    assert "status: pending   # trailing comment stays with its key" in out
    assert "title: A case" in out  # quotes only where YAML needs them
    assert "summary: >-\n    A folded paragraph keeps\n    its line breaks.\n" in out


def test_formatting_is_idempotent():
    once = format_text(MESSY, "cases")
    assert format_text(once, "cases") == once


def test_values_are_unchanged(tmp_path):
    import yaml

    out = format_text(MESSY, "cases")
    assert yaml.safe_load(out) == yaml.safe_load(MESSY)


def test_format_file_and_check(tmp_path):
    data = write_data(tmp_path / "d", cases=MESSY)
    path = data / "cases.yaml"
    assert format_file(path, check=True).changed
    assert path.read_text(encoding="utf-8") == MESSY  # --check writes nothing
    assert format_file(path, check=False).changed
    assert not format_file(path, check=True).changed


@pytest.mark.parametrize("text, words", [("- id: a\n  id: b\n", "duplicate key"), ("- id: 'x\n", "quoted scalar"),
                                         ("- &a {x: 1}\n- *a\n", "aliases")])
def test_broken_files_are_reported_and_left_alone(tmp_path, text, words):
    path = write_data(tmp_path / "d", cases=text) / "cases.yaml"
    result = format_file(path, check=False)
    assert not result.changed and words in result.findings[0].message
    assert path.read_text(encoding="utf-8") == text


def test_cli_fmt(run, data_dir):
    first = run("fmt", "--check")
    assert first.exit_code == 1 and "would reformat" in first.stderr
    assert run("fmt").exit_code == 0
    again = run("fmt", "--check")
    assert again.exit_code == 0 and "already canonical" in again.stderr
    (data_dir / "cases.yaml").write_text("- id: 'x\n", encoding="utf-8")
    broken = run("fmt")
    assert broken.exit_code == 1 and "cases.yaml:2:1" in broken.stderr


def test_shipped_data_is_canonical():
    data = Path(__file__).resolve().parent.parent / "data"
    assert [p.name for p in sorted(data.glob("*.yaml")) if format_file(p, check=True).changed] == []
