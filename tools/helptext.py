"""Write kb/cli/helptext.py: every text of kb's help pages, marked for the catalog.

A help page says a command's docstring, its arguments' and options' `help=`, and (in `kb --help` and a
group's help) each command's summary; Babel reads none of them. This walks the live Typer app, as Click
builds it, and lists each of these texts once in kb/cli/helptext.py as an `N_()` call, which
`pybabel extract` finds: one message per paragraph of a docstring and per argument's or option's help
(kb/cli/helppage.py translates them piece by piece), sorted, without repeats.

`python tools/helptext.py` rewrites kb/cli/helptext.py; `--check` exits 1 when it is stale (a command or
option added, removed or reworded). Then run the Babel commands of CONTRIBUTING.md (Translations).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELPTEXT = ROOT / "kb" / "cli" / "helptext.py"
WIDTH = 116  # the longest line of helptext.py

HEADER = '''"""Every text of kb's help pages, marked for the catalog: written by tools/helptext.py, never by hand.

Babel does not read docstrings nor the `help=` of arguments and options: each paragraph of a command's
help, each argument's and option's help, each prompt and each command's summary is listed here so that
`pybabel extract` finds it, and `--help` says it in the interface's language (kb/cli/helppage.py).
`CLICK` lists what Click and Typer themselves say (usage errors, "Did you mean", prompts' errors),
taken from their installed sources, which kb/cli/clicklang.py sends through kb's catalog.
After adding or rewording a command or an option, run `python tools/helptext.py`, then the Babel
commands of CONTRIBUTING.md; tests/test_i18n.py fails until both are done. Nothing imports this module.
"""

from kb.i18n import N_, ngettext

HELP = (
'''

def messages() -> list[str]:
    """Every text the help pages of the live app say, sorted, without repeats."""
    import click
    import typer

    sys.path.insert(0, str(ROOT))
    from kb.cli import app
    from kb.cli.base import command_summary
    from kb.cli.helppage import help_messages, option_message

    found: set[str] = set()

    def walk(command: click.Command, parent: "click.Context | None") -> None:
        ctx = click.Context(command, info_name=command.name, parent=parent)
        found.update(help_messages(command.help))
        for param in command.get_params(ctx):  # with -h/--help and the completion options
            if getattr(param, "help", None) and not getattr(param, "hidden", False):
                found.add(option_message(param.help))
            if isinstance(getattr(param, "prompt", None), str):
                found.add(param.prompt)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    found.add(command_summary(sub))
                    walk(sub, ctx)

    walk(typer.main.get_command(app), None)
    return sorted(found)


def click_messages() -> tuple[list[str], list[tuple[str, str]]]:
    """The messages of the modules kb/cli/clicklang.py speaks through (`MODULES`) as Babel extracts them:
    (singular messages, plural pairs), sorted."""
    import importlib

    from babel.messages.extract import extract_from_file

    sys.path.insert(0, str(ROOT))
    from kb.cli.clicklang import MODULES

    singular: set[str] = set()
    plural: set[tuple[str, str]] = set()
    for name in MODULES:
        path = importlib.import_module(name).__file__
        for _line, message, _comments, _context in extract_from_file(
                "python", path, keywords={"_": None, "ngettext": (1, 2)}):
            (plural.add(message) if isinstance(message, tuple) else singular.add(message))
    return sorted(singular), sorted(plural)


def _literal(message: str, indent: str) -> str:
    """`N_("...")` for one message, cut at spaces (or line breaks) into adjacent literals that fit."""
    pieces = []
    for text in message.splitlines(keepends=True) or [""]:  # a line break ends a literal
        line = ""
        for token in re.findall(r"\S+\s*|\s+", text):
            if line and len(json.dumps(line + token, ensure_ascii=False)) > WIDTH - len(indent) - 5:
                pieces.append(line)
                line = ""
            line += token
        pieces.append(line)
    literals = [json.dumps(piece, ensure_ascii=False) for piece in pieces]
    return indent + "N_(" + ("\n" + indent + "   ").join(literals) + "),\n"


def render(found: list[str], click: "tuple[list[str], list[tuple[str, str]]] | None" = None) -> str:
    singular, plural = click or click_messages()
    return (HEADER + "".join(_literal(message, "    ") for message in found) + ")\n\n"
            + "# What Click and Typer say, through kb's catalog (kb/cli/clicklang.py).\nCLICK = (\n"
            + "".join(_literal(message, "    ") for message in singular) + ")\n\nCLICK_PLURALS = (\n"
            + "".join(f"    ngettext({json.dumps(one, ensure_ascii=False)},\n"
                      f"             {json.dumps(many, ensure_ascii=False)}, 1),\n" for one, many in plural)
            + ")\n")


def main(argv: "list[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if kb/cli/helptext.py is stale, write nothing")
    args = parser.parse_args(argv)
    text = render(messages())
    current = HELPTEXT.read_text(encoding="utf-8") if HELPTEXT.exists() else ""
    if args.check:
        if text != current:
            print("kb/cli/helptext.py is stale: run python tools/helptext.py, then the Babel commands of "
                  "CONTRIBUTING.md (Translations)", file=sys.stderr)
            return 1
        return 0
    if text != current:
        HELPTEXT.write_text(text, encoding="utf-8")
        print("wrote kb/cli/helptext.py", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
