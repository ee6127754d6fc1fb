"""Reading YAML data files: plain values out, and every value's line and column when needed.

This is the one place that knows which YAML parsers kb uses. There are two paths, which must
agree on every value:

- the **fast path**, yaml-rs (Rust), parses a whole file an order of magnitude faster than
  libyaml, but keeps no positions. It is taken only when a cheap scan of the text shows none of
  the constructs kb refuses (anchors, aliases, tags, merge keys, `TODO:` placeholders);
- the **precise path**, PyYAML's C composer (libyaml), keeps each node's line and column. kb
  turns its nodes into values itself, so that it can refuse duplicate keys, tags such as
  `!!python/object`, anchors and aliases (no "billion laughs") and merge keys, each at its place.

Both resolve plain scalars by the YAML 1.2 core schema, as editors do: `true`/`false` are
booleans, `no` and `on` are text. Dates stay the text they were written as, so `2023-11` and
`2023-11-27` keep their precision (yaml-rs gives `date` objects, which the models turn back into
text). A file that parsed on the fast path can still be located precisely: `locate` composes just
the one top-level record that a finding is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Optional

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kb.findings import Said
from kb.i18n import N_
from kb.textsafe import character_name

try:  # the fast path is optional: without it everything still works, more slowly
    import yaml_rs
except ImportError:  # pragma: no cover
    yaml_rs = None

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_T = "tag:yaml.org,2002:"
MAX_DEPTH = 64

# YAML 1.2 core schema for plain (unquoted) scalars, with the digit separators (1_000) and
# binary integers (0b101) that yaml-rs also reads, so that both paths agree.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
_INT_OCT = re.compile(r"^0o[0-7_]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F_]+$")
_INT_BIN = re.compile(r"^0b[01_]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_IMPLICIT_TAGS = {_T + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

# Constructs the fast parser would accept or expand silently, but kb refuses (with a position):
# an anchor, alias or tag (&a, *a, !tag at the start of a token, also right after the `:` of a
# JSON-style key, `{"id":&a x}`), a merge key, a placeholder, a document marker (`---`, `...`: yaml-rs
# reads several documents where kb refuses them); and `?` at the start of a token, which the two
# parsers read differently in flow mappings.
_NODE_PROPERTY = re.compile(r"(?<![^\s\[{,:])[&*!?]\S")
_MERGE_KEY = re.compile(r"<<\s*:")
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.M)


def _needs_precise(text: str) -> bool:
    # Plain substring tests first: they run at memory speed, and most files pass them all.
    if "TODO:" in text:
        return True
    if ("---" in text or "..." in text) and _DOCUMENT_MARKER.search(text):
        return True
    if any(c in text for c in "\u2028\u2029"):  # line breaks in YAML 1.1 (libyaml) but not in 1.2
        return True
    if "<<" in text and _MERGE_KEY.search(text):
        return True
    return any(c in text for c in "&*!?") and _NODE_PROPERTY.search(text) is not None


# What libyaml refuses anywhere in a text (outside YAML's printable set): C0 controls other than tab,
# LF and CR, DEL, C1 controls, surrogates, U+FFFE and U+FFFF; and NEL (U+0085), a C1 control that
# libyaml reads as a line break where no editor shows one. yaml-rs reads them all silently, so both
# paths look for them first and refuse them alike, at the character's line and column.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PRINTABLE_BYTES = bytes(b for b in range(256) if not (b < 0x20 and b not in (0x09, 0x0A, 0x0D) or b == 0x7F))


def _may_hold_unprintable(text: str) -> bool:
    """False when `text` surely holds nothing of _UNPRINTABLE: a byte-level test that runs at memory speed
    (a regular expression over the whole text costs a fifth of the fast parse)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    if data.translate(None, _PRINTABLE_BYTES) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        return True
    at = data.find(b"\xc2")  # U+0080..U+00BF: C1 controls, but also common signs such as © and °
    while at >= 0:
        if 0x80 <= data[at + 1] <= 0x9F:
            return True
        at = data.find(b"\xc2", at + 2)
    return False


_LONE_CR = re.compile(r"\r(?!\n)")


