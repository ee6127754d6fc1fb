"""Lints for damaged records: what a schema cannot see but a reader trips over.

A text cut short in an edit leaves a bracket or a quotation mark open; an event copied from one
record into a linked one with another kind says two things about one day; an open case with no
`as_of` cannot be told apart from a stale one; a note left behind by an earlier edit says the
opposite of its record ("only the month is entered" beside a full date, "no docket number was
found" beside one, "no later rulings were found" beside a ruling); a report dated one day is
sourced to another day's report when the case lists that day's; an event or holding gives another
year or amount in Chinese than in English (a translation that changed a fact). Each lint returns where it looked
and what it found; `kb.loading` turns that into warnings at the right line.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Iterator, Optional

from kb.findings import Said
from kb.i18n import N_

# Fields written in prose, in any record (cases, their events, rulings and sources, and the registries).
TEXT_FIELDS = frozenset({
    "title", "title_zh", "summary", "summary_zh", "what", "what_zh", "outcome", "outcome_zh", "holding", "holding_zh",
    "note", "publisher",
    "name", "name_zh",
})

# Pairs that must close in the text that opens them. Straight ASCII quotes open and close with the same
# character, so they are only counted; the apostrophe ' and ’ are left alone (it's, Tsuburaya’s).
PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "《": "》", "〈": "〉", "【": "】", "「": "」", "『": "』", "“": "”"}
_CLOSERS = {close: open_ for open_, close in PAIRS.items()}


# Any opening or closing character of a pair: the walk below visits only these, not every character.
_BRACKET = re.compile("[" + re.escape("".join(PAIRS) + "".join(_CLOSERS)) + "]")


def unbalanced(text: str) -> Optional[str]:
    """What is unbalanced in `text` (an unclosed '(' or a stray '》'), or None when all pairs close."""
    stack: list[tuple[str, int]] = []
    for found in _BRACKET.finditer(text):
        char, i = found.group(), found.start()
        if char in PAIRS:
            stack.append((char, i))
        elif stack and stack[-1][0] == _CLOSERS[char]:
            stack.pop()
        elif stack:
            opened, at = stack[-1]
            return Said(N_("'{char}' at character {i} closes '{opened}' (opened at character {at})"),
                        char=char, i=i + 1, opened=opened, at=at + 1)
        else:
            return Said(N_("'{char}' at character {i} closes nothing"), char=char, i=i + 1)
    if stack:
        opened, at = stack[0]
        return Said(N_("'{opened}' at character {at} is never closed"), opened=opened, at=at + 1)
    if text.count('"') % 2:
        return Said(N_('an odd number of straight quotes (")'))
    return None


def damaged_text(raw: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, problem) for every prose field in a record as written whose brackets or quotes do not pair."""
    found: list[tuple[tuple, str]] = []
    _damaged_text(raw, path, found)
    return iter(found)


def _damaged_text(raw: Any, path: tuple, found: list) -> None:
    # A plain recursive walk that collects what it finds: most records have nothing to report, and a
    # chain of generators would cost more than the checks themselves.
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key in TEXT_FIELDS and isinstance(value, str):
                if (_BRACKET.search(value) or '"' in value) and (problem := unbalanced(value)):
                    found.append(((*path, key), problem))
            elif isinstance(value, (dict, list)):
                _damaged_text(value, (*path, key), found)
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            if isinstance(item, (dict, list)):
                _damaged_text(item, (*path, i), found)


def _damaged_fields(model: Any, raw: Any, path: tuple, found: list) -> None:
    """`damaged_text` of a record that is valid for `model`: only its prose fields and sub-records can hold
    prose, so only they are looked at (the same findings as the walk over every value)."""
    if not isinstance(raw, dict):
        _damaged_text(raw, path, found)
        return
    texts, records = _prose_plan(model)
    for key in texts:
        value = raw.get(key)
        if isinstance(value, str) and (_BRACKET.search(value) or '"' in value) and (problem := unbalanced(value)):
            found.append(((*path, key), problem))
    for key, is_list, sub in records:
        value = raw.get(key)
        if value is None:
            continue
        if is_list and isinstance(value, list):
            for i, item in enumerate(value):
                _damaged_fields(sub, item, (*path, key, i), found)
        else:
            _damaged_fields(sub, value, (*path, key), found)


@cache
def _prose_plan(model: Any) -> tuple[tuple[str, ...], tuple[tuple[str, bool, Any], ...]]:
    """A model's prose fields, and its fields that hold records: (name, is a list, their model)."""
    from kb.models import fields_of

    specs = fields_of(model)
    return (tuple(s.name for s in specs if s.name in TEXT_FIELDS and s.model is None),
            tuple((s.name, s.is_list, s.model) for s in specs if s.model is not None))


