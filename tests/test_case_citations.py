"""Citations on case records: checked against their published formats, stored, shown, searched, resolved, exported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import CASES, write_data
from test_loading import ONE_CASE, findings_for, replace


def with_citation(citation: str, date: str = "2024-06-20", source: str = "s1") -> str:
    return replace("  sources:\n", f"  citations:\n    - {{citation: \"{citation}\", date: {date}, source: {source}}}\n"
                   "  sources:\n", ONE_CASE)


@pytest.mark.parametrize("citation", ["[2025] EWHC 2863 (Ch)", "ECLI:DE:LGHH:2024:0927.310O227.23.00",
                                      "130 F.4th 1039"])
def test_well_formed_citations_pass(tmp_path, citation):
    assert findings_for(tmp_path, cases=with_citation(citation)) == []


def test_a_malformed_citation_is_a_located_error_with_the_format_as_hint(tmp_path):
    found = findings_for(tmp_path, cases=with_citation("[2025] EWHC (Ch) 2863"))
    assert [(f[1], f[2], f[3], f[5]) for f in found] == [
        (12, 18, "citation '[2025] EWHC (Ch) 2863' is malformed", "error")]
    assert "e.g. [2025] EWHC 2863 (Ch)" in found[0][4]


def test_a_us_citation_not_in_canonical_form_says_how_to_write_it(tmp_path):
    found = findings_for(tmp_path, cases=with_citation("130 F. 4th 1039"))
    assert [(f[3], f[4]) for f in found] == [
        ("citation '130 F. 4th 1039' is not written canonically", "write it '130 F.4th 1039'")]


def test_the_cited_ruling_must_be_dated_in_the_timeline(tmp_path):
    found = findings_for(tmp_path, cases=with_citation("[2025] EWHC 2863 (Ch)", date="2025-11-04"))
    assert [(f[1], f[3], f[4]) for f in found] == [
        (12, "no event of this case is dated 2025-11-04",
         "a citation cites a ruling in the case's timeline; its dates: 2024-06-20")]


def test_the_citing_source_must_exist(tmp_path):
    found = findings_for(tmp_path, cases=with_citation("[2025] EWHC 2863 (Ch)", source="s2"))
    assert [f[3] for f in found] == ["unknown source 's2'"]


def test_eyecite_is_imported_only_for_a_us_citation(tmp_path):


    code = ("import sys; from kb.loading import load_dataset; from pathlib import Path; "
            "load_dataset(Path(sys.argv[1])); print('eyecite' in sys.modules)")
    for citation, imported in (("[2025] EWHC 2863 (Ch)", "False"), ("130 F.4th 1039", "True")):
        data = write_data(tmp_path / citation[:3].strip("[ "), cases=with_citation(citation))
        out = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == imported


CITED = CASES.replace(
    "  products: [stable-diffusion]\n  sources:\n",
    "  products: [stable-diffusion]\n"
    "  citations:\n    - {citation: 700 F. Supp. 3d 1, date: 2024-08-12, source: s1}\n"
    "  events:\n    - {date: 2024-08-12, kind: ruling, what: Motion to dismiss decided., source: s1}\n"
    "  sources:\n")


@pytest.fixture
def cited(tmp_path):
    from kb import store

    paths = store.Paths(write_data(tmp_path / "data", cases=CITED), tmp_path / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None and findings == [], findings
    connection = store.connect_readonly(paths.db)
    yield connection
    connection.close()


def test_citations_are_stored_in_their_own_table(cited):
    rows = cited.execute("SELECT case_id, position, citation, date, date_start, source_id FROM citations").fetchall()
    assert [tuple(r) for r in rows] == [("us-2023-andersen-v-stability", 0, "700 F. Supp. 3d 1", "2024-08-12", "2024-08-12", "s1")]


def test_a_citation_resolves_to_its_case(cited):
    from kb.resolve import resolve, resolve_any

    assert resolve(cited, "cases", "700 F. Supp. 3d 1") == "us-2023-andersen-v-stability"
    assert resolve_any(cited, "700 f. supp. 3d 1") == ("cases", "us-2023-andersen-v-stability")


def test_a_citation_is_searchable(cited):
    from kb.search import search

    assert [hit["id"] for hit in search(cited, '"F. Supp. 3d"')] == ["us-2023-andersen-v-stability"]


def test_csl_json_carries_reporter_volume_and_page(cited):
    from kb import export

    items = json.loads(export.to_csl_json(cited, export.records(cited, ["us-2023-andersen-v-stability",
                                                                        "cn-2023-li-v-liu"])))
    andersen, li = items
    assert (andersen["container-title"], andersen["volume"], andersen["page"]) == ("F. Supp. 3d", "700", "1")
    assert andersen["number"] == "3:23-cv-00201-WHO"
    assert "container-title" not in li and li["number"] == "(2023)京0491民初11279号"


def test_show_lists_a_cases_citations(run, tmp_path):
    result = run("show", "700 F. Supp. 3d 1", data=write_data(tmp_path / "cited", cases=CITED))
    assert result.exit_code == 0, result.output
    assert "citations" in result.output and "700 F. Supp. 3d 1  (2024-08-12)" in result.output
