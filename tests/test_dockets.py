"""`kb undocketed` and kb.dockets: US federal cases that do not cite their CourtListener docket."""

import json

import pytest

from conftest import CASES, write_data
from kb import store
from kb.dockets import is_docket_url, undocketed

# The fixture's one federal case is Andersen (us-cand, a federal-district court); it cites no docket.
DOCKET = "https://www.courtlistener.com/docket/66732129/andersen-v-stability-ai-ltd/"


@pytest.mark.parametrize("url", [
    DOCKET,
    "https://courtlistener.com/docket/66732129/",
    "https://www.courtlistener.com/docket/66732129/andersen-v-stability-ai-ltd",
])
def test_a_docket_page_is_a_docket(url):
    assert is_docket_url(url)


@pytest.mark.parametrize("url", [
    "https://www.courtlistener.com/docket/69198079/57/allen-v-perlmutter/",  # one entry of the docket
    "https://www.courtlistener.com/?q=Andersen",  # a search
    "https://www.courtlistener.com/opinion/10304625/al-hamim-v-star-hearthstone-llc/",
    "https://storage.courtlistener.com/recap/gov.uscourts.cand.407208/gov.uscourts.cand.407208.1.0.pdf",
    "https://courtlistener.com.example.org/docket/66732129/andersen/",  # another host that merely starts alike
    "https://example.org/courtlistener.com/docket/66732129/andersen/",
    "http://www.courtlistener.com/docket/66732129/andersen-v-stability-ai-ltd/",
])
def test_other_pages_are_not_the_docket(url):
    assert not is_docket_url(url)


def test_a_federal_case_without_a_docket_is_listed_and_others_are_not(con):
    rows = undocketed(con)
    assert [r["id"] for r in rows] == ["us-2023-andersen-v-stability"]
    assert rows[0]["court"] == "us-cand" and rows[0]["case_number"] == "3:23-cv-00201-WHO"


def _with_source(tmp_path, url):
    cases = CASES.replace(
        '    - {id: s1, url: "https://example.org/andersen", title: Andersen, publisher: Example Law}',
        '    - {id: s1, url: "https://example.org/andersen", title: Andersen, publisher: Example Law}\n'
        f'    - {{id: s2, url: "{url}", title: "Andersen v. Stability AI Ltd.", publisher: CourtListener}}',
    )
    assert cases != CASES
    paths = store.Paths(write_data(tmp_path / "data", cases=cases), tmp_path / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    return store.connect_readonly(paths.db)


def test_citing_the_docket_takes_the_case_off_the_list(tmp_path):
    con = _with_source(tmp_path, DOCKET)
    try:
        assert undocketed(con) == []
    finally:
        con.close()


def test_citing_only_one_docket_entry_keeps_the_case_listed(tmp_path):
    con = _with_source(tmp_path, "https://www.courtlistener.com/docket/66732129/1/andersen-v-stability-ai-ltd/")
    try:
        assert [r["id"] for r in undocketed(con)] == ["us-2023-andersen-v-stability"]
    finally:
        con.close()


def test_cli_lists_json_and_table_and_validate_stays_clean(run):
    listed = json.loads(run("undocketed", "--json").stdout)
    assert [r["id"] for r in listed] == ["us-2023-andersen-v-stability"]
    table = run("undocketed")
    assert table.exit_code == 0
    assert "1 US federal case(s) without a CourtListener docket among their sources" in table.stdout
    assert "us-2023-andersen-v-stability" in table.stdout
    # A missing docket is a to-do for maintainers, not a warning: --strict does not fail on it.
    assert run("validate", "--strict").exit_code == 0