def open_without_as_of(case: Any) -> bool:
    """An open case (one `kb stale` would watch) that does not say when its status was last checked."""
    from kb.freshness import is_open

    return is_open(case.status) and not case.as_of


# What a note says of its own record, in the words notes use. Each pattern is matched on the note with
# its whitespace collapsed (a folded YAML note keeps no line breaks, a literal one does).
_ONLY_PRECISION = re.compile(
    r"\bonly the (month|year) (?:is|was|are|were) (?:entered|recorded|given|kept)"
    r"|\b(?:left|kept|entered|recorded) at (month|year) precision", re.I)
# Words in the sentence of such a note that say which date it speaks of.
_FILING_WORDS = re.compile(r"\bfil(?:ed|ing|es)\b|\bsued\b|\bsuit was\b|\bcomplaint\b", re.I)
_DECISION_WORDS = re.compile(r"\bdecision|\bdecided\b|\bjudgment|\bruling\b|\bruled\b|判决", re.I)
_NO_NUMBER = re.compile(
    r"\b(?:no (?:docket|case) number (?:was|has been|is) (?:found|given|known)"
    r"|(?:docket|case) number (?:was|is) (?:not|never) (?:found|given|known))", re.I)
_NO_RULINGS = re.compile(
    r"\b(?:no (?:later|further|subsequent) (?:rulings?|decisions?|developments) (?:was|were|has been|have been) "
    r"(?:found|read|reported)"
    r"|(?:later|further|subsequent) (?:rulings?|decisions?|developments|events)\b[^;]{0,40}?"
    r"(?:was|were|have|has) (?:not|never) (?:been )?(?:found|read|reported))", re.I)


def _precision(date: Any) -> str:
    text = str(date)
    return ("year", "month", "day")[min(text.count("-"), 2)]


def _flat(text: Optional[str]) -> str:
    return " ".join((text or "").split())


def note_contradictions(case: Any) -> Iterator[tuple[tuple, str]]:
    """(path of the note, what it contradicts) for each note of a case that says the opposite of its record:
    that only the month (or year) of a date is entered when the record enters no date at that precision
    (an event's note speaks of that event's date); that no docket or case number was found beside
    `case_number`; that no later rulings or developments were found beside an event of kind ruling."""
    notes: list[tuple[tuple, str, Optional[Any]]] = [(("note",), _flat(case.note), None)]
    notes += [(("events", i, "note"), _flat(event.note), event) for i, event in enumerate(case.events)]
    if case.ruling is not None:
        notes.append((("ruling", "note"), _flat(case.ruling.note), None))
    case_dates = [d for d in (case.filed, case.decided, case.ruling.date if case.ruling else None) if d is not None]
    case_dates += [event.date for event in case.events]
    rulings = [event.date for event in case.events if event.kind == "ruling"]
    for path, note, event in notes:
        if not note:
            continue
        found = _ONLY_PRECISION.search(note)
        if found:
            wanted = (found.group(1) or found.group(2)).lower()
            dates = [event.date] if event is not None else _dates_spoken_of(case, _sentence(note, found.start()))
            dates = dates if dates is not None else case_dates
            if dates and wanted not in {_precision(d) for d in dates}:
                shown = ", ".join(sorted({str(d) for d in dates}))
                yield path, Said(N_("says only the month is entered, but no date here is at month precision ({shown})")
                                 if wanted == "month" else
                                 N_("says only the year is entered, but no date here is at year precision ({shown})")
                                 if wanted == "year" else
                                 N_("says only the day is entered, but no date here is at day precision ({shown})"),
                                 shown=shown)
        if case.case_number and _NO_NUMBER.search(note):
            yield path, Said(N_("says no case number was found, but case_number is {number}"), number=case.case_number)
        if path == ("note",) and rulings and _NO_RULINGS.search(note):
            latest = max(str(d) for d in rulings)
            yield path, Said(N_("says no later rulings or developments were found, but the record has a ruling of "
                                "{latest}"),
                             latest=latest)


_SOURCE_ID = re.compile(r"\b(s\d{1,3})\b")


