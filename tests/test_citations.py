"""Citations are recognised by their published formats, US ones by eyecite, and written canonically."""

from __future__ import annotations

import pytest

from kb.citations import CitationError, parse


@pytest.mark.parametrize("text, kind, canonical, csl", [
    ("130 F.4th 1039", "us-reporter", "130 F.4th 1039", {"container-title": "F.4th", "volume": "130", "page": "1039"}),
    ("130 F. 4th 1039", "us-reporter", "130 F.4th 1039", {"container-title": "F.4th", "volume": "130", "page": "1039"}),
    ("765  F. Supp. 3d 382", "us-reporter", "765 F. Supp. 3d 382",
     {"container-title": "F. Supp. 3d", "volume": "765", "page": "382"}),
    ("[2025] EWHC 2863 (Ch)", "uk-neutral", "[2025] EWHC 2863 (Ch)", {"container-title": "EWHC", "page": "2863 (Ch)"}),
    ("[2023] UKSC 49", "uk-neutral", "[2023] UKSC 49", {"container-title": "UKSC", "page": "49"}),
    ("ECLI:DE:LGHH:2024:0927.310O227.23.00", "ecli", "ECLI:DE:LGHH:2024:0927.310O227.23.00",
     {}),  # CSL has no variable for an ECLI
    ("北京互联网法院涉人工智能典型案例", "cn-designation", "北京互联网法院涉人工智能典型案例",
     {"collection-title": "北京互联网法院涉人工智能典型案例"}),
    # courts also publish "typical cases" as 典型案件, and the SPC case database numbers its reference cases
    ("北京互联网法院2023年度十大典型案件", "cn-designation", "北京互联网法院2023年度十大典型案件",
     {"collection-title": "北京互联网法院2023年度十大典型案件"}),
    ("入库参考案例  2025-07-2-474-001", "cn-designation", "入库参考案例 2025-07-2-474-001",
     {"collection-title": "入库参考案例 2025-07-2-474-001"}),
])
def test_known_formats(text, kind, canonical, csl):
    """A citation never fills CSL's `number`: that is the case number (a typical-case list, a neutral
    citation's number or an ECLI in its place would be cited as the case's number)."""
    citation = parse(text)
    assert (citation.kind, citation.text, citation.csl()) == (kind, canonical, csl)


@pytest.mark.parametrize("text, hint", [
    ("130 F.4th 1039 (D.C. Cir.)", "volume reporter page"),
    ("F.4th 1039", "volume reporter page"),
    ("yesterday's ruling", "not a citation"),
    ("[2025] EWHC 2863 (Chancery)", "[year] court number"),
    ("[25] EWHC 2863", "[year] court number"),
    ("ECLI:de:LGHH:2024:1", "five parts"),
    ("ECLI:DE:LGHH:2024", "five parts"),
    ("北京互联网法院判决", "指导性案例"),
    ("北京互联网法院审理的案件", "指导性案例"),
])
def test_malformed_citations_say_what_fits(text, hint):
    with pytest.raises(CitationError, match=hint.replace("[", r"\[").replace("(", r"\(")):
        parse(text)


STORED = ["130 F.4th 1039", "765 F. Supp. 3d 382", "2025 WL 458520", "529 F. Supp. 3d 303", "[2025] EWHC 2863 (Ch)",
          "ECLI:DE:LGHH:2024:0927.310O227.23.00", "北京互联网法院涉人工智能典型案例"]


def _shipped_citations() -> list[str]:
    from pathlib import Path

    import yaml

    cases = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "cases.yaml").read_text(encoding="utf-8"))
    return [cite["citation"] for case in cases for cite in case.get("citations") or []]


@pytest.mark.parametrize("text", sorted({*STORED, *_shipped_citations()}))
def test_a_stored_citation_splits_as_eyecite_splits_it(text):
    """Exports read stored (validated, canonical) citations without importing eyecite: same parts."""
    from kb.citations import parse_stored

    assert parse_stored(text) == parse(text)
