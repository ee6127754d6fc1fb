"""Listings that tell the whole truth: strict shared filters, paging that says what was cut, ruling
questions, reading while the data has errors, and output that behaves in terminals and pipes."""

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from conftest import CASES, PARTIES

ROOT = Path(__file__).resolve().parent.parent


def one_error_line(result, code=2):
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("kb: building")]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# -- strict filters ---------------------------------------------------------------------------------
@pytest.mark.parametrize("args, hint", [
    (("--status", "decidd"), "did you mean 'decided'?"),
    (("--kind", "suit"), "did you mean 'lawsuit'?"),
    (("--jurisdiction", "XX"), "CN, US"),
    (("--court", "Beijing Internet Cort"), "did you mean"),
    (("--party", "Stabilty AI"), "did you mean 'Stability AI'"),
    (("--claim", "trainng-data-use"), "did you mean 'training-data-use'?"),
    (("--product", "Trik"), None),  # a unique partial name is fine
])
@pytest.mark.parametrize("command", ["cases", "timeline", "export json", "search painters", "related cn-2023-li-v-liu"])
def test_unknown_filter_values_are_usage_errors_on_every_listing(run, command, args, hint):
    result = run(*command.split(), *args)
    if hint is None:
        assert result.exit_code == 0, result.output
        return
    assert hint in one_error_line(result)


@pytest.mark.parametrize("low, high", [("--since", "--until"), ("--filed-since", "--filed-until"),
                                       ("--decided-since", "--decided-until")])
def test_reversed_ranges_are_usage_errors(run, low, high):
    assert f"{low} 2025 is after {high} 2024" in one_error_line(run("cases", low, "2025", high, "2024"))


@pytest.mark.parametrize("args", [("--limit", "99999999999999999999"), ("--offset", "-1"),
                                  ("--since", "2023-13"), ("--until", "tomorrow"), ("--all", "--limit", "3")])
