"""`kb new case`: the skeleton of a new case record, ready to fill in.

Only what the contributor tells kb goes in as a value (title, kind, jurisdiction, court, year).
Every fact that must come from a source is a `TODO:` placeholder, and `kb validate` rejects
a record that still holds one, so an unfilled scaffold can never be merged by accident.
Optional facts are listed as comments, to be filled in only when a source states them.
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Optional, get_args

PLACEHOLDER = "TODO:"


def slug(text: str, words: int = 5) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    stop = {"the", "of", "and", "a", "an", "in", "for", "on", "inc", "ltd", "co", "llc"}
    kept = [p for p in parts if p not in stop][:words]
    return "-".join(kept) or "case"


def unique_id(base: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def new_case_id(title: str, jurisdiction: str, year: int, taken: Iterable[str]) -> str:
    """Country, year (of filing, or of the first event) and a few words of the title: `cn-2023-li-v-liu`."""
    prefix = {"GB": "uk"}.get(jurisdiction.upper(), jurisdiction.lower())
    return unique_id(f"{prefix}-{int(year):04d}-{slug(title)}", taken)


def choices(literal: object) -> str:
    """The values a Literal type of the models allows, as a scaffold lists them: `a | b | c`."""
    return " | ".join(get_args(literal))


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def new_case(case_id: str, title: str, kind: str, jurisdiction: str, court: Optional[str] = None,
             title_zh: Optional[str] = None, case_number: Optional[str] = None) -> str:
    """YAML text of one new case record, in canonical key order.

    A ruling also lists, as comments, the three parts a ruling's record is read for: the decision
    (`ruling`), the questions of law it answered (`answers`) and who decided it (`judges`).
    """
    from kb.models import AnswerKind, CaseStatus, EventKind, JudgeRole, Role

    lines = [f"- id: {case_id}", f"  title: {_q(title)}"]
    if title_zh:
        lines.append(f"  title_zh: {_q(title_zh)}")
    lines += [f"  kind: {kind}", f"  jurisdiction: {jurisdiction.upper()}"]
    if court:
        lines.append(f"  court: {court}")
    lines.append(f"  case_number: {_q(case_number)}" if case_number else
                 "  # case_number: as the court writes it, e.g. (2023)京0491民初11279号 or 3:23-cv-00201")
    lines += [
        f"  status: \"{PLACEHOLDER} {choices(CaseStatus)}\"",
        "  # as_of, filed, decided: YYYY, YYYY-MM or YYYY-MM-DD, only as precise as the source",
        f"  # parties: [{{party: <id from parties.yaml>, role: {choices(Role)}}}]",
        "  # claims: [<ids from claims.yaml>]",
        "  # summary: two or three sentences in your own words",
        f"  # events: [{{date: ..., kind: {choices(EventKind)}, what: ..., source: s1}}]",
    ]
    if kind == "ruling":
        lines += [
            "  # ruling: {date: ..., outcome: who won what in a sentence, holding: ..., source: s1}",
            f"  # answers: [{{question: <id from questions.yaml>, answer: {choices(AnswerKind)}, "
            "holding: ..., source: s1}]",
            f"  # judges: [{{judge: <id from judges.yaml>, role: {choices(JudgeRole)}, date: <the ruling's date>, "
            "source: s1}]",
        ]
    lines += [
        "  sources:",
        "  - id: s1",
        f"    url: \"{PLACEHOLDER} https://... the page that states these facts\"",
        f"    title: \"{PLACEHOLDER} the page's title as published\"",
        f"    publisher: \"{PLACEHOLDER} who published it\"",
    ]
    from kb.fmt import format_text

    canonical = format_text("\n".join(lines) + "\n", "cases")
    return canonical.split("\n", 1)[1]  # without the schema line: the record goes into an existing file


def likely_duplicates(records: Iterable[dict], title: str, case_number: Optional[str] = None,
                      parties: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Existing records a new one may repeat, each with the reason: the same case number, the same
    parties, or a title that differs only in punctuation and case ("Li v Liu" and "Li v. Liu"), said in the
    interface's language."""
    from kb.i18n import _
    from kb.search import fold

    def normalise(number: str) -> str:  # （2023）京… and (2023)京…, spaces and case aside
        return re.sub(r"\s+", "", fold(number))

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    wanted_number = normalise(case_number) if case_number else None
    wanted_parties = set(parties)
    wanted_words = words(title)
    found = []
    for record in records:
        rid = record.get("id")
        if not isinstance(rid, str):
            continue
        numbers = [record.get("case_number")] + [c.get("citation") for c in record.get("citations") or []
                                                 if isinstance(c, dict)]
        if wanted_number and any(isinstance(n, str) and normalise(n) == wanted_number for n in numbers):
            found.append((rid, _("same case number {number}").format(number=case_number)))
            continue
        theirs = {p.get("party") for p in record.get("parties") or [] if isinstance(p, dict)}
        if len(wanted_parties) >= 2 and wanted_parties <= theirs:
            found.append((rid, _("same parties: {parties}").format(parties=", ".join(sorted(wanted_parties)))))
            continue
        title_words = words(str(record.get("title") or ""))
        if wanted_words and title_words[:len(wanted_words)] == wanted_words:
            found.append((rid, _("same title: {title}").format(title=record.get("title"))))
    return found
