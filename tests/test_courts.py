"""Courts' standard ids: CourtListener ids checked against courts-db, ECLI court codes checked and shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_data
from kb.loading import load_dataset

DATA = Path(__file__).resolve().parent.parent / "data"
# courts-db's citation strings ("N.D. Cal.") begin with the district's direction where a state has several
DIRECTIONS = {"N.D.": "Northern", "S.D.": "Southern", "C.D.": "Central", "E.D.": "Eastern", "W.D.": "Western",
              "M.D.": "Middle"}
PLACES = {"Washington D.C.": "District of Columbia"}


def us_courts():
    dataset, findings = load_dataset(DATA)
    assert dataset is not None, findings
    return [c for c in dataset.records["courts"].values() if c.jurisdiction == "US"]


def test_every_us_court_has_its_courtlistener_id():
    missing = [c.id for c in us_courts() if c.level != "agency" and not c.courtlistener]
    assert missing == []


@pytest.mark.parametrize("court", [c for c in us_courts() if c.courtlistener], ids=lambda c: c.id)
def test_courtlistener_ids_name_the_same_court_in_courts_db(court):
    from courts_db import find_court_by_id

    (entry,) = find_court_by_id(court.courtlistener)
    # A federal court is federal in courts-db; a state trial court (level basic) is a state court there.
    assert entry["system"] == ("state" if court.level == "basic" else "federal")
    if entry["system"] == "state":
        # courts-db types a trial court that also hears some appeals "trial & iac" (Delaware's Superior Court)
        assert "trial" in entry["type"].split(" & ") and entry["name"] in court.name + " " + " ".join(court.aliases)
        return
    assert entry["citation_string"].endswith("Cir.") == (court.level == "federal-appeals")
    # A circuit is named by its number (courts-db's name), a district court by its place.
    assert entry["name"] in court.name or PLACES.get(entry["location"], entry["location"]) in court.name
    direction = next((word for prefix, word in DIRECTIONS.items() if entry["citation_string"].startswith(prefix)),
                     None)
    assert direction is None or direction in court.name
    assert not any(word in court.name for word in DIRECTIONS.values() if word != direction)


def test_a_malformed_courtlistener_id_is_a_located_error(tmp_path):
    courts = "- id: us-cand\n  name: N.D. Cal.\n  jurisdiction: US\n  courtlistener: N.D. Cal.\n"
    _, findings = load_dataset(write_data(tmp_path / "d", courts=courts))
    assert [(f.line, f.col, f.severity) for f in findings if f.file.endswith("courts.yaml")] == [(4, 18, "error")]


# -- ECLI court codes --------------------------------------------------------------------------
HAMBURG = """\
- id: de-lg-hamburg
  name: Landgericht Hamburg
  jurisdiction: DE
  ecli: LGHH
"""
KNESCHKE = """\
- id: de-kneschke
  title: Kneschke v. LAION
  kind: lawsuit
  jurisdiction: DE
  court: de-lg-hamburg
  status: decided
  as_of: 2024-09
  decided: 2024-09-27
  claims: [copyright-infringement]
  events:
    - {date: 2024-09-27, kind: ruling, what: Claim dismissed., source: s1}
  citations:
    - {citation: "ECLI:DE:LGHH:2024:0927.310O227.23.00", date: 2024-09-27, source: s1}
  sources:
    - {id: s1, url: "https://example.org/kneschke", title: Kneschke, publisher: P}
"""


def hamburg_data(tmp_path, cases=KNESCHKE, courts=HAMBURG):
    from conftest import COURTS

    return write_data(tmp_path / "d", courts=COURTS + courts, cases=cases)


def test_every_ecli_code_in_the_data_is_well_formed_and_european():
    dataset, findings = load_dataset(DATA)
    assert dataset is not None, findings
    coded = {c.id: (c.jurisdiction, c.ecli) for c in dataset.records["courts"].values() if c.ecli}
    assert coded["eu-cjeu"] == ("EU", "C") and coded["de-lg-hamburg"] == ("DE", "LGHH")
    assert all(country not in ("US", "CN", "GB") for country, _ in coded.values())


@pytest.mark.parametrize("code", ["lghh", "LG HH", "LGHAMBURG", "DE:LGHH", ""])
def test_a_malformed_ecli_code_is_a_located_error(tmp_path, code):
    _, findings = load_dataset(hamburg_data(tmp_path, cases="[]\n", courts=HAMBURG.replace("LGHH", f'"{code}"')))
    from conftest import COURTS

    line = (COURTS + HAMBURG).splitlines().index("  ecli: LGHH") + 1
    assert [(f.line, f.severity) for f in findings if f.file.endswith("courts.yaml")] == [(line, "error")]


def test_an_ecli_citation_naming_the_case_court_passes(tmp_path):
    _, findings = load_dataset(hamburg_data(tmp_path))
    assert findings == []


@pytest.mark.parametrize("ecli, named", [("ECLI:DE:OLGHH:2025:1210.5U104.24.00", "DE:OLGHH"),
                                         ("ECLI:AT:LGHH:2024:1", "AT:LGHH")])
def test_an_ecli_citation_naming_another_court_is_a_located_warning(tmp_path, ecli, named):
    cases = KNESCHKE.replace("ECLI:DE:LGHH:2024:0927.310O227.23.00", ecli)
    _, findings = load_dataset(hamburg_data(tmp_path, cases=cases))
    assert [(f.line, f.col, f.severity) for f in findings] == [(13, 18, "warning")]
    assert f"names court {named}, but the case's court 'de-lg-hamburg' has ECLI court code DE:LGHH" \
        in findings[0].message


def test_kb_courts_and_kb_show_carry_the_standard_ids(tmp_path, run):
    import json

    data = hamburg_data(tmp_path)
    courts = {c["id"]: c for c in json.loads(run("courts", "--json", data=data).stdout)}
    assert (courts["de-lg-hamburg"]["ecli"], courts["de-lg-hamburg"]["courtlistener"]) == ("LGHH", None)
    assert courts["us-cand"]["ecli"] is None
    table = run("courts", "--no-pager", data=data).output
    assert "ecli" in table and "LGHH" in table
    assert "ECLI LGHH" in run("show", "de-kneschke", data=data).output
    assert json.loads(run("show", "de-kneschke", "--json", data=data).stdout)["court"]["ecli"] == "LGHH"


def test_a_court_page_of_the_site_shows_its_standard_ids(tmp_path, run):
    pytest.importorskip("jinja2")
    from conftest import COURTS

    courts = COURTS + HAMBURG
    data = write_data(tmp_path / "d", courts=courts, cases=KNESCHKE)
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search", data=data).exit_code == 0
    hamburg = (out / "courts/de-lg-hamburg/index.html").read_text(encoding="utf-8")
    assert "<dt>ECLI court code</dt><dd>DE:LGHH</dd>" in hamburg and "CourtListener" not in hamburg
    cand = (out / "courts/us-cand/index.html").read_text(encoding="utf-8")
    assert "<dt>CourtListener id</dt><dd>cand</dd>" in cand and "ECLI" not in cand
