import re

import pytest
import yaml

from kb.scaffold import new_case_id, slug, unique_id


def test_ids_are_slugs_and_unique():
    assert slug("Getty Images (US), Inc. v. Stability AI") == "getty-images-us-v-stability"
    assert unique_id("a", ["a", "a-2"]) == "a-3"
    assert new_case_id("Li v. Liu", "CN", 2023, ["cn-2023-li-v-liu"]) == "cn-2023-li-v-liu-2"
    assert new_case_id("Getty v. Stability", "GB", 2023, []) == "uk-2023-getty-v-stability"


def test_new_case_prints_a_record_with_placeholders(run):
    result = run("new", "case", "--title", "Doe v. Example AI", "--jurisdiction", "us", "--kind", "lawsuit",
                 "--court", "us-cand", "--year", "2025")
    assert result.exit_code == 0
    (record,) = yaml.safe_load(result.stdout)
    assert record["id"] == "us-2025-doe-v-example-ai" and record["jurisdiction"] == "US"
    assert record["status"].startswith("TODO:") and record["sources"][0]["url"].startswith("TODO:")


def test_prompts_for_what_is_missing(run):
    result = run("new", "case", input="Painters v. Example\nCN\ncontroversy\n2024\n")
    assert result.exit_code == 0 and "- id: cn-2024-painters-v-example" in result.stdout


def test_without_a_year_there_is_no_id(run):
    """No placeholder year: the year is asked for, and without an answer no record is made."""
    result = run("new", "case", "--title", "X v. Y", "--jurisdiction", "CN", "--kind", "lawsuit", input="")
    assert result.exit_code != 0 and "- id:" not in result.stdout and "yyyy" not in result.output
    result = run("new", "case", "--title", "X v. Y", "--jurisdiction", "CN", "--kind", "lawsuit", input="yyyy\n2023\n")
    assert result.exit_code == 0 and "- id: cn-2023-x-v-y" in result.stdout


def test_the_skeleton_lists_every_status_the_model_allows(run):
    from typing import get_args

    from kb.models import CaseStatus

    text = run("new", "case", "--title", "X v. Y", "--jurisdiction", "CN", "--kind", "lawsuit", "--year", "2023").stdout
    import yaml

    status = yaml.safe_load(text)[0]["status"]
    assert status.removeprefix("TODO: ").split(" | ") == list(get_args(CaseStatus))
    assert "withdrawn" in status and "in-force" in status


def test_unfilled_placeholders_fail_validation_and_filled_ones_pass(run, data_dir):
    assert run("new", "case", "--title", "Doe v. Example AI", "--jurisdiction", "US", "--kind", "lawsuit",
               "--court", "us-cand", "--year", "2025", "--append").exit_code == 0
    unfilled = run("validate")
    assert unfilled.exit_code == 1
    assert unfilled.stderr.count("this placeholder still needs a value") == 4
    path = data_dir / "cases.yaml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"status: 'TODO: filed \| [^']*'", "status: filed", text)  # the list may wrap
    assert n == 1
    text = text.replace("'TODO: https://... the page that states these facts'", "https://example.org/doe")
    text = text.replace('"TODO: the page\'s title as published"', "Doe sues Example AI")
    text = text.replace("'TODO: who published it'", "Example News")
    path.write_text(text, encoding="utf-8")
    filled = run("validate")
    assert filled.exit_code == 0, filled.stderr
    assert "us-2025-doe-v-example-ai" in run("cases", "--json").stdout


def test_appended_record_keeps_the_file_canonical(tmp_path):
    from conftest import write_data
    from typer.testing import CliRunner

    from kb.cli import app
    from kb.fmt import format_file as fmt_file

    data = write_data(tmp_path / "d")
    for path in data.glob("*.yaml"):
        fmt_file(path, check=False)
    result = CliRunner().invoke(app, ["--data", str(data), "new", "case", "--title", "X v. Y", "--jurisdiction",
                                      "DE", "--kind", "lawsuit", "--year", "2024", "--append"])
    assert result.exit_code == 0
    assert fmt_file(data / "cases.yaml", check=True).changed is False


