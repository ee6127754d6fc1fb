"""`kb cite`: one case as a reference, in a citation style."""

from __future__ import annotations

import typer

from kb.cli.base import JSON_OPTION, app, connect, print_json


def _styles_help() -> str:
    from kb.cite import STYLES

    return "; ".join(f"{name}: {style.label}" for name, style in STYLES.items())


@app.command()
def cite(
    ctx: typer.Context,
    case: str = typer.Argument(..., help="Case id, title or case number."),
    style: str = typer.Option("chicago", "--style", "-s", help=f"The citation style. {_styles_help()}."),
    json_: bool = JSON_OPTION,
) -> None:
    """One case as a reference in a CSL style (rendered by citeproc-py), from the case's CSL item: court,
    case number, decision date, official citation and its first source's URL."""
    from kb import export
    from kb.cite import csl_items, render, style_named
    from kb.resolve import resolve

    chosen = style_named(style)  # an unknown style is refused before the database is opened
    con = connect(ctx)
    case_id = resolve(con, "cases", case)
    item = csl_items(con, export.records(con, [case_id]), chosen.language)[0]
    text = render(item, style)
    if json_:
        print_json({"id": case_id, "style": style, "csl_style": chosen.csl, "reference": text, "csl": item})
    else:
        from kb.textsafe import visible_controls

        typer.echo(visible_controls(text))  # a database an older kb built may hold control characters
