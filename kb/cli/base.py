"""What every command shares: the Typer app, error handling, the global options, output and the
connection to a fresh database.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

import typer
from typer.core import TyperGroup

from kb.cli.helppage import HelpPage, Typer
from kb.errors import KbError, UsageError
from kb.i18n import DEFAULT, N_, _, lang, ngettext

if TYPE_CHECKING:
    from kb import store


class UserError(KbError):
    """A problem the user can fix, found by the CLI itself."""


class Group(HelpPage, TyperGroup):
    """A group of commands (`kb`, `kb graph`, `kb new`): turns a KbError from any command into one line
    on stderr and exit code 1; its help page in the interface's language (kb/cli/helppage.py), and
    Click's own lines too (kb/cli/clicklang.py)."""

    def main(self, *args, **kwargs):
        if lang() != DEFAULT:
            from kb.cli.clicklang import speak

            speak()
        return super().main(*args, **kwargs)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as exc:  # a command line that cannot mean anything: exit 2, like Click's own
            err(_("error: {message}").format(message=exc))
            raise typer.Exit(2) from None
        except KbError as exc:
            err(_("error: {message}").format(message=exc))
            raise typer.Exit(1) from None

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        """Each command with the first sentence of its help, whole and wrapped (Click cuts it to the
        width left over, ending in '...'), in the interface's language (kb/cli/helptext.py)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, _(command_summary(command))))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


def command_summary(command) -> str:
    """The first sentence of a command's help (its short help when it has one)."""
    import re

    if command.short_help:
        return command.short_help.strip()
    paragraph = " ".join((command.help or "").strip().split("\n\n")[0].split())
    first = re.match(r"(.+?[.!?])(?=\s+[A-Z`(-]|$)", paragraph)
    return first.group(1) if first else paragraph


# -h as well as --help everywhere; Click alone suggests a command for a typo (Typer would say it again).
CONTEXT = {"help_option_names": ["-h", "--help"]}

app = Typer(
    cls=Group,
    name="kb",
    help=N_("Query the knowledge base of court cases and controversies about AI-generated content."),
    no_args_is_help=True,
    add_completion=True,
    suggest_commands=False,
    context_settings=CONTEXT,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

JSON_OPTION = typer.Option(False, "--json", help="Print JSON for scripts instead of a table.")


class Format(str, Enum):
    text = "text"
    github = "github"
    json = "json"


def _print_version(value: bool) -> None:
    """kb's version and the data's (the date of the last commit to the data directory, KB_DATA or ./data)."""
    if value:
        from kb.store import resolve_paths
        from kb.version import version_line

        print(version_line(resolve_paths().data))
        raise typer.Exit()


# Settings read from the environment, checked before any command runs: (name, what it must be).
ENV_NUMBERS = {"KB_MAX_FILE_MB": N_("a whole number of megabytes from 1 to 1048576")}


def _check_environment() -> None:
    for name, what in ENV_NUMBERS.items():
        value = os.environ.get(name)
        if value is not None and not (value.strip().isdigit() and 1 <= int(value) <= 1048576):
            raise UsageError(_("{name}={value!r} is not {what}").format(name=name, value=value, what=_(what)))
    language = os.environ.get("KB_LANG")
    if language:
        from kb.i18n import LANGUAGES, language_of

        if language_of(language) is None:
            raise UsageError(_("KB_LANG={value!r} is not a language kb speaks ({languages})").format(
                value=language, languages=", ".join(LANGUAGES)))


@app.callback()
def _global_options(
    ctx: typer.Context,
    data: Optional[str] = typer.Option(None, "--data", help=N_("Data directory [env: KB_DATA; default: ./data].")),
    db: Optional[str] = typer.Option(None, "--db", help=N_("Database file [env: KB_DB; default: DATA/kb.sqlite].")),
    debug: bool = typer.Option(False, "--debug", help=N_("Show a traceback when something fails.")),
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help=N_("Print kb's version and exit.")),
) -> None:
    from kb import store

    _check_environment()
    ctx.obj = store.resolve_paths(data, db)


