"""Canonical YAML for the data files, so that pull requests differ only where the facts do.

`kb fmt` rewrites a data file with keys in the order the models declare them, block style
throughout (one value per line diffs best), quotes only where YAML needs them, two-space
indentation, and the `yaml-language-server` schema line on top. It uses ruamel.yaml's
round-trip mode, which keeps comments and the text of every value as written (a date stays
`2023-11`, a folded paragraph keeps its line breaks). Formatting twice changes nothing.

A file that is not valid YAML is left untouched and reported, like `kb validate` would.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from kb.files import write_atomically
from kb.findings import Finding
from kb.loading import SCHEMA_HEADER, display_path
from kb.models import REGISTRIES, Record, fields_of
from kb.yamlfile import YamlSyntaxError, parse_yaml

WIDTH = 100


@dataclass(frozen=True)
class FormatResult:
    path: Path
    changed: bool
    findings: tuple[Finding, ...] = ()


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments and scalar styles survive
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    return yaml


def _canonical(node: Any, model: Optional[type[Record]]) -> None:
    """Order keys as the model declares them (unknown keys last, as written) and use block style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedSeq):
        node.fa.set_block_style()
        for item in node:
            _canonical(item, model)
        return
    if not isinstance(node, CommentedMap):
        return
    node.fa.set_block_style()
    specs = {s.name: s for s in fields_of(model)} if model else {}
    for key in [k for k in specs if k in node] + [k for k in node if k not in specs]:
        node.move_to_end(key)
    for key, value in node.items():
        spec = specs.get(key)
        if isinstance(value, str) and value.lower() in _YAML11_WORDS:
            node[key] = _quoted(value)
        _canonical(value, spec.model if spec else None)


# Text that a YAML 1.1 reader (PyYAML, many tools) takes for true, false or null when unquoted:
# `answer: "no"` must stay quoted, or the answer "no" turns into false on the way.
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def _quoted(value: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value)


def format_text(text: str, registry: str) -> str:
    """The canonical form of a data file's text."""
    yaml = _yaml()
    data = yaml.load(text)
    _canonical(data, REGISTRIES[registry])
    out = io.StringIO()
    yaml.dump(data, out)
    body = out.getvalue()
    header = SCHEMA_HEADER.format(name=registry)
    lines = body.splitlines()
    if not lines or lines[0] != header:
        body = header + "\n" + "\n".join(line for line in lines if not line.startswith("# yaml-language-server:"))
    return body.rstrip("\n") + "\n"


def format_file(path: Path, *, check: bool) -> FormatResult:
    """Format one data file in place (or only report, with `check`)."""
    registry = path.stem
    file = display_path(path)
    if registry not in REGISTRIES:
        return FormatResult(path, False, (Finding(file, 1, 1, f"not a kb data file (expected one of: "
                                                  f"{', '.join(f'{r}.yaml' for r in REGISTRIES)})"),))
    try:
        text = path.read_bytes().decode("utf-8")  # as it is: a BOM or CRLF line endings count as changes
        doc = parse_yaml(text.removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError) as exc:
        return FormatResult(path, False, (Finding(file, 1, 1, f"cannot read the file: {exc}"),))
    except YamlSyntaxError as exc:
        p = exc.problem
        return FormatResult(path, False, (Finding(file, p.line, p.col, p.message, p.hint),))
    if doc.problems:  # duplicate keys, tags, aliases: formatting could silently drop data
        return FormatResult(path, False, tuple(Finding(file, p.line, p.col, p.message, p.hint) for p in doc.problems))
    if doc.data is None:
        return FormatResult(path, False)
    formatted = format_text(text.removeprefix("\ufeff").replace("\r\n", "\n"), registry)
    changed = formatted != text
    if changed and not check:
        write_atomically(path, formatted)
    return FormatResult(path, changed)

