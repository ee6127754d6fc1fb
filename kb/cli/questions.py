"""Questions of law: `kb questions` (the registry, with how many rulings answer each) and
`kb question ID` (what each court answered, oldest first)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from kb.cli.base import JSON_OPTION, NO_PAGER, Page, app, connect, emit, err, listing, write_output
from kb.i18n import N_, _

if TYPE_CHECKING:
    from kb.queries import CaseFilter


@app.command()
def questions(ctx: typer.Context, json_: bool = JSON_OPTION, no_pager: bool = NO_PAGER) -> None:
    """Questions of law, with how many rulings answer each, per jurisdiction and per answer."""
    from kb.questions import list_questions

    emit(list_questions(connect(ctx)), json_, "lawviews.questions_table", pager=not no_pager)


@app.command()
@listing()
def question(
    ctx: typer.Context,
    f: "CaseFilter",
    question: str = typer.Argument(..., help="Question id or name (see `kb questions`)."),
    json_: bool = JSON_OPTION,
    csv: bool = typer.Option(False, "--csv", help="Print the matrix as CSV, one row per answer."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="With --csv: write to this file (atomically)."),
    bom: bool = typer.Option(False, "--bom", help="With --csv: start with a UTF-8 byte order mark, for Excel."),
    no_pager: bool = NO_PAGER,
) -> None:
    """What each court answered to one question of law: date, court, jurisdiction, answer, holding
    and case, oldest first, filtered like `kb cases`; an answer given on appeal names the decision below."""
    from kb.errors import UsageError
    from kb.questions import question_matrix

    if json_ and csv:
        raise UsageError(_("--json and --csv contradict each other; give one"))
    if (output is not None or bom) and not csv:
        raise UsageError(_("-o and --bom go with --csv"))
    matrix = question_matrix(connect(ctx), question, f)
    page = Page(matrix["total"], f.offset, N_("answer(s)"))
    if csv:
        from kb.questions import matrix_csv

        text = matrix_csv(matrix, bom)
        write_output(ctx, output, text, f"csv, {len(matrix['answers'])} answers")
        return
    if json_:
        emit(matrix, True, "lawviews.question_matrix_view")
        if page.cut(len(matrix["answers"])):
            err(f"kb: {page.summary(len(matrix['answers']))}")
        return
    from kb.cli.base import print_renderable
    from kb.lawviews import question_matrix_view

    shown = len(matrix["answers"])
    print_renderable(question_matrix_view(matrix), pager=not no_pager,
                     footer=page.summary(shown) if page.cut(shown) else None)