def test_bad_jurisdiction_and_court_are_refused(run):
    usa = run("new", "case", "--title", "X", "--jurisdiction", "USA", "--kind", "lawsuit", "--year", "2024")
    assert usa.exit_code == 2 and "ISO 3166-1 alpha-2" in usa.stderr
    bad = run("new", "case", "--title", "X", "--jurisdiction", "US", "--kind", "lawsuit", "--year", "2024", "--court", "us-nd")
    assert bad.exit_code == 1 and "did you mean 'us-cand'" in bad.stderr


def test_a_ruling_skeleton_names_the_ruling_its_answers_and_its_judges(run):
    from typing import get_args

    from kb.models import AnswerKind, JudgeRole

    ruling = run("new", "case", "--title", "X v. Y", "--jurisdiction", "CN", "--kind", "ruling", "--year", "2023").stdout
    hints = {line.split(":", 1)[0].strip(" #") : line for line in ruling.splitlines() if line.startswith("  # ")}
    assert {"ruling", "answers", "judges"} <= set(hints)
    assert all(a in hints["answers"] for a in get_args(AnswerKind))
    assert all(r in hints["judges"] for r in get_args(JudgeRole))
    lawsuit = run("new", "case", "--title", "X v. Y", "--jurisdiction", "CN", "--kind", "lawsuit", "--year", "2023")
    assert "# ruling:" not in lawsuit.stdout and "# answers:" not in lawsuit.stdout


def test_a_likely_duplicate_is_named_before_it_is_added(run):
    """Same case number (written with full-width brackets), same parties, or the same title but for a dot."""
    by_number = run("new", "case", "--title", "Another title", "--jurisdiction", "CN", "--kind", "ruling",
                    "--year", "2023", "--case-number", "（2023）京0491民初11279号")
    assert by_number.exit_code == 0
    assert "may be a case kb already has: cn-2023-li-v-liu (same case number" in by_number.stderr
    assert "case_number: （2023）京0491民初11279号" in by_number.stdout
    by_parties = run("new", "case", "--title", "Another title", "--jurisdiction", "CN", "--kind", "ruling",
                     "--year", "2023", "--party", "li", "--party", "liu")
    assert "cn-2023-li-v-liu (same parties: li, liu)" in by_parties.stderr
    by_title = run("new", "case", "--title", "Li v Liu", "--jurisdiction", "CN", "--kind", "ruling", "--year", "2023")
    assert "cn-2023-li-v-liu (same title" in by_title.stderr
    fresh = run("new", "case", "--title", "Wholly new v. Other", "--jurisdiction", "CN", "--kind", "ruling",
                "--year", "2023", "--case-number", "(2023)京0491民初1号", "--party", "li")
    assert fresh.exit_code == 0 and "warning" not in fresh.stderr


def test_duplicates_are_found_on_the_shipped_data():
    from pathlib import Path

    import yaml

    from kb.scaffold import likely_duplicates

    root = Path(__file__).resolve().parent.parent
    cases = yaml.safe_load((root / "data" / "cases.yaml").read_text(encoding="utf-8"))
    numbered = next(c for c in cases if c.get("case_number") and c.get("jurisdiction") == "CN")
    found = likely_duplicates(cases, "A new title nobody used", numbered["case_number"])
    assert [rid for rid, _ in found] == [numbered["id"]]
    assert likely_duplicates(cases, "A new title nobody used", "(1999)京0000民初0号") == []

@pytest.mark.parametrize("code, hint", [("UK", "did you mean 'GB'?"), ("uk", "did you mean 'GB'?"), ("EL", "did you mean 'GR'?"),
                                        ("XZ", "not an ISO 3166-1 alpha-2 country code")])
def test_a_code_that_is_no_country_is_refused_with_the_one_meant(run, code, hint):
    result = run("new", "case", "--title", "X", "--jurisdiction", code, "--kind", "lawsuit", "--year", "2024")
    assert result.exit_code == 2 and hint in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""


def test_a_new_case_in_a_court_of_another_country_is_refused(run):
    result = run("new", "case", "--title", "X", "--jurisdiction", "DE", "--kind", "lawsuit", "--year", "2024",
                 "--court", "cn-bj-internet")
    assert result.exit_code == 2 and "'cn-bj-internet' is a court of CN, not of DE" in result.stderr
    ok = run("new", "case", "--title", "X", "--jurisdiction", "gb", "--kind", "lawsuit", "--year", "2024")
    assert ok.exit_code == 0 and "jurisdiction: GB" in ok.stdout