def check_printable(text: str, first_line: int = 0) -> None:
    """Raise YamlSyntaxError at the first character that YAML does not allow in a text, or at a lone
    carriage return: YAML reads it as a line break (`name: x\\r  note: y` is two keys) where most editors
    and `git diff` show one line."""
    found = _UNPRINTABLE.search(text) if _may_hold_unprintable(text) else None
    if found is None and "\r" in text:
        cr = _LONE_CR.search(text)
        if cr is not None:
            at = cr.start()
            line, col = text.count("\n", 0, at) + 1 + first_line, at - (text.rfind("\n", 0, at) + 1) + 1
            raise YamlSyntaxError(Problem(line, col, Said(N_(
                "the file contains a carriage return (CR) that does not end a line with a line feed; YAML reads it "
                "as a line break, editors do not")),
                N_("save the file with LF line endings (`kb fmt` cannot repair this one)")))
    if found is None:
        return
    at = found.start()
    line, col = text.count("\n", 0, at) + 1 + first_line, at - (text.rfind("\n", 0, at) + 1) + 1
    raise YamlSyntaxError(Problem(line, col, Said(N_("the file contains {character}, a character that a YAML file "
                                                     "may not hold"), character=character_name(found.group())),
                                  N_("delete it; most editors do not show it (`cat -v` does), and text in kb holds "
                                     "no control characters but tab and newline")))


_TOP_LEVEL_ITEM = re.compile(r"^-(?=[ \t]|\r?$)", re.M)


# A record's `-` at the left margin, found through the newline before it: a search for a fixed prefix,
# six times faster than `^-` over a large file. Both for text and for the bytes of a file.
_ITEM = {str: (re.compile(r"\n-(?=[ \t]|\r?$)", re.M), re.compile(r"-(?=[ \t]|\r?$)", re.M)),
         bytes: (re.compile(rb"\n-(?=[ \t]|\r?$)", re.M), re.compile(rb"-(?=[ \t]|\r?$)", re.M))}


def record_spans(text: str | bytes) -> list[tuple[int, int, int]]:
    """(start, end, lines before it) of each top-level record's text, cut at each `-` at the left margin
    (as `_TOP_LEVEL_ITEM` finds them).

    The text before the first cut is the file's header (comments). The cuts are a guess that the parsed
    data confirms (one record per cut) before anything relies on them."""
    after_newline, at_start = _ITEM[type(text)]
    starts = [m.start() + 1 for m in after_newline.finditer(text)]
    if at_start.match(text):
        starts.insert(0, 0)
    newline = "\n" if isinstance(text, str) else b"\n"
    spans, line, previous = [], 0, 0
    for i, start in enumerate(starts):
        line += text.count(newline, previous, start)
        previous = start
        spans.append((start, starts[i + 1] if i + 1 < len(starts) else len(text), line))
    return spans


@dataclass(frozen=True)
class Problem:
    """Something wrong in the YAML text itself, at a 1-based line and column."""

    line: int
    col: int
    message: str
    hint: Optional[str] = None


class YamlSyntaxError(Exception):
    """The text is not YAML that kb can read; nothing of it can be used."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def plain_scalar(value: str) -> Any:
    """The value of a plain scalar under the YAML 1.2 core schema; dates stay text."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    digits = value.replace("_", "")
    if _INT.match(value):
        return int(digits)
    for pattern, base in ((_INT_OCT, 8), (_INT_HEX, 16), (_INT_BIN, 2)):
        if pattern.match(value):
            return int(digits[2:], base)
    if _FLOAT.match(value):
        return float(digits)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


