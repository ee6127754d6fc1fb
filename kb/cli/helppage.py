"""Help pages in the interface's language: `kb --help`, and `--help` of every command and group.

Click writes a help page from pieces: the usage line, the command's help (its docstring), each
argument's and option's help, and its own section titles. Typer turns kb's functions into plain Click
commands, which write those pieces in English. `HelpPage` is the one place that sends each piece
through the catalog as it is written, and both kinds of command use it: `Command` (every command) and
`Group` (kb/cli/base.py: `kb`, `kb graph`, `kb new`). `Typer` makes `Command` the class of every
command registered on it, because Typer has no app-wide setting for a command's class (only
`@app.command(cls=...)` one by one, which a new command would forget).

In English nothing is rewritten: the page is the one Click writes. Babel reads neither docstrings nor
`help=`: tools/helptext.py lists every piece in kb/cli/helptext.py (see CONTRIBUTING, Translations).
Click's layout is kept (its wrapping, `[default: 20]`, metavars); only the words change.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Optional

import typer
from typer.core import TyperCommand

from kb.i18n import DEFAULT, _, lang

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
VERBATIM = "\b\n"  # Click keeps a paragraph that starts with a line holding only \b as it is written


def _paragraphs(help: str) -> list[str]:
    """A help text as Click reads it, in paragraphs (up to a form feed, which ends what Click shows)."""
    text = inspect.cleandoc(help).partition("\f")[0]
    return [p for p in _BLANK_LINE.split(text) if p.strip()]


def help_messages(help: Optional[str]) -> list[str]:
    """The catalog's messages of a help text: one per paragraph, its lines joined by single spaces (Click
    rewraps them, so a reworded line break is not a new message); a paragraph Click keeps as written
    (after a \\b line), as written."""
    return [p[len(VERBATIM):] if p.startswith(VERBATIM) else " ".join(p.split()) for p in _paragraphs(help or "")]


def option_message(help: str) -> str:
    """The catalog's message of an argument's or option's help: its words, joined by single spaces."""
    return " ".join(help.split())


def translated_help(help: Optional[str]) -> Optional[str]:
    """A command's help in the interface's language, paragraph by paragraph (English: as it is)."""
    if not help or lang() == DEFAULT:
        return help
    return "\n\n".join(VERBATIM + _(message) if p.startswith(VERBATIM) else _(message)
                       for p, message in zip(_paragraphs(help), help_messages(help)))


class HelpPage:
    """Writes a Click command's help page in the interface's language (mixed into a Click command)."""

    help: Optional[str]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),  # type: ignore[attr-defined]
                              _("Usage: "))

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        original = self.help
        self.help = translated_help(original)
        try:
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
        finally:
            self.help = original

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """Arguments, then options, as Typer lays them out; each help said in the interface's language,
        what Click adds to it (`[default: 20]`, `[required]`) as it is."""
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            names, text = record
            if getattr(param, "help", None) and lang() != DEFAULT:
                text = text.replace(param.help, _(option_message(param.help)))
            (arguments if param.param_type_name == "argument" else options).append((names, text))
        for title, rows in ((_("Arguments"), arguments), (_("Options"), options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Command(HelpPage, TyperCommand):
    """A kb command: its help page in the interface's language."""


class Typer(typer.Typer):
    """A Typer app whose commands are `Command`s (its group: `cls=Group`, as for any Typer)."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or Command, **kwargs)
