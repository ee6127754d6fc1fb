"""Findings: what `kb validate` reports, each tied to a file, line and column."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable, Optional

from kb.textsafe import dumps, inert, one_line


class Said(str):
    """An English message that remembers the catalog message (N_) and values it was written from, so
    that a finding made of it is said in the interface's language when shown."""

    template: str
    values: dict

    def __new__(cls, template: str, **values) -> "Said":
        said = super().__new__(cls, template.format(**values))
        said.template, said.values = template, values
        return said

    def said(self) -> str:
        from kb.i18n import _

        return _(self.template).format(**{k: v.said() if isinstance(v, Said) else v for k, v in self.values.items()})


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the data. Lines and columns count from 1, as editors show them."""

    file: str
    line: int
    col: int
    message: str
    hint: Optional[str] = None
    severity: str = "error"  # "error" or "warning"
    # The message and hint as marked for the catalog, with their values, to say them in the interface's
    # language when shown; `message` and `hint` stay English: the JSON and `reviewed_warnings` read them.
    said_as: Optional[tuple] = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, file: str, line: int, col: int, message: str, hint: Optional[str] = None,
           severity: str = "error") -> "Finding":
        """A finding of a message that may be `Said` (its hint, if any, then a message of the catalog): said
        in the interface's language when shown, kept in English for the JSON."""
        said_as = (message.template, hint, message.values) if isinstance(message, Said) else None
        return cls(file, line, col, str(message), hint, severity, said_as)

    def said(self) -> str:
        """'message; hint' in the interface's language."""
        if self.said_as is None:
            return self.message if not self.hint else f"{self.message}; {self.hint}"
        from kb.i18n import N_, _

        template, hint_template, values = self.said_as
        values = {k: v.said() if isinstance(v, Said) else v for k, v in values.items()}
        message = _(template).format(**values)
        if not hint_template:
            return message
        return _(N_("{message}; {hint}")).format(message=message, hint=_(hint_template).format(**values))

    @property
    def text(self) -> str:
        message = self.said()
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
        # echoed values' controls as \u escapes; kb's English, whatever the interface's language
        return dumps([{k: v for k, v in asdict(f).items() if k != "said_as"} for f in findings], indent=2)
    if fmt == "github":
        lines = []
        for f in findings:
            message = f.said()
            lines.append(
                f"::{f.severity} file={_github_escape(f.file, prop=True)},line={f.line},col={f.col},"
                f"title=kb validate::{_github_escape(inert(message))}"
            )
        return "\n".join(lines)
    return "\n".join(f.text for f in findings)
