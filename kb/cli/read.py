"""Read commands: cases, show, related, path, the registries, stats, search, timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import typer

from kb.cli.base import JSON_OPTION, NO_PAGER, Page, app, connect, emit, err, listing
from kb.i18n import N_, _

if TYPE_CHECKING:
    from kb.queries import CaseFilter


@app.command()
@listing()
def cases(ctx: typer.Context, f: "CaseFilter", json_: bool = JSON_OPTION, no_pager: bool = NO_PAGER) -> None:
    """List cases, oldest first, filtered by court, party, claim, product, status, kind, dates;
    with each one's outcome and decision date."""
    from kb.queries import select_cases

    result, total = select_cases(connect(ctx), f)
    emit(result, json_, "cases_table", page=Page(total, f.offset, N_("case(s)")), pager=not no_pager)


@app.command()
def show(ctx: typer.Context, case: str = typer.Argument(..., help="Case id, title or case number."),
         json_: bool = JSON_OPTION, no_pager: bool = NO_PAGER) -> None:
    """Everything about one case: parties, court, claims, ruling, timeline, related cases, sources."""
    from kb.queries import get_case

    result = get_case(connect(ctx), case)
    emit(result, json_, "case_detail", pager=not no_pager)


@app.command()
@listing(default_limit=20)
def related(
    ctx: typer.Context,
    f: "CaseFilter",
    case: str = typer.Argument(..., help="Case id, title or case number."),
    depth: int = typer.Option(1, min=1, max=2, help="2 also reaches cases through one related case."),
    json_: bool = JSON_OPTION,
    no_pager: bool = NO_PAGER,
) -> None:
    """Cases connected to one case, strongest first, each with why (relation, party, claim, court);
    20 unless --limit or --all says otherwise (--json: all)."""
    from kb import links
    from kb.queries import case_ids
    from kb.resolve import resolve

    con = connect(ctx)
    wanted = case_ids(con, f)
    case_id = resolve(con, "cases", case)
    found = links.ranked(con, case_id, depth)
    if wanted is not None:
        keep = set(wanted)
        found = [entry for entry in found if entry[0] in keep]
    end = None if f.limit is None else f.offset + f.limit
    emit(links.describe(con, found[f.offset:end]), json_, "related_table", case_id,
         page=Page(len(found), f.offset, N_("case(s)")), pager=not no_pager)


@app.command()
def path(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="A case, party, court, claim or product (id or name)."),
    b: str = typer.Argument(..., help="Another one."),
    json_: bool = JSON_OPTION,
) -> None:
    """The shortest chain of links between two things, hop by hop."""
    from kb import links
    from kb.resolve import resolve_any

    con = connect(ctx)
    start, end = (links.node_key(*resolve_any(con, text)) for text in (a, b))
    hops = links.path(con, start, end)
    emit(hops, json_, "path_lines")
    if not hops and start != end:
        raise typer.Exit(1)


def _registry_command(registry: str, doc: str) -> None:
    def command(ctx: typer.Context, json_: bool = JSON_OPTION, no_pager: bool = NO_PAGER) -> None:
        from kb.queries import list_registry

        rows = list_registry(connect(ctx), registry)
        emit(rows, json_, "registry_table", registry, pager=not no_pager)

    command.__doc__ = doc
    app.command(name=registry)(command)


_registry_command("parties", "Parties (people, companies, bodies) with the number of cases of each.")
_registry_command("courts", "Courts and agencies with the number of cases of each.")
_registry_command("claims", "The claim taxonomy with the number of cases of each claim.")
_registry_command("products", "AI products at issue with the number of cases of each.")


@app.command()
def stats(ctx: typer.Context, json_: bool = JSON_OPTION, no_pager: bool = NO_PAGER) -> None:
    """Counts of cases by kind, status, jurisdiction, court, claim and year."""
    from kb.queries import stats as compute

    result = compute(connect(ctx))
    emit(result, json_, "stats_tables", pager=not no_pager)


SEARCH_SYNTAX = """Search titles, case numbers, summaries, holdings, names and events.

Latin-script words match whole words and their forms: `Ross` finds Ross, not cross;
`copyrightable` also finds copyrightability; accents are folded (Theatre finds Théâtre).
Chinese is found as written, from two characters (声音, 小红书).

\b
Syntax:
  word word       every word must match (in any order)
  "a phrase"      the words in this order
  copyr*          words starting with copyr
  a OR b          either
  -word           without this word
  Trik 训练       Latin and Chinese together

20 results unless --limit or --all says otherwise (--json: all)."""


@app.command(help=SEARCH_SYNTAX)
@listing(default_limit=20)
def search(
    ctx: typer.Context,
    f: "CaseFilter",
    query: str = typer.Argument(..., help='Words, "phrases", prefix*, a OR b, -excluded; Chinese as written.'),
    json_: bool = JSON_OPTION,
    no_pager: bool = NO_PAGER,
) -> None:
    from kb.search import search_page
    from kb.vocabulary import weak

    con = connect(ctx)
    results, total = search_page(con, query, f)
    emit(results, json_, "search_table", query, page=Page(total, f.offset, N_("result(s)")), pager=not no_pager)
    if not f.offset and weak(results):
        from kb.vocabulary import did_you_mean

        near = did_you_mean(con, query)
        if near:
            err(_("kb: did you mean {names}?").format(names=_(" or ").join(f"'{n}'" for n in near)))


@app.command()
@listing()
def timeline(
    ctx: typer.Context,
    f: "CaseFilter",
    case: Optional[str] = typer.Option(None, help="One case (id, title or case number)."),
    json_: bool = JSON_OPTION,
    no_pager: bool = NO_PAGER,
) -> None:
    """Dated events across cases, in order, each at the precision its source gives. --since/--until
    select the events; the other filters select the cases."""
    from kb.queries import select_events

    events, total = select_events(connect(ctx), f, case)
    emit(events, json_, "timeline_table", page=Page(total, f.offset, N_("event(s)")), pager=not no_pager)
