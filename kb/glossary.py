"""Labels of kb's fixed values (a case's status, kind, a party's role...) in the language kb speaks.

In English a value is its own label, as the models spell it; in Chinese the label comes from
`kb/glossary.yaml`, the reviewed glossary the CLI and the site share (read once, only in Chinese).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Optional

PATH = Path(__file__).parent / "glossary.yaml"


@cache
def glossary() -> dict[str, Any]:
    import yaml_rs

    return yaml_rs.loads(PATH.read_text(encoding="utf-8"))


def label(field: str, value: Optional[str], language: Optional[str] = None) -> str:
    """`value` of `field` (status, kind, role, relation, event, level, answer...) for a reader of
    `language` (default: the process's). A value the glossary lacks is shown as it is."""
    if value is None:
        return ""
    if language is None:
        from kb.i18n import lang

        language = lang()
    if language == "en":
        return value
    return glossary()["values"].get(field, {}).get(value, value)


def labels(field: str, language: str) -> dict[str, str]:
    """Every value of `field` with its label, for a template."""
    values = glossary()["values"].get(field, {})
    return {v: (v if language == "en" else zh) for v, zh in values.items()}
