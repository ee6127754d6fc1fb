"""What Click and Typer say themselves, in the interface's language.

Click writes its own lines: a usage error ("No such option '--yeer'. Did you mean '--year'?", "Missing
option", "'abc' is not a valid integer"), the hint under it ("Try 'kb cases --help' for help."), the
"Error:" before it, "Aborted!" and the errors of a prompt. It marks each for translation and looks it
up with the standard library's `gettext.gettext`, which reads the process-wide domain and the
locale's variables, never KB_LANG. Setting that domain would change every other library's lookups,
and only the locale's variables choose its language; so instead the modules that say these lines get
kb's own `_` and `ngettext` in place of the two names they imported from `gettext`. kb's catalog holds
Click's and Typer's messages (listed in kb/cli/helptext.py by tools/helptext.py, from the installed
sources). In English nothing is touched: kb's `_` returns the message as written, as gettext does
without a catalog, so once set the replacement is right in either language.
"""

from __future__ import annotations

import importlib

from kb.i18n import DEFAULT, _, lang, ngettext

# The modules of Click and Typer whose messages a kb user can meet (Click's Windows console, editor and
# progress bar are not used by kb); tools/helptext.py lists the messages of these same modules.
MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
           "click.shell_completion", "click.termui", "click.types", "click.utils", "typer.core")

_done = False


def speak() -> None:
    """Let Click and Typer say their messages in the interface's language (nothing to do in English)."""
    global _done
    if _done or lang() == DEFAULT:
        return
    for name in MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    _done = True


def translate_prompts(params) -> None:
    """A command's prompts (`kb new case` asks for a title, a jurisdiction...) in the interface's language."""
    if lang() == DEFAULT:
        return
    for param in params:
        if isinstance(getattr(param, "prompt", None), str):
            param.prompt = _(param.prompt)
