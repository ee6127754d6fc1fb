"""kb.picture: labels never overlap each other or a node; every link says its relation; nothing is cut."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kb import graph, picture

NS = "{http://www.w3.org/2000/svg}"


def crowded() -> nx.MultiGraph:
    """Long titles, Chinese names, one party in many roles, cases related to each other."""
    g = nx.MultiGraph()
    long_title = "The Very Long Title of a Case About " + "Generative Models and Their Outputs " * 4
    for i in range(6):
        g.add_node(f"case:c{i}", type="case", label=f"{long_title} #{i}", label_zh="关于生成式人工智能的很长的案件名称" * 2)
    g.add_node("party:p", type="party", label="WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", label_zh=None)
    g.add_node("court:k", type="court", label="Court", label_zh="法院")
    g.add_node("product:x", type="product", label="Product X")
    for i in range(6):
        for role in ("plaintiff", "defendant", "third-party"):
            g.add_edge(f"case:c{i}", "party:p", kind="party", label=role)
        g.add_edge(f"case:c{i}", "court:k", kind="court", label="heard by")
    g.add_edge("product:x", "party:p", kind="operator", label="operated by")
    g.add_edge("case:c1", "case:c0", kind="relation", label="appeal-of", source="case:c1")
    g.add_edge("case:c2", "case:c0", kind="relation", label="similar-facts", source="case:c2")
    return g


@pytest.mark.parametrize("which", ["fixture", "crowded"])
def test_no_label_overlaps_another_label_or_a_node(con, which):
    g = graph.build_graph(con) if which == "fixture" else crowded()
    lay = picture.layout(g)
    assert picture.overlaps(lay) == []
    assert len(lay.edges) == g.number_of_edges() and set(lay.positions) == set(g.nodes)


def test_the_overlap_measure_finds_an_overlap():
    g = crowded()
    lay = picture.layout(g)
    x, y = lay.positions["case:c0"]
    lay.positions["court:k"] = (x + 20, y)  # a node moved onto a label
    assert any("node court:k" in pair for pair in picture.overlaps(lay))


def test_every_link_says_its_relation_and_names_are_whole(con):
    g = crowded()
    svg = ET.fromstring(picture.to_svg(g).split("\n", 1)[1])
    links = svg.find(f"{NS}g[@class='links']")
    said = sorted(" ".join(group.find(f"{NS}text").itertext()) for group in links)
    assert said == sorted(picture.relation_text(d["label"]) for _, _, d in g.edges(data=True))
    assert "appeal of" in said and "operated by" in said
    hover = {el.find(f"{NS}title").text for el in svg.find(f"{NS}g[@class='nodes']")}
    full = g.nodes["case:c0"]["label"]
    assert len(full) > 150 and f"case: {full} ({g.nodes['case:c0']['label_zh']})" in hover
    shown = [" ".join(t.itertext()) for t in svg.iter(f"{NS}text")]
    # wrapped over lines, never cut: the label's lines put together are the whole name
    node = svg.find(f"{NS}g[@class='nodes']")[0]
    assert node.find(f"{NS}title").text == f"case: {full} ({g.nodes['case:c0']['label_zh']})"
    lines = [t.text for t in node.iter(f"{NS}tspan")]
    assert len(lines) > 2 and " ".join(lines).replace(" ", "") == node.find(f"{NS}title").text[6:].replace(" ", "")

def test_the_viewbox_fits_the_content():
    lay = picture.layout(crowded())
    boxes = [b for _, b in lay.label_boxes()] + [lay.node_box(n) for n in lay.positions]
    assert min(b.x for b in boxes) >= 0 and min(b.y for b in boxes) >= 0
    assert max(b.x + b.w for b in boxes) <= lay.width <= max(b.x + b.w for b in boxes) + 2 * picture.MARGIN + 420
    assert max(b.y + b.h for b in boxes) <= lay.height <= max(b.y + b.h for b in boxes) + 2 * picture.MARGIN
    svg = ET.fromstring(picture.to_svg(crowded()).split("\n", 1)[1])
    assert svg.get("viewBox") == f"0 0 {lay.width:.0f} {lay.height:.0f}"


def test_wrap_keeps_every_character():
    for text in ["a " * 200, "小红书" * 50, "x" * 500, "Mixed 中文 and English words " * 10, ""]:
        lines = picture.wrap(text, 120)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(picture.text_width(line) <= 120 for line in lines)


def test_nodes_link_to_their_pages_and_text_is_escaped():
    g = nx.MultiGraph()
    g.add_node("case:x", type="case", label="<script>alert(1)</script> & co")
    g.add_node("party:y", type="party", label="Y")
    g.add_edge("case:x", "party:y", kind="party", label="plaintiff")
    text = picture.to_svg(g, href=lambda node: f"../{node.split(':')[1]}/")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in text
    svg = ET.fromstring(text.split("\n", 1)[1])
    assert sorted(a.get("href") for a in svg.iter(f"{NS}a")) == ["../x/", "../y/"]
