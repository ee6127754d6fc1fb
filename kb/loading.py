"""Load the data directory into validated records, reporting every problem with its position.

Loading never stops at the first problem: a contributor fixing a pull request wants the whole
list. Each file is parsed (`kb.yamlfile`), each record validated against its model
(`kb.models`), and then the records are checked against each other: unique ids, references
that resolve, dates that make sense.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterator, Optional

from pydantic import TypeAdapter, ValidationError

from kb.dates import as_date_text, check_partial_date, period
from kb.errors import DataDirError
from kb import lints
from kb.bulk import no_cycle_collection
from kb.files import FileRefused, FileTooLarge, read_regular
from kb.findings import Finding
from kb.models import REGISTRIES, Case, Court, Record, fields_of
from kb.registries import REGISTRY_LABELS
from kb.yamlfile import YamlDocument, YamlSyntaxError, load_yaml

MAX_FILE_BYTES = int(os.environ.get("KB_MAX_FILE_MB", "256")) * 1024 * 1024
SCHEMA_HEADER = "# yaml-language-server: $schema=../schemas/{name}.schema.json"


@dataclass
class Dataset:
    """All valid records, by registry and id, in file order."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {name: {} for name in REGISTRIES})

    @property
    def cases(self) -> dict[str, Case]:
        return self.records["cases"]  # type: ignore[return-value]


def data_files(data_dir: Path) -> dict[str, Path]:
    return {name: data_dir / f"{name}.yaml" for name in REGISTRIES}


