"""Lints for damaged records, alone and as `kb validate` reports them."""

import json
import textwrap

import pytest

from conftest import CASES, write_data
from kb.lints import damaged_text, unbalanced
from kb.loading import load_dataset


@pytest.mark.parametrize("text", [
    "Li v. Liu (the “Spring Breeze” case)",
    "《生成式人工智能服务管理暂行办法》（2023年）",
    "nested ([x] {y}) and “quoted” and 'it's' Tsuburaya’s",
    'a "straight" quote pair',
    "",
])
def test_balanced_text_passes(text):
    assert unbalanced(text) is None


@pytest.mark.parametrize("text, problem", [
    ("Article 50 transparency duties (AI interaction notice", "'(' at character 32 is never closed"),
    ("《生成式人工智能服务管理暂行办法", "'《' at character 1 is never closed"),
    ("法院认定（被告侵权", "'（' at character 5 is never closed"),
    ("他说“不构成作品", "'“' at character 3 is never closed"),
    ("a stray ) here", "')' at character 9 closes nothing"),
    ("crossed ( [ ) ]", "')' at character 13 closes '[' (opened at character 11)"),
    ("mixed widths （half)", "')' at character 19 closes '（' (opened at character 14)"),
    ('one "straight quote', 'an odd number of straight quotes (")'),
])
def test_unbalanced_text_is_named(text, problem):
    assert unbalanced(text) == problem


def test_damaged_text_walks_nested_prose_fields_only():
    raw = {"id": "x-(", "title": "ok", "events": [{"what": "ok"}, {"what": "cut (short"}],
           "sources": [{"url": "https://example.org/a_(b", "title": "《书名"}], "ruling": {"holding": "“x"}}
    assert sorted(path for path, _ in damaged_text(raw)) == sorted(
        [("events", 1, "what"), ("sources", 0, "title"), ("ruling", "holding")])


def test_a_valid_record_is_looked_at_through_its_model_with_the_same_findings():
    """A valid record's prose is found where its model says prose can be; the same as the walk over every value,
    on records with damaged text in every place, and on every record of the shipped data."""
    from pathlib import Path

    from kb.lints import _damaged_fields
    from kb.loading import _Checker
    from kb.models import REGISTRIES, Case

    case = {"id": "cn-2023-x", "title": "T (", "title_zh": "《书", "kind": "lawsuit", "jurisdiction": "CN",
            "status": "pending", "summary": 'a "b', "note": "n ]",
            "events": [{"date": "2023", "what": "ok", "source": "s1"}, {"date": "2023", "what": "cut (short", "what_zh": "“x",
                                                        "source": "s1", "note": "【"}],
            "ruling": {"outcome": "o)", "holding": "h{", "source": "s1", "damages": {"amount": 1, "currency": "CNY"}},
            "sources": [{"id": "s1", "url": "https://example.org/a_(b", "title": "《书名", "publisher": "P ("}],
            "citations": [{"citation": "x (", "date": "2023", "source": "s1", "note": "(("}],
            "reviewed_warnings": [{"warning": "w (", "reason": "r"}]}
    Case.model_validate(case)
    found = []
    _damaged_fields(Case, case, (), found)
    assert sorted(found) == sorted(damaged_text(case)) and len(found) == 12

    checker = _Checker(__import__("datetime").date.today())
    data = Path(__file__).parent.parent / "data"
    for name in REGISTRIES:
        for entry in checker.read_file(name, data / f"{name}.yaml") or []:
            assert entry.record is not None
            found = []
            _damaged_fields(REGISTRIES[name], entry.raw, (), found)
            assert sorted(found) == sorted(damaged_text(entry.raw)), entry.raw.get("id")


def _line_of(text, needle):
    return next(n for n, line in enumerate(textwrap.dedent(text).splitlines(), 1) if needle in line)


def _validate(run, data_dir, cases):
    (data_dir / "cases.yaml").write_text(textwrap.dedent(cases), encoding="utf-8")
    return run("validate", "--format", "json")


def test_validate_warns_at_the_line_of_a_cut_short_text(run, data_dir):
    cases = CASES.replace("summary: An AI-generated image is a work.", "summary: An AI-generated image (a work.")
    result = _validate(run, data_dir, cases)
    findings = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(f["line"], f["severity"]) for f in findings] == [(_line_of(cases, "image (a work"), "warning")]
    assert "unbalanced brackets or quotes in summary: '(' at character 23 is never closed" in findings[0]["message"]
    assert run("validate", "--strict").exit_code == 1


