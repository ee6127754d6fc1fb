"""The checks of records against each other, after each record was validated on its own.

Ids are unique; every reference (court, party, claim, product, question, judge, related case, a case's
own source) names a record that exists, with the id suggested when a name was written instead; no date
lies in the future; a case is decided after it was filed; `appeal-of` links never go round in a circle;
a case's court is a court of its jurisdiction; a case's judges and citations point at rulings dated in its
timeline, its citations are written canonically, its case number and ECLI agree with its court and dates;
and the lints of `kb.lints`.
Each finding is located at the value it is about (file:line:col).

References are checked on the records as written, guided by the models, so that a record that failed
validation for another reason still has its references checked.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Iterator, Optional

from kb import lints
from kb.dates import as_date_text, check_partial_date, period
from kb.i18n import N_
from kb.models import REGISTRIES, Case, Court, Record, fields_of
from kb.registries import REGISTRY_LABELS
from kb.yamlfile import YamlDocument


# `unknown <what> '<value>'` for each kind of reference, and the did-you-mean hints of one to three ids
UNKNOWN = {"source": N_("unknown source '{value}'"), "case": N_("unknown case '{value}'"),
           "court": N_("unknown court '{value}'"), "party": N_("unknown party '{value}'"),
           "claim": N_("unknown claim '{value}'"), "product": N_("unknown product '{value}'"),
           "question": N_("unknown question '{value}'"), "judge": N_("unknown judge '{value}'")}
DID_YOU_MEAN = (N_("did you mean '{a}'?"), N_("did you mean '{a}' or '{b}'?"),
                N_("did you mean '{a}' or '{b}' or '{c}'?"))


@dataclass
class Entry:
    """One record as written: its raw mapping, its place in the file, and its model if valid."""

    file: str
    doc: YamlDocument
    index: int
    raw: Any
    record: Optional[Record] = None


class CrossChecks:
    """The checks across records, for the loader's checker: it holds `entries` (by registry), `findings`,
    `dataset`, `today_text` and `add(file, position, message, hint, warn=...)`."""

    def cross_check(self) -> None:
        self._courts: Optional[dict[str, Court]] = None
        known = {name: self._ids(name) for name in REGISTRIES}
        names = {name: self._names(name) for name in REGISTRIES}
        # The lints' warnings on a case are reported with the case's other warnings, so that a reviewer
        # can accept one on the record (`reviewed_warnings`) like any other; the rest come after.
        self._lints: dict[int, list[tuple[Entry, tuple, str, str]]] = {}
        for entry, path, message, hint in lints.check(self.entries):
            self._lints.setdefault(id(entry), []).append((entry, path, message, hint))
        for name, entries in self.entries.items():
            for entry in entries:
                raw_sources = entry.raw.get("sources") if isinstance(entry.raw, dict) else None
                sources = {s.get("id") for s in raw_sources if isinstance(s, dict) and isinstance(s.get("id"), str)} \
                    if isinstance(raw_sources, list) else set()
                if _looks_sound(REGISTRIES[name], entry.raw, known, sources, self.today_text):
                    self._check_record(name, entry)
                    continue
                for path, spec, value in _leaves(REGISTRIES[name], entry.raw):
                    full = (entry.index, *path)
                    if spec.ref:
                        ids = sources if spec.ref == "sources" else known[spec.ref]
                        if value not in ids:
                            self._dangling(entry, full, spec.ref, value, ids, names.get(spec.ref, {}))
                    elif _is_date(value) and _start(value) > self.today_text:
                        self.add(entry.file, entry.doc.locate(full), N_("date {value} is in the future"),
                                 N_("record only what has happened"), values={"value": value})
                self._check_record(name, entry)
        self._check_appeal_cycles()
        for found in self._lints.values():
            for entry, path, message, hint in found:
                self.add(entry.file, entry.doc.locate((entry.index, *path)), message, hint, warn=True)
        for name, entries in self.entries.items():
            for entry in entries:
                if entry.record is not None and entry.record.id not in self.dataset.records[name]:
                    self.dataset.records[name][entry.record.id] = entry.record

    def _court(self, court_id: Optional[str]) -> Optional[Court]:
        """The first valid court of that id (a second one is a duplicate id, reported as such)."""
        if self._courts is None:
            self._courts = {}
            for e in self.entries.get("courts", []):
                if isinstance(e.record, Court):
                    self._courts.setdefault(e.record.id, e.record)
        return self._courts.get(court_id)

    def _check_appeal_cycles(self) -> None:
        """An appeal follows its first instance in time, so `appeal-of` links can never go round in a circle."""
        links: dict[str, list[tuple[str, Entry, int]]] = {}
        for entry in self.entries["cases"]:
            if isinstance(entry.record, Case):
                for i, rel in enumerate(entry.record.related):
                    if rel.relation == "appeal-of":
                        links.setdefault(entry.record.id, []).append((rel.case, entry, i))
        reported: set[str] = set()
        for start in links:
            seen, node = [start], start
            while node in links and links[node][0][0] not in seen:
                node = links[node][0][0]
                seen.append(node)
            if node in links and links[node][0][0] == start and start not in reported:
                reported.update(seen)
                _, entry, i = links[start][0]
                chain = " → ".join(seen + [start])
                self.add(entry.file, entry.doc.locate((entry.index, "related", i, "case")),
                         N_("appeal-of links go round in a circle: {chain}"),
                         N_("an appeal points at the decision below it"), values={"chain": chain})

    def _ids(self, name: str) -> set[str]:
        """Ids written in a registry, valid records or not, so one bad record does not cascade."""
        seen: dict[str, Entry] = {}
        for entry in self.entries[name]:
            rid = entry.raw.get("id") if isinstance(entry.raw, dict) else None
            if not isinstance(rid, str):
                continue
            if rid in seen:
                first = seen[rid]
                line = first.doc.locate((first.index, "id"))[0]
                message = (N_("duplicate id '{id}' (also at line {line})") if first.file == entry.file
                           else N_("duplicate id '{id}' (also at {file}:{line})"))
                self.add(entry.file, entry.doc.locate((entry.index, "id")), message,
                         N_("ids must be unique; rename one of them"),
                         values={"id": rid, "line": line, "file": first.file})
            else:
                seen[rid] = entry
        return set(seen)

    def _names(self, name: str) -> dict[str, str]:
        """Lowercased names and aliases → id, to suggest the id when a name was written instead."""
        result: dict[str, str] = {}
        if not {"name", "name_zh", "aliases"} & set(REGISTRIES[name].model_fields):
            return result  # records without names (cases): asking each for one costs pydantic an exception
        for entry in self.entries[name]:
            rec = entry.record
            for label in (getattr(rec, "name", None), getattr(rec, "name_zh", None), *getattr(rec, "aliases", ())):
                if label:
                    result[label.lower()] = rec.id
        return result

    def _dangling(self, entry: Entry, path: tuple, registry: str, value: str, ids: set, names: dict) -> None:
        what = "source" if registry == "sources" else REGISTRY_LABELS[registry]
        hint, values = None, {"value": value, "registry": registry}
        if value.lower() in names:
            hint, values["a"] = DID_YOU_MEAN[0], names[value.lower()]
        else:
            close = difflib.get_close_matches(value, sorted(ids), n=3, cutoff=0.6)
            close += [i for i in sorted(ids) if value in i and i not in close][: 3 - len(close)]
            if close:
                hint = DID_YOU_MEAN[len(close) - 1]
                values.update(zip("abc", close))
            elif registry == "sources":
                hint, values["ids"] = N_("add it to this case's sources, or name one of: {ids}"), ", ".join(sorted(ids))
            else:
                hint = N_("add it to data/{registry}.yaml first")
        self.add(entry.file, entry.doc.locate(path), UNKNOWN.get(what, "unknown " + what + " '{value}'"), hint,
                 values=values)

    def _check_case(self, entry: Entry, case: Case) -> None:
        first = len(self.findings)
        self._check_case_fields(entry, case)
        for _, path, message, hint in self._lints.pop(id(entry), []):
            self.add(entry.file, entry.doc.locate((entry.index, *path)), message, hint, warn=True)
        # Warnings a reviewer accepted on the record itself (with the reason) are not reported; an
        # accepted warning that is no longer raised is, so that stale exceptions do not pile up.
        accepted = {r.warning: i for i, r in enumerate(case.reviewed_warnings)}
        raised = {f.message for f in self.findings[first:] if f.severity == "warning"}
        self.findings[first:] = [f for f in self.findings[first:]
                                 if f.severity != "warning" or f.message not in accepted]
        for message, i in accepted.items():
            if message not in raised:
                self.add(entry.file, entry.doc.locate((entry.index, "reviewed_warnings", i, "warning")),
                         N_("this reviewed warning is no longer raised"), N_("remove it from reviewed_warnings"),
                         warn=True, values={})

    def _check_case_fields(self, entry: Entry, case: Case) -> None:
        at = lambda *path: entry.doc.locate((entry.index, *path))  # noqa: E731
        if case.filed and case.decided:
            self._check_date_order(entry, case.filed, case.decided)
        seen_sources: set[str] = set()
        for i, source in enumerate(case.sources):
            if source.id in seen_sources:
                self.add(entry.file, at("sources", i, "id"), N_("duplicate source id '{id}' in this case"),
                         values={"id": source.id})
            seen_sources.add(source.id)
        answered: dict[str, int] = {}
        for i, answer in enumerate(case.answers):
            if answer.question in answered:
                self.add(entry.file, at("answers", i, "question"),
                         N_("question '{question}' is answered twice in this case (also answer {n})"),
                         N_("keep one answer per question"),
                         values={"question": answer.question, "n": answered[answer.question] + 1})
            answered.setdefault(answer.question, i)
        for i, rel in enumerate(case.related):
            if rel.case == case.id:
                self.add(entry.file, at("related", i, "case"), N_("a case cannot be related to itself"), values={})
        if case.kind in ("controversy", "regulatory") and case.court:
            self.add(entry.file, at("court"), N_("a controversy is not heard by a court") if case.kind == "controversy"
                     else N_("a regulatory is not heard by a court"), N_("remove 'court'"), warn=True, values={})
        court = self._court(case.court) if case.court else None
        if court is not None and court.jurisdiction != case.jurisdiction:
            self.add(entry.file, at("court"),
                     N_("court '{court}' is a court of {court_jurisdiction}, but the case's jurisdiction is "
                        "{jurisdiction}"),
                     N_("a case's court is one of its jurisdiction: correct the court or the jurisdiction"),
                     values={"court": court.id, "court_jurisdiction": court.jurisdiction,
                             "jurisdiction": case.jurisdiction})
        if case.case_number:
            self._check_case_number(entry, case)
        if case.citations:
            self._check_citations(entry, case)
        if case.judges:
            self._check_judges(entry, case)

    def _ruling_dates(self, case: Case) -> set[str]:
        return {e.date for e in case.events} | ({case.ruling.date} if case.ruling and case.ruling.date else set())

    def _check_judges(self, entry: Entry, case: Case) -> None:
        """Each judge decided a ruling dated in the timeline, and is listed once per ruling."""
        dates = self._ruling_dates(case)
        seen: dict[tuple[str, str], int] = {}
        for i, judge in enumerate(case.judges):
            at = lambda key: entry.doc.locate((entry.index, "judges", i, key))  # noqa: E731
            if (judge.judge, judge.date) in seen:
                self.add(entry.file, at("judge"),
                         N_("judge '{judge}' is listed twice for the ruling of {date} (also judge {n})"),
                         N_("keep one entry per ruling"),
                         values={"judge": judge.judge, "date": judge.date, "n": seen[judge.judge, judge.date] + 1})
            seen.setdefault((judge.judge, judge.date), i)
            if judge.date not in dates:
                known = ", ".join(sorted(dates)) or "none"
                self.add(entry.file, at("date"), N_("no event of this case is dated {date}"),
                         N_("a judge decided a ruling in the case's timeline; its dates: {known}"),
                         values={"date": judge.date, "known": known})

    def _check_citations(self, entry: Entry, case: Case) -> None:
        """Each citation in a published format and written canonically, citing a ruling dated in the timeline."""
        from kb.citations import CitationError, parse

        dates = self._ruling_dates(case)
        seen: set[str] = set()
        for i, cite in enumerate(case.citations):
            at = lambda key: entry.doc.locate((entry.index, "citations", i, key))  # noqa: E731
            try:
                parsed = parse(cite.citation)
            except CitationError as error:
                self.add(entry.file, at("citation"), N_("citation '{citation}' is malformed"), "{detail}",
                         values={"citation": cite.citation, "detail": str(error)})
                continue
            if parsed.text != cite.citation:
                self.add(entry.file, at("citation"), N_("citation '{citation}' is not written canonically"),
                         N_("write it '{text}'"), values={"citation": cite.citation, "text": parsed.text})
            if parsed.text in seen:
                self.add(entry.file, at("citation"), N_("citation '{citation}' is listed twice in this case"),
                         values={"citation": parsed.text})
            seen.add(parsed.text)
            if cite.date not in dates:
                known = ", ".join(sorted(dates)) or "none"
                self.add(entry.file, at("date"), N_("no event of this case is dated {date}"),
                         N_("a citation cites a ruling in the case's timeline; its dates: {known}"),
                         values={"date": cite.date, "known": known})
            if parsed.kind == "ecli" and case.court:
                self._check_ecli_court(entry, case, parsed.text, at("citation"))

    def _check_ecli_court(self, entry: Entry, case: Case, ecli: str, position: tuple[int, int]) -> None:
        """An ECLI names the country and court of the case's court, where that court's ECLI code is known."""
        court = self._court(case.court)
        if court is None or court.ecli is None:
            return
        country, code = ecli.split(":")[1:3]
        if (country, code) != (court.jurisdiction, court.ecli):
            self.add(entry.file, position, N_("ECLI '{ecli}' names court {country}:{code}, but the case's court "
                                              "'{court}' has ECLI court code {jurisdiction}:{court_code}"),
                     N_("check the ECLI against the decision, or the court's `ecli` in courts.yaml"), warn=True,
                     values={"ecli": ecli, "country": country, "code": code, "court": court.id,
                             "jurisdiction": court.jurisdiction, "court_code": court.ecli})

    def _check_record(self, name: str, entry: Entry) -> None:
        if isinstance(entry.record, Case):
            self._check_case(entry, entry.record)
        elif isinstance(entry.record, Court):
            self._check_court(entry, entry.record)
        elif name == "cases" and isinstance(entry.raw, dict):  # invalid elsewhere: still say this now, with the rest
            filed, decided = _date_text(entry.raw.get("filed")), _date_text(entry.raw.get("decided"))
            if filed and decided and _is_date(filed) and _is_date(decided):
                self._check_date_order(entry, filed, decided)

    def _check_court(self, entry: Entry, court: Court) -> None:
        """A US court (not an agency) carries its id in CourtListener and courts-db, which `kb courts` and
        the court's page show, so that researchers find the court there and tools can match it."""
        if court.jurisdiction == "US" and court.level != "agency" and not court.courtlistener:
            self.add(entry.file, entry.doc.locate((entry.index, "id")),
                     N_("the US court '{id}' has no courtlistener id"),
                     N_("add `courtlistener:` with the court's id in CourtListener and courts-db, e.g. cand for the "
                        "Northern District of California"), warn=True, values={"id": court.id})

    def _check_date_order(self, entry: Entry, filed: str, decided: str) -> None:
        if period(decided)[1] < period(filed)[0]:
            self.add(entry.file, entry.doc.locate((entry.index, "decided")),
                     N_("decided {decided} is before filed {filed}"), values={"decided": decided, "filed": filed})

    def _check_case_number(self, entry: Entry, case: Case) -> None:
        """Warn when a case number is in no known format, or its court code or year disagrees with the record."""
        from kb.casenumber import parse

        number = parse(case.case_number)
        position = lambda: entry.doc.locate((entry.index, "case_number"))  # noqa: E731  (only when reporting)
        if number is None:
            self.add(entry.file, position(), N_("case number '{number}' is in no format kb knows"),
                     N_("check it is written exactly as the court writes it"), warn=True,
                     values={"number": case.case_number})
            return
        court = self._court(case.court)
        code = getattr(court, "code", None)
        if number.system == "cn" and code and number.court_code and not code.endswith(number.court_code):
            self.add(entry.file, position(),
                     N_("case number court code {number_code} differs from {court}'s code {code}"),
                     N_("check the court or the number"), warn=True,
                     values={"number_code": number.court_code, "court": court.id, "code": code})
        if number.year and case.filed and int(case.filed[:4]) != number.year:
            self.add(entry.file, position(), N_("case number year {year} differs from the filing year {filed}"),
                     N_("check 'filed' or the number"), warn=True,
                     values={"year": number.year, "filed": case.filed[:4]})


