"""Load the data directory into validated records, reporting every problem with its position.

Loading never stops at the first problem: a contributor fixing a pull request wants the whole
list. Each file is parsed (`kb.yamlfile`), each record validated against its model
(`kb.models`, its errors worded by `kb.explain`), and then the records are checked against each
other (`kb.crosscheck`): unique ids, references that resolve, dates that make sense.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from pydantic import TypeAdapter, ValidationError

from kb.bulk import no_cycle_collection
from kb.crosscheck import CrossChecks, Entry
from kb.errors import DataDirError
from kb.explain import explain, is_reference, type_name
from kb.files import FileRefused, FileTooLarge, inside, read_regular
from kb.findings import Finding, Said
from kb.i18n import N_, _
from kb.models import REGISTRIES, VOCABULARIES, AliasGroup, Case, Record
from kb.registries import REGISTRY_LABELS
from kb.yamlfile import YamlSyntaxError, load_yaml

if TYPE_CHECKING:
    from kb.buildstate import FileState

MAX_FILE_BYTES = int(os.environ.get("KB_MAX_FILE_MB", "256")) * 1024 * 1024
SCHEMA_HEADER = "# yaml-language-server: $schema=../schemas/{name}.schema.json"


@dataclass
class Dataset:
    """All valid records, by registry and id, in file order."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {name: {} for name in REGISTRIES})
    aliases: list[AliasGroup] = field(default_factory=list)  # data/aliases.yaml: readers' words for things
    files: dict[str, "FileState"] = field(default_factory=dict)  # by file name (`cases.yaml`), for kb.buildstate
    # after an incremental rebuild: the number of records in each registry (only the changed ones are in
    # `records`) and how many records were read again
    totals: Optional[dict[str, int]] = None
    reread: Optional[int] = None
    full_because: Optional[str] = None  # why a database that existed was built again whole (a kb.findings.Said)

    def counts(self) -> dict[str, int]:
        return self.totals if self.totals is not None else {name: len(rs) for name, rs in self.records.items()}

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
        raise DataDirError(_("data directory not found: {path}").format(path=display_path(data_dir)))
    files = data_files(data_dir)
    if not any(p.exists() for p in files.values()):
        raise DataDirError(_("no data files ({names}) in {path}").format(
            names=", ".join(p.name for p in files.values()), path=display_path(data_dir)))
    checker = _Checker(today or dt.date.today())
    with no_cycle_collection():
        for name, path in files.items():
            if path.exists():
                checker.read_file(name, path)
        checker.cross_check()
        aliases = data_dir / "aliases.yaml"
        if aliases.exists():
            checker.read_aliases(aliases)
    return checker.dataset, sorted(set(checker.findings))


