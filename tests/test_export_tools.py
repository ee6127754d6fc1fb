"""The exports, read by the tools people take them into: feedparser (Atom), citeproc-py (CSL-JSON),
networkx and python-igraph (GraphML, GEXF), Mermaid itself in a headless browser (the flowchart)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import networkx as nx
import pytest

from conftest import CASES, ZHU_GE, write_data
from kb import export, graph, store
from kb.queries import timeline

STYLE = Path(__file__).parent / "styles" / "court-case.csl"


def build(directory: Path, cases: str = CASES):
    return build_paths(write_data(directory, cases=cases), directory / "kb.sqlite")


def build_paths(data: Path, db: Path):
    paths = store.Paths(data, db)
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    return store.connect_readonly(paths.db)


# -- Atom ----------------------------------------------------------------------------------------
def test_atom_entry_ids_survive_a_corrected_text_and_the_feed_links_to_itself(tmp_path):
    def feed(directory: Path, cases: str):
        text = export.to_atom(timeline(build(directory, cases)), feed_url="https://example.org/kb/events.atom")
        parsed = feedparser.parse(text)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        return parsed

    before = feed(tmp_path / "a", CASES)
    corrected = CASES.replace("what: Online hearing.", "what: Online hearing before three judges.")
    assert corrected != CASES
    after = feed(tmp_path / "b", corrected)
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert len({e.id for e in after.entries}) == len(after.entries) == 5
    assert {e.summary.split("\n")[0] for e in after.entries} != {e.summary.split("\n")[0] for e in before.entries}
    assert {"rel": "self", "href": "https://example.org/kb/events.atom", "type": "application/atom+xml"} in \
        [dict(link) for link in after.feed.links]


def test_atom_and_csl_json_name_the_data_license_as_their_readers_see_it(tmp_path):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    con = build(tmp_path / "a")
    parsed = feedparser.parse(export.to_atom(timeline(con)))
    assert parsed.bozo == 0
    assert "CC BY 4.0" in parsed.feed.rights and "each linked source keeps its own terms" in parsed.feed.rights
    assert {"rel": "license", "href": "https://creativecommons.org/licenses/by/4.0/"} in \
        [{k: v for k, v in link.items() if k in ("rel", "href")} for link in parsed.feed.links]
    items = json.loads(export.to_csl_json(con, export.records(con, ["cn-2023-li-v-liu"])))
    assert items[0]["custom"]["license"] == "CC-BY-4.0"
    assert "each linked source keeps its own terms" in items[0]["custom"]["rights"]
    # citeproc-py implements CSL 1.0.1, which has no `custom`: it says so and leaves it out of the reference
    with pytest.warns(UserWarning, match="unsupported: custom"):
        source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(CitationStylesStyle(str(STYLE), validate=True), source, formatter.plain)
    bibliography.register(Citation([CitationItem("cn-2023-li-v-liu")]))
    (entry,) = [str(e) for e in bibliography.bibliography()]
    assert "Li v. Liu" in entry and "CC" not in entry  # the license travels with the item, not into the reference


def test_cli_atom_says_when_the_feed_has_no_self_link(run):
    result = run("export", "atom")
    assert result.exit_code == 0 and "--feed-url" in result.stderr
    result = run("export", "atom", "--feed-url", "https://example.org/f.atom")
    assert 'rel="self"' in result.stdout and "--feed-url" not in result.stderr


# -- CSL-JSON --------------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported. custom")
def test_csl_json_renders_each_case_once_with_court_and_number_in_citeproc_py(con):
    """The style is a small court-case style written for this test (tests/styles/court-case.csl), checked
    against the CSL schema by citeproc-py: title, court (authority), case number, year, address."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(export.to_csl_json(con, export.records(con, ["cn-2023-li-v-liu", "us-2023-andersen-v-stability"])))
    bibliography = CitationStylesBibliography(CitationStylesStyle(str(STYLE), validate=True), CiteProcJSON(items),
                                              formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    li = next(e for e in entries if "Li v. Liu" in e)
    assert li.count("Li v. Liu") == 1, li
    assert "Beijing Internet Court" in li and "(2023)京0491民初11279号" in li and "2023" in li, li
    andersen = next(e for e in entries if "Andersen" in e)
    assert andersen.count("Andersen v. Stability AI") == 1 and "Northern District of California" in andersen


# -- graphs ----------------------------------------------------------------------------------------
def _edges(g) -> set[tuple[str, str, str]]:
    return {(g.nodes[u].get("kb_id", u), g.nodes[v].get("kb_id", v), d["label"]) for u, v, d in g.edges(data=True)}


def test_graphml_and_gexf_are_directed_and_networkx_reads_them_back(con, tmp_path):
    g = graph.build_graph(con)
    for name, text, read in (("graphml", export.to_graphml(g), nx.read_graphml),
                             ("gexf", export.to_gexf(g), nx.read_gexf)):
        path = tmp_path / f"kb.{name}"
        path.write_text(text, encoding="utf-8")
        back = read(path)
        assert back.is_directed(), name
        edges = _edges(back)
        assert ("cn-2023-li-v-liu", "cn-bj-internet", "heard by") in edges
        assert ("cn-bj-internet", "cn-2023-li-v-liu", "heard by") not in edges
        assert ("cn-2023-painters-v-xiaohongshu", "cn-2023-li-v-liu", "similar-facts") in edges
        assert ("trik-ai", "xingyin", "operated by") in edges
        assert back.number_of_edges() == g.number_of_edges(), name
    assert "networkx_key" not in export.to_gexf(g)


def test_an_appeal_keeps_its_direction(tmp_path):
    cases = CASES.replace("{case: cn-2023-li-v-liu, relation: similar-facts}", "{case: cn-2023-li-v-liu, relation: appeal-of}")
    g = graph.build_graph(build(tmp_path, cases))
    for text in (export.to_graphml(g), export.to_gexf(g)):
        path = tmp_path / "g.xml"
        path.write_text(text, encoding="utf-8")
        back = nx.read_graphml(path) if "graphml" in text[:300] else nx.read_gexf(path)
        assert ("cn-2023-painters-v-xiaohongshu", "cn-2023-li-v-liu", "appeal-of") in _edges(back)
    assert '"case:cn-2023-painters-v-xiaohongshu" -> "case:cn-2023-li-v-liu" [label="appeal-of"]' in export.to_dot(g)


def test_python_igraph_reads_the_graphml_as_a_directed_graph(con, tmp_path):
    import igraph

    g = graph.build_graph(con)
    path = tmp_path / "kb.graphml"
    path.write_text(export.to_graphml(g), encoding="utf-8")
    back = igraph.Graph.Read_GraphML(str(path))
    assert back.is_directed() and back.vcount() == g.number_of_nodes() and back.ecount() == g.number_of_edges()
    ids = back.vs["id"]
    heard = [(ids[e.source], ids[e.target]) for e in back.es if e["label"] == "heard by"]
    assert ("case:cn-2023-li-v-liu", "court:cn-bj-internet") in heard
    assert all(source.startswith("case:") and target.startswith("court:") for source, target in heard)


# -- JSON ------------------------------------------------------------------------------------------
def test_export_json_and_cases_json_agree_on_empty_fields(run):
    exported = {c["id"]: c for c in json.loads(run("export", "json").stdout)}
    listed = {c["id"]: c for c in json.loads(run("cases", "--json").stdout)}
    assert exported.keys() == listed.keys()
    for case_id, case in listed.items():
        for key, value in case.items():
            if key in exported[case_id] and not isinstance(value, list):
                assert exported[case_id][key] == value, (case_id, key)
    andersen = exported["us-2023-andersen-v-stability"]
    assert andersen["title_zh"] is None and andersen["ruling"] is None and andersen["related"] == []
    assert listed["us-2023-andersen-v-stability"]["title_zh"] is None


# -- Mermaid -----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def mermaid_js(request) -> Path:
    """Mermaid's own browser bundle, from npm (kept in pytest's cache between runs)."""
    cache = Path(request.config.cache.mkdir("mermaid"))
    bundle = cache / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not bundle.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail("npm is not installed; the Mermaid test needs it to fetch mermaid")
            pytest.skip("npm is not installed (apt-get install npm)")
        subprocess.run([npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--silent", "mermaid@11"],
                       check=True, capture_output=True, timeout=600)
    return bundle


def mermaid_render(page, text: str) -> dict:
    return page.evaluate("""async (text) => {
        mermaid.initialize({startOnLoad: false});
        try {
            await mermaid.parse(text);
            const {svg} = await mermaid.render('kb' + Math.floor(Math.random() * 1e9), text);
            return {ok: true, edges: (svg.match(/<path[^>]*data-edge="true"/g) || []).length};
        } catch (e) {
            return {ok: false, error: String(e && e.message || e)};
        }
    }""", text)


def test_mermaid_draws_the_export_and_refuses_what_kb_refuses(con, mermaid_js, tmp_path):
    from browser import chromium_page

    def build_every_kind():
        return build_paths(every_kind(tmp_path / "every"), tmp_path / "every.sqlite")

    def shipped_li_v_liu():  # `kb export mermaid --around "Li v. Liu" --depth 1`, as in the README
        whole = graph.build_graph(build_paths(DATA, tmp_path / "shipped.sqlite"))
        return export.select(whole, around="case:cn-2023-li-v-liu", depth=1)

    g = graph.build_graph(con)
    text = export.to_mermaid(g)
    too_many = "graph LR\n" + "".join(f"  a{i} -->|\"x\"| b{i}\n" for i in range(export.MERMAID_MAX_EDGES + 1))
    just_enough = "graph LR\n" + "".join(f"  a{i} -->|\"x\"| b{i}\n" for i in range(export.MERMAID_MAX_EDGES))
    with chromium_page() as page:
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(mermaid_js))
        drawn = mermaid_render(page, text)
        assert drawn["ok"], drawn
        assert drawn["edges"] == g.number_of_edges()
        assert mermaid_render(page, just_enough)["ok"]
        refused = mermaid_render(page, too_many)
        assert not refused["ok"] and re.search(r"edge", refused["error"], re.I), refused
        # a node of every kind (judges and questions of law too), and the shipped data's README example
        for part in (graph.build_graph(build_every_kind()), shipped_li_v_liu()):
            assert {"question", "judge"} <= {d["type"] for _, d in part.nodes(data=True)}
            drawn = mermaid_render(page, export.to_mermaid(part))
            assert drawn["ok"] and drawn["edges"] == part.number_of_edges(), drawn


def test_kb_refuses_a_mermaid_diagram_past_mermaids_limits_and_says_how_big(run, data_dir):
    extra = "".join(f"""- id: c{i}
  title: Case {i}
  kind: controversy
  jurisdiction: US
  status: ongoing
  claims: [copyright-infringement, training-data-use, copyrightability-ai-output]
  sources: [{{id: s1, url: "https://example.org/{i}", title: T, publisher: P}}]
""" for i in range(170))
    (data_dir / "cases.yaml").write_text(CASES + extra, encoding="utf-8")
    result = run("export", "mermaid")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"\d+ links and [\d,]+ characters are more than Mermaid draws \(at most 500 links", result.stderr)
    assert run("export", "mermaid", "--around", "Li v. Liu").exit_code == 0