@cache
def _checked_fields(model: type[Record]) -> tuple:
    """The fields of a model that the cross-checks look at: references, dates, sub-records."""
    return tuple(s for s in fields_of(model) if s.ref or s.is_date or s.model)


def _leaves(model: type[Record], raw: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any, str]]:
    """Every (path, field spec, text) in a record as written that refers to another record or is a date.

    It walks the raw data, guided by the model, so that references are checked even in a
    record that failed validation for another reason.
    """
    if not isinstance(raw, dict):
        return
    for spec in _checked_fields(model):
        value = raw.get(spec.name)
        if value is None or spec.is_list != isinstance(value, list):
            continue
        items = enumerate(value) if spec.is_list else ((None, value),)
        for i, item in items:
            here = path + ((spec.name,) if i is None else (spec.name, i))
            if spec.model is not None:
                yield from _leaves(spec.model, item, here)
            elif isinstance(item, str):
                yield here, spec, item
            elif spec.is_date and (text := _date_text(item)) is not None:
                yield here, spec, text


def _looks_sound(model: type[Record], raw: Any, known: dict[str, set], sources: set, today: str) -> bool:
    """True when no reference in a record dangles and no date lies ahead: the common case, checked
    without building the paths that only a finding needs. False sends the record to the full check."""
    if not isinstance(raw, dict):
        return True
    for name, is_list, submodel, ref in _sound_plan(model):
        value = raw.get(name)
        if value is None:
            continue
        items = value if is_list and isinstance(value, list) else (value,)
        if submodel is not None:
            for item in items:
                if not _looks_sound(submodel, item, known, sources, today):
                    return False
        elif ref:
            ids = sources if ref == "sources" else known[ref]
            for item in items:
                if isinstance(item, str) and item not in ids:
                    return False  # (a reference that is not text is a type error, reported by validation)
        else:
            for item in items:
                if isinstance(item, (str, int, dt.date)) and _in_future(item, today):
                    return False
    return True


@cache
def _sound_plan(model: type[Record]) -> tuple:
    """The checked fields of a model as plain tuples: (name, is a list, sub-model, registry referred to); a field
    with neither of the last two is a date."""
    return tuple((s.name, s.is_list, s.model, s.ref) for s in _checked_fields(model))


@lru_cache(maxsize=65536, typed=True)  # a data set repeats a few thousand dates many times (typed: True is not 1)
def _in_future(item: Any, today: str) -> bool:
    """Whether a value as written is a date whose period starts after `today`."""
    return (text := _date_text(item)) is not None and _is_date(text) and _start(text) > today


def _date_text(item: Any) -> Optional[str]:
    """A date as written, or None when the value is no kind of date (validation reports that)."""
    text = as_date_text(item)
    return text if isinstance(text, str) else None


def _start(text: str) -> str:
    """First day of a partial date's period, as ISO text: 2023-11 -> 2023-11-01."""
    return text + "-01-01"[: 10 - len(text)]


def _is_date(value: str) -> bool:
    try:
        check_partial_date(value)
    except ValueError:
        return False
    return True
