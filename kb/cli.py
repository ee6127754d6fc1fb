"""The `kb` command line: parse options, call a library function, render the result.

Heavy libraries (pydantic, networkx, Rich) are imported inside the commands that need them,
so that `kb --help` and `kb cases --json` start fast. Errors a user can fix are printed as one
line on stderr with exit code 1; a traceback is shown only with `--debug`.
"""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from typer.core import TyperGroup

from kb.errors import KbError

if TYPE_CHECKING:
    from kb import store


class UserError(KbError):
    """A problem the user can fix, found by the CLI itself."""


class _Group(TyperGroup):
    """Turns a KbError from any command into one line on stderr and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KbError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Group,
    name="kb",
    help="Query the knowledge base of court cases and controversies about AI-generated content.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

JSON_OPTION = typer.Option(False, "--json", help="Print JSON for scripts instead of a table.")


class Format(str, Enum):
    text = "text"
    github = "github"
    json = "json"


@app.callback()
def _global_options(
    ctx: typer.Context,
    data: Optional[str] = typer.Option(None, "--data", help="Data directory [env: KB_DATA; default: ./data]."),
    db: Optional[str] = typer.Option(None, "--db", help="Database file [env: KB_DB; default: DATA/kb.sqlite]."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback when something fails."),
) -> None:
    from kb import store

    ctx.obj = store.resolve_paths(data, db)


def _paths(ctx: typer.Context) -> "store.Paths":
    return ctx.obj


def _err(message: str) -> None:
    from kb.textsafe import inert

    print(inert(message), file=sys.stderr)


def _print_json(value: Any) -> None:
    import json

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _emit(result: Any, as_json: bool, renderer: str, *args: Any) -> None:
    """Print a result as JSON for scripts, or drawn by `kb.render.<renderer>` for people."""
    if as_json:
        _print_json(result)
        return
    from kb import render

    _print(getattr(render, renderer)(*args, result))


def _print(renderable: Any) -> None:
    from rich.console import Console

    # A terminal sets the width; piped into a file or a pager, tables get room instead of 80 columns.
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    Console(highlight=False, soft_wrap=False, width=width).print(renderable)


def _build_or_fail(paths: "store.Paths", announce: Optional[str]) -> "Any":
    from kb import store
    from kb.findings import format_findings

    if announce:
        _err(f"kb: building {paths.db} ({announce})")
    dataset, findings = store.build(paths)
    errors = [f for f in findings if f.severity == "error"]
    # `kb load` shows everything; a read command that builds on the way shows what stops it,
    # and only points at warnings, which are for the people who edit the data.
    shown = findings if announce is None or errors else []
    if shown:
        _err(format_findings(shown, "text"))
    elif findings:
        _err(f"kb: {len(findings)} warning(s) in the data; `kb validate` lists them")
    if dataset is None:
        raise UserError(f"the data has {len(errors)} error(s); the database was not built (run `kb validate`)")
    return dataset


def _connect(ctx: typer.Context):
    """A read-only connection to a database that matches the YAML, building it first if needed."""
    from kb import store

    paths = _paths(ctx)
    reason = store.staleness(paths)
    if reason:
        _build_or_fail(paths, reason)
    return store.connect_readonly(paths.db)


@app.command()
def validate(
    ctx: typer.Context,
    format: Format = typer.Option(Format.text, "--format", help="text, github (Actions annotations) or json."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
) -> None:
    """Check the data files and report every problem as file:line:col: message."""
    from kb.findings import format_findings
    from kb.loading import load_dataset

    dataset, findings = load_dataset(_paths(ctx).data)
    if findings or format is Format.json:
        output = format_findings(findings, format.value)
        print(output, file=sys.stdout if format is not Format.text else sys.stderr)
    failing = [f for f in findings if f.severity == "error" or strict]
    if format is Format.text:
        counts = {name: len(records) for name, records in dataset.records.items()}
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        _err(f"{len(failing)} error(s), {len(findings) - len(failing)} warning(s); checked {summary}")
    raise typer.Exit(1 if failing else 0)


@app.command()
def load(ctx: typer.Context) -> None:
    """Validate the data and (re)build the SQLite database atomically."""
    paths = _paths(ctx)
    dataset = _build_or_fail(paths, None)
    counts = ", ".join(f"{len(records)} {name}" for name, records in dataset.records.items())
    _err(f"built {paths.db}: {counts}")


# The filters of `kb cases`, shared by the commands that select cases the same way.
COURT = typer.Option(None, "--court", help="Court id or name.")
PARTY = typer.Option(None, "--party", help="Party id, name or alias.")
CLAIM = typer.Option(None, "--claim", help="Claim id or name.")
PRODUCT = typer.Option(None, "--product", help="AI product id or name.")
STATUS = typer.Option(None, "--status", help="e.g. pending, decided, settled.")
KIND = typer.Option(None, "--kind", help="lawsuit, ruling, controversy or regulatory.")
JURISDICTION = typer.Option(None, "--jurisdiction", help="Country code, e.g. CN, US, GB.")
SINCE = typer.Option(None, "--since", help="Cases with a date in or after this period (YYYY[-MM[-DD]]).")
UNTIL = typer.Option(None, "--until", help="Cases with a date in or before this period.")
LIMIT = typer.Option(None, "--limit", min=0, help="At most this many cases.")


@app.command()
def cases(
    ctx: typer.Context,
    court: Optional[str] = COURT, party: Optional[str] = PARTY, claim: Optional[str] = CLAIM,
    product: Optional[str] = PRODUCT, status: Optional[str] = STATUS, kind: Optional[str] = KIND,
    jurisdiction: Optional[str] = JURISDICTION, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    limit: Optional[int] = LIMIT,
    json_: bool = JSON_OPTION,
) -> None:
    """List cases, oldest first, filtered by court, party, claim, product, status, kind, dates."""
    from kb.queries import CaseFilter, list_cases

    f = CaseFilter(court, party, claim, product, status, kind, jurisdiction, since, until, limit)
    result = list_cases(_connect(ctx), f)
    _emit(result, json_, "cases_table")


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
    atom = "atom"


@app.command()
def export(
    ctx: typer.Context,
    format: ExportFormat = typer.Argument(
        ..., help="json, ndjson, csv, graphml, gexf, mermaid, dot, svg (a picture), csl-json, atom."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file (atomically)."),
    bom: bool = typer.Option(False, "--bom", help="csv: start with a UTF-8 byte order mark, for Excel."),
    around: Optional[str] = typer.Option(None, "--around", help="Graph formats: only this node's neighbourhood."),
    depth: int = typer.Option(1, "--depth", min=1, max=5, help="With --around: how many links away."),
    court: Optional[str] = COURT, party: Optional[str] = PARTY, claim: Optional[str] = CLAIM,
    product: Optional[str] = PRODUCT, status: Optional[str] = STATUS, kind: Optional[str] = KIND,
    jurisdiction: Optional[str] = JURISDICTION, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    limit: Optional[int] = LIMIT,
) -> None:
    """Export the cases (filtered like `kb cases`) or their graph, to stdout or a file."""
    from kb import export as exports
    from kb.queries import CaseFilter, list_cases, timeline

    con = _connect(ctx)
    f = CaseFilter(court, party, claim, product, status, kind, jurisdiction, since, until, limit)
    filtered = any(v is not None for v in (court, party, claim, product, status, kind, jurisdiction, since, until,
                                           limit))
    ids = [c["id"] for c in list_cases(con, f)]
    fmt = format.value
    if fmt in exports.GRAPH_FORMATS:
        from kb import graph
        from kb.queries import resolve_any

        g = graph.build_graph(con)
        node = graph.node_key(*resolve_any(con, around)) if around else None
        part = exports.select(g, ids if filtered else None, node, depth)
        text = {"graphml": exports.to_graphml, "gexf": exports.to_gexf, "mermaid": exports.to_mermaid,
                "dot": exports.to_dot, "svg": exports.to_svg}[fmt](part)
        what = f"{part.number_of_nodes()} nodes, {part.number_of_edges()} links"
    elif fmt == "atom":
        events = [e for e in timeline(con) if e["case"]["id"] in set(ids)]
        text, what = exports.to_atom(events), f"{len(events)} events"
    else:
        full = exports.records(con, ids)
        text = {"json": lambda: exports.to_json(full), "ndjson": lambda: exports.to_ndjson(full),
                "csv": lambda: exports.to_csv(con, full, bom), "csl-json": lambda: exports.to_csl_json(con, full),
                }[fmt]()
        what = f"{len(ids)} cases"
    if output is None:
        sys.stdout.write(text)
        return
    from kb.files import write_atomically

    try:
        write_atomically(output, text)
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror or exc}") from None
    _err(f"wrote {output} ({fmt}, {what})")


@app.command()
def show(ctx: typer.Context, case: str = typer.Argument(..., help="Case id, title or case number."),
         json_: bool = JSON_OPTION) -> None:
    """Everything about one case: parties, court, claims, ruling, timeline, related cases, sources."""
    from kb.queries import get_case

    result = get_case(_connect(ctx), case)
    _emit(result, json_, "case_detail")


@app.command()
def related(
    ctx: typer.Context,
    case: str = typer.Argument(..., help="Case id, title or case number."),
    depth: int = typer.Option(1, min=1, max=2, help="2 also reaches cases through one related case."),
    limit: int = typer.Option(20, min=1, help="At most this many cases, strongest first."),
    json_: bool = JSON_OPTION,
) -> None:
    """Cases connected to one case, strongest first, each with why (relation, party, claim, court)."""
    from kb import graph
    from kb.queries import resolve

    con = _connect(ctx)
    case_id = resolve(con, "cases", case)
    result = graph.related(graph.neighbourhood(con, case_id, depth), case_id, depth, limit)
    _emit(result, json_, "related_table", case_id)


@app.command()
def path(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="A case, party, court, claim or product (id or name)."),
    b: str = typer.Argument(..., help="Another one."),
    json_: bool = JSON_OPTION,
) -> None:
    """The shortest chain of links between two things, hop by hop."""
    from kb import graph
    from kb.queries import resolve_any

    con = _connect(ctx)
    start, end = (graph.node_key(*resolve_any(con, text)) for text in (a, b))
    hops = graph.find_path(con, start, end)
    _emit(hops, json_, "path_lines")
    if not hops and start != end:
        raise typer.Exit(1)


def _registry_command(registry: str, doc: str) -> None:
    def command(ctx: typer.Context, json_: bool = JSON_OPTION) -> None:
        from kb.queries import list_registry

        rows = list_registry(_connect(ctx), registry)
        _emit(rows, json_, "registry_table", registry)

    command.__doc__ = doc
    app.command(name=registry)(command)


_registry_command("parties", "Parties (people, companies, bodies) with the number of cases of each.")
_registry_command("courts", "Courts and agencies with the number of cases of each.")
_registry_command("claims", "The claim taxonomy with the number of cases of each claim.")
_registry_command("products", "AI products at issue with the number of cases of each.")


@app.command()
def stats(ctx: typer.Context, json_: bool = JSON_OPTION) -> None:
    """Counts of cases by kind, status, jurisdiction, court, claim and year."""
    from kb.queries import stats as compute

    result = compute(_connect(ctx))
    _emit(result, json_, "stats_tables")


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='Words, "phrases", a OR b, -excluded; Chinese works as written.'),
    kind: Optional[str] = typer.Option(None, help="lawsuit, ruling, controversy or regulatory."),
    jurisdiction: Optional[str] = typer.Option(None, help="Country code, e.g. CN, US, GB."),
    limit: int = typer.Option(20, min=1, help="At most this many results."),
    json_: bool = JSON_OPTION,
) -> None:
    """Full-text search over titles, case numbers, summaries, holdings, names and events."""
    from kb.search import search as run_search

    results = run_search(_connect(ctx), query, kind, jurisdiction, limit)
    _emit(results, json_, "search_table", query)


@app.command()
def timeline(
    ctx: typer.Context,
    case: Optional[str] = typer.Option(None, help="One case (id, title or case number)."),
    party: Optional[str] = typer.Option(None, help="Cases of this party (id, name or alias)."),
    court: Optional[str] = typer.Option(None, help="Cases at this court."),
    claim: Optional[str] = typer.Option(None, help="Cases with this claim."),
    since: Optional[str] = typer.Option(None, help="Events in or after this period (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, help="Events in or before this period."),
    limit: Optional[int] = typer.Option(None, min=0, help="At most this many events."),
    json_: bool = JSON_OPTION,
) -> None:
    """Dated events across cases, in order, each at the precision its source gives."""
    from kb.queries import CaseFilter, timeline as compute

    events = compute(_connect(ctx), CaseFilter(court, party, claim, since=since, until=until, limit=limit), case)
    _emit(events, json_, "timeline_table")


graph_app = typer.Typer(help="Graph analytics: central nodes, clusters of cases, graph statistics.",
                        no_args_is_help=True, cls=_Group)
app.add_typer(graph_app, name="graph")


class NodeKind(str, Enum):
    party = "party"
    court = "court"
    claim = "claim"
    product = "product"
    case = "case"


def _graph(ctx: typer.Context):
    from kb import graph

    return graph, graph.build_graph(_connect(ctx))


@graph_app.command("central")
def graph_central(
    ctx: typer.Context,
    kind: NodeKind = typer.Option(NodeKind.party, "--kind", help="Which nodes to rank."),
    limit: int = typer.Option(20, min=1, help="At most this many."),
    json_: bool = JSON_OPTION,
) -> None:
    """Who and what is most connected: degree and betweenness centrality."""
    graph, g = _graph(ctx)
    rows = graph.central(g, kind.value, limit)
    _emit(rows, json_, "central_table", kind.value)


@graph_app.command("clusters")
def graph_clusters(ctx: typer.Context, json_: bool = JSON_OPTION) -> None:
    """Groups of cases that belong together, with the parties, products and claims they share."""
    graph, g = _graph(ctx)
    result = graph.clusters(g)
    _emit(result, json_, "clusters_view")


@graph_app.command("stats")
def graph_stats(ctx: typer.Context, json_: bool = JSON_OPTION) -> None:
    """Nodes and edges by type, connected components, density."""
    graph, g = _graph(ctx)
    result = graph.stats(g)
    _emit(result, json_, "graph_stats_view")


@app.command()
def fmt(
    ctx: typer.Context,
    files: Optional[list[Path]] = typer.Argument(None, help="Data files (default: every file in the data directory)."),
    check: bool = typer.Option(False, "--check", help="Only list files that would change; exit 1 if any."),
) -> None:
    """Rewrite data files in canonical form: model key order, block style, comments kept."""
    from kb.findings import format_findings
    from kb.fmt import format_file
    from kb.loading import data_files

    paths = files or [p for p in data_files(_paths(ctx).data).values() if p.exists()]
    results = [format_file(path, check=check) for path in paths]
    findings = [f for r in results for f in r.findings]
    if findings:
        _err(format_findings(findings, "text"))
    changed = [r.path for r in results if r.changed]
    for path in changed:
        _err(f"{'would reformat' if check else 'reformatted'}: {path}")
    if not changed and not findings:
        _err(f"{len(results)} file(s) already canonical")
    if findings or (check and changed):
        raise typer.Exit(1)


new_app = typer.Typer(help="Start a new record from a skeleton.", no_args_is_help=True, cls=_Group)
app.add_typer(new_app, name="new")


class CaseKindChoice(str, Enum):
    lawsuit = "lawsuit"
    ruling = "ruling"
    controversy = "controversy"
    regulatory = "regulatory"


@new_app.command("case")
def new_case(
    ctx: typer.Context,
    title: str = typer.Option(..., prompt=True, help="Title in English, e.g. 'Li v. Liu'."),
    jurisdiction: str = typer.Option(..., prompt=True, help="Country code, e.g. CN, US, GB."),
    kind: CaseKindChoice = typer.Option(..., prompt=True, help="lawsuit, ruling, controversy or regulatory."),
    court: Optional[str] = typer.Option(None, help="Court id from courts.yaml (none for a controversy)."),
    year: Optional[int] = typer.Option(None, min=1900, max=2100, help="Year for the id (filing or event year)."),
    title_zh: Optional[str] = typer.Option(None, "--title-zh", help="Title in Chinese."),
    append: bool = typer.Option(False, "--append", help="Append to data/cases.yaml instead of printing."),
) -> None:
    """A new case record with a fresh id; fill in every TODO from a source, then run kb validate."""
    from kb import scaffold

    if not re.fullmatch(r"[A-Za-z]{2}", jurisdiction):
        raise UserError(f"'{jurisdiction}' is not a two-letter country code (e.g. CN, US, GB)")
    cases_path = _paths(ctx).data / "cases.yaml"
    taken: Optional[list[str]] = _ids_in(cases_path) if cases_path.exists() else []
    if taken is None:
        raise UserError(f"{cases_path} does not parse; run `kb validate` first")
    if court:
        _check_court(ctx, court)
    case_id = scaffold.new_case_id(title, jurisdiction, year, taken)
    text = scaffold.new_case(case_id, title, kind.value, jurisdiction, court, title_zh)
    if not append:
        sys.stdout.write(text)
        return
    from kb.files import write_atomically
    from kb.loading import SCHEMA_HEADER

    current = cases_path.read_text(encoding="utf-8") if cases_path.exists() else SCHEMA_HEADER.format(name="cases")
    write_atomically(cases_path, current.rstrip("\n") + "\n" + text)
    _err(f"added {case_id} to {cases_path}; fill in each TODO from a source, then run `kb validate`")


def _ids_in(path: Path) -> Optional[list[str]]:
    """The ids written in a data file, or None when it cannot be read as YAML."""
    from kb.yamlfile import YamlSyntaxError, parse_yaml

    try:
        data = parse_yaml(path.read_text(encoding="utf-8")).data
    except (OSError, YamlSyntaxError, UnicodeDecodeError):
        return None
    if not isinstance(data, list):
        return []
    return [r["id"] for r in data if isinstance(r, dict) and isinstance(r.get("id"), str)]


def _check_court(ctx: typer.Context, court: str) -> None:
    ids = _ids_in(_paths(ctx).data / "courts.yaml")
    if ids is None:
        return  # validate will say what is wrong with courts.yaml
    if court not in ids:
        import difflib

        close = difflib.get_close_matches(court, ids, n=1)
        raise UserError(f"unknown court '{court}'" + (f"; did you mean '{close[0]}'?" if close else ""))


@app.command()
def schema(
    ctx: typer.Context,
    check: bool = typer.Option(False, "--check", help="Only report stale schemas; exit 1 if any."),
) -> None:
    """Write schemas/*.schema.json from the models (the data files' editors read them)."""
    from kb import schema as schemas

    schema_dir = _paths(ctx).data.parent / "schemas"
    changed = schemas.stale_files(schema_dir) if check else schemas.write(schema_dir)
    for path in changed:
        _err(f"{'stale' if check else 'wrote'}: {path}")
    if check and changed:
        _err("the JSON Schemas are out of date; run `kb schema`")
        raise typer.Exit(1)


def main() -> None:
    """Entry point: run the app; turn known failures into one-line messages, never a traceback."""
    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("KB_DEBUG"))
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        sys.exit(1)