def ctx_paths(ctx: typer.Context) -> "store.Paths":
    return ctx.obj


def err(message: str) -> None:
    from kb.textsafe import inert

    print(inert(message), file=sys.stderr)


def print_json(value: Any) -> None:
    from kb.textsafe import dumps

    sys.stdout.write(dumps(value, indent=2) + "\n")


def emit(result: Any, as_json: bool, renderer: str, *args: Any, page: Optional["Page"] = None,
         pager: bool = True) -> None:
    """Print a result as JSON for scripts, or drawn by `kb.render.<renderer>` for people (`module.renderer`:
    by `kb.<module>.<renderer>`, imported only then).

    With a `page` (a listing that was cut), people read "N of M shown" and how to see more under
    the table; scripts get every row unless they asked for a page, and then stderr gives the total.
    """
    if as_json:
        print_json(result)
        if page is not None and page.cut(len(result)):
            err(f"kb: {page.summary(len(result))}")
        return
    import importlib

    module, _dot, name = renderer.rpartition(".")
    draw = getattr(importlib.import_module(f"kb.{module or 'render'}"), name)
    print_renderable(draw(*args, result), pager=pager,
                     footer=page.summary(len(result)) if page is not None and page.cut(len(result)) else None)


# Styles off: NO_COLOR (any non-empty value, see no-color.org) drops every style, bold and italics too.
def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.M)


def print_renderable(renderable: Any, pager: bool = True, footer: Optional[str] = None) -> None:
    """Draw for people: at the terminal's width (160 columns when piped, where no terminal wraps
    lines), tokens kept whole (see `kb.render.fit`), no padding at line ends, and through a pager
    when it is longer than the terminal (never when piped; `--no-pager` or PAGER=cat turn it off)."""
    import io

    from rich.console import Console

    tty = sys.stdout.isatty()
    width = None if tty or os.environ.get("COLUMNS") else 160
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, soft_wrap=False, width=width, force_terminal=tty,
                      color_system=None if _no_color() or not tty else "auto",
                      force_jupyter=False, legacy_windows=False)
    if tty:
        width = console.width  # the terminal's, read before the console writes into a buffer
    from kb.render import fit

    console.print(fit(renderable, console.width), crop=False)
    if footer:
        console.print(footer, markup=False, highlight=False)
    text = _TRAILING.sub(r"\1", buffer.getvalue())
    if tty and pager and text.count("\n") >= _terminal_height():
        import pydoc

        os.environ.setdefault("LESS", "FRX")  # keep colours, quit when it fits, leave the screen as it was
        pydoc.pager(text)
        return
    sys.stdout.write(text)


def _terminal_height() -> int:
    import shutil

    return shutil.get_terminal_size().lines - 1


class Page:
    """Which slice of a listing was asked for, and how many rows there are in all."""

    def __init__(self, total: int, offset: int = 0, noun: str = N_("result(s)")) -> None:
        self.total, self.offset, self.noun = total, offset, noun

    def cut(self, shown: int) -> bool:
        return self.offset > 0 or shown < self.total

    def summary(self, shown: int) -> str:
        first, last = self.offset + 1, self.offset + shown
        where = f" ({first}-{last})" if self.offset and shown else ""
        text = _("{shown} of {total} {noun} shown{where}").format(shown=shown, total=self.total, noun=_(self.noun),
                                                                   where=where)
        if last < self.total:
            text += _("; more with --offset {last}, --limit N or --all").format(last=last)
        return text


