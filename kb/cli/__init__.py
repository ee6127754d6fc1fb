"""The `kb` command line: parse options, call a library function, render the result.

The commands live in modules by group (`build`, `read`, `questions`, `judges`, `stale`, `dockets`, `exporting`, `cite`, `site`, `serve`, `graphs`, `contrib`); importing
this package registers them all on one Typer app, in the order `kb --help` lists them. Heavy
libraries (pydantic, networkx, Rich) are imported inside the commands that need them, so that
`kb --help` and `kb cases --json` start fast.
"""

# isort: skip_file  (the import order is the order of `kb --help`)
from kb.cli import build, read, questions, judges, stale, dockets, exporting, cite, site, serve, graphs, contrib  # noqa: F401  (registers the commands)
from kb.cli.base import UserError, app, main
from kb.cli.contrib import CaseKindChoice

__all__ = ["CaseKindChoice", "UserError", "app", "main"]
