"""The language kb speaks to people: English by default, Chinese with KB_LANG=zh.

`KB_LANG` decides (`en`, `zh`, or a locale such as `zh_CN.UTF-8`); when it is unset, the first of
LC_ALL, LC_MESSAGES and LANG that is set does, as gettext reads them. Messages are marked with `_()`
(and `ngettext`), and translated from the catalog in `kb/locale/<lang>/LC_MESSAGES/kb.mo`, which Babel
extracts and compiles (see CONTRIBUTING). Nothing is loaded in English: `_()` returns the message as
written without importing gettext, so `kb --help` and every English command start as fast as before.
Module-level strings that must be translated later are marked with `N_()`, which only marks them.

Record facts are never translated here: they come in both languages from the records themselves.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

LANGUAGES = ("en", "zh")
DEFAULT = "en"
DOMAIN = "kb"
LOCALE_DIR = Path(__file__).parent / "locale"

_forced: Optional[str] = None
_translations: dict[str, Any] = {}


def language_of(value: str) -> Optional[str]:
    """`zh_CN.UTF-8`, `zh-Hans`, `ZH` → zh; `en_GB`, `C`, `POSIX` → en; anything else → None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if code in ("c", "posix"):
        return "en"
    return code if code in LANGUAGES else None


def choose(environ: Optional[dict] = None) -> str:
    """The language the environment asks for: KB_LANG first, then the locale; English otherwise."""
    env = os.environ if environ is None else environ
    if env.get("KB_LANG"):
        return language_of(env["KB_LANG"]) or DEFAULT
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return language_of(env[name]) or DEFAULT
    return DEFAULT


def lang() -> str:
    """The language of this process: the one `use` set, else the environment's (read at each call, so
    that a test or an embedding program can change KB_LANG; it is a few dictionary lookups)."""
    return _forced or choose()


def use(language: Optional[str]) -> None:
    """Speak `language` from now on, whatever the environment says (None: the environment again)."""
    global _forced
    _forced = language


def translation(language: Optional[str] = None) -> Any:
    """The gettext translation of `language` (default: this process's), loaded once, on first use."""
    language = language or lang()
    found = _translations.get(language)
    if found is None:
        import gettext

        found = (gettext.NullTranslations() if language == DEFAULT
                 else gettext.translation(DOMAIN, LOCALE_DIR, languages=[language]))
        _translations[language] = found
    return found


def _(message: str) -> str:
    """`message` in the language of this process."""
    if lang() == DEFAULT:
        return message
    return translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if lang() == DEFAULT:
        return singular if n == 1 else plural
    return translation().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it (for module-level constants)."""
    return message


def is_zh() -> bool:
    return lang() == "zh"