def build_or_fail(paths: "store.Paths", announce: Optional[str], *, full: bool = False) -> "Any":
    from kb import store
    from kb.findings import format_findings

    if announce:
        err(_("kb: building {db} ({reason})").format(db=paths.db, reason=_(announce)))
    dataset, findings = store.build(paths, full=full)
    errors = [f for f in findings if f.severity == "error"]
    # `kb load` shows everything; a read command that builds on the way shows what stops it,
    # and only points at warnings, which are for the people who edit the data.
    shown = findings if announce is None or errors else []
    if dataset is None and announce and _last_good_build(paths, announce):
        # A read command answers from the database the data last built, and says so in one line.
        err(_("kb: the data has {n} error(s) (run `kb validate`); answering from the last good build").format(
            n=len(errors)))
        return None
    if shown:
        err(format_findings(shown, "text"))
    elif findings:
        err(_("kb: {n} warning(s) in the data; `kb validate` lists them").format(n=len(findings)))
    if dataset is None:
        raise UserError(_("the data has {n} error(s); the database was not built (run `kb validate`)").format(
            n=len(errors)))
    return dataset


def _last_good_build(paths: "store.Paths", reason: str) -> bool:
    """Whether the database is one this kb built from earlier data, safe to answer from."""
    return reason == "the data changed" and paths.db.exists()


def connect(ctx: typer.Context):
    """A read-only connection to a database that matches the YAML, building it first if needed; when
    the data has errors, the last good build (with a note on stderr)."""
    from kb import store

    paths = ctx_paths(ctx)
    reason = store.staleness(paths)
    if reason:
        build_or_fail(paths, reason)
    return store.connect_readonly(paths.db)


# The filters of `kb cases`, shared by every listing (cases, search, timeline, related, export).
FILTER_OPTIONS = {
    "court": typer.Option(None, "--court", help="Court id or name."),
    "party": typer.Option(None, "--party", help="Party id, name or alias."),
    "claim": typer.Option(None, "--claim", help="Claim id or name."),
    "product": typer.Option(None, "--product", help="AI product id or name."),
    "judge": typer.Option(None, "--judge", help="Judge id, name (English or Chinese) or alias."),
    "status": typer.Option(None, "--status", help="e.g. pending, decided, settled."),
    "kind": typer.Option(None, "--kind", help="lawsuit, ruling, controversy or regulatory."),
    "jurisdiction": typer.Option(None, "--jurisdiction", help="Country code, e.g. CN, US, GB."),
    "since": typer.Option(None, "--since", help="Cases with a date in or after this period (YYYY[-MM[-DD]])."),
    "until": typer.Option(None, "--until", help="Cases with a date in or before this period."),
    "filed_since": typer.Option(None, "--filed-since", help="Cases filed in or after this period."),
    "filed_until": typer.Option(None, "--filed-until", help="Cases filed in or before this period."),
    "decided_since": typer.Option(None, "--decided-since",
                                  help="Cases with a decision (or an interim ruling) in or after this period."),
    "decided_until": typer.Option(None, "--decided-until", help="Cases with a decision in or before this period."),
    "include_undated": typer.Option(False, "--include-undated",
                                    help="With --filed-*/--decided-*: also the cases that have no such date."),
}
# Paging, on every listing. The largest number SQLite takes as a LIMIT; anything above is a usage error.
MAX_ROWS = 2**31 - 1
PAGE_OPTIONS = {
    "limit": typer.Option(None, "--limit", min=0, max=MAX_ROWS, help="At most this many."),
    "offset": typer.Option(0, "--offset", min=0, max=MAX_ROWS, help="Skip this many first."),
    "all_": typer.Option(False, "--all", help="Every row, however many."),
}
NO_PAGER = typer.Option(False, "--no-pager", help="Print straight to the terminal, never through a pager.")