def notes_naming_unknown_sources(case: Any) -> Iterator[tuple[tuple, str]]:
    """(path of the note, source id) for each source a note of the case names (s4) that the case does not
    list: a note left behind when a source was renumbered or dropped."""
    listed = {source.id for source in case.sources}
    notes = [(("note",), case.note)] + [(("events", i, "note"), e.note) for i, e in enumerate(case.events)]
    if case.ruling is not None:
        notes.append((("ruling", "note"), case.ruling.note))
    notes += [(("answers", i, "note"), a.note) for i, a in enumerate(case.answers)]
    for path, note in notes:
        for sid in dict.fromkeys(_SOURCE_ID.findall(note or "")):
            if sid not in listed:
                yield path, sid


def _sentence(text: str, at: int) -> str:
    """The sentence of `text` around character `at` (sentences end with '. ', '; ' or '。')."""
    start = max(text.rfind(". ", 0, at), text.rfind("; ", 0, at), text.rfind("。", 0, at)) + 1
    ends = [i for i in (text.find(". ", at), text.find("; ", at), text.find("。", at)) if i != -1]
    return text[start:min(ends) if ends else len(text)]


def _dates_spoken_of(case: Any, sentence: str) -> Optional[list]:
    """The dates a case note's sentence speaks of: the filing date when it speaks of filing, the decision's
    when it speaks of a decision; None when it names neither (then every date of the record counts)."""
    if _FILING_WORDS.search(sentence) and case.filed is not None:
        return [case.filed]
    if _DECISION_WORDS.search(sentence):
        decided = [d for d in (case.decided, case.ruling.date if case.ruling else None) if d is not None]
        if decided:
            return decided
    return None


def misdated_report_sources(case: Any) -> Iterator[tuple[int, str, str]]:
    """(event index, its source, the source of that day) for each statement event dated to a day that is
    sourced to a report published on another day while another source of the case was published that day:
    the event most likely points at the wrong one of two reports."""
    published = {source.id: str(source.published) for source in case.sources if source.published is not None}
    for i, event in enumerate(case.events):
        day = str(event.date)
        if event.kind != "statement" or _precision(day) != "day":
            continue
        own = published.get(event.source)
        if own is None or own == day or _precision(own) != "day":
            continue
        same_day = sorted(sid for sid, date in published.items() if date == day)
        if same_day:
            yield i, event.source, same_day[0]


# A number as the two languages write it: `20,000`, `1.5 million`, `2万`, `1.5亿`, `2024`. Numbers under 1,000
# (counts, days, articles) are as often written out in words, so only larger ones (years, amounts, docket
# numbers) are compared.
_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*"
                     r"(thousand|million|billion|trillion|bn|十万|百万|千万|千|万|亿)?", re.I)
_TIMES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12,
          "千": 10**3, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7, "亿": 10**8}
# Fields that say one thing in two languages: each English field and its Chinese one (an event's, then a ruling's).
TRANSLATED = (("what", "what_zh"), ("outcome", "outcome_zh"), ("holding", "holding_zh"))


def numbers(text: str) -> set[int]:
    """The numbers of 1,000 and more that a text gives, whichever way it writes them."""
    found = set()
    for whole, fraction, unit in _NUMBER.findall(text):
        value = (int(whole.replace(",", "")) * 10 ** len(fraction) + int(fraction or 0)) * _TIMES.get(unit.lower(), 1)
        if fraction:
            if value % 10 ** len(fraction):
                continue  # 1.5 on its own: no whole number to compare
            value //= 10 ** len(fraction)
        if value >= 1000:
            found.add(value)
    return found


def translation_mismatches(case: Any) -> Iterator[tuple[tuple, str, list[int], list[int]]]:
    """(path of the Chinese field, the English field, numbers only the Chinese gives, numbers only the English
    gives) for each event line, outcome and holding whose two languages give different years, amounts or numbers:
    a translation that changed a fact, or one side edited without the other."""
    (event_en, event_zh), *ruling_fields = TRANSLATED
    pairs = [(("events", i, event_zh), event_en, getattr(event, event_en), getattr(event, event_zh))
             for i, event in enumerate(case.events) if getattr(event, event_zh)]  # most events have no Chinese
    if case.ruling is not None:
        pairs += [(("ruling", zh), en, getattr(case.ruling, en), getattr(case.ruling, zh)) for en, zh in ruling_fields]
    for path, english, en, zh in pairs:
        if en and zh:
            ours, theirs = numbers(zh), numbers(en)
            if ours != theirs:
                yield path, english, sorted(ours - theirs), sorted(theirs - ours)


