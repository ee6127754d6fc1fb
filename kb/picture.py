"""Pictures of the graph that people can read: every label whole and apart from the others.

The layout is in two columns: cases on the left, what they link to (courts, parties, products,
claims, grouped by type) on the right. Each node has a row of its own, tall enough for its
label (wrapped, never cut) and for the labels of the links that end at it; those say the
relation (plaintiff, heard by, claims, appeal of, ...) and stand in a gutter just before the
node, where the link's line arrives. So no label can overlap another label or a node, and
`overlaps` checks that it holds. Full names and the two ends of each link show on hover
(`<title>`); the picture's viewBox is the size of what it holds.

Text widths are estimated from character classes, on the generous side, because the SVG is
written without a font at hand; the browser test measures the real boxes.
"""

from __future__ import annotations

import functools
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Callable, Optional

COLOURS = {"case": "#1f5f99", "court": "#2b7a2b", "party": "#b02525", "product": "#a85a00", "claim": "#6a3d9a",
           "question": "#00707a", "judge": "#5c5c5c"}
TYPE_ORDER = ("case", "court", "judge", "party", "product", "claim", "question")
FONT_SIZE = 12
LINE = 16  # line height of a label, px
WRAP = 300  # widest a node label grows before it wraps, px
RADIUS = 6
PAD = 5  # between a node and its labels
ROW_GAP = 8
COLUMN_GAP = 56  # between the right edge of the case labels and the gutter of the next column
LANE = 6  # spacing of the vertical lanes that carry links within one column
MARGIN = 12
LEGEND = 30
NODE_LIMIT = 400

_NARROW = set("ijlrtfI.,:;'!|()[]{} ")
_WIDE_LATIN = set("mwMW@%")


@functools.lru_cache(maxsize=None)
def char_width(c: str) -> float:
    if unicodedata.east_asian_width(c) in "WF":
        return FONT_SIZE * 1.0
    if c in _NARROW:
        return FONT_SIZE * 0.38
    if c in _WIDE_LATIN:
        return FONT_SIZE * 0.95
    if c.isupper() or c.isdigit():
        return FONT_SIZE * 0.74
    return FONT_SIZE * 0.62


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: float) -> tuple[str, ...]:
    return tuple(wrap(text, width))


