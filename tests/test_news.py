"""kb.web.news: What's new, from a real git history of data/cases.yaml, and from as_of without one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CASES, write_data
from kb.web import news

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str = "2025-01-01T12:00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def records(data: Path) -> dict:
    import yaml

    return {r["id"]: r for r in yaml.safe_load((data / "cases.yaml").read_text(encoding="utf-8"))}


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    data = write_data(root / "data")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", date="2025-01-10T12:00:00")
    return root, data


def test_a_history_dates_each_change_and_says_what_changed(repo):
    root, data = repo
    text = (data / "cases.yaml").read_text(encoding="utf-8")
    # the Andersen suit is decided, and Li v. Liu gets an appeal event
    text = text.replace("  status: pending\n  as_of: 2024-08\n", "  status: decided\n  as_of: 2025-02\n", 1)
    (data / "cases.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "andersen decided", date="2025-02-20T12:00:00")
    found = news.whats_new(data, records(data))
    assert found["git"] and not found["shallow"] and found["from_as_of"] == 0
    first = found["changes"][0]
    assert (first.date, first.case, first.line, first.source) == (
        "2025-02-20", "us-2023-andersen-v-stability", "status pending → decided", "git")
    added = [c for c in found["changes"] if c.date == "2025-01-10"]
    assert {c.case for c in added} == set(records(data)) and {c.line for c in added} == {"new case"}


def test_a_new_record_in_a_later_commit_is_a_new_case_and_an_event_is_named(repo):
    root, data = repo
    text = (data / "cases.yaml").read_text(encoding="utf-8")
    text = text.replace("  events:\n", "  events:\n    - {date: 2025-03-01, kind: appeal, what: Appealed., source: s1}\n", 1)
    (data / "cases.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "event", date="2025-03-05T12:00:00")
    found = news.whats_new(data, records(data))
    newest = found["changes"][0]
    assert newest.date == "2025-03-05" and newest.line == "new event (appeal)"


def test_without_git_every_record_is_dated_by_its_as_of(tmp_path):
    data = write_data(tmp_path / "plain")
    found = news.whats_new(data, records(data))
    assert not found["git"] and found["from_git"] == 0
    assert [(c.date, c.case, c.source) for c in found["changes"]][:2] == [
        ("2024-08", "us-2023-andersen-v-stability", "as_of"), ("2024-06", "cn-2023-painters-v-xiaohongshu", "as_of")]
    assert "cn-2023-xiaohongshu-boycott" in found["undated"] or all(
        c.case != "cn-2023-xiaohongshu-boycott" or c.source == "as_of" for c in found["changes"])


def test_a_shallow_history_leaves_its_oldest_commit_to_as_of():
    log = ("\x01aaa 2025-02-01\n\ndiff --git a/cases.yaml b/cases.yaml\n@@ -3 +3 @@ - id: x\n-  status: pending\n"
           "+  status: decided\n\x01bbb 2025-01-01\n\ndiff --git a/cases.yaml b/cases.yaml\n@@ -0,0 +1,2 @@\n"
           "+- id: x\n+  title: X\n+- id: y\n+  title: Y\n")
    changes, covered = news.parse_log(log, {"x", "y"}, skip_oldest=True)
    assert [(c.date, c.case, c.line) for c in changes] == [("2025-02-01", "x", "status pending → decided")]
    assert covered == {"x"}
    changes, covered = news.parse_log(log, {"x", "y"})
    assert covered == {"x", "y"} and [c.line for c in changes] == ["status pending → decided", "new case", "new case"]


def test_the_shipped_data_has_a_dated_change_for_every_record():
    root = Path(__file__).resolve().parent.parent
    data = root / "data"
    found = news.whats_new(data, records(data))
    dated = {c.case for c in found["changes"]}
    assert dated | set(found["undated"]) == set(records(data))
    if found["git"] and not found["shallow"]:
        assert found["from_git"] > 0 and all(c.source == "git" for c in found["changes"])


def _event(date: str, case: str, what: str = "A joint motion.", url: str = "https://example.org/docket") -> dict:
    return {"date": date, "precision": "day", "kind": "other", "what": what, "what_zh": None,
            "case": {"id": case, "title": case.upper()},
            "source": {"id": "s1", "url": url, "title": None, "publisher": None}}


def test_a_filing_recorded_in_several_cases_is_one_happening_with_all_its_cases():
    timeline = [  # in the timeline's order: oldest first, then by case
        _event("2026-09-01", "a", "Filed."),
        _event("2026-09-20", "a"), _event("2026-09-20", "b"), _event("2026-09-20", "c", "Other words."),
        _event("2026-09-20", "d"), _event("2026-09-20", "e", url="https://example.org/another"),
        _event("2026-09-24", "b", "Hearing."),
    ]
    listed = news.happenings(timeline)
    assert [(e["date"], e["what"], [c["id"] for c in e["cases"]]) for e in listed] == [
        ("2026-09-01", "Filed.", ["a"]),
        ("2026-09-20", "A joint motion.", ["a", "b", "d"]),  # the same date, words and source: one entry
        ("2026-09-20", "Other words.", ["c"]),
        ("2026-09-20", "A joint motion.", ["e"]),  # another source: another happening
        ("2026-09-24", "Hearing.", ["b"]),
    ]
    assert all(e["case"] == e["cases"][0] for e in listed)
    assert news.latest_events(timeline, 10) == listed[::-1]
    assert [e["what"] for e in news.latest_events(timeline, 2)] == ["Hearing.", "A joint motion."]
    assert news.latest_events([], 5) == [] and news.happenings([]) == []
