"""Language marks for the site: every run of Chinese (or Japanese) text inside an element whose `lang`
says so, so that browsers pick a CJK font and screen readers a voice that reads it.

Pages are `lang="en"`; a Chinese field (`title_zh`, `summary_zh` …) is wrapped whole by its template,
and `mark` wraps each run of CJK characters inside any other text the templates print (a Chinese name
inside an English event, a case number like (2023)京0491民初11279号). It is Jinja's `finalize`: it runs
on every value a template prints and returns markup only around those runs; everything else is left
to autoescaping.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

ZH = "zh-CN"
_CJK = ("\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
        "\U00020000-\U0002fa1f")
_KANA = re.compile("[\u3040-\u30ff]")
CJK = re.compile(f"[{_CJK}]")
# a run: from a CJK character to the last CJK character before a space or markup
URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S*$")
RUN = re.compile(f"[{_CJK}](?:[^\\s<>&]*[{_CJK}])?")


def language_of(text: str) -> str:
    return "ja" if _KANA.search(text) else ZH


def mark(value: Any) -> Any:
    """`value` with each run of CJK text in <span lang=…>, escaped; markup and non-text as they are."""
    if isinstance(value, Markup) or not isinstance(value, str) or not CJK.search(value):
        return value
    if URL.match(value):  # a web address goes into href="…": never markup, whatever its characters
        return value
    lang = language_of(value)  # kana anywhere in the text: its kanji are Japanese too
    out, last = [], 0
    for m in RUN.finditer(value):
        out.append(escape(value[last:m.start()]))
        out.append(Markup('<span lang="{}">{}</span>').format(lang, m.group()))
        last = m.end()
    out.append(escape(value[last:]))
    return Markup("").join(out)


def plain(value: Any) -> Markup:
    """Escaped text with no marks: for attributes, <title>, and text already inside a lang element."""
    return escape("" if value is None else value)


def whole(value: Any) -> Any:
    """The whole text in one <span lang=…> when it holds CJK (a Chinese case number with its year in
    brackets), else as it is."""
    if not isinstance(value, str) or isinstance(value, Markup) or not CJK.search(value):
        return value
    return Markup('<span lang="{}">{}</span>').format(language_of(value), value)