class _Checker(CrossChecks):
    def __init__(self, today: dt.date):
        self.today = today
        self.today_text = today.isoformat()
        self.dataset = Dataset()
        self.findings: list[Finding] = []
        self.entries: dict[str, list[Entry]] = {name: [] for name in REGISTRIES}
        self.yaml_problem_at: set[tuple[str, int, int]] = set()
        self._bytes: dict[str, bytes] = {}  # each file's bytes, until it is parsed (kb.incremental keeps digests)

    def add(self, file: str, position: tuple[int, int], message: str, hint: Optional[str] = None, *, warn=False,
            values: Optional[dict] = None):
        """A finding. With `values`, `message` and `hint` are messages of the catalog (N_) with those
        placeholders: the finding keeps them in English and says them in the interface's language."""
        said_as = None
        if values is None and isinstance(message, Said):  # a lint's message (kb.lints), its hint a plain message
            said_as = (message.template, hint, message.values)
        elif values is not None:
            said_as = (message, hint, values)
            message, hint = message.format(**values), hint.format(**values) if hint else hint
        self.findings.append(Finding(file, *position, message, hint, "warning" if warn else "error", said_as))

    # -- one file -------------------------------------------------------------------------
    def read_file(self, name: str, path: Path) -> Optional[list[Entry]]:
        """Parse and validate one data file; its entries, or None when it holds no list of records."""
        file = display_path(path)
        text = self._read_text(file, path)
        if text is None:
            return None
        try:
            doc = load_yaml(text)
        except YamlSyntaxError as exc:
            p = exc.problem
            self.add(file, (p.line, p.col), p.message, p.hint)
            return
        self._remember(path.name, doc)
        for p in doc.problems:
            self.add(file, (p.line, p.col), p.message, p.hint)
        self.yaml_problem_at |= {(file, p.line, p.col) for p in doc.problems}
        kind = REGISTRY_LABELS.get(name, "record")
        if doc.data is None:
            self.add(file, (1, 1), N_("the file holds no records"), N_("it should be a list of {name}: '- id: ...'"),
                     values={"name": name})
            return None
        if not isinstance(doc.data, list):
            self.add(file, doc.locate(()), N_("expected a list of {name}, found a {type}"),
                     N_("start each {kind} with '- ' at the left margin"),
                     values={"name": name, "type": type_name(doc.data), "kind": kind})
            return None
        model = REGISTRIES.get(name) or VOCABULARIES[name]
        entries = [Entry(file, doc, i, raw) for i, raw in enumerate(doc.data)]
        if name in self.entries:
            self.entries[name].extend(entries)
        self._validate(model, entries)
        return entries

    def _remember(self, name: str, doc) -> None:
        """The file's digests, for the next build to see what changed (kb.incremental)."""
        from kb.buildstate import file_state

        data = doc.data if isinstance(doc.data, list) else None
        self.dataset.files[name] = file_state(self._bytes.pop(name), [_id_of(raw) for raw in data] if data else None)

    def read_aliases(self, path: Path) -> None:
        """data/aliases.yaml: groups of equivalent terms. Ids are unique, and a term (as search folds it:
        case, width, accents) belongs to one group only, once: otherwise a search could not say what it means."""
        from kb.search import fold

        entries = self.read_file("aliases", path) or []
        ids: dict[str, Entry] = {}
        owner: dict[str, str] = {}
        for entry in entries:
            group = entry.record
            if group is None:
                continue
            if group.id in ids:
                self.add(entry.file, entry.doc.locate((entry.index, "id")), N_("duplicate alias group id '{id}'"),
                         N_("give each group its own id"), values={"id": group.id})
                continue
            ids[group.id] = entry
            sound = True
            for i, t in enumerate(group.terms):
                key = " ".join(fold(t.term).split())
                if key in owner:
                    message = (N_("the term '{term}' is already earlier in this group") if owner[key] == group.id
                               else N_("the term '{term}' is already in group '{group}'"))
                    self.add(entry.file, entry.doc.locate((entry.index, "terms", i, "term")), message,
                             N_("a term belongs to one group: merge the groups or remove one of them"),
                             values={"term": t.term, "group": owner[key]})
                    sound = False
                else:
                    owner[key] = group.id
            if sound:
                self.dataset.aliases.append(group)

    def _read_text(self, file: str, path: Path) -> Optional[str]:
        try:
            size = inside(path, path.parent).stat().st_size
            if size > MAX_FILE_BYTES:
                self.add(file, (1, 1), N_("the file is {size} MiB; kb reads files of at most {limit} MiB"),
                         N_("split the data or raise KB_MAX_FILE_MB"),
                         values={"size": size // 2**20, "limit": MAX_FILE_BYTES // 2**20})
                return None
            data = read_regular(path, MAX_FILE_BYTES, within=path.parent)  # counts the bytes read: stat says 0 for /dev/zero
        except FileTooLarge:
            self.add(file, (1, 1), N_("the file is larger than {limit} MiB; kb reads files of at most {limit} MiB"),
                     N_("split the data or raise KB_MAX_FILE_MB"), values={"limit": MAX_FILE_BYTES // 2**20})
            return None
        except FileRefused as exc:
            self.add(file, (1, 1), N_("cannot read the file: {problem}"),
                     N_("a data file must be a regular file in its folder, or a link to one there"),
                     values={"problem": str(exc)})
            return None
        except OSError as exc:
            self.add(file, (1, 1), N_("cannot read the file: {problem}"), values={"problem": str(exc.strerror or exc)})
            return None
        self._bytes[path.name] = data
        if data.startswith(b"\xef\xbb\xbf"):
            self.add(file, (1, 1), N_("the file starts with a byte order mark (BOM)"),
                     N_("save it as UTF-8 without BOM"), values={})
            data = data[3:]
        crlf = data.find(b"\r\n")
        if crlf >= 0:
            self.add(file, _byte_position(data, crlf), N_("the file has Windows line endings (CRLF)"),
                     N_("run `kb fmt` or save it with LF line endings"), values={})
        nul = data.find(b"\x00")
        if nul >= 0:
            self.add(file, _byte_position(data, nul), N_("the file contains a NUL byte"), N_("is it a binary file?"),
                     values={})
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.add(file, _byte_position(data, exc.start), N_("the file is not valid UTF-8"),
                     N_("save it with UTF-8 encoding"), values={})
            return None

    def _validate(self, model: type[Record], entries: list[Entry]) -> None:
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

    def _validate_precisely(self, model: type[Record], entry: Entry) -> Optional[Record]:
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

    def _report(self, entry: Entry, model: type[Record], loc: tuple, err: dict) -> None:
        """Report one validation error of a record; `loc` is the path within the record."""
        path = (entry.index, *loc)
        if err["type"] == "missing":  # point at the record that lacks the field
            position = entry.doc.locate(path[:-1])
        else:  # at the offending value, or at the key of an unknown field
            position = entry.doc.locate(path, key=err["type"] == "extra_forbidden")
        if (entry.file, *position) in self.yaml_problem_at:
            return  # the YAML problem reported there already explains it
        if err["type"] == "string_pattern_mismatch" and is_reference(model, loc):
            return  # the reference check reports it, with the id a name stands for
        self.add(entry.file, position, *explain(model, loc, err))

def _id_of(raw) -> Optional[str]:
    rid = raw.get("id") if isinstance(raw, dict) else None
    return rid if isinstance(rid, str) else None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1
