"""Readers' words (data/aliases.yaml): validated, stored, used by `kb search` to widen a term to its group,
and "did you mean" for a query that finds little; on small fixtures and on the shipped data."""

from pathlib import Path

import pytest

from conftest import write_data
from kb import store
from kb.search import search
from kb.vocabulary import did_you_mean, synonyms, weak

ROOT = Path(__file__).resolve().parent.parent

ALIASES = """\
- id: xhs
  terms:
  - {term: RED app, lang: en}
  - {term: 小红书, lang: zh}
- id: ultraman
  terms:
  - {term: Ultraman, lang: en}
  - {term: 奥特曼, lang: zh}
"""


def build(tmp_path, aliases: str):
    paths = store.Paths(write_data(tmp_path / "data", aliases=aliases), tmp_path / "kb.sqlite")
    return paths, store.build(paths)


@pytest.fixture
def con(tmp_path):
    paths, (dataset, findings) = build(tmp_path, ALIASES)
    assert dataset is not None, findings
    connection = store.connect_readonly(paths.db)
    yield connection
    connection.close()


def test_a_term_widens_to_its_group(con):
    assert synonyms(con, "red APP") == ["小红书"]
    plain = {r["id"] for r in search(con, "小红书")}
    assert plain and {r["id"] for r in search(con, "RED app")} == plain
    assert {r["id"] for r in search(con, '"red app"')} == plain


def test_an_excluded_term_stays_as_typed(con):
    assert search(con, "Xiaohongshu -小红书") == []


@pytest.mark.parametrize("aliases, message, line", [
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n  - {term: Times, lang: en}\n"
     "- id: b\n  terms:\n  - {term: nyt, lang: en}\n  - {term: Gray Lady, lang: en}\n",
     "the term 'nyt' is already in group 'a'", 7),
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n  - {term: '  ', lang: en}\n", "term", 4),
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n", "at least 2", 3),
    ("- id: a\n  terms:\n  - {term: NYT, lang: english}\n  - {term: Times, lang: en}\n", "lang", 3),
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n  - {term: Times, lang: en}\n"
     "- id: a\n  terms:\n  - {term: X, lang: en}\n  - {term: Y, lang: en}\n", "duplicate alias group id 'a'", 5),
])
def test_bad_alias_groups_are_refused_with_their_position(tmp_path, aliases, message, line):
    paths, (dataset, findings) = build(tmp_path, aliases)
    assert dataset is None and not paths.db.exists()
    errors = [f for f in findings if f.severity == "error"]
    assert any(message in f.message and f.line == line and f.file.endswith("aliases.yaml") for f in errors), errors


def test_kb_validate_reports_a_bad_group_with_file_and_line(run, data_dir):
    (data_dir / "aliases.yaml").write_text("- id: a\n  terms:\n  - {term: NYT, lang: en}\n", encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1 and "aliases.yaml:3" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_did_you_mean_on_the_cli_stderr_with_and_without_json(run):
    for args in (("search", "Xiaohongshuu"), ("search", "Xiaohongshuu", "--json")):
        result = run(*args)
        assert result.exit_code == 0 and "did you mean" in result.stderr and "Xiaohongshu" in result.stderr
    result = run("search", "Xiaohongshu", "--json")
    assert "did you mean" not in result.stderr


def test_the_shipped_aliases_are_valid_and_stored(tmp_path):
    paths = store.Paths(ROOT / "data", tmp_path / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None and not [f for f in findings if f.file.endswith("aliases.yaml")]
    con = store.connect_readonly(paths.db)
    groups = {g: [t for (t,) in con.execute("SELECT term FROM aliases WHERE group_id = ?", (g,))]
              for (g,) in con.execute("SELECT DISTINCT group_id FROM aliases")}
    assert {"deepfake", "face swap", "换脸", "深度伪造"} <= set(groups["deepfake"])
    assert "NYT" in groups["new-york-times"] and "合理使用" in groups["fair-use"] and "LoRA" in groups["lora"]
    assert "Midjourney" in did_you_mean(con, "Midjurney") and weak(search(con, "Midjurney"))