def event_kind_conflicts(cases: dict[str, Any]) -> Iterator[tuple[str, int, str, int]]:
    """(case, event index, linked case, its event index) for each day that two linked records both
    record, with different kinds: one event told two ways. Dates to the day only; a month is too
    coarse to say two events are one. Each pair is reported once, on the record that holds the link."""
    seen: set[frozenset] = set()
    for case in cases.values():
        for rel in case.related:
            other = cases.get(rel.case)
            pair = frozenset((case.id, rel.case))
            if other is None or pair in seen or rel.case == case.id:
                continue
            seen.add(pair)
            yield from _conflicts(case, other)


def _kinds_by_day(case: Any) -> dict[str, list[tuple[int, str]]]:
    days: dict[str, list[tuple[int, str]]] = {}
    for i, event in enumerate(case.events):
        if event.date.count("-") == 2:
            days.setdefault(event.date, []).append((i, event.kind))
    return days


def _conflicts(case: Any, other: Any) -> Iterator[tuple[str, int, str, int]]:
    theirs = _kinds_by_day(other)
    for day, ours in _kinds_by_day(case).items():
        if day in theirs and not {k for _, k in ours} & {k for _, k in theirs[day]}:
            yield case.id, ours[0][0], other.id, theirs[day][0][0]


def check(entries: dict[str, list[Any]]) -> Iterator[tuple[Any, tuple, str, str]]:
    """(entry, path inside the record, message, hint) for every lint, over the entries of each registry
    (each with its raw mapping `raw` and, when valid, its model `record`)."""
    for registry_entries in entries.values():
        for entry in registry_entries:
            found: list[tuple[tuple, str]] = []
            if entry.record is not None:  # valid: its model says where prose can be
                _damaged_fields(type(entry.record), entry.raw, (), found)
            else:
                _damaged_text(entry.raw, (), found)
            for path, problem in found:
                yield (entry, path, Said(N_("unbalanced brackets or quotes in {field}: {problem}"), field=path[-1],
                                         problem=problem),
                       N_("the text may have been cut short; complete or correct it"))
    where: dict[str, Any] = {}
    for entry in entries.get("cases", []):
        case = entry.record
        if case is None or case.id in where:
            continue
        where[case.id] = entry
        if open_without_as_of(case):
            yield (entry, ("status",), Said(N_("a {status} case has no as_of"), status=case.status),
                   N_("add as_of: the date of the newest source that shows the case still open"))
        for path, problem in note_contradictions(case):
            yield (entry, path, Said(N_("the note {problem}"), problem=problem),
                   N_("correct the note (or the record) so that the two say the same thing"))
        for path, sid in notes_naming_unknown_sources(case):
            yield (entry, path, Said(N_("the note names source {id}, which this case does not list"), id=sid),
                   N_("name a source of the case, or add the source to its sources"))
        for path, english, only_zh, only_en in translation_mismatches(case):
            yield (entry, path, _mismatch(path[-1], english, only_zh, only_en),
                   N_("give the same numbers in both languages: correct the translation, or the English"))
        for i, source, other in misdated_report_sources(case):
            event = case.events[i]
            yield (entry, ("events", i, "source"),
                   Said(N_("the report of {date} cites {source}, published {published}, while {other} was published "
                           "that day"),
                        date=event.date, source=source, published=_published(case, source), other=other),
                   N_("point the event at the report of its day, or date the event by its source"))
    cases = {case_id: entry.record for case_id, entry in where.items()}
    for case_id, i, other_id, j in event_kind_conflicts(cases):
        ours, theirs = cases[case_id].events[i], cases[other_id].events[j]
        yield (where[case_id], ("events", i, "kind"),
               Said(N_("the event of {date} has kind '{kind}' here but '{other_kind}' in linked case {other}"),
                    date=ours.date, kind=ours.kind, other_kind=theirs.kind, other=other_id),
               N_("give the one event the same kind in both records"))


def _mismatch(chinese: str, english: str, only_zh: list[int], only_en: list[int]) -> Said:
    def listed(values: list[int]) -> str:  # years as written (2024), amounts grouped (50,000)
        return ", ".join(f"{v:,}" if v >= 10000 else str(v) for v in values)

    if only_zh and only_en:
        return Said(N_("{chinese} gives {zh} where {english} gives {en}"), chinese=chinese, english=english,
                    zh=listed(only_zh), en=listed(only_en))
    if only_zh:
        return Said(N_("{chinese} gives {zh}, which {english} does not"), chinese=chinese, english=english,
                    zh=listed(only_zh))
    return Said(N_("{english} gives {en}, which {chinese} does not"), chinese=chinese, english=english,
                en=listed(only_en))


def _published(case: Any, source_id: str) -> str:
    return next(str(source.published) for source in case.sources if source.id == source_id)
