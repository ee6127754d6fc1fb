"""JSON Schemas for the data files, generated from the models.

Editors read them through the `# yaml-language-server: $schema=...` line at the top of each
data file, to autocomplete field names and enum values and to flag mistakes while typing.
`kb schema` writes them; `kb schema --check` fails when the committed ones are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from kb.models import REGISTRIES, VOCABULARIES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:kb:schema:{name}"  # names each schema; it does not depend on where the repository is hosted


def schema_for(registry: str) -> dict:
    model = REGISTRIES.get(registry) or VOCABULARIES[registry]
    schema = TypeAdapter(list[model]).json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID.format(name=registry),
        "title": f"kb {registry}",
        "description": f"data/{registry}.yaml: a list of {model.__name__} records. {model.__doc__.strip()}",
        **schema,
    }


def render(registry: str) -> str:
    return json.dumps(schema_for(registry), ensure_ascii=False, indent=2) + "\n"


def schema_files(schema_dir: Path) -> dict[Path, str]:
    """Each schema file's path and the text it should have."""
    return {schema_dir / f"{name}.schema.json": render(name) for name in (*REGISTRIES, *VOCABULARIES)}


def stale_files(schema_dir: Path) -> list[Path]:
    """Schema files that are missing or differ from what the models generate."""
    stale = []
    for path, text in schema_files(schema_dir).items():
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            stale.append(path)
    return stale


def write(schema_dir: Path) -> list[Path]:
    """Write the stale schema files; return which were written."""
    stale = stale_files(schema_dir)
    schema_dir.mkdir(parents=True, exist_ok=True)
    for path, text in schema_files(schema_dir).items():
        if path in stale:
            path.write_text(text, encoding="utf-8")
    return stale
