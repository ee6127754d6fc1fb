"""`kb stale` and kb.freshness: open cases whose as_of is older than N months."""

import datetime as dt
import json

import pytest

from conftest import CASES, write_data
from kb import store
from kb.freshness import cutoff, stale

# The fixture's open cases: painters (pending, as_of 2024-06) and andersen (pending, as_of 2024-08).


def test_cutoff_counts_calendar_months():
    assert cutoff(6, dt.date(2026, 11, 27)) == dt.date(2026, 5, 27)
    assert cutoff(0, dt.date(2026, 11, 27)) == dt.date(2026, 11, 27)


def test_open_cases_older_than_the_cutoff_oldest_first(con):
    rows = stale(con, 6, dt.date(2025, 3, 1))
    assert [(r["id"], r["as_of"]) for r in rows] == [
        ("cn-2023-painters-v-xiaohongshu", "2024-06"), ("us-2023-andersen-v-stability", "2024-08")]
    assert set(rows[0]) == {"id", "title", "jurisdiction", "status", "as_of"}


def test_a_month_is_stale_only_when_all_of_it_is_before_the_cutoff(con):
    # 2024-08 runs to 31 August: six months before 2025-02-28 is 2024-08-28, inside the month.
    assert [r["id"] for r in stale(con, 6, dt.date(2025, 2, 28))] == ["cn-2023-painters-v-xiaohongshu"]
    assert [r["id"] for r in stale(con, 6, dt.date(2025, 3, 1))][-1] == "us-2023-andersen-v-stability"
    assert stale(con, 6, dt.date(2024, 12, 31)) == []


def test_decided_and_resolved_cases_are_never_stale(con):
    ids = {r["id"] for r in stale(con, 0, dt.date(2100, 1, 1))}
    assert ids == {"cn-2023-painters-v-xiaohongshu", "us-2023-andersen-v-stability"}


def test_an_open_case_without_as_of_comes_first(tmp_path):
    cases = CASES.replace("  as_of: 2024-08\n", "", 1).replace("status: resolved", "status: appealed")
    paths = store.Paths(write_data(tmp_path / "data", cases=cases), tmp_path / "kb.sqlite")
    assert store.build(paths)[0] is not None
    con = store.connect_readonly(paths.db)
    try:
        rows = stale(con, 6, dt.date(2025, 3, 1))
    finally:
        con.close()
    assert [(r["id"], r["as_of"], r["status"]) for r in rows] == [
        ("cn-2023-xiaohongshu-boycott", None, "appealed"), ("us-2023-andersen-v-stability", None, "pending"),
        ("cn-2023-painters-v-xiaohongshu", "2024-06", "pending")]


def test_negative_months_are_refused(con):
    with pytest.raises(ValueError):
        stale(con, -1)


def test_cli_lists_json_and_table(run):
    listed = json.loads(run("stale", "--json").stdout)
    assert [r["id"] for r in listed] == ["cn-2023-painters-v-xiaohongshu", "us-2023-andersen-v-stability"]
    table = run("stale", "--months", "1")
    assert table.exit_code == 0
    assert "2 open case(s) with as_of older than 1 month(s)" in table.stdout
    assert table.stdout.index("cn-2023-painters-v-xiaohongshu") < table.stdout.index("us-2023-andersen-v-stability")


def test_cli_refuses_negative_months(run):
    result = run("stale", "--months", "-1")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_cli_months_beyond_everything_lists_nothing(run):
    # 999 months before today is before every as_of in the fixture.
    assert json.loads(run("stale", "--months", "999", "--json").stdout) == []


def test_is_stale_is_the_rule_of_stale_for_one_record(con):
    from kb.freshness import STALE_MONTHS, is_stale

    assert STALE_MONTHS == 6
    for today in (dt.date(2024, 12, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2100, 1, 1)):
        listed = {r["id"] for r in stale(con, today=today)}
        rows = con.execute("SELECT id, status, as_of FROM cases").fetchall()
        assert {r["id"] for r in rows if is_stale(r["status"], r["as_of"], today)} == listed, today


def test_an_ongoing_controversy_is_open_and_can_go_stale(tmp_path):
    from kb.freshness import is_stale

    assert is_stale("ongoing", "2023-05", dt.date(2026, 12, 4))
    assert not is_stale("ongoing", "2026-11", dt.date(2026, 12, 4))
    assert is_stale("pending", None, dt.date(2026, 12, 4)) and not is_stale("decided", None, dt.date(2026, 12, 4))
    cases = CASES.replace("status: resolved", "status: ongoing\n  as_of: 2023-09")
    paths = store.Paths(write_data(tmp_path / "data", cases=cases), tmp_path / "kb.sqlite")
    assert store.build(paths)[0] is not None
    con = store.connect_readonly(paths.db)
    try:
        assert "cn-2023-xiaohongshu-boycott" in {r["id"] for r in stale(con, 6, dt.date(2025, 3, 1))}
    finally:
        con.close()