def test_validate_warns_about_an_open_case_without_as_of(run, data_dir):
    cases = CASES.replace("  as_of: 2024-06\n", "", 1)
    (finding,) = json.loads(_validate(run, data_dir, cases).stdout)
    assert finding["message"] == "a pending case has no as_of" and finding["severity"] == "warning"
    assert finding["line"] == _line_of(cases, "status: pending")


def test_a_decided_case_without_as_of_is_not_reported(tmp_path):
    _, findings = load_dataset(write_data(tmp_path / "data"))
    assert findings == []


LINKED = CASES.replace(
    "    - {date: 2023-08, kind: complaint, what: Illustrators object., source: s1}\n",
    "    - {date: 2023-08, kind: complaint, what: Illustrators object., source: s1}\n"
    "    - {date: 2024-06-20, kind: statement, what: Online hearing., source: s1}\n",
)


def test_one_day_told_with_two_kinds_in_linked_records_is_reported_once(tmp_path):
    _, findings = load_dataset(write_data(tmp_path / "data", cases=LINKED))
    (finding,) = findings
    assert finding.severity == "warning" and finding.line == _line_of(LINKED, "kind: statement, what: Online hearing.")
    assert finding.message == ("the event of 2024-06-20 has kind 'statement' here but 'hearing' in linked case "
                               "cn-2023-painters-v-xiaohongshu")


def test_same_kind_on_the_same_day_or_a_month_date_is_no_conflict(tmp_path):
    same = LINKED.replace("kind: statement, what: Online hearing.", "kind: hearing, what: Online hearing.")
    assert load_dataset(write_data(tmp_path / "a", cases=same))[1] == []
    month = LINKED.replace("{date: 2024-06-20, kind: statement", "{date: 2024-06, kind: statement").replace(
        "{date: 2024-06-20, kind: hearing", "{date: 2024-06, kind: hearing")
    assert load_dataset(write_data(tmp_path / "b", cases=month))[1] == []


def test_unlinked_records_on_the_same_day_are_no_conflict(tmp_path):
    unlinked = LINKED.replace("  related:\n    - {case: cn-2023-painters-v-xiaohongshu, relation: related-controversy}\n", "")
    assert load_dataset(write_data(tmp_path / "data", cases=unlinked))[1] == []


def test_damaged_registry_names_are_reported_too(tmp_path):
    from conftest import PARTIES

    parties = PARTIES.replace("name_zh: 李某", "name_zh: 李某（原告")
    (finding,) = load_dataset(write_data(tmp_path / "data", parties=parties))[1]
    assert finding.file.endswith("parties.yaml") and finding.line == 3 and "'（'" in finding.message


# A note that says the opposite of its record: each pattern alone, at the note's line, and not when the
# record agrees with it.
NOTED = CASES.replace(
    "  summary: An AI-generated image is a work.\n",
    "  summary: An AI-generated image is a work.\n  note: NOTE\n", 1)


def _note_findings(tmp_path, note, cases=NOTED):
    return load_dataset(write_data(tmp_path / "data", cases=cases.replace("NOTE", note)))[1]


def test_a_note_saying_only_the_month_is_entered_beside_a_full_date_is_reported(tmp_path):
    (finding,) = _note_findings(tmp_path, "The judgment was reported recently, so only the month is entered.")
    assert finding.severity == "warning" and finding.line == _line_of(NOTED, "note: NOTE")
    assert finding.message == ("the note says only the month is entered, but no date here is at month precision "
                               "(2023-11-27)")


def test_only_the_month_is_no_contradiction_when_the_date_it_speaks_of_is_a_month(tmp_path):
    month = NOTED.replace("  decided: 2023-11-27\n", "  decided: 2023-11\n").replace(
        "    date: 2023-11-27\n    outcome", "    date: 2023-11\n    outcome")
    assert _note_findings(tmp_path, "The judgment day is not given, so only the month is recorded.", month) == []


def test_a_note_on_filing_speaks_of_the_filing_date_only(tmp_path):
    # The case's decision date is a full day; the filing date (2023-05) is the month the note speaks of.
    assert _note_findings(tmp_path, "The suit was filed in May, so only the month is entered.") == []
    day = NOTED.replace("  filed: 2023-05\n", "  filed: 2023-05-04\n")
    (finding,) = _note_findings(tmp_path, "The suit was filed in May, so only the month is entered.", day)
    assert finding.message.endswith("no date here is at month precision (2023-05-04)")


