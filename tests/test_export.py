"""Each export parsed back with a real parser for its format."""

import csv
import io
import json

import feedparser
import networkx as nx
import pytest

from conftest import CASES, write_data
from kb import export, graph
from kb.queries import timeline

# CSL 1.0.2 variables (csl-data.json schema): the names a CSL-JSON item may use.
CSL_VARIABLES = {
    "id", "type", "categories", "language", "journalAbbreviation", "shortTitle", "author", "chair",
    "collection-editor", "compiler", "composer", "container-author", "contributor", "curator", "director",
    "editor", "editorial-director", "executive-producer", "guest", "host", "interviewer", "illustrator",
    "narrator", "organizer", "original-author", "performer", "producer", "recipient", "reviewed-author",
    "script-writer", "series-creator", "translator", "accessed", "available-date", "event-date", "issued",
    "original-date", "submitted", "abstract", "annote", "archive", "archive_collection", "archive_location",
    "archive-place", "authority", "call-number", "chapter-number", "citation-number", "citation-label",
    "collection-number", "collection-title", "container-title", "container-title-short", "dimensions",
    "division", "DOI", "edition", "event", "event-title", "event-place", "first-reference-note-number",
    "genre", "ISBN", "ISSN", "issue", "jurisdiction", "keyword", "locator", "medium", "note", "number",
    "number-of-pages", "number-of-volumes", "original-publisher", "original-publisher-place",
    "original-title", "page", "page-first", "part", "part-title", "PMCID", "PMID", "printing", "publisher",
    "publisher-place", "references", "reviewed-genre", "reviewed-title", "scale", "section", "source",
    "status", "supplement", "title", "title-short", "URL", "version", "volume", "volume-title",
    "volume-title-short", "year-suffix", "custom",
}

HOSTILE = CASES.replace("title: Painters v. Xiaohongshu", "title: \"=HYPERLINK(\\\"http://evil\\\")\"")


@pytest.fixture
def full(con):
    return export.records(con, [r[0] for r in con.execute("SELECT id FROM cases ORDER BY id")])


def test_json_and_ndjson_round_trip(full):
    assert json.loads(export.to_json(full)) == full
    lines = export.to_ndjson(full).splitlines()
    assert [json.loads(line) for line in lines] == full
    assert "李某诉刘某案" in export.to_json(full) and "\\u" not in export.to_json(full)


def test_csv_round_trip_one_row_per_case(con, full):
    text = export.to_csv(con, full)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [c["id"] for c in full]
    li = next(r for r in rows if r["id"] == "cn-2023-li-v-liu")
    assert li["parties"] == "Li (plaintiff); Liu (defendant)"
    assert li["claims"] == "copyrightability-ai-output; copyright-infringement"
    assert li["court_name"] == "Beijing Internet Court" and li["case_number"] == "(2023)京0491民初11279号"


def test_csv_bom_for_excel(con, full):
    assert export.to_csv(con, full, bom=True).startswith("\ufeffid,")
    assert not export.to_csv(con, full).startswith("\ufeff")


