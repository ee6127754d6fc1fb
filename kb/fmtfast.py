"""The canonical form of a plain data file, written directly instead of through ruamel.yaml's round trip.

ruamel.yaml's round trip is pure Python and reads a file token by token with every comment kept;
`kb fmt` spent nearly all its time there. Most data files hold nothing that the round trip exists
for: no comments, no blank lines, no block scalars (`>-`), no numbers, dates, booleans or nulls
written as such, only text, lists and mappings. For such a file this module writes, from the values
that `kb validate` reads, exactly the text the round trip writes: same key order, same styles, same quotes,
same line folding at the same column. The scalar decisions are ruamel's own (its emitter's
`analyze_scalar` and its resolver), only the writing is done here.

Whenever a file holds anything else, `render` returns None and `kb fmt` takes the round trip. A test
checks, on generated and mutated records and on the shipped data, that both ways give the same bytes.
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import Any, Optional

from kb.loading import SCHEMA_HEADER
from kb.models import REGISTRIES, VOCABULARIES, Record, fields_of

from kb.yamlfile import YamlSyntaxError, parse_yaml

WIDTH = 100
_STR = "tag:yaml.org,2002:str"
UNREAD = object()
# Characters ruamel's double-quoted writer writes as they are (with allow_unicode), no escape.
_UNESCAPED = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_HEADER_PREFIX = "# yaml-language-server:"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")  # an integer written so, as str(int) writes it
_ScalarNode: Any = None  # ruamel's, imported with ruamel
# Lines that make the round trip keep or add something beyond the values: a document marker or a directive.
_MARKER = re.compile(r"^(?:---|\.\.\.|%)", re.M)
_BLANK_LINE = re.compile(r"^[ \t]*$", re.M)


class _Unsure(Exception):
    """The file holds something this module does not write exactly as the round trip does."""


class _Writer:
    def __init__(self, compact: tuple, fits: Any, yaml11: Any):
        from kb.fmt import _yaml  # the same settings and emitter as the round trip

        from ruamel.yaml.nodes import ScalarNode

        global _ScalarNode
        _ScalarNode = ScalarNode
        yaml = _yaml()
        self.resolver = yaml.resolver
        self.emitter = yaml.emitter  # set up as for a dump, its serializer (YAML version) included
        assert yaml.serializer.use_version is None and self.emitter.best_width == WIDTH
        self.compact, self.fits, self.yaml11 = compact, fits, yaml11
        self.styles = _STYLES  # the same decisions for every file: ruamel's, from the value alone
        self.out: list[str] = []
        self.column = 0

    # -- scalars, as ruamel's emitter chooses and writes them -----------------------------------
    def style(self, value: str, flow: bool, key: bool) -> str:
        try:
            return self.styles[(value, flow, key)]
        except KeyError:
            found = self.styles[(value, flow, key)] = self._style(value, flow, key)  # _Unsure is not kept
            return found

    def _style(self, value: str, flow: bool, key: bool) -> str:
        if not value or "\n" in value or "\t" in value:
            raise _Unsure
        if not key and self.yaml11(value):  # kb writes these double-quoted
            raise _Unsure
        analysis = self.emitter.analyze_scalar(value)
        if self.resolver.resolve(_ScalarNode, value, (True, False)) == _STR:
            if not (key and analysis.multiline) and (analysis.allow_flow_plain if flow else analysis.allow_block_plain):
                return ""
        if key:
            raise _Unsure
        if analysis.allow_double_quoted and "'" in value:
            if '"' in value or "\\" in value or not value.isprintable() or not _UNESCAPED.fullmatch(value):
                raise _Unsure  # escapes, and kb's emitter does not fold such text: not written here
            return '"'
        if analysis.allow_single_quoted and " " not in value and "'" not in value:
            return "'"
        raise _Unsure

    def write(self, data: str) -> None:
        self.out.append(data)
        self.column += len(data)

    def newline(self, indent: int) -> None:
        self.out.append("\n" + " " * indent)
        self.column = indent

    def scalar(self, value: str, indent: int, flow: bool, key: bool = False) -> None:
        """`value` after a space (the writer stands after `key:` or `- ` or `{`), folded as ruamel folds it."""
        style = self.style(value, flow, key)
        if style == "'":
            self.write(" '" + value + "'")
            return
        if style == '"':
            self.double_quoted(value, indent, flow)
            return
        if self.column + 1 + len(value) <= WIDTH:  # no word passes the width: nothing to fold
            self.write(" " + value)
            return
        self.write(" ")
        # ruamel's write_plain: a word that would pass the width goes onto a line of its own (after the
        # space already written), and a single space past the width becomes a line break.
        start = end = 0
        spaces = False
        n = len(value)
        while end <= n:
            ch = value[end] if end < n else None
            if spaces:
                if ch != " ":
                    if start + 1 == end and self.column >= WIDTH:
                        if flow:
                            raise _Unsure
                        self.newline(indent)
                    else:
                        self.write(value[start:end])
                    start = end
            elif ch is None or ch == " ":
                word = value[start:end]
                if len(word) + self.column > WIDTH and self.column > indent:
                    if flow:
                        raise _Unsure
                    self.newline(indent)
                self.write(word)
                start = end
            if ch is not None:
                spaces = ch == " "
            end += 1

    def double_quoted(self, text: str, indent: int, flow: bool) -> None:
        """ruamel's write_double_quoted for a text without escapes: folded at a space past the width, a backslash
        at the end of a line where the reader would otherwise take the line break for a space."""
        self.write(' "')
        start = end = 0
        n = len(text)
        while end <= n:
            ch = text[end] if end < n else None
            if ch is None:
                if start < end:
                    self.write(text[start:end])
                    start = end
            if 0 < end < n - 1 and (ch == " " or start >= end) and self.column + (end - start) > WIDTH:
                if flow:
                    raise _Unsure
                need_backslash = True
                space_pos = text.find(" ", end)
                if space_pos >= 0:
                    if (space_pos + 1 < n and '"' not in text[end:space_pos] and "'" not in text[end:space_pos]
                            and text[space_pos + 1] not in " \n" and text[end - 1:end + 1] != "  " and start != end):
                        need_backslash = False
                    elif space_pos + 1 >= n:
                        raise _Unsure  # where ruamel's own index would fail
                self.write(text[start:end] + ("\\" if need_backslash else ""))
                if start < end:
                    start = end
                self.newline(indent)
                if text[start] == " ":
                    if not need_backslash:
                        start += 1
                    self.write("\\" if need_backslash else "")
            end += 1
        self.write('"')

    def number(self, value: int, indent: int, flow: bool) -> None:
        text = str(value)
        if len(text) + self.column + 1 > WIDTH:
            raise _Unsure
        self.write(" " + text)

    # -- collections ------------------------------------------------------------------------------
    def mapping(self, node: dict, model: Optional[type[Record]], indent: int, first_inline: bool) -> None:
        """A block mapping whose keys stand at `indent`; the first key on the current line if `first_inline`."""
        if not node:
            raise _Unsure
        specs = {s.name: s for s in fields_of(model)} if model else {}
        keys = [k for k in specs if k in node] + [k for k in node if k not in specs]
        for i, key in enumerate(keys):
            if not isinstance(key, str):
                raise _Unsure
            if i or not first_inline:
                self.newline(indent)
            self.key(key, indent)
            spec = specs.get(key)
            self.value(node[key], spec.model if spec else None, indent)

    def key(self, key: str, indent: int) -> None:
        if self.style(key, False, True) != "" or self.column + len(key) > WIDTH:
            raise _Unsure
        self.write(key + ":")

    def value(self, value: Any, model: Optional[type[Record]], indent: int) -> None:
        """The value of a mapping key whose key stands at `indent`."""
        if isinstance(value, str):
            self.scalar(value, indent + 2, False)
        elif type(value) is int:  # written as str(int) writes it: _plain_scalars_are_text made sure
            self.number(value, indent + 2, False)
        elif isinstance(value, list):
            self.sequence(value, model, indent)
        elif isinstance(value, dict):
            if model in self.compact and self.fits(value):
                self.write(" ")
                self.flow_mapping(value, model)
            else:
                self.mapping(value, model, indent + 2, False)
        else:  # numbers, dates, booleans and nulls keep the text they were written as: the round trip's
            raise _Unsure

    def sequence(self, items: list, model: Optional[type[Record]], indent: int) -> None:
        """A block sequence whose dashes stand at `indent`, on the lines after the current one."""
        if not items:
            raise _Unsure
        for item in items:
            self.newline(indent)
            self.write("-")
            if isinstance(item, str):
                self.scalar(item, indent + 2, False)
            elif isinstance(item, dict):
                if model in self.compact and self.fits(item):
                    self.write(" ")
                    self.flow_mapping(item, model)
                else:
                    self.write(" ")
                    self.mapping(item, model, indent + 2, True)
            else:
                raise _Unsure

    def flow_mapping(self, node: dict, model: type[Record]) -> None:
        if not node:
            raise _Unsure
        specs = {s.name for s in fields_of(model)}
        keys = [k for k in specs_order(model) if k in node] + [k for k in node if k not in specs]
        self.write("{")
        for i, key in enumerate(keys):
            value = node[key]
            if not isinstance(key, str) or not isinstance(value, (str, int)) or isinstance(value, bool):
                raise _Unsure
            if i:
                self.write(",")
                if self.column > WIDTH:
                    raise _Unsure
            if self.style(key, True, True) != "":
                raise _Unsure
            self.write(("" if i == 0 else " ") + key + ":")
            if isinstance(value, str):
                self.scalar(value, 0, True)
            else:
                self.number(value, 0, True)
        self.write("}")


def specs_order(model: type[Record]) -> list[str]:
    return [s.name for s in fields_of(model)]


_NOT_VALUES: tuple = ()
_STYLES: dict[tuple[str, bool, bool], str] = {}


def _same_ruamel() -> bool:
    """The writing here follows ruamel.yaml 0.19's emitter (its folding rules changed before): with another
    version every file takes the round trip."""
    from ruamel.yaml import version_info

    return tuple(version_info[:2]) == (0, 19)


def render(text: str, registry: str, data: Any = UNREAD) -> Optional[str]:
    """What the round trip writes for `text` (a data file without its BOM, LF line endings), or None when this
    module cannot be sure of it. `data`: the values of `text` as `parse_yaml` reads them, if already read."""
    if not _same_ruamel():
        return None
    header = SCHEMA_HEADER.format(name=registry)
    body = text[len(header) + 1:] if text.startswith(header + "\n") else text
    if ("\t" in body or "\r" in body or _MARKER.search(body) or _BLANK_LINE.search(body.rstrip("\n"))
            or not body.endswith("\n") or body.startswith(" ") or _HEADER_PREFIX in body):
        return None
    if not _only_values(body):
        return None
    if data is UNREAD:
        try:
            doc = parse_yaml(body)
        except YamlSyntaxError:
            return None
        if doc.problems:
            return None
        data = doc.data
    if not isinstance(data, list) or not data:
        return None
    try:
        return _write(data, registry)
    except RecursionError:
        return None


def _write(data: Any, registry: str, expected: Optional[str] = None) -> Optional[str]:
    """The text for `data`; with `expected`, None as soon as a record is written otherwise than there."""
    if not isinstance(data, list) or not data:
        return None
    from kb.fmt import COMPACT, _fits_on_a_line, _not_text_in_yaml11

    model = {**REGISTRIES, **VOCABULARIES}[registry]
    writer = _Writer(COMPACT, _fits_on_a_line, _not_text_in_yaml11)
    writer.out.append(SCHEMA_HEADER.format(name=registry))
    done = at = 0  # the parts of writer.out compared with `expected`, and how far into it
    try:
        for record in data:
            writer.newline(0)
            writer.write("-")
            if isinstance(record, dict):
                writer.write(" ")
                writer.mapping(record, model, 2, True)
            else:
                raise _Unsure
            if expected is not None:
                part = "".join(writer.out[done:])
                if not expected.startswith(part, at):
                    return None
                done, at = len(writer.out), at + len(part)
    except _Unsure:
        return None
    return "".join(writer.out) + "\n"


def is_canonical(text: str, registry: str, data: Any) -> bool:
    """True when `text` is exactly what this module writes for `data`, its values as yaml-rs (the fast parser of
    `kb validate`) reads them; then the round trip writes it unchanged too. yaml-rs reads a quoted '2019-02-14'
    as a date: it is compared as the text it is written as, which the comparison of the texts proves."""
    if not text.startswith(SCHEMA_HEADER.format(name=registry) + "\n") or not _same_ruamel():
        return False
    try:
        return _write(_dates_as_text(data), registry, text) == text
    except RecursionError:  # nested deeper than kb's records are: the round trip says what it makes of it
        return False


def reads_back(formatted: str, data: Any) -> bool:
    """The check of a result this module wrote for a file that held `data` (as `parse_yaml` reads it): yaml-rs
    reads the same values back, types included (its dates compared as the text they are written as), and the
    text holds only values. There is no comment to lose (the file had none, or this module would not have
    written it), and formatting it again writes it unchanged: the same values, written the same way. False
    sends the result through kb.fmt.verify, which says where it differs."""
    from kb.fmt import _data_difference
    from kb.yamlfile import yaml_rs

    if yaml_rs is None or not _only_values(formatted.split("\n", 1)[1]):
        return False
    try:
        values = yaml_rs.loads(formatted)
    except Exception:
        return False
    try:
        return _data_difference(data, _dates_as_text(values), ()) is None
    except RecursionError:
        return False


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if type(value) is _date:
        return value.isoformat()
    return value


def _only_values(body: str) -> bool:
    """`body` holds nothing the round trip keeps beyond the values: no comment, no block scalar (`>-`, `|`),
    anchor, alias, tag or directive; and every scalar written unquoted reads as text in ruamel (YAML 1.2), or is
    an integer written as `str(int)` writes it: no other numbers, dates, booleans or nulls, whose text or type the
    round trip keeps as written (a quoted '2019-02-14' is text to both, an unquoted one a date to ruamel)."""
    import yaml
    from ruamel.yaml.nodes import ScalarNode

    from kb.fmt import _comments, _yaml

    global _NOT_VALUES
    _NOT_VALUES = _NOT_VALUES or _not_values()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolver = _yaml().resolver
    seen: set[str] = set()
    try:
        for token in yaml.scan(body, Loader=loader):
            kind = type(token)
            if kind is yaml.ScalarToken:
                if token.plain:
                    if token.value not in seen:
                        tag = resolver.resolve(ScalarNode, token.value, (True, False))
                        if tag != _STR and not (tag == _INT and _DECIMAL.match(token.value)):
                            return False
                        seen.add(token.value)
                elif token.style not in ("'", '"'):
                    return False  # a block scalar
            elif kind in _NOT_VALUES:
                return False
    except yaml.YAMLError:
        return False
    return "#" not in body or not _comments(body)


def _not_values() -> tuple:
    import yaml

    return (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken, yaml.DirectiveToken, yaml.DocumentStartToken,
            yaml.DocumentEndToken)
