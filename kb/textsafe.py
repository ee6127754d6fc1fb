"""Make text from the data inert before it reaches a terminal.

Case records come from strangers' pull requests. A title could carry an ANSI or OSC escape
sequence (recolour the terminal, set its title, write a hyperlink), or bidirectional override
characters that make text read differently from what it is. Printing must show such text, not
obey it: control characters become visible `\\xNN` / `\\u202e` escapes. Rich markup is a separate
matter, handled by never passing data to Rich as markup (see `kb.render`).
"""

from __future__ import annotations

import re

# Unicode's 66 noncharacters (U+FDD0..U+FDEF and the last two code points of every plane) and the
# surrogates, which a well-formed string never holds alone: XML forbids U+FFFE, U+FFFF and the
# surrogates, and UTF-8 cannot encode a surrogate at all.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF)
                                          for plane in range(0, 0x110000, 0x10000))
SURROGATES = "\ud800-\udfff"
_NONCHARACTER_CODES = frozenset(range(0xFDD0, 0xFDF0)) | {plane + last for plane in range(0, 0x110000, 0x10000)
                                                          for last in (0xFFFE, 0xFFFF)}

_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB "
             "ESC FS GS RS US").split()


def character_name(char: str) -> str:
    """`U+001B (ESC)`: an invisible character, named so that a person can find it and look it up."""
    code = ord(char)
    kind = (_C0_NAMES[code] if code < 0x20 else "DEL" if code == 0x7F else "a C1 control character" if code < 0xA0
            else "a lone surrogate" if 0xD800 <= code < 0xE000
            else "a Unicode noncharacter" if code in _NONCHARACTER_CODES else "a control character")
    return f"U+{code:04X} ({kind})"


# C0 controls except tab and newline, DEL, C1 controls, the Unicode bidi controls, the line and paragraph
# separators (U+2028, U+2029: some terminals and every str.splitlines() break a line there), noncharacters
# and surrogates. What is left is also well-formed XML 1.0 text.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
                     f"{NONCHARACTERS}{SURROGATES}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(value: str) -> str:
    """`value` with every control or bidi character replaced by a visible escape."""
    return _UNSAFE.sub(_escape, value)


# Everything a terminal, a CI log or Python's str.splitlines() takes as the end of a line.
_LINE_BREAKS = {"\n": "\\n", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK = re.compile("[\n\u2028\u2029]")


def one_line(value: str) -> str:
    """`value` made inert and kept on one line: newlines (and the other line breaks) shown escaped, so
    that no text from the data can start a line of its own (a CI log runs a line starting with `::`)."""
    return _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], inert(value))


# Control characters (C0 but tab and newline, DEL, C1), noncharacters and lone surrogates: what kb's
# models refuse in text. Bidi controls are not among them: they are text, in Arabic or Hebrew names.
# Written as the complement of what text may hold (tab, newline, the printable ranges, each plane but its last
# two code points): Python's re tries a class with characters past U+FFFF item by item, and listing the 34
# noncharacters of the upper planes made every character of every text pass them all, where nearly every
# character matches one of the first ranges here. The two spellings match the same characters (a test checks).
_ALLOWED = "\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd" + "".join(
    f"{chr(plane)}-{chr(plane + 0xFFFD)}" for plane in range(0x10000, 0x110000, 0x10000))
CONTROL = re.compile(f"[^{_ALLOWED}]")


def has_controls(value: str) -> bool:
    return CONTROL.search(value) is not None


def visible_controls(value: str) -> str:
    """`value` with every control character, noncharacter and lone surrogate as a visible escape, all else
    as it is: well-formed XML 1.0 text that no terminal obeys. For exports, which valid data passes
    unchanged (the models refuse these characters); a database built by an older kb may hold them."""
    return CONTROL.sub(_escape, value)


# What JSON leaves raw (json.dumps escapes only C0), but a terminal obeys or misreads.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
                          f"{NONCHARACTERS}{SURROGATES}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a surrogate pair, as JSON writes a character beyond U+FFFF
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def inert_json(text: str) -> str:
    """A JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) with DEL, C1 controls, bidi
    controls, line separators, noncharacters and lone surrogates written as \\u escapes: the same
    JSON value, character for character, but nothing in it that a terminal would obey."""
    return _JSON_UNSAFE.sub(_json_escape, text)


def dumps(value: object, indent: int | None = None) -> str:
    """`value` as JSON text that keeps non-ASCII text readable and is safe on a terminal."""
    import json

    return inert_json(json.dumps(value, ensure_ascii=False, indent=indent))
