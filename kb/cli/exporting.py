"""`kb export`: the cases or their graph in formats other tools read."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from kb.cli.base import app, connect, err, listing, refuse_own_files, write_output
from kb.i18n import _

if TYPE_CHECKING:
    from kb.queries import CaseFilter


class ExportFormat(str, Enum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    graphml = "graphml"
    gexf = "gexf"
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"
    csl_json = "csl-json"
    bibtex = "bibtex"
    atom = "atom"


@app.command()
@listing()
def export(
    ctx: typer.Context,
    f: "CaseFilter",
    format: ExportFormat = typer.Argument(
        ..., help="json, ndjson, csv, graphml, gexf, mermaid, dot, svg (a picture), csl-json, bibtex, atom."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file (atomically; - is stdout)."),
    bom: bool = typer.Option(False, "--bom", help="csv: start with a UTF-8 byte order mark, for Excel."),
    around: Optional[str] = typer.Option(None, "--around", help="Graph formats: only this node's neighbourhood."),
    depth: int = typer.Option(1, "--depth", min=1, max=5, help="With --around: how many links away."),
    feed_url: Optional[str] = typer.Option(None, "--feed-url", help="atom: the address the feed is published at "
                                                                   "(its rel=\"self\" link)."),
) -> None:
    """Export the cases (filtered like `kb cases`) or their graph, to stdout or a file."""
    from kb import export as exports
    from kb.queries import list_cases, timeline

    if output is not None and str(output) != "-":
        refuse_own_files(ctx, output)
    con = connect(ctx)
    filtered = f.selects() or f.limit is not None or f.offset > 0
    ids = [c["id"] for c in list_cases(con, f)]
    fmt = format.value
    if fmt in exports.GRAPH_FORMATS:
        from kb import graph, links
        from kb.resolve import resolve_any

        g = graph.build_graph(con)
        node = links.node_key(*resolve_any(con, around)) if around else None
        part = exports.select(g, ids if filtered else None, node, depth)
        text = {"graphml": exports.to_graphml, "gexf": exports.to_gexf, "mermaid": exports.to_mermaid,
                "dot": exports.to_dot, "svg": exports.to_svg}[fmt](part)
        what = _("{nodes} nodes, {links} links").format(nodes=part.number_of_nodes(), links=part.number_of_edges())
    elif fmt == "atom":
        events = [e for e in timeline(con) if e["case"]["id"] in set(ids)]
        text, what = exports.to_atom(events, feed_url=feed_url), _("{n} events").format(n=len(events))
        if not feed_url:
            err(_("kb: the feed has no rel=\"self\" link; give --feed-url with the address it is published at"))
    else:
        full = exports.records(con, ids)
        text = {"json": lambda: exports.to_json(full), "ndjson": lambda: exports.to_ndjson(full),
                "csv": lambda: exports.to_csv(con, full, bom), "csl-json": lambda: exports.to_csl_json(con, full),
                "bibtex": lambda: exports.to_bibtex(con, full)}[fmt]()
        what = _("{n} cases").format(n=len(ids))
    write_output(ctx, output, text, f"{fmt}, {what}")
