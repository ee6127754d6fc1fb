"""Every check of `kb validate`, each asserting the message and the exact line and column."""

import datetime as dt
import re

import pytest

from conftest import CASES, write_data
from kb.errors import DataDirError
from kb.loading import load_dataset

TODAY = dt.date(2026, 1, 1)

ONE_CASE = """\
- id: c1
  title: A case
  kind: lawsuit
  jurisdiction: CN
  court: cn-bj-internet
  status: pending
  filed: 2023-10
  claims: [copyright-infringement]
  events:
    - {date: 2024-06-20, what: Hearing., source: s1}
  sources:
    - {id: s1, url: "https://example.org/a", title: A, publisher: P}
  as_of: 2024-06
"""


def findings_for(tmp_path, **files):
    _, findings = load_dataset(write_data(tmp_path / "d", **files), today=TODAY)
    return [(f.file.rsplit("/", 1)[-1], f.line, f.col, f.message, f.hint, f.severity) for f in findings]


def only(tmp_path, **files):
    found = findings_for(tmp_path, **files)
    assert len(found) == 1, found
    return found[0]


def test_the_fixture_is_valid(tmp_path):
    dataset, findings = load_dataset(write_data(tmp_path / "d"), today=TODAY)
    assert findings == []
    assert list(dataset.cases) == [
        "cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu", "us-2023-andersen-v-stability",
        "cn-2023-xiaohongshu-boycott",
    ]
    assert dataset.cases["cn-2023-li-v-liu"].ruling.damages.amount == 500


def replace(old, new, text=ONE_CASE):
    assert old in text
    return text.replace(old, new)


def test_a_us_court_without_its_courtlistener_id_is_a_warning_at_its_id(tmp_path):
    from conftest import COURTS

    courts = COURTS.replace("  courtlistener: cand\n", "") + (
        "- id: us-copyright-office\n  name: United States Copyright Office\n  jurisdiction: US\n  level: agency\n")
    f = only(tmp_path, courts=courts)
    assert f == ("courts.yaml", 8, 7, "the US court 'us-cand' has no courtlistener id",
                 "add `courtlistener:` with the court's id in CourtListener and courts-db, e.g. cand for the Northern "
                 "District of California", "warning")  # an agency has none: no warning for it


def test_unknown_court_is_located_and_a_close_id_suggested(tmp_path):
    f = only(tmp_path, cases=replace("court: cn-bj-internet", "court: bj-internet"))
    assert f[:4] == ("cases.yaml", 5, 10, "unknown court 'bj-internet'")
    assert f[4] == "did you mean 'cn-bj-internet'?"


def test_a_court_named_instead_of_its_id_suggests_the_id(tmp_path):
    f = only(tmp_path, cases=replace("court: cn-bj-internet", "court: 北京互联网法院"))
    assert f[3] == "unknown court '北京互联网法院'" and f[4] == "did you mean 'cn-bj-internet'?"


def test_unknown_claim_and_source_references(tmp_path):
    text = replace("[copyright-infringement]", "[copyright]")
    text = replace("source: s1}", "source: s9}", text)
    found = findings_for(tmp_path, cases=text)
    assert [(f[1], f[2], f[3]) for f in found] == [
        (8, 12, "unknown claim 'copyright'"),
        (10, 50, "unknown source 's9'"),
    ]
    assert "s1" in found[1][4]


def test_unknown_field_points_at_its_key_with_a_suggestion(tmp_path):
    f = only(tmp_path, cases=replace("  status: pending", "  status: pending\n  sumary: x"))
    assert f[:5] == ("cases.yaml", 7, 3, "unknown field 'sumary'", "did you mean 'summary'?")


def test_missing_required_field_points_at_the_record(tmp_path):
    f = only(tmp_path, cases=replace("  title: A case\n", ""))
    assert f[:4] == ("cases.yaml", 1, 3, "missing required field 'title'")


def test_enum_value_with_suggestion(tmp_path):
    f = only(tmp_path, cases=replace("status: pending", "status: pendng"))
    assert (f[1], f[2]) == (6, 11)
    assert f[3].startswith("'pendng' is not a valid status") and f[4] == "did you mean 'pending'?"


def test_id_format(tmp_path):
    f = only(tmp_path, cases=replace("- id: c1", "- id: Case One"))
    assert f[1:4] == (1, 7, "id: 'Case One' is not a valid id") and "'case-one'" in f[4]


