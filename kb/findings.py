"""Findings: what `kb validate` reports, each tied to a file, line and column."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Optional

from kb.textsafe import dumps, inert, one_line


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the data. Lines and columns count from 1, as editors show them."""

    file: str
    line: int
    col: int
    message: str
    hint: Optional[str] = None
    severity: str = "error"  # "error" or "warning"

    @property
    def text(self) -> str:
        message = self.message if not self.hint else f"{self.message}; {self.hint}"
        # one line per finding, however the data echoed in it is broken up: no line may start with data
        return one_line(f"{self.file}:{self.line}:{self.col}: {self.severity}: {message}")


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _github_escape(value: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command encoding: % CR LF always, and : , inside properties.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_findings(findings: list[Finding], fmt: str) -> str:
    """Render findings as `text` (file:line:col: message), `github` annotations or `json`."""
    if fmt == "json":
        return dumps([asdict(f) for f in findings], indent=2)  # echoed values' controls as \u escapes
    if fmt == "github":
        lines = []
        for f in findings:
            message = f.message if not f.hint else f"{f.message}; {f.hint}"
            lines.append(
                f"::{f.severity} file={_github_escape(f.file, prop=True)},line={f.line},col={f.col},"
                f"title=kb validate::{_github_escape(inert(message))}"
            )
        return "\n".join(lines)
    return "\n".join(f.text for f in findings)