# -- every format, on the shipped data and on data holding every kind of node -------------------------
DATA = Path(__file__).resolve().parent.parent / "data"

EVERY_KIND_JUDGES = ZHU_GE

EVERY_KIND_QUESTIONS = """\
- id: ai-output-protection
  name: Protection and authorship of AI-generated content
  question: Can content generated with AI be protected, and who is its author?
  claims: [copyrightability-ai-output]
"""

LI_ADDITIONS = """\
  judges:
    - {judge: zhu-ge, role: judge, date: 2023-11-27, source: s1}
  answers:
    - {question: ai-output-protection, answer: "yes", holding: The user is the author., source: s1}
"""


def every_kind(directory: Path) -> Path:
    """The fixture data with a judge and a question of law on Li v. Liu: a node of every kind the graph has."""
    marker = "    source: s1\n  sources:\n    - {id: s1, url: \"https://example.org/li-v-liu\""
    assert CASES.count(marker) == 1
    cases = CASES.replace(marker, marker.replace("  sources:\n", LI_ADDITIONS + "  sources:\n", 1))
    return write_data(directory, cases=cases, judges=EVERY_KIND_JUDGES, questions=EVERY_KIND_QUESTIONS)


def _node_types(g) -> set[str]:
    return {data["type"] for _, data in g.nodes(data=True)}