def test_duplicate_ids_name_the_first_line(tmp_path):
    f = only(tmp_path, cases=ONE_CASE + ONE_CASE)
    assert f[1:4] == (14, 7, "duplicate id 'c1' (also at line 1)")


def test_duplicate_yaml_key(tmp_path):
    f = only(tmp_path, cases=replace("  kind: lawsuit\n", "  kind: lawsuit\n  kind: ruling\n"))
    assert f[1:4] == (4, 3, "duplicate key 'kind' (first given on line 3)")


@pytest.mark.parametrize(
    "old, new, line, col, message",
    [
        ("filed: 2023-10", "filed: 2023-13-01", 7, 10, "filed: '2023-13-01' is not a real calendar date"),
        ("filed: 2023-10", "filed: 2023-02-30", 7, 10, "filed: '2023-02-30' is not a real calendar date"),
        ("filed: 2023-10", "filed: 2023.10", 7, 10, "filed: 2023.1 is not a date"),
        ("filed: 2023-10", "filed: 2099-01", 7, 10, "date 2099-01 is in the future"),
        ("date: 2024-06-20", "date: 2027", 10, 14, "date 2027 is in the future"),
    ],
)
def test_date_checks(tmp_path, old, new, line, col, message):
    f = only(tmp_path, cases=replace(old, new))
    assert f[1:4] == (line, col, message)


def test_decided_before_filed(tmp_path):
    f = only(tmp_path, cases=replace("filed: 2023-10", "filed: 2023-10\n  decided: 2023-09-30"))
    assert f[1:4] == (8, 12, "decided 2023-09-30 is before filed 2023-10")


def test_same_month_is_not_before(tmp_path):
    assert findings_for(tmp_path, cases=replace("filed: 2023-10", "filed: 2023-10-15\n  decided: 2023-10")) == []


def test_url_must_be_http(tmp_path):
    f = only(tmp_path, cases=replace('"https://example.org/a"', '"javascript:alert(1)"'))
    assert f[1] == 12 and "must be a web address starting with https://" in f[3]


def test_boolean_where_text_belongs_has_a_quoting_hint(tmp_path):
    f = only(tmp_path, cases=replace("title: A case", "title: false"))
    assert f[1:4] == (2, 10, "title: expected text, found false") and "quotes" in f[4]


def test_yes_and_no_are_text_as_in_yaml_1_2(tmp_path):
    assert findings_for(tmp_path, cases=replace("title: A case", "title: no")) == []
    f = only(tmp_path, cases=replace("status: pending", "status: on"))
    assert f[3].startswith("'on' is not a valid status")


def test_string_where_a_list_belongs(tmp_path):
    f = only(tmp_path, cases=replace("claims: [copyright-infringement]", "claims: copyright-infringement"))
    assert f[1:4] == (8, 11, "claims: expected a list, found a text")


def test_number_as_id(tmp_path):
    f = only(tmp_path, cases=replace("- id: c1", "- id: 42"))
    assert f[1:4] == (1, 7, "id: expected text, found a number")


def test_case_without_sources(tmp_path):
    text = ONE_CASE.split("  sources:")[0].replace("source: s1", "source: s1").replace(
        "  events:\n    - {date: 2024-06-20, what: Hearing., source: s1}\n", "")
    f = only(tmp_path, cases=text)
    assert f[3] == "missing required field 'sources'"


def test_self_relation(tmp_path):
    f = only(tmp_path, cases=ONE_CASE + "  related:\n    - {case: c1, relation: cites}\n")
    assert f[1:4] == (15, 14, "a case cannot be related to itself")


def test_controversy_with_a_court_is_a_warning(tmp_path):
    f = only(tmp_path, cases=replace("kind: lawsuit", "kind: controversy"))
    assert f[5] == "warning" and f[1] == 5


@pytest.mark.parametrize(
    "text, line, col, words",
    [
        ("- id: c1\n\t title: x\n", 2, 1, "tab"),
        ("", 1, 1, "the file holds no records"),
        ("# only a comment\n", 1, 1, "the file holds no records"),
        ("id: c1\ntitle: x\n", 1, 1, "expected a list of cases, found a mapping"),
        ("- !!python/object/apply:os.system [echo hi]\n", 1, 3, "the YAML tag '!!python/object/apply:os.system'"),
        ("- id: 'c1\n", 2, 1, "quoted scalar"),
    ],
)
def test_broken_files(tmp_path, text, line, col, words):
    f = only(tmp_path, cases=text)
    assert f[1:3] == (line, col) and words in f[3], f