def listing(*, filters: bool = True, default_limit: Optional[int] = None) -> Callable:
    """Give a command the shared filter options and paging (--limit, --offset, --all), which it
    receives as one `f: CaseFilter` parameter (declared by the command, replaced by the options).

    The limit that applies: `default_limit` for people unless --all or --limit says otherwise;
    --json gets everything unless --limit is given.
    """

    def decorate(func: Callable) -> Callable:
        signature = inspect.signature(func)
        kept = [p for p in signature.parameters.values() if p.name != "f"]
        extra = {**(FILTER_OPTIONS if filters else {}), **PAGE_OPTIONS}
        types = {name: (bool if name in ("all_", "include_undated") else int if name in ("limit", "offset")
                        else Optional[str]) for name in extra}
        types["limit"] = Optional[int]
        added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=types[name])
                 for name, option in extra.items()]

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            from kb.queries import CaseFilter

            values = {name: kwargs.pop(name) for name in extra}
            limit, offset, everything = values.pop("limit"), values.pop("offset"), values.pop("all_")
            if everything and limit is not None:
                raise UsageError(_("--all and --limit contradict each other; give one"))
            as_json = kwargs.get("json_", False)
            if limit is None and not everything and not as_json:
                limit = default_limit
            f = CaseFilter(**values, limit=limit, offset=offset)
            result = func(*args, f=f, **kwargs)
            if filters:
                _say_undated(kwargs.get("ctx") or args[0], f)
            return result

        hints = {name: value for name, value in func.__annotations__.items() if name != "f"}
        command.__annotations__ = {**hints, **types}
        command.__signature__ = signature.replace(parameters=_ordered(kept + added))  # type: ignore[attr-defined]
        return command

    return decorate


def _say_undated(ctx: typer.Context, f: "CaseFilter") -> None:
    """Say on stderr how many cases a filing or decision range left out for want of such a date, and how
    to include them: never a silent drop."""
    if f.include_undated or (f.filed_since, f.filed_until, f.decided_since, f.decided_until) == (None,) * 4:
        return
    from kb.queries import undated_left_out

    for what, count in undated_left_out(connect(ctx), f).items():
        if count:
            err("kb: " + (ngettext("{count} case with no filing date left out; --include-undated lists it too",
                                   "{count} cases with no filing date left out; --include-undated lists them too",
                                   count) if what == "filed" else
                          ngettext("{count} case with no decision date left out; --include-undated lists it too",
                                   "{count} cases with no decision date left out; --include-undated lists them too",
                                   count)).format(count=count))


def _ordered(parameters: list[inspect.Parameter]) -> list[inspect.Parameter]:
    kinds = [inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
             inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD]
    return sorted(parameters, key=lambda p: kinds.index(p.kind))


def main() -> None:
    """Entry point: run the app; turn known failures into one-line messages, never a traceback."""
    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("KB_DEBUG"))
    try:
        app()
    except KeyboardInterrupt:
        err(_("interrupted"))
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            raise
        err(_("internal error: {kind}: {message} (run with --debug for details)").format(kind=type(exc).__name__,
                                                                                         message=exc))
        sys.exit(1)


def refuse_own_files(ctx: typer.Context, output: Path) -> None:
    """Output never overwrites kb's database or a data file (a typo in -o must not lose them)."""
    from kb.files import same_file
    from kb.store import DATA_FILE_NAMES

    paths = ctx_paths(ctx)
    for path in [paths.db, *(paths.data / f"{name}.yaml" for name in DATA_FILE_NAMES)]:
        if same_file(output, path):
            raise UserError((_("{output} is kb's database; kb will not overwrite it with an export") if path == paths.db
                             else _("{output} is kb's data file; kb will not overwrite it with an export")
                             ).format(output=output))


def write_output(ctx: typer.Context, output: Optional[Path], text: str, what: str) -> None:
    """Text to stdout (no -o, or -o -), or atomically to a file that is not kb's own; says what it wrote."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from kb.files import FileRefused, write_atomically

    refuse_own_files(ctx, output)
    try:
        write_atomically(output, text)
    except FileRefused as exc:
        raise UserError(_("cannot write {output}: {problem}").format(output=output, problem=exc)) from None
    except OSError as exc:
        raise UserError(_("cannot write {output}: {problem}").format(output=output, problem=exc.strerror or exc)) from None
    err(_("wrote {output} ({what})").format(output=output, what=what))
