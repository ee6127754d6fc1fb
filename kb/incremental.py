"""Rebuild only what changed: the database after an edit of a few records.

Every build keeps, in tables of its own (`kb.buildstate`), a digest of each data file and of each
record's text, and the warnings of each record. The next build
compares: an unchanged file is not read further; in a changed one, only the records whose text changed
are parsed and validated. The cross-record checks run again for those records and for every record that
refers to them or that they refer to (with the whole group of cases linked to them by `related`, and the
courts, which the checks of a case read), against the ids of all records. Their rows, search-index
entries and link rows are then replaced in a copy of the database, which is renamed over the old one:
a reader sees the old database or the new, never a mix.

The result is the database a full build makes (`bench/same_db.py` compares them, and the tests do on
random edits). Whatever this cannot do as surely falls back to a full build: a first build, another
version of kb, a change to the aliases, a file whose records cannot be told apart by their text, a
record removed or moved (every later record's place changes), a change to a file's header, any error in
the data (the full build reports it, with every other), or more changed records than a full build costs.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from kb.buildstate import (FILES_TABLE, FINDINGS_TABLE, GROUP, RECORDS_TABLE, group_digests, said_from_json,
                           write_findings)
from kb.i18n import N_

if TYPE_CHECKING:
    from kb.findings import Finding, Said
    from kb.loading import Dataset
    from kb.store import Paths

# Past this many records to read again (or this share of all), a full build is about as quick.
MOST_RECORDS, MOST_SHARE = 2000, 0.05


# -- what changed ---------------------------------------------------------------------------------------
@dataclass
class _File:
    name: str  # cases.yaml
    registry: str  # cases
    path: Path
    data: bytes
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    digests: dict[int, str] = field(default_factory=dict)  # of the records digested one by one, by position
    groups: list[str] = field(default_factory=list)
    old_ids: list[Optional[str]] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)  # positions whose text changed (or that are new)
    digest: str = ""  # of the file's bytes now
    # the id at each position now: the old ids, with the changed records' new ids once they are parsed
    ids: list[Optional[str]] = field(default_factory=list)


class _Fallback(Exception):
    """A full build is needed, and why (not an error: the full build then runs, and `kb load` says why)."""

    def __init__(self, template: str, **values: Any):
        from kb.findings import Said

        super().__init__(template)
        self.reason = Said(template, **values)


def update(paths: "Paths", today=None) -> "tuple[Dataset, list[Finding]] | Said":
    """Bring the database up to date by replacing only what changed: (dataset of the records read again,
    all findings); or, when only a full build can do it surely, why (nothing was written then)."""
    try:
        return _Update(paths, today).run()
    except _Fallback as fallback:
        return fallback.reason


class _Update:
    def __init__(self, paths: "Paths", today):
        import datetime as dt

        self.paths, self.today = paths, today or dt.date.today()
        self.docs: dict[tuple[str, int], Any] = {}  # the records parsed again, by file and position
        self.renamed_refs: set[str] = set()  # cases naming a changed court, party, ...: indexed again

    # -- reading ----------------------------------------------------------------------------------------
    def run(self) -> tuple["Dataset", list["Finding"]]:
        from kb import store

        meta = store.read_meta(self.paths.db)
        if (not meta or meta.get("application") != "kb" or meta.get("code_hash") != store.code_hash()
                or not store._stamp_matches(self.paths.db, meta)):
            raise _Fallback(N_("no database this version of kb built"))
        self.meta = meta
        old = sqlite3.connect(store._readonly_uri(self.paths.db), uri=True)
        try:
            try:
                stored_files = {r[0]: r[1:] for r in old.execute(f"SELECT * FROM {FILES_TABLE}")}
                stored_records: dict[str, list[tuple[str, Optional[str]]]] = {}
                for name, _, digest, rid in old.execute(f"SELECT * FROM {RECORDS_TABLE} ORDER BY file, position"):
                    stored_records.setdefault(name, []).append((digest, rid))
                self.stored_findings = old.execute(f"SELECT * FROM {FINDINGS_TABLE}").fetchall()
            except sqlite3.Error:
                raise _Fallback(N_("the database keeps no digests of the data")) from None
            self._read_files(stored_files, stored_records)
            if not any(f.changed for f in self.files.values()):
                return self._write([], {})
            self._parse_changed()
            subset = self._subset(old)
            findings = self._check(subset)
            return self._write(findings, subset)
        finally:
            old.close()

    def _read_files(self, stored_files: dict, stored_records: dict) -> None:
        from kb.files import FileRefused, digest, read_regular
        from kb.loading import MAX_FILE_BYTES
        from kb.registries import DATA_FILE_NAMES
        from kb.yamlfile import record_spans

        self.files: dict[str, _File] = {}
        present = {}
        for registry in (*DATA_FILE_NAMES, "aliases"):
            path = self.paths.data / f"{registry}.yaml"
            try:
                data = read_regular(path, MAX_FILE_BYTES, within=path.parent)
            except FileNotFoundError:
                continue
            except (OSError, FileRefused):
                raise _Fallback(N_("a data file cannot be read")) from None
            present[path.name] = (registry, path, data)
        if set(present) != set(stored_files):
            raise _Fallback(N_("a data file was added or removed"))
        for name, (registry, path, data) in present.items():
            stored_digest, stored_header, cut, stored_groups = stored_files[name]
            entry = _File(name, registry, path, data, digest=digest(data))
            self.files[name] = entry
            old = stored_records.get(name, [])
            entry.old_ids = [rid for _, rid in old]
            if entry.digest == stored_digest:
                entry.ids = list(entry.old_ids)
                continue
            if registry == "aliases" or not cut:
                raise _Fallback(N_("{file} changed, and every case's search entry depends on it") if registry == "aliases"
                                else N_("the records of {file} cannot be told apart by their text"), file=name)
            if data.startswith(b"\xef\xbb\xbf") or b"\r\n" in data or b"\x00" in data:
                raise _Fallback(N_("{file} has a byte order mark, Windows line endings or a NUL byte"), file=name)
            entry.spans = record_spans(data)
            if digest(data[:entry.spans[0][0]] if entry.spans else data) != stored_header:
                raise _Fallback(N_("the comments at the top of {file} changed"), file=name)
            if len(entry.spans) < len(old):
                raise _Fallback(N_("a record was removed from {file}"), file=name)
            # a group of records whose bytes are the same as before holds the same records: only the
            # records of the other groups are digested one by one
            entry.groups = group_digests(data, entry.spans)
            before = json.loads(stored_groups)
            for g, group in enumerate(entry.groups):
                first, last = g * GROUP, min(g * GROUP + GROUP, len(entry.spans))
                if g < len(before) and group == before[g] and last <= len(old):
                    continue
                for i in range(first, last):
                    start, end, _ = entry.spans[i]
                    entry.digests[i] = digest(data[start:end])
                    if i >= len(old) or old[i][0] != entry.digests[i]:
                        entry.changed.append(i)
            entry.ids = list(entry.old_ids) + [None] * (len(entry.spans) - len(old))
        total = sum(len(f.ids) for f in self.files.values())
        changed = sum(len(f.changed) for f in self.files.values())
        if changed > min(MOST_RECORDS, max(50, MOST_SHARE * total)):
            raise _Fallback(N_("{n} records changed, too many to pay off"), n=changed)

    def _spans(self, f: _File) -> list[tuple[int, int, int]]:
        """Where each record of the file lies (cut on first use: most unchanged files are never cut)."""
        from kb.yamlfile import record_spans

        if not f.spans and f.data:
            f.spans = record_spans(f.data)
            if len(f.spans) != len(f.old_ids):
                raise _Fallback(N_("the records of {file} cannot be told apart by their text"), file=f.name)
        return f.spans

    def _doc(self, f: _File, position: int):
        """The record at `position` parsed on its own, with the lines and columns it has in the file."""
        from kb.yamlfile import YamlSyntaxError, load_yaml

        start, end, lines = self._spans(f)[position]
        try:
            doc = load_yaml(f.data[start:end].decode("utf-8"))
        except (YamlSyntaxError, UnicodeDecodeError):
            raise _Fallback(N_("a changed record has a problem for the full check to report")) from None
        if doc.problems or not isinstance(doc.data, list) or len(doc.data) != 1 or not isinstance(doc.data[0], dict):
            raise _Fallback(N_("a changed record has a problem for the full check to report"))
        doc.line_offset = lines  # its lines counted from the file's first, as findings say them
        return doc

    def _parse_changed(self) -> None:
        for f in self.files.values():
            for i in f.changed:
                doc = self._doc(f, i)
                rid = doc.data[0].get("id")
                if not isinstance(rid, str):
                    raise _Fallback(N_("a changed record has a problem for the full check to report"))
                f.ids[i] = rid
                self.docs[f.name, i] = doc
            ids = [i for i in f.ids if i is not None]
            if len(ids) != len(set(ids)) or len(ids) != len(f.ids):
                raise _Fallback(N_("ids in {file} are missing or repeated"), file=f.name)

    # -- what to check again ------------------------------------------------------------------------------
    def _subset(self, old: sqlite3.Connection) -> dict[str, set[int]]:
        """Positions to read and check again, by file: the changed records, those that refer to them (or
        to the ids they had), the cases linked to any of those by `related`, and all courts."""
        from kb.tables import table_specs

        by_registry = {f.registry: f for f in self.files.values()}
        subset = {name: set(f.changed) for name, f in self.files.items()}
        touched: dict[str, set[str]] = {}
        for f in self.files.values():
            for i in f.changed:
                touched.setdefault(f.registry, set()).add(f.ids[i])
                if i < len(f.old_ids) and f.old_ids[i]:
                    touched[f.registry].add(f.old_ids[i])
        # registry records whose names a case's search entry holds: those cases are indexed again
        for spec in table_specs().values():
            for column in spec.columns:
                ids = touched.get(column.references or "")
                owner = by_registry.get(spec.registry)
                if not ids or owner is None or column.name == spec.key[0]:
                    continue
                key = spec.key[0]
                found = {r[0] for r in old.execute(
                    f'SELECT DISTINCT "{key}" FROM "{spec.name}" WHERE "{column.name}" IN '
                    "(SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),))}
                positions = self._positions(owner, found)
                subset[owner.name] |= positions
                if spec.registry == "cases" and column.references != "cases":
                    self.renamed_refs |= found
        cases = by_registry.get("cases")
        if cases is not None and subset[cases.name]:
            subset[cases.name] |= self._linked(old, cases, subset[cases.name])
        courts = by_registry.get("courts")
        if courts is not None:
            subset[courts.name] = set(range(len(courts.ids)))
        total = sum(len(p) for p in subset.values())
        records = sum(len(f.ids) for f in self.files.values())
        if total - len(courts.ids if courts else ()) > min(MOST_RECORDS, max(50, MOST_SHARE * records)):
            raise _Fallback(N_("{n} records to check again, too many to pay off"), n=total)
        return subset

    @staticmethod
    def _positions(f: _File, ids: set[str]) -> set[int]:
        return {i for i, rid in enumerate(f.ids) if rid in ids} if ids else set()

    def _linked(self, old: sqlite3.Connection, cases: _File, positions: set[int]) -> set[int]:
        """Every case linked, through `related` in either direction, to a case at these positions, as the
        database had them and as the changed records have them now."""
        links: dict[str, set[str]] = {}
        for a, b in old.execute("SELECT case_id, related_case_id FROM relations"):
            links.setdefault(a, set()).add(b)
            links.setdefault(b, set()).add(a)
        for (name, _), doc in self.docs.items():
            if name != cases.name:
                continue
            raw = doc.data[0]
            for rel in raw.get("related") or []:
                if isinstance(rel, dict) and isinstance(rel.get("case"), str):
                    links.setdefault(raw["id"], set()).add(rel["case"])
                    links.setdefault(rel["case"], set()).add(raw["id"])
        start = {cases.ids[i] for i in positions} | {cases.old_ids[i] for i in positions
                                                      if i < len(cases.old_ids) and cases.old_ids[i]}
        seen, todo = set(start), list(start)
        while todo:
            for other in links.get(todo.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return self._positions(cases, seen)

    def _check(self, subset: dict[str, set[int]]) -> list["Finding"]:
        """Validate and cross-check the records at these positions, against the ids of all records; the
        findings of all records: theirs, and the kept ones of the rest, moved to their lines now."""
        from kb.crosscheck import Entry
        from kb.findings import has_errors
        from kb.loading import _Checker, display_path
        from kb.models import REGISTRIES, VOCABULARIES

        class Checker(_Checker):
            def _ids(inner, name: str) -> set[str]:  # noqa: N805
                return super()._ids(name) | others.get(name, set())

        others: dict[str, set[str]] = {}
        checker = Checker(self.today)
        for f in self.files.values():
            if f.registry not in checker.entries:
                continue
            positions = sorted(subset.get(f.name, ()))
            others[f.registry] = {rid for i, rid in enumerate(f.ids) if i not in subset.get(f.name, ())}
            file = display_path(f.path)
            entries = []
            for i in positions:
                doc = self.docs.get((f.name, i)) or self._doc(f, i)
                self.docs[f.name, i] = doc
                entries.append(Entry(file, doc, 0, doc.data[0]))
            checker.entries[f.registry] = entries
            if entries:
                checker._validate(REGISTRIES.get(f.registry) or VOCABULARIES[f.registry], entries)
        checker.cross_check()
        if has_errors(checker.findings):
            raise _Fallback(N_("the data has errors"))
        self.dataset = checker.dataset
        return sorted(set(self._kept(subset)) | set(checker.findings))

    def _kept(self, subset: dict[str, set[int]]) -> list["Finding"]:
        """The findings the last build stored of the records not read again, at their lines now."""
        from kb.findings import Finding
        from kb.loading import display_path

        kept = []
        for name, position, line, col, severity, message, hint, said in self.stored_findings:
            f = self.files.get(name)
            if f is None or position in subset.get(name, ()):
                continue
            if position >= 0:
                line += self._spans(f)[position][2]
            elif f.changed:
                raise _Fallback(N_("a finding outside any record, in a changed file"))
            kept.append(Finding(display_path(f.path), line, col, message, hint, severity, said_from_json(said)))
        return kept

    # -- writing ---------------------------------------------------------------------------------------------
    def _write(self, findings: list["Finding"], subset: dict[str, set[int]]):
        from kb import store
        from kb.loading import Dataset

        from kb.models import REGISTRIES

        if not subset:  # no record changed (a file written again as it was)
            self.dataset = Dataset()
            findings = sorted(set(self._kept({})))
        stats = store.file_stats(self.paths.data)
        digest = store.content_hash(self.paths.data, {f.name: f.data for f in self.files.values()})
        meta = {"content_hash": digest, "file_stats": json.dumps(stats)}
        store.write_copy(self.paths.db, lambda con, renewed: self._fill(con, findings, {**meta, **renewed}))
        by_registry = {f.registry: len(f.ids) for f in self.files.values()}
        self.dataset.totals = {name: by_registry.get(name, 0) for name in REGISTRIES}
        self.dataset.reread = sum(len(p) for p in subset.values())
        return self.dataset, findings

    def _fill(self, con: sqlite3.Connection, findings: list["Finding"], meta: dict[str, str]) -> None:
        from kb import fts, rarity, search, vocabulary
        from kb.models import REGISTRIES
        from kb.tables import RECORDS_TABLE as CASE_RECORDS
        from kb.tables import dump_all, table_specs

        by_registry = {f.registry: f for f in self.files.values()}
        cases = by_registry.get("cases")
        reindex: dict[str, int] = {}  # case id → rowid, of the cases whose search entries change
        if cases is not None:
            for i in cases.changed:
                reindex[cases.ids[i]] = i + 1
            for i, rid in enumerate(cases.ids):
                if rid in self.renamed_refs:
                    reindex[rid] = i + 1
        before = sorted(rowid for rowid in reindex.values() if rowid <= len(cases.old_ids)) if cases else []
        if before:
            fts.remove(con, before)
            search.remove(con, before)
        for registry, f in by_registry.items():
            if not f.changed or registry not in REGISTRIES:
                continue
            old_ids = json.dumps([f.old_ids[i] for i in f.changed if i < len(f.old_ids)])
            specs = [s for s in table_specs().values() if s.registry == registry]
            for spec in specs:
                con.execute(f'DELETE FROM "{spec.name}" WHERE "{spec.key[0]}" IN (SELECT value FROM json_each(?))',
                            (old_ids,))
            records = [self.dataset.records[registry][f.ids[i]] for i in f.changed]
            dumps = dump_all(REGISTRIES[registry], records, with_json=registry == "cases")
            rowids = [i + 1 for i in f.changed]
            for spec in specs:
                if spec.key == ("id",) or spec.name == CASE_RECORDS:  # rows in file order: the rowid is the place
                    sql = spec.insert_sql().replace(" (", " (rowid, ", 1).replace("VALUES (", "VALUES (?, ", 1)
                    con.executemany(sql, ((rowid, *row) for rowid, row in zip(rowids, spec.rows(dumps))))
                else:
                    con.executemany(spec.insert_sql(), spec.rows(dumps))
        if reindex:
            search.add(con, reindex)
            fts.add(con, sorted(reindex.values()))
        if any(f.changed for registry, f in by_registry.items() if registry in REGISTRIES):
            vocabulary.build(con)  # derived from the whole of the tables above: made again, as a full build makes them
            rarity.build(con)
        self._write_state(con, findings)
        con.executemany("UPDATE meta SET value = ? WHERE key = ?", [(v, k) for k, v in meta.items()])

    def _write_state(self, con: sqlite3.Connection, findings: list["Finding"]) -> None:
        from kb.loading import display_path

        for f in self.files.values():
            if f.changed or f.groups:
                con.execute(f"UPDATE {FILES_TABLE} SET digest = ?, groups = ? WHERE file = ?",
                            (f.digest, json.dumps(f.groups), f.name))
            con.executemany(f"INSERT OR REPLACE INTO {RECORDS_TABLE} VALUES (?, ?, ?, ?)",
                            [(f.name, i, f.digests[i], f.ids[i]) for i in f.changed])
        con.execute(f"DELETE FROM {FINDINGS_TABLE}")
        found_in = {f.file for f in findings}
        firsts = {f.name: [lines + 1 for _, _, lines in self._spans(f)] if display_path(f.path) in found_in else []
                  for f in self.files.values()}
        write_findings(con, findings, firsts, self.paths.data)