@dataclass
class YamlDocument:
    """The plain data of one file, and a way back to where each value was written."""

    data: Any
    root: Optional[Node] = None  # present on the precise path
    problems: list[Problem] = field(default_factory=list)
    text: Optional[str] = None  # kept on the fast path, to locate records on demand
    line_offset: int = 0  # lines before this text, for a record cut out of a larger file
    spans: Optional[list[tuple[int, int, int]]] = field(default=None, repr=False)  # record_spans(text), if known

    def locate(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path` (keys and list indexes), or of its key if `key`.

        When the path leads to a value that is not there (a missing field), the position of
        the deepest node that is there: the record that lacks the field.
        """
        if self.root is None and self.text is not None and path and isinstance(path[0], int):
            record = self.record(path[0])
            if record is not None:
                return record.locate((0, *path[1:]), key=key)
        if self.root is None and self.text is not None:
            self._parse_precisely()
        if self.root is None:
            return self.line_offset + 1, 1
        return _locate(self.root, path, key, self.line_offset)

    def record(self, index: int) -> Optional["YamlDocument"]:
        """The top-level record `index`, parsed on the precise path, with positions in this file's lines."""
        if index not in self._records:
            self._records[index] = self._parse_record(index)
        return self._records[index]

    @cached_property
    def _records(self) -> dict[int, Optional["YamlDocument"]]:
        return {}

    def _parse_record(self, index: int) -> Optional["YamlDocument"]:
        chunks = self._chunks
        if chunks is None or not 0 <= index < len(chunks):
            return None
        start, end, first_line = chunks[index]
        try:
            doc = parse_yaml(self.text[start:end], first_line=first_line + self.line_offset)
        except YamlSyntaxError as exc:  # e.g. nested deeper than libyaml allows: say so, at its line
            return YamlDocument(data=[None], problems=[exc.problem], line_offset=first_line + self.line_offset)
        return doc if isinstance(doc.data, list) and len(doc.data) == 1 else None

    @cached_property
    def _chunks(self) -> Optional[list[tuple[int, int, int]]]:
        """(start, end, line offset) of each top-level record's text, when they can be told apart."""
        chunks = self.spans if self.spans is not None else record_spans(self.text)
        if not isinstance(self.data, list) or len(chunks) != len(self.data):
            return None
        return chunks

    def _parse_precisely(self) -> None:
        try:
            precise = parse_yaml(self.text)
        except YamlSyntaxError:  # positions are then only approximate; the record says what is wrong
            self.text = None
            return
        self.root, self.problems = precise.root, precise.problems


def _locate(node: Optional[Node], path: tuple, key: bool, offset: int = 0) -> tuple[int, int]:
    if node is None:
        return 1, 1
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == str(step):
                    node = k if (key and last) else v
                    break
            else:
                break
        else:
            break
    return _position(node, offset)


def _position(node: Node, offset: int = 0) -> tuple[int, int]:
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1


def load_yaml(text: str) -> YamlDocument:
    """Parse a data file: the fast path when it is safe, else the precise path."""
    check_printable(text)
    if yaml_rs is not None and not _needs_precise(text):
        spans = record_spans(text)
        try:
            data = _fast_parse(text, spans)
        except Exception:  # any complaint: let the precise path say exactly what and where
            data = None
        if isinstance(data, list):
            doc = YamlDocument(data=data, text=text, spans=spans)
            if doc._chunks is not None:  # each record can be located on its own
                return doc
    return _parse_yaml(text)


# A file of more characters than this is read by the fast parser piece by piece, of so many records each.
FAST_PIECEWISE_FROM = 2**20
FAST_PIECE = 2000


def _fast_parse(text: str, spans: Optional[list[tuple[int, int, int]]] = None) -> Any:
    """yaml-rs's reading of the whole text. A long list of records is read a few thousand records at a time
    (each top-level `- ` at the left margin starts one): the parser's own working memory, which holds the
    whole document until it is done, then stays that of one piece instead of the whole file. A piece that
    does not read as exactly its records sends the whole text to the parser at once, as before."""
    if len(text) <= FAST_PIECEWISE_FROM:
        return yaml_rs.loads(text)
    starts = [start for start, _, _ in (record_spans(text) if spans is None else spans)]
    if len(starts) <= 2 * FAST_PIECE:
        return yaml_rs.loads(text)
    bounds = [0, *starts[FAST_PIECE::FAST_PIECE], len(text)]
    data: list = []
    for i, (start, end) in enumerate(zip(bounds, bounds[1:])):
        piece = yaml_rs.loads(text[start:end])
        expected = min(FAST_PIECE, len(starts) - i * FAST_PIECE)
        if not isinstance(piece, list) or len(piece) != expected:
            return yaml_rs.loads(text)
        data += piece
    return data


_INDENTATION = N_("check the indentation of this line and the one above it: the keys of one record line up under "
                   "each other, two spaces in from its '- '")
_SYNTAX_HINTS = (
    ("tab", N_("indent with spaces; YAML does not allow tabs")),
    ("mapping values are not allowed", N_("check the indentation of this line and the one above it: the keys of one "
                                          "record line up under each other, two spaces in from its '- '; a value that "
                                          "holds ': ' needs quotes")),
    ("did not find expected '-' indicator", _INDENTATION),
    ("did not find expected key", _INDENTATION),
    ("expected <block end>", _INDENTATION),
)


def syntax_hint(message: str) -> Optional[str]:
    """What to do about a parser's message, for the mistakes people make by hand."""
    lower = message.lower()
    return next((hint for words, hint in _SYNTAX_HINTS if words in lower), None)


def parse_yaml(text: str, first_line: int = 0) -> YamlDocument:
    """Parse `text` on the precise path; raise YamlSyntaxError if it is not readable YAML.

    `first_line` is added to every line number, for a record cut out of a larger file.
    """
    check_printable(text, first_line)
    return _parse_yaml(text, first_line)


def _parse_yaml(text: str, first_line: int = 0) -> YamlDocument:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        line, col = (mark.line + 1 + first_line, mark.column + 1) if mark else (1 + first_line, 1)
        # the parser's own words stay English; the hint is said in the interface's language
        raise YamlSyntaxError(Problem(line, col, Said("{problem}", problem=message), syntax_hint(message))) from None
    except yaml.YAMLError as exc:  # unmarked reader errors, e.g. a control character
        raise YamlSyntaxError(Problem(1 + first_line, 1, str(exc).splitlines()[0])) from None
    except RecursionError:
        raise YamlSyntaxError(Problem(1 + first_line, 1, Said(N_("the YAML is nested too deeply to read")))) from None
    doc = YamlDocument(data=None, root=root, line_offset=first_line)
    if root is not None:
        doc.data = _Builder(doc.problems, first_line, _explicit_tags(text)).build(root, 0)
    return doc


def _explicit_tags(text: str) -> set[tuple[int, int]]:
    """Where a tag is written (0-based line and column). The composer resolves `!!str 12` to the same tag as
    a quoted "12" and keeps no trace of the `!!str`: only the tokens tell a tag that was written."""
    if "!" not in text:
        return set()
    from yaml.tokens import TagToken

    try:
        return {(t.start_mark.line, t.start_mark.column) for t in yaml.scan(text, Loader=_Loader)
                if isinstance(t, TagToken)}
    except yaml.YAMLError:  # pragma: no cover - the text composed, so it scans
        return set()


class _Builder:
    """Turns a node tree into plain values, collecting problems instead of stopping at the first."""

    def __init__(self, problems: list[Problem], offset: int = 0, tagged: frozenset | set = frozenset()):
        self.problems = problems
        self.offset = offset
        self.tagged = tagged  # where a tag was written: refused even when it is one of the implicit ones
        self.seen: set[int] = set()

    def problem(self, node: Node, message: str, hint: Optional[str] = None) -> None:
        self.problems.append(Problem(*_position(node, self.offset), message, hint))

    def build(self, node: Node, depth: int) -> Any:
        if id(node) in self.seen:
            self.problem(node, Said(N_("anchors and aliases (&name, *name) are not allowed")),
                         N_("write the value out in full"))
            return None
        self.seen.add(id(node))
        if self.tagged and (node.start_mark.line, node.start_mark.column) in self.tagged:
            self.bad_tag(node)
            return None
        if depth > MAX_DEPTH:
            self.problem(node, Said(N_("values are nested more than {depth} levels deep"), depth=MAX_DEPTH))
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode) and node.tag == _T + "seq":
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode) and node.tag == _T + "map":
            return self.mapping(node, depth)
        self.bad_tag(node)
        return None

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _IMPLICIT_TAGS:
            self.bad_tag(node)
            return None
        # libyaml resolved plain scalars by YAML 1.1 (`no` is false); resolve them again by 1.2.
        value = plain_scalar(node.value) if not node.style else node.value  # plain: None or ""
        if isinstance(value, str) and value.startswith("TODO:"):
            self.problem(node, Said(N_("this placeholder still needs a value")),
                         N_("replace it with a fact from a listed source"))
        return value

    def bad_tag(self, node: Node) -> None:
        tag = node.tag.replace(_T, "!!")
        self.problem(
            node,
            Said(N_("the YAML tag '{tag}' is not allowed"), tag=tag),
            N_("kb data holds only text, numbers, lists and mappings; remove the tag"),
        )

    def mapping(self, node: MappingNode, depth: int) -> dict:
        result: dict = {}
        first_seen: dict[str, ScalarNode] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _T + "merge":
                self.problem(key_node, Said(N_("merge keys (<<) are not allowed")), N_("write the fields out in full"))
                continue
            if (not isinstance(key_node, ScalarNode) or key_node.tag not in _IMPLICIT_TAGS
                    or (key_node.start_mark.line, key_node.start_mark.column) in self.tagged):
                self.problem(key_node, Said(N_("a key must be a plain name")))
                continue
            if id(key_node) in self.seen:  # an alias used as a key
                self.problem(key_node, Said(N_("anchors and aliases (&name, *name) are not allowed")),
                             N_("write the key out"))
                continue
            self.seen.add(id(key_node))
            key = key_node.value
            if key in first_seen:
                line = _position(first_seen[key], self.offset)[0]
                self.problem(key_node, Said(N_("duplicate key '{key}' (first given on line {line})"), key=key, line=line),
                             N_("keep only one of them"))
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, depth + 1)
        return result