def _check_export(fmt: str, text: str, nodes: int, edges: int, tmp_path: Path) -> None:
    """`text`, read by what its users read it with; a graph comes back with all its nodes and links."""
    import csv
    import io
    import xml.etree.ElementTree as ET

    import pydot
    from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    if fmt == "json":
        assert json.loads(text)
    elif fmt == "ndjson":
        assert all(json.loads(line)["id"] for line in text.splitlines())
    elif fmt == "csv":
        assert list(csv.DictReader(io.StringIO(text)))
    elif fmt in ("graphml", "gexf"):
        path = tmp_path / f"g.{fmt}"
        path.write_text(text, encoding="utf-8")
        back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
        assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)
    elif fmt == "dot":
        (parsed,) = pydot.graph_from_dot_data(text)
        assert parsed.get_type() == "digraph"
        # less the defaults `graph [...]` and `node [...]`, which pydot lists as nodes of those names
        assert len([n for n in parsed.get_nodes() if n.get_name() not in ("graph", "node", "edge")]) == nodes
        assert len(parsed.get_edges()) == edges
    elif fmt == "svg":
        root = ET.fromstring(text)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    elif fmt == "csl-json":
        with pytest.warns(UserWarning, match="unsupported: custom"):
            source = CiteProcJSON(json.loads(text))
        CitationStylesBibliography(CitationStylesStyle(str(STYLE), validate=True), source, formatter.plain)
    elif fmt == "atom":
        parsed = feedparser.parse(text)
        assert parsed.bozo == 0 and parsed.entries
    else:  # mermaid is drawn by Mermaid itself, in the browser test below
        assert fmt == "mermaid" and text.startswith("graph LR\n") and text.count(" -->|") == edges


