"""The data out, in the formats people use: JSON, NDJSON, CSV, GraphML, GEXF, Mermaid, DOT,
an SVG picture (drawn by `kb.picture`), CSL-JSON (Zotero), BibTeX and Atom. Every function returns text; the CLI writes it to stdout or a file.

Non-ASCII text is kept as is (no `\\u` escapes). CSV cells that a spreadsheet would read as a
formula (starting with = + - @, a tab or a carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from typing import Any, Callable, Iterable, Optional

import kb
from kb.textsafe import dumps, has_controls, visible_controls
from kb.version import DATA_LICENSE_NOTE, DATA_LICENSE_URL

GRAPH_FORMATS = ("graphml", "gexf", "mermaid", "dot", "svg")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ATOM_NS = "http://www.w3.org/2005/Atom"


def records(con: sqlite3.Connection, case_ids: list[str]) -> list[dict[str, Any]]:
    """Full case records, in the order given, with every field of the model: a field the YAML leaves
    out is there as null (or an empty list), as in `kb cases --json`."""
    from pydantic import TypeAdapter, ValidationError

    from kb.models import Case

    rows = dict(con.execute("SELECT case_id, record FROM case_records"))
    raw = [json.loads(rows[i]) for i in case_ids]
    try:
        cases = TypeAdapter(list[Case]).validate_python(raw)
    except ValidationError:  # a database from an older kb, which let through what kb now refuses
        return [_filled(record) for record in raw]
    return TypeAdapter(list[Case]).dump_python(cases, mode="json")


def _filled(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as it is, with the fields it lacks as null (or an empty list), when it no longer
    validates: shown as stored, never refused and never crashing the export."""
    from pydantic import ValidationError

    from kb.models import Case

    try:
        return Case.model_validate(record).model_dump(mode="json")
    except ValidationError:
        filled = {name: record[name] if name in record else [] if field.default_factory is list else None
                  for name, field in Case.model_fields.items()}
        return {**filled, **record}


# -- records ---------------------------------------------------------------------------------------
def to_json(cases: list[dict]) -> str:
    return dumps(cases, indent=2) + "\n"


def to_ndjson(cases: Iterable[dict]) -> str:
    return "".join(dumps(c) + "\n" for c in cases)


def neutralise(cell: Any) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if cell is None else visible_controls(str(cell))
    return "'" + text if text.startswith(FORMULA_START) else text


CSV_COLUMNS = ("id", "title", "title_zh", "kind", "jurisdiction", "court", "court_name", "case_number", "status",
               "as_of", "filed", "decided", "parties", "claims", "products", "summary", "summary_zh", "outcome",
               "outcome_zh", "sources")