def test_an_event_note_speaks_of_its_own_event(tmp_path):
    cases = CASES.replace(
        "    - {date: 2023-11-27, kind: ruling, what: Judgment for the plaintiff., source: s1}\n",
        "    - {date: 2023-11-27, kind: ruling, what: Judgment for the plaintiff., source: s1,\n"
        "       note: Only the month is given by the source; only the month is entered.}\n")
    (finding,) = load_dataset(write_data(tmp_path / "data", cases=cases))[1]
    assert finding.line == _line_of(cases, "note: Only the month is given")
    assert "only the month is entered, but no date here is at month precision (2023-11-27)" in finding.message


def test_a_note_saying_no_case_number_was_found_beside_one_is_reported(tmp_path):
    (finding,) = _note_findings(tmp_path, "No case number was found in the sources read.")
    assert finding.message == "the note says no case number was found, but case_number is (2023)京0491民初11279号"
    without = NOTED.replace("  case_number: (2023)京0491民初11279号\n", "")
    assert _note_findings(tmp_path, "No case number was found in the sources read.", without) == []


def test_a_note_saying_no_later_rulings_were_found_beside_a_ruling_is_reported(tmp_path):
    (finding,) = _note_findings(tmp_path, "Later developments (e.g. motions, rulings) were not found.")
    assert finding.message == ("the note says no later rulings or developments were found, but the record has "
                               "a ruling of 2023-11-27")
    no_ruling = NOTED.replace(", kind: ruling, what: Judgment", ", kind: statement, what: Judgment")
    assert _note_findings(tmp_path, "No later rulings were found.", no_ruling) == []
    # A decision still awaited is not a later ruling denied.
    assert _note_findings(tmp_path, "The appeal is argued; no decision was found.") == []


def test_a_report_event_citing_another_days_report_is_reported(tmp_path):
    cases = CASES.replace(
        "    - {date: 2023-11, kind: statement, what: Court publishes the case., source: s1}\n",
        "    - {date: 2023-11-29, kind: statement, what: Court publishes the case., source: s2}\n").replace(
        "    - {id: s1, url: \"https://example.org/li-v-liu\", title: Li v. Liu, publisher: Example Court, "
        "published: 2023-11-29}\n",
        "    - {id: s1, url: \"https://example.org/li-v-liu\", title: Li v. Liu, publisher: Example Court, "
        "published: 2023-11-29}\n"
        "    - {id: s2, url: \"https://example.org/li-v-liu-2\", title: Li v. Liu again, publisher: Example News, "
        "published: 2023-11-30}\n")
    (finding,) = load_dataset(write_data(tmp_path / "data", cases=cases))[1]
    assert finding.line == _line_of(cases, "{date: 2023-11-29, kind: statement")
    assert finding.message == "the report of 2023-11-29 cites s2, published 2023-11-30, while s1 was published that day"
    fixed = cases.replace("Court publishes the case., source: s2}", "Court publishes the case., source: s1}")
    assert load_dataset(write_data(tmp_path / "fixed", cases=fixed))[1] == []


def test_no_note_of_the_shipped_data_contradicts_its_record():
    from pathlib import Path

    from kb.lints import misdated_report_sources, note_contradictions, notes_naming_unknown_sources

    dataset, _ = load_dataset(Path(__file__).resolve().parent.parent / "data")
    cases = list(dataset.cases.values()) if isinstance(dataset.cases, dict) else list(dataset.cases)
    assert len(cases) > 90
    assert [(c.id, p) for c in cases for p in note_contradictions(c)] == []
    assert [(c.id, i) for c in cases for i in misdated_report_sources(c)] == []
    assert [(c.id, p) for c in cases for p in notes_naming_unknown_sources(c)] == []


def test_a_lint_warning_can_be_accepted_on_the_record_like_any_other(tmp_path):
    note = "The judgment was reported recently, so only the month is entered."
    message = "the note says only the month is entered, but no date here is at month precision (2023-11-27)"
    reviewed = NOTED.replace("  note: NOTE\n", f"  note: {note}\n  reviewed_warnings:\n"
                             f"    - warning: {message}\n      reason: The month is that of the report.\n")
    assert load_dataset(write_data(tmp_path / "data", cases=reviewed))[1] == []
    stale = reviewed.replace(note, "The judgment was reported recently.")
    (finding,) = load_dataset(write_data(tmp_path / "stale", cases=stale))[1]
    assert finding.message == "this reviewed warning is no longer raised"


def test_a_note_naming_a_source_the_case_does_not_list_is_reported(tmp_path):
    (finding,) = _note_findings(tmp_path, "The day comes from the court's notice (s1) and a report (s4).")
    assert finding.message == "the note names source s4, which this case does not list"
    assert finding.line == _line_of(NOTED, "note: NOTE")
    assert _note_findings(tmp_path, "The day comes from the court's notice (s1).") == []


