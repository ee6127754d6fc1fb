"""`kb judges`: the judges, each with the rulings they decided, side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import typer

from kb.cli.base import JSON_OPTION, NO_PAGER, Page, app, connect, emit, listing
from kb.i18n import N_

if TYPE_CHECKING:
    from kb.queries import CaseFilter


@app.command()
@listing()
def judges(
    ctx: typer.Context,
    f: "CaseFilter",
    question: Optional[str] = typer.Option(None, "--question",
                                           help="Only rulings that answered this question of law (id or name)."),
    json_: bool = JSON_OPTION,
    no_pager: bool = NO_PAGER,
) -> None:
    """Judges with the rulings they decided: case, court, date, role, outcome, holding and answers to
    questions of law. The filters select the cases (`--claim fair-use`); `--question
    training-infringement` keeps the rulings that answered whether training on works infringes: who
    ruled on it, and how."""
    from kb.judges import select_judges

    rows, total = select_judges(connect(ctx), f, question)
    emit(rows, json_, "lawviews.judges_view", page=Page(total, f.offset, N_("judge(s)")), pager=not no_pager)