def display_path(path: Path) -> str:
    """The path as a contributor would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_dataset(data_dir: Path, today: Optional[dt.date] = None) -> tuple[Dataset, list[Finding]]:
    """Read and check every data file; return the valid records and all findings, sorted."""
    if not data_dir.is_dir():
        raise DataDirError(f"data directory not found: {display_path(data_dir)}")
    files = data_files(data_dir)
    if not any(p.exists() for p in files.values()):
        raise DataDirError(f"no data files ({', '.join(p.name for p in files.values())}) in {display_path(data_dir)}")
    checker = _Checker(today or dt.date.today())
    with no_cycle_collection():
        for name, path in files.items():
            if path.exists():
                checker.read_file(name, path)
        checker.cross_check()
    return checker.dataset, sorted(set(checker.findings))


@dataclass
class _Entry:
    """One record as written: its raw mapping, its place in the file, and its model if valid."""

    file: str
    doc: YamlDocument
    index: int
    raw: Any
    record: Optional[Record] = None


class _Checker:
    def __init__(self, today: dt.date):
        self.today = today
        self.today_text = today.isoformat()
        self.dataset = Dataset()
        self.findings: list[Finding] = []
        self.entries: dict[str, list[_Entry]] = {name: [] for name in REGISTRIES}
        self.yaml_problem_at: set[tuple[str, int, int]] = set()

    def add(self, file: str, position: tuple[int, int], message: str, hint: Optional[str] = None, *, warn=False):
        self.findings.append(Finding(file, *position, message, hint, "warning" if warn else "error"))

    # -- one file -------------------------------------------------------------------------
    def read_file(self, name: str, path: Path) -> None:
        file = display_path(path)
        text = self._read_text(file, path)
        if text is None:
            return
        try:
            doc = load_yaml(text)
        except YamlSyntaxError as exc:
            p = exc.problem
            self.add(file, (p.line, p.col), p.message, p.hint)
            return
        for p in doc.problems:
            self.add(file, (p.line, p.col), p.message, p.hint)
        self.yaml_problem_at |= {(file, p.line, p.col) for p in doc.problems}
        kind = REGISTRY_LABELS[name]
        if doc.data is None:
            self.add(file, (1, 1), "the file holds no records", f"it should be a list of {name}: '- id: ...'")
            return
        if not isinstance(doc.data, list):
            self.add(file, doc.locate(()), f"expected a list of {name}, found a {_type_name(doc.data)}",
                     f"start each {kind} with '- ' at the left margin")
            return
        model = REGISTRIES[name]
        entries = [_Entry(file, doc, i, raw) for i, raw in enumerate(doc.data)]
        self.entries[name].extend(entries)
        self._validate(model, entries)

    def _read_text(self, file: str, path: Path) -> Optional[str]:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.add(file, (1, 1), f"the file is {size // 2**20} MiB; kb reads files of at most "
                         f"{MAX_FILE_BYTES // 2**20} MiB", "split the data or raise KB_MAX_FILE_MB")
                return None
            data = read_regular(path, MAX_FILE_BYTES)  # counts the bytes read: stat says 0 for /dev/zero
        except FileTooLarge:
            self.add(file, (1, 1), f"the file is larger than {MAX_FILE_BYTES // 2**20} MiB; kb reads files of at "
                     f"most {MAX_FILE_BYTES // 2**20} MiB", "split the data or raise KB_MAX_FILE_MB")
            return None
        except FileRefused as exc:
            self.add(file, (1, 1), f"cannot read the file: {exc}", "a data file must be a regular file, or a link to one")
            return None
        except OSError as exc:
            self.add(file, (1, 1), f"cannot read the file: {exc.strerror or exc}")
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            self.add(file, (1, 1), "the file starts with a byte order mark (BOM)", "save it as UTF-8 without BOM")
            data = data[3:]
        crlf = data.find(b"\r\n")
        if crlf >= 0:
            self.add(file, _byte_position(data, crlf), "the file has Windows line endings (CRLF)",
                     "run `kb fmt` or save it with LF line endings")
        nul = data.find(b"\x00")
        if nul >= 0:
            self.add(file, _byte_position(data, nul), "the file contains a NUL byte", "is it a binary file?")
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.add(file, _byte_position(data, exc.start), "the file is not valid UTF-8",
                     "save it with UTF-8 encoding")
            return None

    def _validate(self, model: type[Record], entries: list[_Entry]) -> None:
        """Validate all records in one pass; only on failure look at the failing ones one by one."""
        try:
            records = TypeAdapter(list[model]).validate_python([e.raw for e in entries])
        except ValidationError as exc:
            failing = sorted({err["loc"][0] for err in exc.errors()})
            records = [None] * len(entries)
            for i, entry in enumerate(entries):
                if i not in failing:
                    records[i] = model.model_validate(entry.raw)
            for i in failing:
                records[i] = self._validate_precisely(model, entries[i])
        for entry, record in zip(entries, records):
            entry.record = record

    def _validate_precisely(self, model: type[Record], entry: _Entry) -> Optional[Record]:
        """Validate one record again from its precise parse, and report what is wrong, where."""
        if entry.doc.root is None:  # parsed on the fast path: parse just this record precisely
            record_doc = entry.doc.record(entry.index)
            if record_doc is not None:
                for p in record_doc.problems:
                    self.add(entry.file, (p.line, p.col), p.message, p.hint)
                self.yaml_problem_at |= {(entry.file, p.line, p.col) for p in record_doc.problems}
                entry.doc, entry.index, entry.raw = record_doc, 0, record_doc.data[0]
                if record_doc.root is None:  # the record is not readable YAML: that is the finding
                    return None
        try:
            return model.model_validate(entry.raw)
        except ValidationError as exc:
            for err in exc.errors():
                self._report(entry, model, tuple(err["loc"]), err)
            return None

    def _report(self, entry: _Entry, model: type[Record], loc: tuple, err: dict) -> None:
        """Report one validation error of a record; `loc` is the path within the record."""
        path = (entry.index, *loc)
        if err["type"] == "missing":  # point at the record that lacks the field
            position = entry.doc.locate(path[:-1])
        else:  # at the offending value, or at the key of an unknown field
            position = entry.doc.locate(path, key=err["type"] == "extra_forbidden")
        if (entry.file, *position) in self.yaml_problem_at:
            return  # the YAML problem reported there already explains it
        if err["type"] == "string_pattern_mismatch" and _is_reference(model, loc):
            return  # the reference check reports it, with the id a name stands for
        self.add(entry.file, position, *_explain(model, loc, err))

    # -- across records -------------------------------------------------------------------
    def cross_check(self) -> None:
        known = {name: self._ids(name) for name in REGISTRIES}
        names = {name: self._names(name) for name in REGISTRIES}
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
                        self.add(entry.file, entry.doc.locate(full), f"date {value} is in the future",
                                 "record only what has happened")
                self._check_record(name, entry)
        self._check_appeal_cycles()
        for entry, path, message, hint in lints.check(self.entries):
            self.add(entry.file, entry.doc.locate((entry.index, *path)), message, hint, warn=True)
        for name, entries in self.entries.items():
            for entry in entries:
                if entry.record is not None and entry.record.id not in self.dataset.records[name]:
                    self.dataset.records[name][entry.record.id] = entry.record

    def _check_appeal_cycles(self) -> None:
        """An appeal follows its first instance in time, so `appeal-of` links can never go round in a circle."""
        links: dict[str, list[tuple[str, _Entry, int]]] = {}
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
                         f"appeal-of links go round in a circle: {chain}", "an appeal points at the decision below it")

    def _ids(self, name: str) -> set[str]:
        """Ids written in a registry, valid records or not, so one bad record does not cascade."""
        seen: dict[str, _Entry] = {}
        for entry in self.entries[name]:
            rid = entry.raw.get("id") if isinstance(entry.raw, dict) else None
            if not isinstance(rid, str):
                continue
            if rid in seen:
                first = seen[rid]
                line = first.doc.locate((first.index, "id"))[0]
                where = f"line {line}" if first.file == entry.file else f"{first.file}:{line}"
                self.add(entry.file, entry.doc.locate((entry.index, "id")), f"duplicate id '{rid}' (also at {where})",
                         "ids must be unique; rename one of them")
            else:
                seen[rid] = entry
        return set(seen)

    def _names(self, name: str) -> dict[str, str]:
        """Lowercased names and aliases → id, to suggest the id when a name was written instead."""
        result: dict[str, str] = {}
        for entry in self.entries[name]:
            rec = entry.record
            for label in (getattr(rec, "name", None), getattr(rec, "name_zh", None), *getattr(rec, "aliases", ())):
                if label:
                    result[label.lower()] = rec.id
        return result

    def _dangling(self, entry: _Entry, path: tuple, registry: str, value: str, ids: set, names: dict) -> None:
        what = "source" if registry == "sources" else REGISTRY_LABELS[registry]
        hint = None
        if value.lower() in names:
            hint = f"did you mean '{names[value.lower()]}'?"
        else:
            close = difflib.get_close_matches(value, sorted(ids), n=3, cutoff=0.6)
            close += [i for i in sorted(ids) if value in i and i not in close][: 3 - len(close)]
            if close:
                hint = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
            elif registry == "sources":
                hint = "add it to this case's sources, or name one of: " + ", ".join(sorted(ids))
            else:
                hint = f"add it to data/{registry}.yaml first"
        self.add(entry.file, entry.doc.locate(path), f"unknown {what} '{value}'", hint)

    def _check_case(self, entry: _Entry, case: Case) -> None:
        first = len(self.findings)
        self._check_case_fields(entry, case)
        # Warnings a reviewer accepted on the record itself (with the reason) are not reported; an
        # accepted warning that is no longer raised is, so that stale exceptions do not pile up.
        accepted = {r.warning: i for i, r in enumerate(case.reviewed_warnings)}
        raised = {f.message for f in self.findings[first:] if f.severity == "warning"}
        self.findings[first:] = [f for f in self.findings[first:]
                                 if f.severity != "warning" or f.message not in accepted]
        for message, i in accepted.items():
            if message not in raised:
                self.add(entry.file, entry.doc.locate((entry.index, "reviewed_warnings", i, "warning")),
                         "this reviewed warning is no longer raised", "remove it from reviewed_warnings", warn=True)

    def _check_case_fields(self, entry: _Entry, case: Case) -> None:
        at = lambda *path: entry.doc.locate((entry.index, *path))  # noqa: E731
        if case.filed and case.decided:
            self._check_date_order(entry, case.filed, case.decided)
        seen_sources: set[str] = set()
        for i, source in enumerate(case.sources):
            if source.id in seen_sources:
                self.add(entry.file, at("sources", i, "id"), f"duplicate source id '{source.id}' in this case")
            seen_sources.add(source.id)
        answered: dict[str, int] = {}
        for i, answer in enumerate(case.answers):
            if answer.question in answered:
                self.add(entry.file, at("answers", i, "question"), f"question '{answer.question}' is answered twice "
                         f"in this case (also answer {answered[answer.question] + 1})", "keep one answer per question")
            answered.setdefault(answer.question, i)
        for i, rel in enumerate(case.related):
            if rel.case == case.id:
                self.add(entry.file, at("related", i, "case"), "a case cannot be related to itself")
        if case.kind in ("controversy", "regulatory") and case.court:
            self.add(entry.file, at("court"), f"a {case.kind} is not heard by a court", "remove 'court'", warn=True)
        if case.case_number:
            self._check_case_number(entry, case)
        if case.citations:
            self._check_citations(entry, case)
        if case.judges:
            self._check_judges(entry, case)

    def _ruling_dates(self, case: Case) -> set[str]:
        return {e.date for e in case.events} | ({case.ruling.date} if case.ruling and case.ruling.date else set())

    def _check_judges(self, entry: _Entry, case: Case) -> None:
        """Each judge decided a ruling dated in the timeline, and is listed once per ruling."""
        dates = self._ruling_dates(case)
        seen: dict[tuple[str, str], int] = {}
        for i, judge in enumerate(case.judges):
            at = lambda key: entry.doc.locate((entry.index, "judges", i, key))  # noqa: E731
            if (judge.judge, judge.date) in seen:
                self.add(entry.file, at("judge"), f"judge '{judge.judge}' is listed twice for the ruling of "
                         f"{judge.date} (also judge {seen[judge.judge, judge.date] + 1})", "keep one entry per ruling")
            seen.setdefault((judge.judge, judge.date), i)
            if judge.date not in dates:
                known = ", ".join(sorted(dates)) or "none"
                self.add(entry.file, at("date"), f"no event of this case is dated {judge.date}",
                         f"a judge decided a ruling in the case's timeline; its dates: {known}")

    def _check_citations(self, entry: _Entry, case: Case) -> None:
        """Each citation in a published format and written canonically, citing a ruling dated in the timeline."""
        from kb.citations import CitationError, parse

        dates = self._ruling_dates(case)
        seen: set[str] = set()
        for i, cite in enumerate(case.citations):
            at = lambda key: entry.doc.locate((entry.index, "citations", i, key))  # noqa: E731
            try:
                parsed = parse(cite.citation)
            except CitationError as error:
                self.add(entry.file, at("citation"), f"citation '{cite.citation}' is malformed", str(error))
                continue
            if parsed.text != cite.citation:
                self.add(entry.file, at("citation"), f"citation '{cite.citation}' is not written canonically",
                         f"write it '{parsed.text}'")
            if parsed.text in seen:
                self.add(entry.file, at("citation"), f"citation '{parsed.text}' is listed twice in this case")
            seen.add(parsed.text)
            if cite.date not in dates:
                known = ", ".join(sorted(dates)) or "none"
                self.add(entry.file, at("date"), f"no event of this case is dated {cite.date}",
                         f"a citation cites a ruling in the case's timeline; its dates: {known}")
            if parsed.kind == "ecli" and case.court:
                self._check_ecli_court(entry, case, parsed.text, at("citation"))

    def _check_ecli_court(self, entry: _Entry, case: Case, ecli: str, position: tuple[int, int]) -> None:
        """An ECLI names the country and court of the case's court, where that court's ECLI code is known."""
        court = next((e.record for e in self.entries.get("courts", [])
                      if isinstance(e.record, Court) and e.record.id == case.court), None)
        if court is None or court.ecli is None:
            return
        country, code = ecli.split(":")[1:3]
        if (country, code) != (court.jurisdiction, court.ecli):
            self.add(entry.file, position, f"ECLI '{ecli}' names court {country}:{code}, but the case's court "
                     f"'{court.id}' has ECLI court code {court.jurisdiction}:{court.ecli}",
                     "check the ECLI against the decision, or the court's `ecli` in courts.yaml", warn=True)

    def _check_record(self, name: str, entry: _Entry) -> None:
        if isinstance(entry.record, Case):
            self._check_case(entry, entry.record)
        elif name == "cases" and isinstance(entry.raw, dict):  # invalid elsewhere: still say this now, with the rest
            filed, decided = _date_text(entry.raw.get("filed")), _date_text(entry.raw.get("decided"))
            if filed and decided and _is_date(filed) and _is_date(decided):
                self._check_date_order(entry, filed, decided)

    def _check_date_order(self, entry: _Entry, filed: str, decided: str) -> None:
        if period(decided)[1] < period(filed)[0]:
            self.add(entry.file, entry.doc.locate((entry.index, "decided")), f"decided {decided} is before filed {filed}")

    def _check_case_number(self, entry: _Entry, case: Case) -> None:
        """Warn when a case number is in no known format, or its court code or year disagrees with the record."""
        from kb.casenumber import parse

        number = parse(case.case_number)
        position = lambda: entry.doc.locate((entry.index, "case_number"))  # noqa: E731  (only when reporting)
        if number is None:
            self.add(entry.file, position(), f"case number '{case.case_number}' is in no format kb knows",
                     "check it is written exactly as the court writes it", warn=True)
            return
        court = next((e.record for e in self.entries["courts"] if e.record and e.record.id == case.court), None)
        code = getattr(court, "code", None)
        if number.system == "cn" and code and number.court_code and not code.endswith(number.court_code):
            self.add(entry.file, position(), f"case number court code {number.court_code} differs from "
                     f"{court.id}'s code {code}", "check the court or the number", warn=True)
        if number.year and case.filed and int(case.filed[:4]) != number.year:
            self.add(entry.file, position(), f"case number year {number.year} differs from the filing year "
                     f"{case.filed[:4]}", "check 'filed' or the number", warn=True)


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
    for spec in _checked_fields(model):
        value = raw.get(spec.name)
        if value is None:
            continue
        for item in (value if spec.is_list and isinstance(value, list) else (value,)):
            if spec.model is not None:
                if not _looks_sound(spec.model, item, known, sources, today):
                    return False
            elif spec.ref:
                if isinstance(item, str) and item not in (sources if spec.ref == "sources" else known[spec.ref]):
                    return False  # (a reference that is not text is a type error, reported by validation)
            elif (text := _date_text(item)) is not None and _is_date(text) and _start(text) > today:
                return False
    return True


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


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false value"
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number"}.get(type(value), "value")


def _model_at(model: type[Record], loc: tuple) -> Optional[type[Record]]:
    """The record type that holds the last key of `loc`."""
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        spec = next((s for s in fields_of(model) if s.name == step), None)
        if spec is None or spec.model is None:
            return None
        model = spec.model
    return model


def _is_reference(model: type[Record], loc: tuple) -> bool:
    holder = _model_at(model, tuple(step for step in loc if not isinstance(step, int)))
    name = next((step for step in reversed(loc) if isinstance(step, str)), None)
    return holder is not None and any(s.name == name and s.ref for s in fields_of(holder))


def _explain(model: type[Record], loc: tuple, err: dict) -> tuple[str, Optional[str]]:
    """A contributor's wording of a pydantic error, with a hint on how to fix it."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = str(loc[-1]) if loc else "record"
    if kind == "missing":
        return f"missing required field '{name}'", None
    if kind == "extra_forbidden":
        holder = _model_at(model, loc)
        allowed = list(holder.model_fields) if holder else []
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ("allowed: " + ", ".join(allowed) if allowed else None)
        return f"unknown field '{name}'", hint
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean '{close[0]}'?" if close else None
        return f"'{value}' is not a valid {name}; expected {expected}", hint
    if kind == "string_type":
        if isinstance(value, bool):
            return (f"{name}: expected text, found {str(value).lower()}",
                    "YAML reads true and false as booleans; put the value in quotes")
        if name in _DATE_FIELDS:
            return f"{name}: {value!r} is not a date", "write dates as YYYY, YYYY-MM or YYYY-MM-DD"
        return f"{name}: expected text, found a {_type_name(value)}", (
            "put the value in quotes" if isinstance(value, (int, float)) else None)
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "a-z0-9" in pattern:
            return f"{name}: '{value}' is not a valid id", "use lowercase letters, digits and single hyphens, e.g. " \
                f"'{_slugify(str(value))}'"
        if "A-Z]{2}" in pattern:
            return f"{name}: '{value}' is not a two-letter country code", "use ISO 3166-1 alpha-2, e.g. CN, US, GB"
        if "A-Z]{3}" in pattern:
            return f"{name}: '{value}' is not a currency code", "use ISO 4217, e.g. CNY, USD, EUR"
        return f"{name}: '{value}' is not in the expected form", None
    if kind in ("list_type", "tuple_type"):
        return f"{name}: expected a list, found {_article(value)}", "write a list as [a, b] or one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name}: expected a mapping (key: value lines), found {_article(value)}", None
    if kind == "too_short" and name == "sources":
        return "a case needs at least one source", "add a source with id, url, title and publisher"
    if kind == "string_too_short":
        return f"{name}: must not be empty", None
    if kind == "string_too_long":
        return f"{name}: text is longer than {ctx.get('max_length')} characters", None
    if kind == "control_character":
        return (f"{name}: {err['msg']}; text may hold tabs and line breaks, but no other control character "
                "and no noncharacter", "delete it, or say in words what it stood for (in double quotes, look for "
                "an escape such as \\e, \\0, \\v or \\x1b)")
    if kind == "float_type":  # a number field given text or true/false: never converted
        found = str(value).lower() if isinstance(value, bool) else (
            f"the text {value!r}" if isinstance(value, str) else _article(value))
        return f"{name}: expected a number, found {found}", (
            "write the number without quotes" if isinstance(value, str) and _is_number(value)
            else "write a number, e.g. 1500")
    if kind == "finite_number":
        what = "not a number (nan)" if value != value else "infinite (.inf, or a number past 1e308)"
        return f"{name}: {what}; it must be a finite number", "write the amount as the source gives it"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name}: {value} is negative; it must be 0 or more", None
    if kind == "value_error":
        return f"{name}: {err['msg'].removeprefix('Value error, ')}", None
    return f"{name}: {err['msg']}", None


def _date_fields(models=tuple(REGISTRIES.values())) -> set[str]:
    """Names of the fields that hold dates, in the models and their sub-records."""
    names: set[str] = set()
    for model in models:
        for spec in fields_of(model):
            if spec.is_date:
                names.add(spec.name)
            elif spec.model is not None:
                names |= _date_fields((spec.model,))
    return names


_DATE_FIELDS = _date_fields()


def _article(value: Any) -> str:
    return f"a {_type_name(value)}" if value is not None else "nothing"


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"