def test_out_of_range_numbers_and_dates_are_usage_errors(run, args):
    result = run("cases", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Error" in result.stderr or "error:" in result.stderr


def test_the_last_dates_of_the_calendar_are_dates(run):
    assert run("cases", "--since", "9999-12-31").exit_code == 0
    assert run("cases", "--until", "9999-12", "--json").exit_code == 0


def test_a_bad_environment_value_is_a_usage_error(run, monkeypatch):
    monkeypatch.setenv("KB_MAX_FILE_MB", "abc")
    assert "KB_MAX_FILE_MB='abc'" in one_error_line(run("cases"))


def test_a_name_of_two_kinds_is_listed_not_picked(run, data_dir):
    (data_dir / "parties.yaml").write_text(PARTIES + "- id: trik-labs\n  name: Trik AI Labs\n  kind: company\n",
                                           encoding="utf-8")
    line = one_error_line(run("export", "dot", "--around", "Trik AI"), code=1)
    assert "product trik-ai" in line and "party trik-labs" in line
    assert "did you mean 'Trik AI'" in one_error_line(run("export", "dot", "--around", "Trik Al"), code=1)


def test_cli_vocabularies_follow_the_models():
    from kb.models import CaseKind, CaseStatus
    from kb.queries import KINDS, STATUSES

    assert STATUSES == get_args(CaseStatus) and KINDS == get_args(CaseKind)


# -- questions about rulings -------------------------------------------------------------------------
def ids(result):
    assert result.exit_code == 0, result.output
    return [c["id"] for c in json.loads(result.stdout)]


def test_decided_and_filed_ranges(run):
    assert ids(run("cases", "--decided-since", "2023-11", "--decided-until", "2023", "--json")) == ["cn-2023-li-v-liu"]
    assert ids(run("cases", "--decided-since", "2024", "--json")) == []
    assert ids(run("cases", "--filed-since", "2023-05", "--filed-until", "2023-10", "--json")) == [
        "cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu"]
    # any date of a case (the 2024 hearing) is not a filing
    assert ids(run("cases", "--filed-since", "2024", "--json")) == []
    assert ids(run("cases", "--since", "2024", "--json")) == ["cn-2023-painters-v-xiaohongshu"]


UNDATED_DECISION = """\
- id: cn-2025-undated-ruling
  title: An undated ruling
  kind: ruling
  jurisdiction: CN
  status: decided
  ruling: {outcome: Plaintiff won, source: s1}
  sources:
    - {id: s1, url: "https://example.org/undated", title: Undated, publisher: Example Court}
"""


def test_a_date_range_says_how_many_cases_it_left_out_for_want_of_a_date(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES + UNDATED_DECISION, encoding="utf-8")
    result = run("cases", "--decided-since", "2023", "--json")
    assert ids(result) == ["cn-2023-li-v-liu"]
    assert "1 case with no decision date left out; --include-undated lists it too" in result.stderr
    assert ids(run("cases", "--decided-since", "2023", "--include-undated", "--json")) == [
        "cn-2023-li-v-liu", "cn-2025-undated-ruling"]
    # a pending suit has no decision to date, and is not counted as undated
    assert "left out" not in run("cases", "--decided-since", "2023", "--jurisdiction", "US").stderr
    # every listing says so, not only kb cases
    assert "1 case with no decision date left out" in run("export", "csv", "--decided-until", "2025").stderr
    result = run("cases", "--filed-since", "2023", "--json")
    assert "1 case with no filing date left out" in result.stderr


def test_on_the_shipped_data_undated_decisions_are_counted_and_can_be_included(run):
    """The Chinese decisions of 2025: each one either dated (year or month at least) or counted as left out."""
    args = ("cases", "--jurisdiction", "CN", "--decided-since", "2025", "--decided-until", "2025", "--json")
    dated = run(*args, data=ROOT / "data")
    both = run(*args, "--include-undated", data=ROOT / "data")
    extra = [c for c in json.loads(both.stdout) if c["id"] not in set(ids(dated))]
    assert all(c["decided"] is None and c["ruling_date"] is None for c in extra), extra
    if extra:
        assert f"{len(extra)} {'case' if len(extra) == 1 else 'cases'} with no decision date left out" in dated.stderr
    else:
        assert "left out" not in dated.stderr
    # 2025 rulings whose sources say they were decided that year carry the year; those whose sources give
    # no year of decision (published in 2025) stay undated, and are counted
    assert {"cn-2025-li-v-culture-media-ai-celebrity-voice", "cn-2025-li-v-platform-ai-label-misjudgement",
            "cn-2025-ju-v-sun-virtual-human-models", "cn-2025-wang-v-wuhan-tech-ai-image"} <= set(ids(dated))
    assert {"cn-2025-cheng-v-sun-ai-altered-portraits", "cn-2025-zhou-v-bj-tech-cat-pendant",
            "cn-2025-zhao-v-face-swap-app-guangdong"} <= {c["id"] for c in extra}


def test_an_interim_ruling_event_counts_as_a_decision(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES.replace(
        "    - {date: 2024-06-20, kind: hearing, what: Online hearing., source: s1}",
        "    - {date: 2024-06-20, kind: ruling, what: Motion to dismiss denied., source: s1}"), encoding="utf-8")
    assert ids(run("cases", "--decided-since", "2024", "--json")) == ["cn-2023-painters-v-xiaohongshu"]


def test_cases_show_outcome_and_decision_date(run):
    (li,) = [c for c in json.loads(run("cases", "--json").stdout) if c["id"] == "cn-2023-li-v-liu"]
    assert li["outcome"] == "Plaintiff won" and li["decided"] == "2023-11-27" and li["ruling_date"] == "2023-11-27"
    assert "Plaintiff won" in run("cases", "--court", "cn-bj-internet").stdout


def test_timeline_takes_the_product_filter(run):
    events = json.loads(run("timeline", "--product", "Trik AI", "--json").stdout)
    assert {e["case"]["id"] for e in events} == {"cn-2023-painters-v-xiaohongshu"}


def test_search_and_related_take_the_case_filters(run):
    assert ids(run("search", "painter", "--jurisdiction", "US", "--json")) == ["us-2023-andersen-v-stability"]
    assert ids(run("related", "cn-2023-painters-v-xiaohongshu", "--kind", "controversy", "--json")) == [
        "cn-2023-xiaohongshu-boycott"]


# -- no silent truncation ----------------------------------------------------------------------------
def test_a_capped_listing_says_how_much_was_shown(run):
    text = run("cases", "--limit", "2").stdout
    assert "2 of 4 case(s) shown; more with --offset 2, --limit N or --all" in text
    assert "4 case(s) shown" not in run("cases").stdout and "of 4" not in run("cases").stdout
    assert "2 of 4 case(s) shown (3-4)" in run("cases", "--offset", "2").stdout


def test_json_returns_everything_unless_limited_and_then_says_the_total(run):
    full = run("related", "cn-2023-li-v-liu", "--json")
    assert len(json.loads(full.stdout)) == 2 and "shown" not in full.stderr
    cut = run("related", "cn-2023-li-v-liu", "--json", "--limit", "1")
    assert len(json.loads(cut.stdout)) == 1 and "1 of 2 case(s) shown" in cut.stderr
    offset = run("cases", "--json", "--limit", "2", "--offset", "1")
    assert ids(offset) == ids(run("cases", "--json"))[1:3]


def test_search_shows_twenty_for_people_and_says_so(run, data_dir):
    many = CASES + "".join(
        f"- id: us-2024-extra-{i}\n  title: Extra painter case {i}\n  kind: controversy\n  jurisdiction: US\n"
        f"  status: resolved\n  sources:\n    - {{id: s1, url: \"https://example.org/{i}\", title: X, publisher: Y}}\n"
        for i in range(25))
    (data_dir / "cases.yaml").write_text(many, encoding="utf-8")
    text = run("search", "painter").stdout
    assert "20 of 27 result(s) shown; more with --offset 20, --limit N or --all" in text
    assert "shown" not in run("search", "painter", "--all").stdout
    assert len(json.loads(run("search", "painter", "--json").stdout)) == 27


# -- reading while the data has errors ------------------------------------------------------------
def test_reads_answer_from_the_last_good_build(run, data_dir):
    assert run("cases").exit_code == 0
    (data_dir / "cases.yaml").write_text(CASES.replace("status: pending", "status: pendng", 1), encoding="utf-8")
    result = run("cases", "--json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 4
    notes = [line for line in result.stderr.splitlines() if not line.startswith("kb: building")]
    assert notes == ["kb: the data has 1 error(s) (run `kb validate`); answering from the last good build"]
    assert run("load").exit_code == 1 and run("validate").exit_code == 1


def test_without_an_earlier_build_errors_still_fail(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES.replace("status: pending", "status: pendng", 1), encoding="utf-8")
    assert run("cases").exit_code == 1


# -- the command line itself --------------------------------------------------------------------------
def test_version_short_help_and_completion(run):
    from kb import __version__

    assert run("--version").stdout.startswith(f"kb {__version__} (data ")
    assert "Usage: kb cases" in run("cases", "-h").stdout
    assert "--install-completion" in run("--help").stdout
    syntax = run("search", "--help").stdout
    assert "copyr*" in syntax and '"a phrase"' in syntax and "-word" in syntax


def test_a_mistyped_command_is_suggested_once(run):
    result = run("serch", "x")
    assert result.exit_code == 2 and result.stderr.count("search") == 1


@pytest.mark.parametrize("query", ["openai [/]", "[red]x[/red]", "[bold]"])
def test_what_the_user_typed_is_echoed_literally(run, query):
    result = run("search", query)
    assert result.exit_code in (0, 2) and "Traceback" not in result.output
    if result.exit_code == 0:
        assert query in result.stdout.replace("\n", " ")


# -- terminals and pipes ----------------------------------------------------------------------------
def kb(args, data_dir, db, env=None, **kwargs):
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "PAGER")}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), "--data", str(data_dir), "--db", str(db), *args],
                          env={**base, **(env or {})}, **kwargs)


