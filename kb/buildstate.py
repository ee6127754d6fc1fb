"""What each build keeps for the next one (`kb.incremental`): digests of the data files and of each
record's text, and the findings of each record, in tables of their own.

A record's findings are kept with lines counted from the record's first line, so that they move with
the record when an edit above it adds or removes lines.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

if TYPE_CHECKING:
    from kb.findings import Finding

FILES_TABLE, RECORDS_TABLE, FINDINGS_TABLE = "kb_build_files", "kb_build_records", "kb_build_findings"
GROUP = 128  # records per group digest: an unchanged group's records are not digested one by one


@dataclass
class FileState:
    """A data file as it was loaded: what the next build compares to find what changed."""

    digest: str  # of the file's bytes
    header: str  # digest of the bytes before the first record (the schema line, comments)
    # each record's (digest of its bytes, id as written, lines before it), in file order; None when the
    # records cannot be told apart by their text (then any change to the file rebuilds everything)
    records: Optional[list[tuple[str, Optional[str], int]]]
    groups: list[str] = field(default_factory=list)  # digest of each GROUP records' bytes together


def file_state(data: bytes, ids: Optional[list[Optional[str]]]) -> FileState:
    """The digests of a file's bytes, of its header and of each record (`ids`: the records' ids, as parsed;
    None when the file holds no list of records)."""
    from kb.files import digest
    from kb.yamlfile import record_spans

    spans = record_spans(data)
    header = digest(data[:spans[0][0]] if spans else data)
    if ids is None or len(ids) != len(spans):
        return FileState(digest(data), header, None)
    return FileState(digest(data), header, [(digest(data[s:e]), rid, lines) for (s, e, lines), rid in zip(spans, ids)],
                     group_digests(data, spans))


def group_digests(data: bytes, spans: list[tuple[int, int, int]]) -> list[str]:
    from kb.files import digest

    return [digest(data[spans[g][0]:spans[min(g + GROUP, len(spans)) - 1][1]]) for g in range(0, len(spans), GROUP)]


def write_state(con: sqlite3.Connection, files: dict[str, "FileState"], findings: Iterable["Finding"],
                data_dir: Path) -> None:
    """The tables the next build compares against: each file's digest, each record's, and the findings
    of each record (lines counted from the record's first line, so that they move with it)."""
    con.execute(f"CREATE TABLE {FILES_TABLE} (file TEXT PRIMARY KEY, digest TEXT NOT NULL, header TEXT NOT NULL, "
                "cut INTEGER NOT NULL, groups TEXT NOT NULL)")
    con.execute(f"CREATE TABLE {RECORDS_TABLE} (file TEXT NOT NULL, position INTEGER NOT NULL, digest TEXT NOT NULL, "
                "id TEXT, PRIMARY KEY (file, position))")
    con.execute(f"CREATE TABLE {FINDINGS_TABLE} (file TEXT NOT NULL, position INTEGER NOT NULL, line INTEGER NOT NULL, "
                "col INTEGER NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, hint TEXT, said TEXT)")
    con.executemany(f"INSERT INTO {FILES_TABLE} VALUES (?, ?, ?, ?, ?)",
                    [(name, s.digest, s.header, s.records is not None, json.dumps(s.groups))
                     for name, s in sorted(files.items())])
    con.executemany(f"INSERT INTO {RECORDS_TABLE} VALUES (?, ?, ?, ?)",
                    [(name, i, d, rid) for name, s in sorted(files.items()) for i, (d, rid, _) in
                     enumerate(s.records or ())])
    firsts = {name: [lines + 1 for _, _, lines in s.records or ()] for name, s in files.items()}
    write_findings(con, findings, firsts, data_dir)


def write_findings(con: sqlite3.Connection, findings: Iterable["Finding"], firsts: dict[str, list[int]],
                    data_dir: Path) -> None:
    from kb.loading import display_path

    names = {display_path(data_dir / name): name for name in firsts}
    rows = []
    for f in sorted(set(findings)):
        name = names.get(f.file, f.file)
        starts = firsts.get(name, [])
        position = bisect.bisect_right(starts, f.line) - 1
        line = f.line - starts[position] + 1 if position >= 0 else f.line
        rows.append((name, position, line, f.col, f.severity, f.message, f.hint, said_json(f.said_as)))
    con.executemany(f"INSERT INTO {FINDINGS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def said_json(said_as: Optional[tuple]) -> Optional[str]:
    from kb.findings import Said

    def plain(value: Any) -> Any:
        if isinstance(value, Said):
            return {"said": value.template, "values": {k: plain(v) for k, v in value.values.items()}}
        return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)

    if said_as is None:
        return None
    template, hint, values = said_as
    return json.dumps([template, hint, {k: plain(v) for k, v in values.items()}], ensure_ascii=False)


def said_from_json(text: Optional[str]) -> Optional[tuple]:
    from kb.findings import Said

    def back(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"said", "values"}:
            return Said(value["said"], **{k: back(v) for k, v in value["values"].items()})
        return value

    if text is None:
        return None
    template, hint, values = json.loads(text)
    return template, hint, {k: back(v) for k, v in values.items()}