def test_an_ongoing_matter_without_as_of_is_flagged_like_kb_stale_watches_it():
    """The lint and `kb stale` share one list of open statuses: an ongoing matter is open to both."""
    from types import SimpleNamespace

    from kb.freshness import OPEN_STATUSES
    from kb.lints import open_without_as_of

    assert "ongoing" in OPEN_STATUSES
    for status in OPEN_STATUSES:
        assert open_without_as_of(SimpleNamespace(status=status, as_of=None))
        assert not open_without_as_of(SimpleNamespace(status=status, as_of="2026-01"))
    assert not open_without_as_of(SimpleNamespace(status="decided", as_of=None))


@pytest.mark.parametrize("text, found", [
    ("awarded RMB 1,560 on 27 November 2023", {1560, 2023}),
    ("判令赔偿5万元", {50000}),
    ("damages of 50,000 yuan", {50000}),
    ("a $1.5 billion settlement", {1_500_000_000}),
    ("15亿美元和解", {1_500_000_000}),
    ("3千万元", {30_000_000}),
    ("(2023)京0491民初11279号", {2023, 11279}),
    ("No. 5:26-cv-02334", {2334}),
    ("４ illustrators, 1.5 on its own, 999 days", set()),
])
def test_numbers_are_read_as_either_language_writes_them(text, found):
    from kb.lints import numbers

    assert numbers(text) == found


def test_an_event_whose_chinese_gives_another_year_or_amount_is_reported(run, data_dir):
    cases = CASES.replace(
        "what: Judgment for the plaintiff., source: s1}",
        "what: \"Judgment for the plaintiff (RMB 5,000) in 2023.\", what_zh: 2024年判决原告胜诉（5000元）。, source: s1}")
    (finding,) = json.loads(_validate(run, data_dir, cases).stdout)
    assert finding["severity"] == "warning" and finding["line"] == _line_of(cases, "what_zh: 2024年")
    assert finding["message"] == "what_zh gives 2024 where what gives 2023"
    assert "give the same numbers in both languages" in finding["hint"]


@pytest.mark.parametrize("what_zh, message", [
    ("2023年判决原告胜诉。", "what gives 5000, which what_zh does not"),
    ("2023年判决原告胜诉（5000元，上诉期2024年届满）。", "what_zh gives 2024, which what does not"),
])
def test_a_number_on_one_side_only_is_named_with_its_side(tmp_path, what_zh, message):
    cases = CASES.replace("what: Judgment for the plaintiff., source: s1}",
                          f"what: \"Judgment for the plaintiff (RMB 5,000) in 2023.\", what_zh: \"{what_zh}\", source: s1}}")
    (finding,) = load_dataset(write_data(tmp_path / "data", cases=cases))[1]
    assert finding.message == message


def test_a_holding_is_compared_with_its_chinese_too(tmp_path):
    cases = CASES.replace("    outcome: Plaintiff won\n", "    outcome: Plaintiff won\n"
                          "    holding: Damages of 0.5 million yuan.\n    holding_zh: 判赔5万元。\n")
    (finding,) = load_dataset(write_data(tmp_path / "data", cases=cases))[1]
    assert finding.message == "holding_zh gives 50,000 where holding gives 500,000"
    assert load_dataset(write_data(tmp_path / "ok", cases=cases.replace("判赔5万元", "判赔50万元")))[1] == []


def test_the_same_numbers_written_each_languages_way_pass(tmp_path):
    cases = CASES.replace("what: Judgment for the plaintiff., source: s1}",
                          "what: \"On 27 November 2023 the court awarded 20,000 yuan.\", "
                          "what_zh: 2023年11月27日，法院判赔2万元。, source: s1}")
    assert load_dataset(write_data(tmp_path / "data", cases=cases))[1] == []


def test_every_translated_line_of_the_shipped_data_gives_the_same_numbers():
    from pathlib import Path

    from kb.lints import TRANSLATED, translation_mismatches

    dataset, _ = load_dataset(Path(__file__).parent.parent / "data")
    compared = sum(1 for case in dataset.cases.values()
                   for record in [*case.events, *([case.ruling] if case.ruling else [])]
                   for en, zh in TRANSLATED if getattr(record, en, None) and getattr(record, zh, None))
    assert compared >= 3  # events and holdings with both languages exist to compare
    assert [(case.id, found) for case in dataset.cases.values() for found in translation_mismatches(case)] == []
