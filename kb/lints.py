"""Lints for damaged records: what a schema cannot see but a reader trips over.

A text cut short in an edit leaves a bracket or a quotation mark open; an event copied from one
record into a linked one with another kind says two things about one day; an open case with no
`as_of` cannot be told apart from a stale one. Each lint returns where it looked and what it
found; `kb.loading` turns that into warnings at the right line.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional

# Fields written in prose, in any record (cases, their events, rulings and sources, and the registries).
TEXT_FIELDS = frozenset({
    "title", "title_zh", "summary", "summary_zh", "what", "what_zh", "outcome", "holding", "note", "publisher",
    "name", "name_zh",
})

# Pairs that must close in the text that opens them. Straight ASCII quotes open and close with the same
# character, so they are only counted; the apostrophe ' and ’ are left alone (it's, Tsuburaya’s).
PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "《": "》", "〈": "〉", "【": "】", "「": "」", "『": "』", "“": "”"}
_CLOSERS = {close: open_ for open_, close in PAIRS.items()}

OPEN_STATUSES = ("pending", "filed", "appealed")


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
            return f"'{char}' at character {i + 1} closes '{opened}' (opened at character {at + 1})"
        else:
            return f"'{char}' at character {i + 1} closes nothing"
    if stack:
        opened, at = stack[0]
        return f"'{opened}' at character {at + 1} is never closed"
    if text.count('"') % 2:
        return 'an odd number of straight quotes (")'
    return None


def damaged_text(raw: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, problem) for every prose field in a record as written whose brackets or quotes do not pair."""
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key in TEXT_FIELDS and isinstance(value, str):
                problem = unbalanced(value)
                if problem:
                    yield (*path, key), problem
            elif isinstance(value, (dict, list)):
                yield from damaged_text(value, (*path, key))
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            yield from damaged_text(item, (*path, i))


def open_without_as_of(case: Any) -> bool:
    """An open case (pending, filed, appealed) that does not say when its status was last checked."""
    return case.status in OPEN_STATUSES and not case.as_of


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
            for path, problem in damaged_text(entry.raw):
                yield (entry, path, f"unbalanced brackets or quotes in {path[-1]}: {problem}",
                       "the text may have been cut short; complete or correct it")
    where: dict[str, Any] = {}
    for entry in entries.get("cases", []):
        case = entry.record
        if case is None or case.id in where:
            continue
        where[case.id] = entry
        if open_without_as_of(case):
            yield (entry, ("status",), f"a {case.status} case has no as_of",
                   "add as_of: the date of the newest source that shows the case still open")
    cases = {case_id: entry.record for case_id, entry in where.items()}
    for case_id, i, other_id, j in event_kind_conflicts(cases):
        ours, theirs = cases[case_id].events[i], cases[other_id].events[j]
        yield (where[case_id], ("events", i, "kind"),
               f"the event of {ours.date} has kind '{ours.kind}' here but '{theirs.kind}' in linked case {other_id}",
               "give the one event the same kind in both records")