@pytest.mark.parametrize("cell, expected", [("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                            ("\tx", "'\tx"), ("\rx", "\\x0dx"), ("safe", "safe"), (None, "")])
def test_formula_injection_is_neutralised(cell, expected):
    assert export.neutralise(cell) == expected


def test_csv_neutralises_hostile_titles(tmp_path):
    from kb import store

    paths = store.Paths(write_data(tmp_path / "d", cases=HOSTILE), tmp_path / "kb.sqlite")
    store.build(paths)
    con = store.connect_readonly(paths.db)
    full = export.records(con, ["cn-2023-painters-v-xiaohongshu"])
    (row,) = csv.DictReader(io.StringIO(export.to_csv(con, full)))
    assert row["title"] == "'=HYPERLINK(\"http://evil\")"


def test_graphml_and_gexf_round_trip(con):
    g = graph.build_graph(con)
    for text, reader in ((export.to_graphml(g), nx.read_graphml), (export.to_gexf(g), nx.read_gexf)):
        back = reader(io.BytesIO(text.encode("utf-8")))
        assert back.number_of_nodes() == g.number_of_nodes()
        assert back.number_of_edges() == g.number_of_edges()
        assert back.nodes["court:cn-bj-internet"]["label"] == "Beijing Internet Court"
        assert back.nodes["case:cn-2023-li-v-liu"]["label_zh"] == "李某诉刘某案"
        assert back.nodes["case:cn-2023-li-v-liu"]["kb_id"] == "cn-2023-li-v-liu"


def test_mermaid_and_dot_escape_labels_and_draw_every_edge(con):
    g = graph.build_graph(con)
    g.nodes["case:cn-2023-li-v-liu"]["label"] = 'Li "v." <Liu>'
    mermaid = export.to_mermaid(g)
    assert mermaid.startswith("graph LR\n")
    assert "Li #quot;v.#quot; #lt;Liu#gt;" in mermaid
    assert mermaid.count(" -->|") == g.number_of_edges()
    dot = export.to_dot(g)
    assert dot.startswith("digraph kb {") and dot.rstrip().endswith("}")
    assert 'label="Li \\"v.\\" <Liu>"' in dot
    assert dot.count(" -> ") == g.number_of_edges()


def test_neighbourhood_selection(con):
    g = graph.build_graph(con)
    part = export.select(g, around="case:cn-2023-li-v-liu", depth=1)
    assert set(part) == {"case:cn-2023-li-v-liu", *g["case:cn-2023-li-v-liu"]}
    wider = export.select(g, around="case:cn-2023-li-v-liu", depth=2)
    assert set(part) < set(wider)
    chosen = export.select(g, ["us-2023-andersen-v-stability"])
    assert {n for n in chosen if n.startswith("case:")} == {"case:us-2023-andersen-v-stability"}


def test_csl_json_uses_csl_variables_only(con, full):
    items = json.loads(export.to_csl_json(con, full))
    for item in items:
        assert set(item) <= CSL_VARIABLES, set(item) - CSL_VARIABLES
        assert item["type"] == "legal_case"
    li = next(i for i in items if i["id"] == "cn-2023-li-v-liu")
    assert li["authority"] == "Beijing Internet Court" and li["number"] == "(2023)京0491民初11279号"
    assert li["issued"] == {"date-parts": [[2023, 11, 27]]} and li["URL"] == "https://example.org/li-v-liu"


def test_atom_feed_is_valid_and_newest_first(con):
    text = export.to_atom(timeline(con))
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.id == "urn:kb:feed:events" and feed.feed.updated
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True) and len(feed.entries) == 5
    first = feed.entries[0]
    assert first.link == "https://example.org/painters" and first.title.startswith("2024-06-20 · Painters")
    assert len({e.id for e in feed.entries}) == 5


def test_atom_entries_can_link_to_kb_pages_with_the_source_inside(con):
    text = export.to_atom(timeline(con), page_url=lambda rid: f"https://example.org/kb/cases/{rid}/")
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    first = feed.entries[0]
    assert first.link == "https://example.org/kb/cases/cn-2023-painters-v-xiaohongshu/"
    assert [link.href for link in first.links if link.rel == "via"] == ["https://example.org/painters"]
    assert "https://example.org/painters" in first.summary


def test_cli_export_to_stdout_and_atomic_file(run, tmp_path):
    result = run("export", "csv", "--court", "北京互联网法院")
    assert result.exit_code == 0
    assert [r["id"] for r in csv.DictReader(io.StringIO(result.stdout))] == [
        "cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu"]
    out = tmp_path / "cases.json"
    assert run("export", "json", "-o", str(out)).exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kb-")] == []
    mermaid = run("export", "mermaid", "--around", "Li v. Liu", "--depth", "1").stdout
    assert mermaid.startswith("graph LR") and "Beijing Internet Court" in mermaid and "Andersen" not in mermaid
    assert run("export", "atom").stdout.startswith("<?xml")
    assert run("export", "pdf").exit_code == 2


def test_cli_export_unwritable_target_is_a_clean_error(run, tmp_path):
    result = run("export", "json", "-o", str(tmp_path / "missing-dir" / "x.json"))
    assert result.exit_code == 1 and "cannot write" in result.stderr


def test_svg_picture_draws_every_node_and_link_and_is_stable(con):
    import xml.etree.ElementTree as ET

    g = graph.build_graph(con)
    text = export.to_svg(g)
    assert text == export.to_svg(g)  # the same data gives the same picture
    svg = ET.fromstring(text.split("\n", 1)[1])
    ns = "{http://www.w3.org/2000/svg}"
    kinds = {"case", "party", "court", "claim", "product"}
    groups = [el for el in svg.iter(f"{ns}g") if el.get("class") in kinds]
    assert len(groups) == g.number_of_nodes()
    assert {el.get("class") for el in groups} == kinds
    assert len(list(svg.iter(f"{ns}polyline"))) == g.number_of_edges()
    labels = " | ".join(" ".join(t.itertext()) for t in svg.iter(f"{ns}text"))
    assert "Beijing Internet Court" in labels and "Li v. Liu (李某诉刘某案)" in labels
    width, height = (float(v) for v in svg.get("viewBox").split()[2:])
    for circle in svg.iter(f"{ns}circle"):
        assert 0 <= float(circle.get("cx")) <= width and 0 <= float(circle.get("cy")) <= height


def test_svg_refuses_a_graph_too_big_to_read(con, monkeypatch):
    from kb.errors import KbError

    from kb import picture

    monkeypatch.setattr(picture, "NODE_LIMIT", 3)
    with pytest.raises(KbError, match="too many for one picture"):
        export.to_svg(graph.build_graph(con))


def test_cli_svg_neighbourhood(run, tmp_path):
    out = tmp_path / "li.svg"
    result = run("export", "svg", "--around", "Li v. Liu", "-o", str(out))
    assert result.exit_code == 0 and "nodes" in result.stderr
    assert out.read_text(encoding="utf-8").count('class="case"') == 2  # Li v. Liu and the case related to it


def test_csv_carries_the_chinese_summary_and_outcome_beside_the_english(tmp_path):
    cases = CASES.replace("  summary: An AI-generated image is a work.\n",
                          "  summary: An AI-generated image is a work.\n  summary_zh: AI生成的图片是作品。\n").replace(
        "    outcome: Plaintiff won\n", "    outcome: Plaintiff won\n    outcome_zh: 原告胜诉\n")
    from kb import store

    paths = store.Paths(write_data(tmp_path / "d", cases=cases), tmp_path / "kb.sqlite")
    store.build(paths)
    con = store.connect_readonly(paths.db)
    (li,) = csv.DictReader(io.StringIO(export.to_csv(con, export.records(con, ["cn-2023-li-v-liu"]))))
    assert (li["summary"], li["summary_zh"]) == ("An AI-generated image is a work.", "AI生成的图片是作品。")
    assert (li["outcome"], li["outcome_zh"]) == ("Plaintiff won", "原告胜诉")
