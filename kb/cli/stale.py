"""`kb stale`: open cases whose status was last checked too long ago, for maintainers."""

from __future__ import annotations

import typer

from kb.cli.base import JSON_OPTION, NO_PAGER, app, connect, emit
from kb.freshness import STALE_MONTHS


@app.command()
def stale(
    ctx: typer.Context,
    months: int = typer.Option(STALE_MONTHS, "--months", min=0, help="Older than this many months counts as stale."),
    json_: bool = JSON_OPTION,
    no_pager: bool = NO_PAGER,
) -> None:
    """Pending, filed, appealed and ongoing cases whose as_of is older than N months (none first), oldest first."""
    from kb.freshness import stale as find_stale

    emit(find_stale(connect(ctx), months), json_, "stale_table", months, pager=not no_pager)