def test_piped_output_has_no_padding(data_dir, tmp_path):
    out = kb(["cases"], data_dir, tmp_path / "kb.sqlite", capture_output=True, text=True).stdout
    assert out and all(line == line.rstrip() for line in out.splitlines())


def test_tokens_stay_whole_at_80_columns(data_dir, tmp_path):
    long_url = "https://example.org/" + "a" * 90
    (data_dir / "cases.yaml").write_text(CASES.replace("https://example.org/li-v-liu", long_url), encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    table = kb(["cases"], data_dir, db, env={"COLUMNS": "80"}, capture_output=True, text=True).stdout
    assert "(2023)京0491民初11279号" in table and "us-2023-andersen-v-stability" in table
    assert all(len(line) <= 80 for line in table.splitlines())
    detail = kb(["show", "cn-2023-li-v-liu"], data_dir, db, env={"COLUMNS": "80"}, capture_output=True,
                text=True).stdout
    assert long_url in detail


@pytest.mark.parametrize("args", [("cases",), ("cases", "--jurisdiction", "CN"), ("search", "AI"),
                                  ("judges",), ("related", "cn-2023-illustrators-v-xiaohongshu")])
def test_at_80_columns_the_shipped_data_keeps_ids_whole_or_marked_and_dates_whole(tmp_path, args):
    """An id is shown whole or cut with "…" (never silently); a date is never split across lines."""
    import re

    data = ROOT / "data"
    out = kb([*args, "--all"], data, tmp_path / "kb.sqlite",
             env={"COLUMNS": "80"}, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    ids = {c["id"] for c in json.loads(kb(["cases", "--json"], data, tmp_path / "kb.sqlite", capture_output=True,
                                          text=True).stdout)}
    shown = [word for line in lines for word in line.split() if re.fullmatch(r"[a-z]{2}-\d{4}-[a-z0-9-]+…?", word)]
    assert shown
    for word in shown:
        assert word in ids or (word.endswith("…") and any(i.startswith(word[:-1]) for i in ids)), word
    # a date is never split: no line ends in a date cut inside its month or day
    assert not [line for line in lines if re.search(r"\b\d{4}-(\d|\d{2}-\d)$", line.rstrip())]


def test_kb_help_gives_each_command_its_first_sentence_whole(tmp_path):
    out = kb(["--help"], ROOT / "data", tmp_path / "kb.sqlite", env={"COLUMNS": "80"}, capture_output=True,
             text=True).stdout
    commands = out.split("Commands:")[1]
    assert "..." not in commands
    assert "List cases, oldest first, filtered by court, party, claim," in commands
    assert all(len(line) <= 80 for line in out.splitlines())


def in_a_terminal(args, data_dir, db, env):
    """Run kb with its stdout on a pseudo-terminal; return what the terminal showed."""
    leader, follower = pty.openpty()
    proc = kb(args, data_dir, db, env={"COLUMNS": "100", "LINES": "5", **env}, stdout=follower,
              stderr=subprocess.DEVNULL, stdin=follower, timeout=60)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def test_long_output_pages_on_a_terminal_only(data_dir, tmp_path):
    db = tmp_path / "kb.sqlite"
    pager = {"PAGER": "sed s/^/PAGED:/"}
    assert "PAGED:" in in_a_terminal(["timeline"], data_dir, db, pager)
    assert "PAGED:" not in in_a_terminal(["timeline", "--no-pager"], data_dir, db, pager)
    piped = kb(["timeline"], data_dir, db, env={**pager, "LINES": "5"}, capture_output=True, text=True).stdout
    assert "PAGED:" not in piped and "Online hearing." in piped


def test_no_color_drops_every_style(data_dir, tmp_path):
    db = tmp_path / "kb.sqlite"
    styled = in_a_terminal(["cases", "--no-pager"], data_dir, db, {})
    assert "\x1b[1m" in styled  # bold titles on a terminal
    plain = in_a_terminal(["cases", "--no-pager"], data_dir, db, {"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "cn-2023-li-v-liu" in plain
