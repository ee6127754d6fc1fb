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
Click's layout is kept (`[default: 20]`, metavars, the columns); only the words change, and Chinese
is wrapped by the columns a terminal gives it (two for a Chinese character, where Click counts one).
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from typing import Any, Optional

import click
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


# Punctuation a line never starts with, and punctuation it never ends with (the rules of Chinese typesetting).
_NO_LINE_START = set("，。、；：？！）》」』】〕”’…,.;:?!)]}%")
_NO_LINE_END = set("（《「『【〔“‘([{")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def columns(text: str) -> int:
    """How many columns of a terminal `text` takes: two for a Chinese character, one for the others."""
    return sum(2 if _wide(c) else 1 for c in text)


def _pieces(text: str) -> list[str]:
    """A paragraph in pieces a line may end after: words, runs of spaces, and each Chinese character,
    with punctuation kept on the side of the character it belongs to."""
    pieces: list[str] = []
    for char in text:
        last = pieces[-1] if pieces else ""
        if char.isspace():
            if last.isspace():
                pieces[-1] += char
            else:
                pieces.append(char)
        elif last and not last.isspace() and (char in _NO_LINE_START or last[-1] in _NO_LINE_END
                                                or not (_wide(char) or _wide(last[-1]))):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _fill(text: str, width: int, first: str, then: str) -> list[str]:
    """One paragraph in lines of at most `width` columns (a longer word is cut, as Click cuts it)."""
    lines: list[str] = []
    line, used, empty = first, columns(first), True
    for piece in _pieces(" ".join(part.strip() for part in text.splitlines())):
        if piece.isspace():
            if not empty:  # spaces between words as written (Click's two before `[default: 20]`)
                line, used = line + piece, used + len(piece)
            continue
        size = columns(piece)
        if not empty and used + size > width:
            lines.append(line.rstrip())
            line, used, empty = then, columns(then), True
        while empty and used + size > width and len(piece) > 1:
            cut = 1
            while cut < len(piece) and used + columns(piece[:cut + 1]) <= width:
                cut += 1
            lines.append(line + piece[:cut])
            piece, size = piece[cut:], columns(piece[cut:])
            line, used = then, columns(then)
        line, used, empty = line + piece, used + size, False
    lines.append(line.rstrip())
    return lines


def wrap_text(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """Click's `wrap_text(..., preserve_paragraphs=True)`, measured in columns: text without a Chinese
    character goes to Click itself; a paragraph behind a \\b line is kept as written."""
    if not any(_wide(c) for c in text + initial_indent + subsequent_indent):
        return click.formatting.wrap_text(text, width, initial_indent, subsequent_indent, preserve_paragraphs=True)
    paragraphs = []
    for paragraph in _BLANK_LINE.split(text.expandtabs()):
        if paragraph.startswith(VERBATIM):
            lines = paragraph[len(VERBATIM):].splitlines()
            paragraphs.append("\n".join((initial_indent if i == 0 else subsequent_indent) + line
                                         for i, line in enumerate(lines)))
        elif paragraph.strip():
            paragraphs.append("\n".join(_fill(paragraph, width, initial_indent, subsequent_indent)))
    return "\n\n".join(paragraphs)


class HelpFormatter(click.HelpFormatter):
    """Click's help layout, wrapped by terminal columns (Click's own `write_usage`, `write_text` and
    `write_dl`, measured with `columns` and `wrap_text` above); in English, Click's own."""

    def write_usage(self, prog: str, args: str = "", prefix: Optional[str] = None) -> None:
        if lang() == DEFAULT or not args:
            return super().write_usage(prog, args, prefix)
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= columns(usage_prefix) + 20:  # the arguments fit to the right of the prefix
            self.write(wrap_text(args, text_width, usage_prefix, " " * columns(usage_prefix)))
        else:
            indent = " " * (max(self.current_indent, columns(prefix or "")) + 4)
            self.write(usage_prefix + "\n" + wrap_text(args, text_width, indent, indent))
        self.write("\n")

    def write_text(self, text: str) -> None:
        if lang() == DEFAULT:
            return super().write_text(text)
        indent = " " * self.current_indent
        self.write(wrap_text(text, self.width, initial_indent=indent, subsequent_indent=indent))
        self.write("\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        if lang() == DEFAULT:
            return super().write_dl(rows, col_max, col_spacing)
        rows = list(rows)
        first_col = min(max((columns(first) for first, _second in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - columns(first)))
            else:
                self.write("\n")
                self.write(" " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write(f"{lines[0] if lines else ''}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n" if line else "\n")


class Context(click.Context):
    """Click's context, writing help pages with `HelpFormatter`."""

    formatter_class = HelpFormatter


class HelpPage:
    """Writes a Click command's help page in the interface's language (mixed into a Click command)."""

    help: Optional[str]
    context_class = Context

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if lang() != DEFAULT:
            from kb.cli.clicklang import translate_prompts

            translate_prompts(self.params)  # type: ignore[attr-defined]
        return super().parse_args(ctx, args)  # type: ignore[misc]

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
