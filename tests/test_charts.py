"""kb.web.charts: the charts of the site, read back from the files a newsroom downloads (SVG, PNG, CSV)."""

from __future__ import annotations

import csv
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import CASES, write_data

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent
SLUGS = ("cases-per-year", "answers-by-court", "timeline")
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def connect(data: Path, tmp: Path):
    from kb import store

    paths = store.Paths(data, tmp / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    return store.connect_readonly(paths.db)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from kb.web.charts import build_charts

    tmp = tmp_path_factory.mktemp("charts")
    con = connect(ROOT / "data", tmp)
    charts = build_charts(con, tmp / "out", "2026-01-01")
    yield {"con": con, "out": tmp / "out", "charts": charts}
    con.close()


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_each_chart_is_written_as_svg_png_and_csv(shipped):
    assert [c.slug for c in shipped["charts"]] == list(SLUGS)
    for slug in SLUGS:
        png = (shipped["out"] / f"{slug}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert width >= 1000 and height >= 300, slug


def test_the_csv_of_each_chart_adds_up_to_the_data(shipped):
    con = shipped["con"]
    cases = read_csv(shipped["out"] / "cases-per-year.csv")
    assert sum(int(r["cases"]) for r in cases) == con.execute("SELECT count(*) FROM cases").fetchone()[0]
    by_jurisdiction: dict[str, int] = {}
    for r in cases:
        by_jurisdiction[r["jurisdiction"]] = by_jurisdiction.get(r["jurisdiction"], 0) + int(r["cases"])
    assert by_jurisdiction == dict(con.execute("SELECT jurisdiction, count(*) FROM cases GROUP BY jurisdiction"))
    # a case filed in a year counts in that year
    filed = con.execute("SELECT count(*) FROM cases WHERE filed_start LIKE '2024%'").fetchone()[0]
    assert sum(int(r["cases"]) for r in cases if r["year"] == "2024") >= filed > 0
    undated = sum(int(r["cases"]) for r in cases if not r["year"])
    assert undated == con.execute(
        "SELECT count(*) FROM cases c WHERE filed IS NULL AND decided IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id)").fetchone()[0]
    note = shipped["charts"][0].note
    assert (f"{undated} case" in note) if undated else ("no date" not in note)

    answers = read_csv(shipped["out"] / "answers-by-court.csv")
    assert sum(int(r["answers"]) for r in answers) == con.execute("SELECT count(*) FROM answers").fetchone()[0] > 0
    per_question = {}
    for r in answers:
        per_question[r["question"]] = per_question.get(r["question"], 0) + int(r["answers"])
    assert per_question == dict(con.execute("SELECT question_id, count(*) FROM answers GROUP BY question_id"))

    events = read_csv(shipped["out"] / "timeline.csv")
    assert len(events) == con.execute("SELECT count(*) FROM events").fetchone()[0] > 300
    assert {r["jurisdiction"] for r in events} <= {j for (j,) in con.execute("SELECT jurisdiction FROM cases")}


def test_the_svg_has_no_script_and_fetches_nothing(shipped):
    for slug in SLUGS:
        text = (shipped["out"] / f"{slug}.svg").read_text(encoding="utf-8")
        assert "<!DOCTYPE" not in text and "<script" not in text.lower()
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg"
        for el in root.iter():
            assert not el.tag.endswith("script") and not el.tag.endswith("foreignObject"), slug
            for key, value in el.attrib.items():
                assert not key.lower().startswith("on"), (slug, key)
                if key in ("href", XLINK):
                    assert value.startswith("#"), (slug, value)  # only pointers inside the picture
                assert "url(http" not in value and "url(//" not in value, (slug, value)
        # the text stays text: the labels are in the picture as words, not outlines
        words = {t.text for t in root.iter(f"{SVG}text")}
        assert "Source: kb, a knowledge base of cases about AI-generated content, data as of 2026-01-01. CC BY 4.0" in words
    years = {t.text for t in ET.parse(shipped["out"] / "cases-per-year.svg").iter(f"{SVG}text")}
    assert {"2023", "2024", "2025", "US", "CN"} <= years


UNDATED = """\
- id: cn-2020-undated
  title: A case with no date
  kind: controversy
  jurisdiction: CN
  status: resolved
  parties:
    - {party: xingyin, role: subject}
  sources:
    - {id: s1, url: "https://example.org/undated", title: Undated, publisher: Example News}
"""


def test_a_case_with_no_date_is_counted_in_the_csv_and_said_in_the_note(tmp_path):
    from kb.web.charts import build_charts

    data = write_data(tmp_path / "data", cases=CASES + UNDATED)
    con = connect(data, tmp_path)
    charts = build_charts(con, tmp_path / "out", None)
    con.close()
    cases = read_csv(tmp_path / "out/cases-per-year.csv")
    assert sum(int(r["cases"]) for r in cases) == 5
    assert {"jurisdiction": "CN", "year": "", "cases": "1"} in cases
    # the boycott has no filing date: it counts in the year of its earliest event
    assert {"jurisdiction": "CN", "year": "2023", "cases": "3"} in cases
    assert "1 case has no date at all and is not drawn" in charts[0].note
    # no question answered yet: an empty chart, an empty table, no crash
    assert read_csv(tmp_path / "out/answers-by-court.csv") == []
    assert "No answers recorded yet." in (tmp_path / "out/answers-by-court.svg").read_text(encoding="utf-8")
    assert "data as of" not in charts[0].svg  # no date claimed when the records give none


def test_the_same_data_draws_the_same_files(tmp_path, con):
    from kb.web.charts import build_charts

    first = [c.svg for c in build_charts(con, tmp_path / "a", "2024-06")]
    second = [c.svg for c in build_charts(con, tmp_path / "b", "2024-06")]
    assert first == second
    assert (tmp_path / "a/timeline.csv").read_bytes() == (tmp_path / "b/timeline.csv").read_bytes()


def test_a_long_span_of_years_labels_every_nth_year_so_labels_never_meet(tmp_path):
    from kb.web.charts import _year_step, build_charts

    assert [_year_step(n) for n in (1, 9, 14, 15, 28, 29, 60)] == [1, 1, 1, 2, 2, 3, 5]
    old = CASES.replace("  filed: 2023-05\n", "  filed: 1990-05\n", 1)
    con = connect(write_data(tmp_path / "data", cases=old), tmp_path)
    build_charts(con, tmp_path / "out", None)
    con.close()
    labels = [t.text for t in ET.parse(tmp_path / "out/cases-per-year.svg").iter(f"{SVG}text")]
    years = [t for t in labels if t and t.isdigit() and len(t) == 4]
    assert years[:3] == ["1990", "1993", "1996"] and "1991" not in years  # 34 years: every third
    assert sum(int(r["cases"]) for r in read_csv(tmp_path / "out/cases-per-year.csv")) == 4  # all still counted
