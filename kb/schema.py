"""JSON Schemas for the data files, generated from the models.

Editors read them through the `# yaml-language-server: $schema=...` line at the top of each
data file, to autocomplete field names and enum values and to flag mistakes while typing.
`kb schema` writes them; `kb schema --check` fails when the committed ones are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

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


MAX_SCHEMA_BYTES = 4 * 2**20  # the largest is a few dozen KiB


def _current(path: Path) -> Optional[str]:
    """The text of a schema file as it is; None when it is missing. Read as kb reads data files: a regular
    file in its folder, never a FIFO, a device or a link out of the folder (FileRefused)."""
    from kb.files import FileRefused, FileTooLarge, read_regular

    try:
        return read_regular(path, MAX_SCHEMA_BYTES, within=path.parent).decode("utf-8")
    except FileTooLarge:
        return None  # stale: `kb schema` replaces it
    except FileRefused as exc:
        exc.path = path
        raise
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return None  # stale: `kb schema` replaces it
    except OSError:
        return None


def stale_files(schema_dir: Path) -> list[Path]:
    """Schema files that are missing or differ from what the models generate; FileRefused for one that is
    not a regular file in `schema_dir`."""
    return [path for path, text in schema_files(schema_dir).items() if _current(path) != text]


def write(schema_dir: Path) -> list[Path]:
    """Write the stale schema files (never through a link); return which were written."""
    from kb.files import FileRefused, write_atomically

    stale = stale_files(schema_dir)
    schema_dir.mkdir(parents=True, exist_ok=True)
    for path, text in schema_files(schema_dir).items():
        if path in stale:
            try:
                write_atomically(path, text, own_file=True)
            except FileRefused as exc:
                exc.path = path
                raise
    return stale