def to_csv(con: sqlite3.Connection, cases: list[dict], bom: bool = False) -> str:
    """One row per case; lists joined with '; ' (parties as 'Name (role)')."""
    parties = dict(con.execute("SELECT id, name FROM parties"))
    courts = dict(con.execute("SELECT id, name FROM courts"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in cases:
        row = {
            **{k: c.get(k) for k in CSV_COLUMNS},
            "court_name": courts.get(c.get("court")),
            "parties": "; ".join(f"{parties.get(p['party'], p['party'])} ({p['role']})" for p in c.get("parties", [])),
            "claims": "; ".join(c.get("claims", [])),
            "products": "; ".join(c.get("products", [])),
            "outcome": (c.get("ruling") or {}).get("outcome"),
            "outcome_zh": (c.get("ruling") or {}).get("outcome_zh"),
            "sources": "; ".join(s["url"] for s in c.get("sources", [])),
        }
        writer.writerow([neutralise(row[k]) for k in CSV_COLUMNS])
    return ("\ufeff" if bom else "") + out.getvalue()


def to_csl_json(con: sqlite3.Connection, cases: list[dict]) -> str:
    """Zotero-ready CSL-JSON `legal_case` items, built by `kb.cite.csl_item` (the item the site and `kb cite`
    use too): authority = court, number = case number, issued = decision; each names the data license
    (CC BY 4.0; each linked source keeps its own terms) in `custom`."""
    from kb.cite import csl_items

    return dumps(csl_items(con, cases), indent=2) + "\n"


def to_bibtex(con: sqlite3.Connection, cases: list[dict]) -> str:
    """BibTeX `@misc` entries keyed by case id, from the same CSL items (`kb.cite.to_bibtex`)."""
    from kb.cite import csl_items
    from kb.cite import to_bibtex as write

    return write(csl_items(con, cases))


# -- events ----------------------------------------------------------------------------------------
def _rfc3339(value: str) -> str:
    """The first moment of a partial date's period, as Atom wants a full timestamp."""
    from kb.dates import period

    return dt.datetime.combine(period(value)[0], dt.time(), dt.timezone.utc).isoformat().replace("+00:00", "Z")


def event_ids(events: list[dict]) -> list[str]:
    """An id for each event that stays the same when its text is corrected: the case, the date, the kind
    and which event of that case, date and kind it is, in the order the record gives them."""
    seen: dict[tuple, int] = {}
    ids = []
    for e in events:
        key = (e["case"]["id"], e["date"], e["kind"])
        seen[key] = seen.get(key, 0) + 1
        ids.append(f"urn:kb:event:{key[0]}:{key[1]}:{key[2]}:{seen[key]}")
    return ids


def to_atom(events: list[dict], title: str = "kb: AIGC case developments", feed_url: Optional[str] = None,
            page_url: Optional[Callable[[str], str]] = None) -> str:
    """An Atom (RFC 4287) feed of case events, newest first, one entry per event. `feed_url` is the address
    the feed is published at, for its rel="self" link (feed readers use it to follow a moved feed).

    With `page_url` (case id -> address of the case's page on kb's website), each entry links to that page,
    and the source goes inside the entry (rel="via" and in its summary); without it, to the source."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: Optional[str] = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: visible_controls(v) for k, v in attrs.items()})
        if text is not None:
            element.text = visible_controls(text)
        return element

    ids = {id(e): entry_id for e, entry_id in zip(events, event_ids(events))}
    newest_first = sorted(events, key=lambda e: (e["date"], len(e["date"])), reverse=True)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", "urn:kb:feed:events")
    sub(feed, "title", title)
    if feed_url:
        sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "updated", _rfc3339(newest_first[0]["date"]) if newest_first else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", "kb contributors")
    sub(feed, "generator", "kb", version=kb.__version__)
    sub(feed, "rights", DATA_LICENSE_NOTE)
    sub(feed, "link", rel="license", href=DATA_LICENSE_URL)  # RFC 4946
    for e in newest_first:
        entry = sub(feed, "entry")
        sub(entry, "id", ids[id(e)])
        sub(entry, "title", f"{e['date']} · {e['case']['title']}: {e['what']}")
        sub(entry, "updated", _rfc3339(e["date"]))
        source = e["source"]
        if page_url:
            sub(entry, "link", rel="alternate", href=page_url(e["case"]["id"]), type="text/html")
            if source.get("url"):
                sub(entry, "link", rel="via", href=source["url"], title=source.get("title") or source.get("publisher") or "")
        elif source.get("url"):
            sub(entry, "link", rel="alternate", href=source["url"])
        sub(entry, "category", term=e["kind"])
        summary = e["what"] + (f"\n{e['what_zh']}" if e.get("what_zh") else "")
        cited = source.get("publisher") or source.get("id")
        if page_url and source.get("url"):
            cited += f", {source['url']}"
        sub(entry, "summary", summary + f"\n(source: {cited})")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


# -- the graph -------------------------------------------------------------------------------------
def visible(g):
    """The graph with control characters in its labels shown as escapes (see `kb.textsafe.visible_controls`):
    every graph format is well-formed and terminal-safe even on a database from an older kb. Valid data has
    none, and is given back as it is, uncopied."""
    strings = [(data, k) for _, data in g.nodes(data=True) for k, v in data.items()
               if isinstance(v, str) and has_controls(v)]
    strings += [(data, k) for *_, data in g.edges(data=True) for k, v in data.items()
                if isinstance(v, str) and has_controls(v)]
    if not strings:
        return g
    h = g.copy()
    for _, data in h.nodes(data=True):
        data.update({k: visible_controls(v) for k, v in data.items() if isinstance(v, str)})
    for *_, data in h.edges(data=True):
        data.update({k: visible_controls(v) for k, v in data.items() if isinstance(v, str) and k != "source"})
    return h


def select(g, case_ids: Optional[list[str]] = None, around: Optional[str] = None, depth: int = 1):
    """The part of the graph to draw: the cases given with everything they link to, or the
    neighbourhood of one node up to `depth` links away, or (no arguments) all of it."""
    import networkx as nx

    if around is not None:
        return _induced(g, nx.single_source_shortest_path_length(g, around, cutoff=depth))
    if case_ids is None:
        return g
    keep = {f"case:{c}" for c in case_ids}
    keep |= {n for c in list(keep) for n in g[c] if g.nodes[n]["type"] != "case"}
    return _induced(g, keep)


def _induced(g, keep):
    """The part of `g` on the nodes `keep`, its nodes and links in `g`'s order: networkx's subgraphs follow
    the order of a set, which changes from one run of Python to the next, and so would a picture drawn
    from it, where two nodes tie."""
    h = g.__class__()
    h.graph.update(g.graph)
    order = [n for n in g if n in keep]
    h.add_nodes_from((n, g.nodes[n]) for n in order)
    done: set = set()
    for u in order:
        for v, links in g[u].items():
            if v not in keep or (v in done and not g.is_directed()):
                continue
            if g.is_multigraph():
                for key, data in links.items():
                    h.add_edge(u, v, key=key, **data)
            else:
                h.add_edge(u, v, **links)
        done.add(u)
    return h


def directed(g):
    """The graph with each link pointing the way it reads: case -> court ("heard by"), case -> party (its
    role), case -> claim and product, product -> operator, and case -> case for a relation as the record
    gives it ("appeal-of" from the appeal to the first instance)."""
    import networkx as nx

    from kb.links import EDGE_FROM

    d = nx.MultiDiGraph()
    d.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        if data["kind"] == "relation":
            start = data["source"]
        else:
            start = u if g.nodes[u].get("type", u.split(":", 1)[0]) == EDGE_FROM[data["kind"]] else v
        d.add_edge(start, v if start == u else u, **{k: val for k, val in data.items() if k != "source"})
    return d


def _ordered_edges(g):
    return sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))


def _plain(g):
    """A directed copy the XML writers take as it is meant: no None values, the record id as `kb_id` (an
    attribute named `id` would be read back as the node's own id), and edge ids e0, e1, ... in a stable order."""
    import networkx as nx

    h = nx.MultiDiGraph()
    h.add_nodes_from((n, {("kb_id" if k == "id" else k): v for k, v in d.items() if v is not None})
                     for n, d in sorted(g.nodes(data=True)))
    for i, (u, v, d) in enumerate(_ordered_edges(directed(g))):
        h.add_edge(u, v, key=f"e{i}", **{k: val for k, val in d.items() if val is not None})
    return h


def to_graphml(g) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(_plain(visible(g)))) + "\n"


def to_gexf(g) -> str:
    """GEXF 1.2, directed; edges keep their ids (e0, e1, ...) as GEXF edge ids, with no networkx-only attribute."""
    import networkx as nx

    h = _plain(visible(g))
    for u, v, key, data in h.edges(keys=True, data=True):
        data["id"] = key  # the writer takes `id` as the edge's GEXF id, and adds the key as an attribute
    text = "\n".join(nx.generate_gexf(h))
    root = ET.fromstring(text)
    ns = {"g": root.tag.split("}")[0].strip("{")}
    ET.register_namespace("", ns["g"])
    for attributes in root.iterfind("g:graph/g:attributes[@class='edge']", ns):
        for attribute in attributes.findall("g:attribute[@title='networkx_key']", ns):
            key_id = attribute.get("id")
            attributes.remove(attribute)
            for values in root.iterfind("g:graph/g:edges/g:edge/g:attvalues", ns):
                for value in values.findall(f"g:attvalue[@for='{key_id}']", ns):
                    values.remove(value)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# One shape for each kind of node the graph holds (`kb.registries.REGISTRY_LABELS`); a test keeps them in step.
_MERMAID_SHAPES = {"case": ('["', '"]'), "party": ('("', '")'), "court": ('[["', '"]]'), "claim": ('{{"', '"}}'),
                   "product": ('[("', '")]'), "question": ('{"', '"}'), "judge": ('(["', '"])')}


def _mermaid_text(text: str) -> str:
    # `%` as an entity too: Mermaid obeys a `%%{init: ...}%%` directive anywhere in a diagram's text, and a
    # title holding one would restyle the whole diagram.
    return (text.replace("&", "#amp;").replace("%", "#37;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("\n", " "))


# Mermaid's defaults (mermaid.initialize: maxEdges, maxTextSize): a diagram past either is not drawn.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000


def to_mermaid(g) -> str:
    """A Mermaid flowchart, arrows pointing the way each link reads; GitHub renders it inside a ```mermaid
    block. Mermaid draws no diagram of more than 500 links or 50,000 characters, so a larger part of the
    graph is refused, with its size, rather than cut: choose a part with --around or the filters."""
    d = directed(visible(g))
    ids = {node: f"n{i}" for i, node in enumerate(sorted(d.nodes))}
    lines = ["graph LR"]
    for node in sorted(d.nodes):
        data = d.nodes[node]
        left, right = _MERMAID_SHAPES[data["type"]]
        lines.append(f"  {ids[node]}{left}{_mermaid_text(data.get('label') or node)}{right}")
    for u, v, e in sorted(d.edges(data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2]["label"])):
        lines.append(f'  {ids[u]} -->|"{_mermaid_text(e["label"])}"| {ids[v]}')
    text = "\n".join(lines) + "\n"
    if d.number_of_edges() > MERMAID_MAX_EDGES or len(text) > MERMAID_MAX_TEXT:
        from kb.errors import KbError
        from kb.i18n import _

        raise KbError(_("{links} links and {chars:,} characters are more than Mermaid draws (at most {max_links} links "
                        "and {max_chars:,} characters); choose part of the graph with --around ID --depth N or the "
                        "filters of kb cases").format(links=d.number_of_edges(), chars=len(text),
                                                      max_links=MERMAID_MAX_EDGES, max_chars=MERMAID_MAX_TEXT))
    return text


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_DOT_SHAPES = {"case": "box", "party": "ellipse", "court": "house", "claim": "hexagon", "product": "component",
               "question": "diamond", "judge": "oval"}


def to_dot(g) -> str:
    """A directed Graphviz graph (`dot -Tsvg`), arrows pointing the way each link reads."""
    lines = ["digraph kb {", "  graph [rankdir=LR];", '  node [fontname="Helvetica"];']
    g = visible(g)
    for node in sorted(g.nodes):
        data = g.nodes[node]
        lines.append(f"  {_dot_text(node)} [label={_dot_text(data.get('label') or node)}, "
                     f"shape={_DOT_SHAPES[data['type']]}];")
    for u, v, d in _ordered_edges(directed(g)):
        lines.append(f"  {_dot_text(u)} -> {_dot_text(v)} [label={_dot_text(d['label'])}];")
    return "\n".join(lines + ["}"]) + "\n"


# -- a picture ---------------------------------------------------------------------------------------
def to_svg(g, title: str = "kb") -> str:
    """A picture of the graph as a self-contained SVG, drawn by `kb.picture` (the site draws the
    same way): every label whole and apart, each link labelled with its relation, full names on
    hover. Meant for a neighbourhood (`--around`), not 20,000 cases."""
    from kb import picture

    return picture.to_svg(visible(g), visible_controls(title))
