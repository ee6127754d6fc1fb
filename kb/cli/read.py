"""Read commands: cases, show, related, path, the registries, stats, search, timeline."""

from __future__ import annotations

from typing import Optional

import typer

from kb.cli.base import CLAIM, COURT, JSON_OPTION, JURISDICTION, KIND, LIMIT, PARTY, PRODUCT, SINCE, STATUS, UNTIL, app, connect, emit


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
    result = list_cases(connect(ctx), f)
    emit(result, json_, "cases_table")


@app.command()
def show(ctx: typer.Context, case: str = typer.Argument(..., help="Case id, title or case number."),
         json_: bool = JSON_OPTION) -> None:
    """Everything about one case: parties, court, claims, ruling, timeline, related cases, sources."""
    from kb.queries import get_case

    result = get_case(connect(ctx), case)
    emit(result, json_, "case_detail")


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

    con = connect(ctx)
    case_id = resolve(con, "cases", case)
    result = graph.related(graph.neighbourhood(con, case_id, depth), case_id, depth, limit)
    emit(result, json_, "related_table", case_id)


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

    con = connect(ctx)
    start, end = (graph.node_key(*resolve_any(con, text)) for text in (a, b))
    hops = graph.find_path(con, start, end)
    emit(hops, json_, "path_lines")
    if not hops and start != end:
        raise typer.Exit(1)


def _registry_command(registry: str, doc: str) -> None:
    def command(ctx: typer.Context, json_: bool = JSON_OPTION) -> None:
        from kb.queries import list_registry

        rows = list_registry(connect(ctx), registry)
        emit(rows, json_, "registry_table", registry)

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

    result = compute(connect(ctx))
    emit(result, json_, "stats_tables")


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

    results = run_search(connect(ctx), query, kind, jurisdiction, limit)
    emit(results, json_, "search_table", query)


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

    events = compute(connect(ctx), CaseFilter(court, party, claim, since=since, until=until, limit=limit), case)
    emit(events, json_, "timeline_table")


