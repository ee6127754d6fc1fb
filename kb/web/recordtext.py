"""The YAML text of each case as written in data/cases.yaml, published beside its page as record.yaml.

Only text that was validated is published: the file is read as `kb validate` reads it (a regular file
inside the data folder, within the size limit, never a FIFO or a device), and only when the data files
are exactly those the database was built from. When the data has changed since (for instance a record
that now fails validation, while the site is built from the last good database), no record text is
published at all, and the reason says why, rather than a new, unchecked text beside an old page.

Records are cut where the YAML parser says each one starts, so that a line such as `- id: x` inside a
quoted or folded text is never taken for the start of a record.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Optional

Records = dict[str, tuple[int, str]]  # id -> (first line number, its YAML text as written)


def split_records(text: str) -> Records:
    """Each top-level record of a data file's text: its id -> (first line, its text without trailing blank lines)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from kb.yamlfile import YamlSyntaxError, parse_yaml

    try:
        root = parse_yaml(text).root
    except YamlSyntaxError:
        return {}
    if not isinstance(root, SequenceNode):
        return {}
    lines = text.splitlines(keepends=True)
    starts = []
    for item in root.value:
        rid = next((v.value for k, v in item.value if isinstance(k, ScalarNode) and k.value == "id"
                    and isinstance(v, ScalarNode)), None) if isinstance(item, MappingNode) else None
        starts.append((item.start_mark.line, rid))
    found: Records = {}
    for k, (i, rid) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        if rid is not None and rid not in found:
            found[rid] = (i + 1, "".join(lines[i:end]))
    return found


def published_records(con: sqlite3.Connection, data_dir: Path) -> tuple[Records, Optional[str]]:
    """The records of data/cases.yaml to publish, and why none are, when none are."""
    from kb import loading, store
    from kb.files import FileRefused, read_regular

    path = data_dir / "cases.yaml"
    try:
        data = read_regular(path, loading.MAX_FILE_BYTES, within=data_dir)
    except FileNotFoundError:
        return {}, None
    except (OSError, FileRefused) as exc:
        return {}, f"record.yaml files left out: cannot read {path.name}: {exc}"
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        meta = {}
    if meta.get("content_hash") != store.content_hash(data_dir, known={path.name: data}):
        return {}, (f"record.yaml files left out: {path.name} differs from the data the database was built from "
                    "(run `kb validate`); only validated text is published")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return {}, f"record.yaml files left out: {path.name} is not UTF-8"
    return split_records(text), None
