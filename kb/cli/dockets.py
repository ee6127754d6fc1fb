"""`kb undocketed`: US federal cases that do not yet cite their CourtListener docket, for maintainers."""

from __future__ import annotations

import typer

from kb.cli.base import JSON_OPTION, NO_PAGER, app, connect, emit


@app.command()
def undocketed(
    ctx: typer.Context,
    json_: bool = JSON_OPTION,
    no_pager: bool = NO_PAGER,
) -> None:
    """US federal cases with no CourtListener docket among their sources, by court."""
    from kb.dockets import undocketed as find_undocketed

    emit(find_undocketed(connect(ctx)), json_, "undocketed_table", pager=not no_pager)