def test_non_utf8_file_is_located(tmp_path):
    d = write_data(tmp_path / "d")
    (d / "cases.yaml").write_bytes(ONE_CASE.encode().replace(b"A case", b"A \xff case"))
    _, findings = load_dataset(d, today=TODAY)
    assert [(f.line, f.col, f.message) for f in findings] == [(2, 12, "the file is not valid UTF-8")]


def test_nul_byte_is_located(tmp_path):
    d = write_data(tmp_path / "d")
    (d / "cases.yaml").write_bytes(ONE_CASE.encode().replace(b"A case", b"A\x00case"))
    _, findings = load_dataset(d, today=TODAY)
    assert [(f.line, f.col, f.message) for f in findings] == [(2, 11, "the file contains a NUL byte")]


def test_every_finding_is_reported_not_just_the_first(tmp_path):
    text = replace("court: cn-bj-internet", "court: nowhere")
    text = replace("status: pending", "status: nope", text)
    text = replace("filed: 2023-10", "filed: 2023-13", text)
    found = findings_for(tmp_path, cases=text)
    assert [f[1] for f in found] == [5, 6, 7]


def test_one_bad_record_does_not_hide_the_others(tmp_path):
    dataset, findings = load_dataset(write_data(tmp_path / "d", cases=CASES + "- id: broken\n"), today=TODAY)
    assert len(dataset.cases) == 4
    assert {f.message for f in findings} == {f"missing required field '{n}'" for n in
                                            ("title", "kind", "jurisdiction", "status", "sources")}


def test_missing_data_directory(tmp_path):
    with pytest.raises(DataDirError, match="data directory not found"):
        load_dataset(tmp_path / "nope")


def test_directory_without_data_files(tmp_path):
    with pytest.raises(DataDirError, match="no data files"):
        load_dataset(tmp_path)


@pytest.mark.parametrize(
    "number, message",
    [
        ("(2023)京0491民初11279号", None),
        ("(2023)沪0104民初11279号", "case number court code 沪0104 differs from cn-bj-internet's code 京0491"),
        ("(2022)京0491民初11279号", "case number year 2022 differs from the filing year 2023"),
        ("case 42", "case number 'case 42' is in no format kb knows"),
    ],
)
def test_case_number_checks_are_warnings(tmp_path, number, message):
    courts = "- {id: cn-bj-internet, name: Beijing Internet Court, name_zh: 北京互联网法院, jurisdiction: CN, code: 京0491}\n"
    text = replace("  status: pending", f"  case_number: \"{number}\"\n  status: pending")
    found = findings_for(tmp_path, cases=text, courts=courts)
    if message is None:
        assert found == []
    else:
        assert [(f[1], f[2], f[3], f[5]) for f in found] == [(6, 16, message, "warning")]


def test_swapped_sections_are_reported_not_crashed_on(tmp_path):
    # found by the property tests: events written under `sources:` and sources under `events:`
    text = ONE_CASE.replace("  events:\n", "  TMP:\n").replace("  sources:\n", "  events:\n").replace("  TMP:\n",
                                                                                                  "  sources:\n")
    found = findings_for(tmp_path, cases=text)
    assert found and all(f[5] == "error" for f in found)
    assert any("missing required field" in f[3] or "unknown field" in f[3] for f in found)


def test_a_mapping_where_a_reference_belongs_is_a_type_error(tmp_path):
    # found by the property tests: `court:` with nothing after it, and the next key indented under it
    found = findings_for(tmp_path, cases=replace("  court: cn-bj-internet\n  status", "  court:\n   status"))
    assert [(f[1], f[2], f[3]) for f in found] == [(1, 3, "missing required field 'status'"),
                                                   (6, 4, "court: expected text, found a mapping")]


def test_dates_out_of_order_are_reported_with_the_other_errors_of_the_record(run, data_dir):
    cases = data_dir / "cases.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("status: decided", "status: decidedd", 1)
                     .replace("decided: 2023-11-27", "decided: 2023-04-30", 1), encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1
    assert "'decidedd' is not a valid status" in result.stderr
    assert "decided 2023-04-30 is before filed 2023-05" in result.stderr


@pytest.mark.parametrize("indent", [" kind: ruling\n", "   kind: ruling\n"])
def test_bad_indentation_gets_a_hint_beyond_the_parsers_words(run, data_dir, indent):
    cases = data_dir / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("  kind: ruling\n", indent, 1), encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1
    assert re.search(r"cases\.yaml:4:\d+: error: .*check the indentation of this line and the one above it",
                     result.stderr), result.stderr
