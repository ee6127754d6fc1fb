"""Jurisdictions: ISO 3166-1 alpha-2 codes (and EU), checked at validation; a case's court is of its jurisdiction."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from conftest import CASES, COURTS, write_data
from kb.countries import CODES, ISO_3166_1_ALPHA_2, country_error


def test_the_committed_list_is_iso_3166_1_as_pycountry_has_it():
    assert ISO_3166_1_ALPHA_2 == {c.alpha_2 for c in pycountry.countries}
    assert CODES - ISO_3166_1_ALPHA_2 == {"EU"}


@pytest.mark.parametrize("code, expected", [("CN", None), ("EU", None), ("GB", None),
                                            ("UK", "did you mean 'GB'?"), ("EL", "did you mean 'GR'?"),
                                            ("cn", "must be written in capitals: 'CN'"), ("XZ", "not an ISO 3166-1")])
def test_country_error(code, expected):
    problem = country_error(code)
    assert problem is None if expected is None else expected in problem


def _validate(run, tmp_path: Path, **files: str):
    return run("validate", data=write_data(tmp_path / "bad", **files))


def test_a_case_in_uk_is_an_error_that_names_gb(run, tmp_path):
    result = _validate(run, tmp_path, cases=CASES.replace("jurisdiction: CN", "jurisdiction: UK", 1))
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = next(line for line in result.output.splitlines() if "did you mean 'GB'" in line)
    assert "cases.yaml:5:" in line, line


def test_a_court_or_party_in_no_country_is_an_error(run, tmp_path):
    result = _validate(run, tmp_path, courts=COURTS.replace("jurisdiction: US", "jurisdiction: XZ"))
    assert result.exit_code == 1 and "courts.yaml:" in result.output and "'XZ' is not an ISO 3166-1" in result.output


def test_a_german_case_in_the_beijing_internet_court_is_an_error(run, tmp_path):
    result = _validate(run, tmp_path, cases=CASES.replace("jurisdiction: CN", "jurisdiction: DE", 1))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "is a court of" in line)
    assert "cases.yaml:6:" in line and "court 'cn-bj-internet' is a court of CN, but the case's jurisdiction is DE" in line


def test_the_shipped_data_keeps_every_case_in_a_court_of_its_jurisdiction():
    from kb.loading import load_dataset

    data = Path(__file__).resolve().parent.parent / "data"
    dataset, findings = load_dataset(data)
    assert dataset is not None and [f for f in findings if f.severity == "error"] == []
    courts = {c.id: c.jurisdiction for c in dataset.records["courts"].values()}
    assert all(courts[c.court] == c.jurisdiction for c in dataset.cases.values() if c.court)
    for record in [*dataset.cases.values(), *dataset.records["courts"].values(), *dataset.records["parties"].values()]:
        assert record.jurisdiction is None or country_error(record.jurisdiction) is None


def test_kb_cases_jurisdiction_uk_suggests_gb(run):
    result = run("cases", "--jurisdiction", "UK", data=Path(__file__).resolve().parent.parent / "data")
    assert result.exit_code == 2 and "did you mean 'GB'?" in result.stderr
