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


def test_a_commit_that_only_adds_chinese_text_says_so_and_a_new_event_beside_it_wins(repo):
    root, data = repo
    text = (data / "cases.yaml").read_text(encoding="utf-8")
    text = text.replace("  summary: An AI-generated image is a work.\n",
                        "  summary: An AI-generated image is a work.\n  summary_zh: >-\n    AI生成的图片\n    是作品。\n")
    text = text.replace("    outcome: Plaintiff won\n", "    outcome: Plaintiff won\n    outcome_zh: 原告胜诉\n")
    (data / "cases.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "chinese", date="2025-03-05T12:00:00")
    text = text.replace("  title: Painters v. Xiaohongshu\n  title_zh: 画师诉小红书案\n",
                        "  title: Painters v. Xiaohongshu\n  title_zh: 画师诉小红书等案\n")
    text = text.replace("    - {date: 2023-10, kind: filed, what: Suit filed., source: s1}\n",
                        "    - {date: 2023-10, kind: filed, what: Suit filed., source: s1}\n"
                        "    - {date: 2025-03-01, kind: hearing, what: Heard., source: s1}\n")
    (data / "cases.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "chinese and an event", date="2025-03-06T12:00:00")
    changes = {(c.date, c.case): c.line for c in news.whats_new(data, records(data))["changes"]}
    assert changes["2025-03-05", "cn-2023-li-v-liu"] == "Chinese text added or revised"
    assert changes["2025-03-06", "cn-2023-painters-v-xiaohongshu"] == "new event (hearing)"


@pytest.mark.parametrize("added, removed, chinese", [
    (["  title_zh: 新标题"], ["  title_zh: 旧标题"], True),
    (["    what_zh: >-", "      第一行", "      第二行"], [], True),
    (["    what_zh: 中文", "    what: English"], [], False),
    (["      第二行"], ["      旧的第二行"], False),  # a line of a value whose key is not in the change
    (["  - {date: 2024, what: x, what_zh: 中文, source: s1}"], ["  - {date: 2024, what: x, source: s1}"], False),
    (["  title_zh: 标题", "- id: new-case"], [], False),
])
def test_only_lines_of_chinese_fields_are_a_translation(added, removed, chinese):
    assert news._only_chinese_text(added, removed) is chinese


def test_a_change_is_said_in_the_chinese_edition_with_the_glossary_labels():
    from kb.i18n import translation

    gettext = translation("zh").gettext
    change = news.Change("2025-02-01", "x", [news.Said(news.N_("status {old} → {new}"), old="pending", new="decided"),
                                             news.Said(news.N_("new events ({kinds})"), kinds="appeal, hearing")])
    assert change.line == "status pending → decided; new events (appeal, hearing)"
    assert news.said_in(change, gettext, "zh") == "状态：审理中 → 已判决；新事件（上诉、开庭）"
    assert news.said_in(change, gettext, "en") == change.line


def test_the_home_page_passes_over_translations_and_says_how_many(repo, tmp_path):
    """Home's short list of changes is for news: a newer change that only adds Chinese text is passed over, and
    counted; the What's new page lists it, after the day's news, in each edition's words."""
    from typer.testing import CliRunner

    from kb.cli import app

    root, data = repo
    text = (data / "cases.yaml").read_text(encoding="utf-8")
    text = text.replace("  status: pending\n  as_of: 2024-08\n", "  status: decided\n  as_of: 2025-02\n", 1)
    (data / "cases.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "decided", date="2025-02-20T12:00:00")
    text = text.replace("    outcome: Plaintiff won\n", "    outcome: Plaintiff won\n    outcome_zh: 原告胜诉\n")
    (data / "cases.yaml").write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "chinese", date="2025-03-05T12:00:00")
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["--data", str(data), "--db", str(tmp_path / "kb.sqlite"), "site", "-o", str(out),
                                      "--no-search"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    home = (out / "index.html").read_text(encoding="utf-8")
    news_part = home[home.index('<ol class="events news">'):]
    assert "Chinese text added or revised" not in news_part and "status pending → decided" in news_part
    assert "Passed over here: 1 change that only adds or revises Chinese text." in news_part
    assert "此处略过 1 项只补充或修订中文文本的变动。" in (out / "zh/index.html").read_text(encoding="utf-8")
    new = (out / "new/index.html").read_text(encoding="utf-8")
    assert new.index("Chinese text added or revised") < new.index("status pending → decided")  # newer first
    assert "补充或修订中文文本" in (out / "zh/new/index.html").read_text(encoding="utf-8")