FORMATS = ("json", "ndjson", "csv", "graphml", "gexf", "mermaid", "dot", "svg", "csl-json", "atom")


@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported. custom")
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", ["shipped", "every kind"])
def test_every_format_exports_and_its_reader_reads_it(run, tmp_path, fmt, where):
    data = DATA if where == "shipped" else every_kind(tmp_path / "every")
    # Mermaid draws no more than 500 links and a picture holds 400 nodes: on the shipped data, the
    # neighbourhood of a case with judges and answers to questions of law (the whole graph is refused
    # with its size, tested above and in test_picture.py)
    around = ("--around", "Li v. Liu", "--depth", "1") if fmt in ("mermaid", "svg") and where == "shipped" else ()
    feed = ("--feed-url", "https://example.org/f.atom") if fmt == "atom" else ()
    result = run("export", fmt, *around, *feed, data=data)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    from kb import store

    g = graph.build_graph(store.connect_readonly(run.db))
    if around:
        g = export.select(g, around="case:cn-2023-li-v-liu", depth=1)
    if fmt in export.GRAPH_FORMATS:
        assert {"case", "court", "party", "claim", "product", "question", "judge"} <= _node_types(g), _node_types(g)
    _check_export(fmt, result.stdout, g.number_of_nodes(), g.number_of_edges(), tmp_path)
