"""Courts' standard ids: the CourtListener ids in data/courts.yaml are real courts-db ids of the same court."""

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
    assert entry["system"] == "federal"
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
