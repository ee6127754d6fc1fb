"""What every command shares: the Typer app, error handling, the global options, output and the
connection to a fresh database.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Any, Optional

import typer
from typer.core import TyperGroup

from kb.errors import KbError

if TYPE_CHECKING:
    from kb import store


class UserError(KbError):
    """A problem the user can fix, found by the CLI itself."""


class Group(TyperGroup):
    """Turns a KbError from any command into one line on stderr and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KbError as exc:
            err(f"error: {exc}")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=Group,
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


def ctx_paths(ctx: typer.Context) -> "store.Paths":
    return ctx.obj


def err(message: str) -> None:
    from kb.textsafe import inert

    print(inert(message), file=sys.stderr)


def print_json(value: Any) -> None:
    import json

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def emit(result: Any, as_json: bool, renderer: str, *args: Any) -> None:
    """Print a result as JSON for scripts, or drawn by `kb.render.<renderer>` for people."""
    if as_json:
        print_json(result)
        return
    from kb import render

    print_renderable(getattr(render, renderer)(*args, result))


def print_renderable(renderable: Any) -> None:
    from rich.console import Console

    # A terminal sets the width; piped into a file or a pager, tables get room instead of 80 columns.
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    Console(highlight=False, soft_wrap=False, width=width).print(renderable)


def build_or_fail(paths: "store.Paths", announce: Optional[str]) -> "Any":
    from kb import store
    from kb.findings import format_findings

    if announce:
        err(f"kb: building {paths.db} ({announce})")
    dataset, findings = store.build(paths)
    errors = [f for f in findings if f.severity == "error"]
    # `kb load` shows everything; a read command that builds on the way shows what stops it,
    # and only points at warnings, which are for the people who edit the data.
    shown = findings if announce is None or errors else []
    if shown:
        err(format_findings(shown, "text"))
    elif findings:
        err(f"kb: {len(findings)} warning(s) in the data; `kb validate` lists them")
    if dataset is None:
        raise UserError(f"the data has {len(errors)} error(s); the database was not built (run `kb validate`)")
    return dataset


def connect(ctx: typer.Context):
    """A read-only connection to a database that matches the YAML, building it first if needed."""
    from kb import store

    paths = ctx_paths(ctx)
    reason = store.staleness(paths)
    if reason:
        build_or_fail(paths, reason)
    return store.connect_readonly(paths.db)


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



def main() -> None:
    """Entry point: run the app; turn known failures into one-line messages, never a traceback."""
    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("KB_DEBUG"))
    try:
        app()
    except KeyboardInterrupt:
        err("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        sys.exit(1)
