"""What a page says about itself: its description for link previews, a case's cite text, and the
sitemap that lists every page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

from kb.i18n import N_

DESCRIPTION = N_("Court cases and controversies about AI-generated content, in China and around the world, "
                 "each fact with its source.")


def shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def case_description(case: dict, listed: dict, gettext=None, language: str = "en") -> str:
    """A link preview's text: status (with when it was checked) and outcome first, then the summary; in
    the Chinese edition the status in the glossary's words and the record's Chinese summary when it has one
    (and the outcome in Chinese when the record gives it; otherwise as written)."""
    from kb.glossary import label

    gettext = gettext or (lambda message: message)
    status = label("status", case["status"], language) if language == "zh" else case["status"]
    if case.get("as_of"):
        status += gettext(N_(" (as of {date})")).format(date=case["as_of"])
    parts = [gettext(N_("Status: {status}.")).format(status=status)]
    outcome = (listed.get("outcome_zh") if language == "zh" else None) or listed.get("outcome")
    if outcome:
        parts.append(gettext(N_("Outcome: {outcome}.")).format(outcome=outcome.rstrip(".。")))
    summaries = ("summary_zh", "summary") if language == "zh" else ("summary", "summary_zh")
    summary = case.get(summaries[0]) or case.get(summaries[1])
    if summary:
        parts.append(summary)
    if language != "zh":
        return " ".join(parts)
    # Chinese sentences follow each other without a space; an English one (an outcome as written) gets one
    return "".join(p if i == 0 or not (p[:1].isascii() or parts[i - 1][-1:].isascii()) else " " + p
                   for i, p in enumerate(parts))



def cite_text(case: dict, url: Optional[str], gettext=None) -> str:
    """A plain-text reference a reader can paste: the case's name without kb's descriptive parentheticals
    (as in its CSL item), then court, case number, date, the record and the page's URL; kb's own words
    in the edition's language (`gettext`), the record's facts as they are."""
    from kb.cite import cite_title

    parts = [cite_title(case["title"]) + (f" ({cite_title(case['title_zh'])})" if case.get("title_zh") else "")]
    if case.get("court"):
        parts.append(case["court"]["name"])
    if case.get("case_number"):
        parts.append(case["case_number"])
    date = case.get("decided") or (case.get("ruling") or {}).get("date") or case.get("filed")
    if date:
        parts.append(date)
    gettext = gettext or (lambda message: message)
    text = ", ".join(parts) + "."
    if case.get("as_of"):
        text += gettext(N_(" In: kb, a knowledge base of cases about AI-generated content, record {id} (as of {date}).")
                        ).format(id=case["id"], date=case["as_of"])
    else:
        text += gettext(N_(" In: kb, a knowledge base of cases about AI-generated content, record {id}.")).format(
            id=case["id"])
    return text + (f" {url}" if url else "")


def page_url(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


def sitemap(pages: list[str], base_url: Optional[str]) -> str:
    """The sitemap protocol wants absolute URLs: with no base URL, the paths are relative to the site."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", ns)
    urlset = ET.Element(f"{{{ns}}}urlset")
    for path in pages:
        ET.SubElement(ET.SubElement(urlset, f"{{{ns}}}url"), f"{{{ns}}}loc").text = (base_url or "") + page_url(path)
    ET.indent(urlset)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"