def wrap(text: str, width: float = WRAP) -> list[str]:
    """Lines no wider than `width` (a word wider than that gets a line of its own and is split
    between characters, as Chinese text is); nothing is dropped."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        if line and text_width(line) + text_width(word.rstrip()) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
        while text_width(line.rstrip()) > width:  # one word wider than a line: split it
            cut = 1
            while cut < len(line) and text_width(line[:cut + 1]) <= width:
                cut += 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _words(text: str) -> list[str]:
    """Words with their trailing space; each wide (CJK) character is a word of its own."""
    words, current = [], ""
    for c in " ".join(text.split()):
        if unicodedata.east_asian_width(c) in "WF":
            if current:
                words.append(current)
                current = ""
            words.append(c)
        elif c == " ":
            words.append(current + " ")
            current = ""
        else:
            current += c
    if current:
        words.append(current)
    return words


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: "Box") -> bool:
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)


@dataclass
class Label:
    lines: list[str]
    x: float  # where the text is anchored: its left edge, or its right edge when `end`
    y: float  # the middle of the block of lines
    end: bool = False

    @property
    def box(self) -> Box:
        w = max(text_width(line) for line in self.lines)
        h = len(self.lines) * LINE
        return Box(self.x - w if self.end else self.x, self.y - h / 2, w, h)


@dataclass
class Edge:
    u: str
    v: str
    relation: str
    points: list[tuple[float, float]]
    label: Label


@dataclass
class Layout:
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    labels: dict[str, Label] = field(default_factory=dict)  # node -> its label
    edges: list[Edge] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0

    def node_box(self, node: str) -> Box:
        x, y = self.positions[node]
        return Box(x - RADIUS, y - RADIUS, 2 * RADIUS, 2 * RADIUS)

    def label_boxes(self) -> list[tuple[str, Box]]:
        return ([(f"label of {n}", label.box) for n, label in self.labels.items()]
                + [(f"link {e.u} {e.relation} {e.v}", e.label.box) for e in self.edges])


def _type(g, node: str) -> str:
    return g.nodes[node].get("type") or node.split(":", 1)[0]


def name(g, node: str) -> str:
    data = g.nodes[node]
    label = data.get("label") or node.split(":", 1)[1]
    return f"{label} ({data['label_zh']})" if data.get("label_zh") and data["label_zh"] != label else label


def relation_text(label: str) -> str:
    return label.replace("-", " ")


def layout(g) -> Layout:
    """Where every node, label and link goes; see the module's docstring."""
    def order(node: str) -> tuple:
        return (TYPE_ORDER.index(_type(g, node)), name(g, node).casefold(), node)

    cases = sorted((n for n in g.nodes if _type(g, n) == "case"), key=order)
    others = sorted((n for n in g.nodes if _type(g, n) != "case"), key=order)
    column_of = {**{n: 0 for n in cases}, **{n: 1 for n in others}}

    # Each link's label stands before one of its ends, its target: the end in the right-hand
    # column, else (two cases) the case the relation points to, else (two others) the second.
    links = []
    for u, v, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("label", ""))):
        if column_of[u] != column_of[v]:
            source, target = (u, v) if column_of[u] == 0 else (v, u)
        elif data.get("source") == v:
            source, target = v, u
        else:
            source, target = u, v
        links.append((source, target, relation_text(data.get("label", ""))))
    slots: dict[str, list[tuple[str, str]]] = {n: [] for n in g.nodes}
    for source, target, relation in links:
        slots[target].append((source, relation))

    node_lines = {n: list(_wrapped(name(g, n), WRAP)) for n in g.nodes}

    def gutter(column: list[str]) -> float:
        return max((text_width(r) for n in column for _, r in slots[n]), default=0.0)

    def label_width(column: list[str]) -> float:
        return max((text_width(line) for n in column for line in node_lines[n]), default=0.0)

    same_column = [(s, t) for s, t, _ in links if column_of[s] == column_of[t]]
    lanes_a = sum(1 for s, _ in same_column if column_of[s] == 0)
    lanes_b = sum(1 for s, _ in same_column if column_of[s] == 1)
    x_a = MARGIN + lanes_a * LANE + (gutter(cases) + PAD + RADIUS if any(slots[n] for n in cases) else RADIUS)
    right_of_a = x_a + RADIUS + PAD + label_width(cases) if cases else MARGIN
    lane_b0 = right_of_a + COLUMN_GAP / 2
    x_b = right_of_a + COLUMN_GAP + lanes_b * LANE + gutter(others) + PAD + RADIUS
    if not cases:
        x_b -= COLUMN_GAP / 2

    out = Layout()

    def place(column: list[str], x: float) -> float:
        y = MARGIN + LEGEND
        for n in column:
            rows = max(len(node_lines[n]), len(slots[n]))
            h = rows * LINE + ROW_GAP
            out.positions[n] = (x, y + h / 2)
            y += h
        return y

    height_a, height_b = place(cases, x_a), place(others, x_b)
    # the shorter column is centred against the taller one
    shift_col = cases if height_a < height_b else others
    shift = abs(height_a - height_b) / 2
    for n in shift_col:
        x, y = out.positions[n]
        out.positions[n] = (x, y + shift)
    for n in g.nodes:
        x, y = out.positions[n]
        out.labels[n] = Label(node_lines[n], x + RADIUS + PAD, y)

    lane_counter = [0, 0]
    slot_index = {n: 0 for n in g.nodes}
    for source, target, relation in sorted(links, key=lambda link: (out.positions[link[1]][1],
                                                                      out.positions[link[0]][1])):
        tx, ty = out.positions[target]
        sx, sy = out.positions[source]
        count = len(slots[target])
        i = slot_index[target]
        slot_index[target] += 1
        ly = ty + (i - (count - 1) / 2) * LINE
        label = Label([relation], tx - RADIUS - PAD, ly, end=True)
        left = label.box.x - 3
        if column_of[source] == column_of[target]:
            col = column_of[target]
            lane_counter[col] += 1
            lane_x = MARGIN + (lane_counter[0] - 0.5) * LANE if col == 0 else lane_b0 + (lane_counter[1] - 0.5) * LANE
            points = [(sx, sy), (lane_x, sy), (lane_x, ly), (left, ly), (tx, ty)]
        else:
            points = [(sx, sy), (left, ly), (tx, ty)]
        out.edges.append(Edge(source, target, relation, points, label))

    boxes = [b for _, b in out.label_boxes()] + [out.node_box(n) for n in g.nodes]
    out.width = max((b.x + b.w for b in boxes), default=200.0) + MARGIN
    out.height = max((b.y + b.h for b in boxes), default=MARGIN + LEGEND) + MARGIN
    out.width = max(out.width, 420.0)  # room for the legend
    return out


