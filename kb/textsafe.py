"""Make text from the data inert before it reaches a terminal.

Case records come from strangers' pull requests. A title could carry an ANSI or OSC escape
sequence (recolour the terminal, set its title, write a hyperlink), or bidirectional override
characters that make text read differently from what it is. Printing must show such text, not
obey it: control characters become visible `\\xNN` / `\\u202e` escapes. Rich markup is a separate
matter, handled by never passing data to Rich as markup (see `kb.render`).
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(value: str) -> str:
    """`value` with every control or bidi character replaced by a visible escape."""
    return _UNSAFE.sub(_escape, value)