def overlaps(lay: Layout) -> list[tuple[str, str]]:
    """Pairs of things that overlap: label with label, or label with a node it does not belong to."""
    found = []
    labels = lay.label_boxes()
    for i, (a, box_a) in enumerate(labels):
        for b, box_b in labels[i + 1:]:
            if box_a.overlaps(box_b):
                found.append((a, b))
        for node in lay.positions:
            if box_a.overlaps(lay.node_box(node)):
                found.append((a, f"node {node}"))
    return found


def _text(parent: ET.Element, label: Label, **attrs: str) -> ET.Element:
    first = label.y - (len(label.lines) - 1) * LINE / 2
    text = ET.SubElement(parent, "text", x=f"{label.x:.1f}", y=f"{first + FONT_SIZE * 0.35:.1f}", **attrs)
    if label.end:
        text.set("text-anchor", "end")
    if len(label.lines) == 1:
        text.text = label.lines[0]
    else:
        for i, line in enumerate(label.lines):
            tspan = ET.SubElement(text, "tspan", x=f"{label.x:.1f}", dy="0" if i == 0 else str(LINE))
            tspan.text = line
    return text


def svg_element(g, title: str = "kb", href: Optional[Callable[[str], Optional[str]]] = None) -> ET.Element:
    """The picture as an `<svg>` element; `href(node)` makes a node a link (to its page)."""
    if g.number_of_nodes() > NODE_LIMIT:
        from kb.errors import KbError

        raise KbError(f"{g.number_of_nodes()} nodes are too many for one picture (at most {NODE_LIMIT}); "
                      "choose part of the graph with --around ID --depth N or the filters of kb cases")
    lay = layout(g)
    w, h = f"{lay.width:.0f}", f"{lay.height:.0f}"
    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=w, height=h, viewBox=f"0 0 {w} {h}",
                     role="img", **{"class": "kb-graph", "font-family": "sans-serif", "font-size": str(FONT_SIZE)})
    ET.SubElement(svg, "title").text = title
    ET.SubElement(svg, "rect", width="100%", height="100%", fill="white")
    legend = ET.SubElement(svg, "g", **{"class": "legend"})
    x = MARGIN + RADIUS
    for kind in TYPE_ORDER:
        ET.SubElement(legend, "circle", cx=f"{x:.1f}", cy=f"{MARGIN + 6}", r=str(RADIUS), fill=COLOURS[kind])
        ET.SubElement(legend, "text", x=f"{x + RADIUS + 4:.1f}", y=f"{MARGIN + 10}").text = kind
        x += RADIUS * 2 + 12 + text_width(kind)
    halo = {"stroke": "white", "stroke-width": "3", "paint-order": "stroke", "stroke-linejoin": "round"}
    links = ET.SubElement(svg, "g", **{"class": "links"})
    for e in lay.edges:
        group = ET.SubElement(links, "g")
        ET.SubElement(group, "title").text = f"{name(g, e.u)} — {e.relation} — {name(g, e.v)}"
        ET.SubElement(group, "polyline", fill="none", stroke="#999", points=" ".join(
            f"{x:.1f},{y:.1f}" for x, y in e.points))
        _text(group, e.label, fill="#555", **halo)
    nodes = ET.SubElement(svg, "g", **{"class": "nodes"})
    for node in sorted(g.nodes):
        kind = _type(g, node)
        link = href(node) if href else None
        group = ET.SubElement(nodes, "a" if link else "g", **({"href": link} if link else {}))
        group.set("class", kind)
        ET.SubElement(group, "title").text = f"{kind}: {name(g, node)}"
        x, y = lay.positions[node]
        ET.SubElement(group, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=str(RADIUS), fill=COLOURS[kind])
        _text(group, lay.labels[node], fill="#111", **halo)
    return svg


def to_svg(g, title: str = "kb", href: Optional[Callable[[str], Optional[str]]] = None) -> str:
    """A self-contained SVG document of the graph (see `svg_element`)."""
    svg = svg_element(g, title, href)
    ET.indent(svg)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(svg, encoding="unicode") + "\n"
