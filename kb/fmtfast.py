"""The canonical form of a plain data file, written directly instead of through ruamel.yaml's round trip.

ruamel.yaml's round trip is pure Python and reads a file token by token with every comment kept;
`kb fmt` spent nearly all its time there. Most data files hold nothing that the round trip exists
for: no comments, no blank lines, no block scalars (`>-`), no numbers, dates, booleans or nulls
written as such, only text, lists and mappings. For such a file this module writes, from its values,
exactly the text the round trip writes: same key order, same styles, same quotes, same line folding at
the same column. The scalar decisions are ruamel's own (its emitter's `analyze_scalar` and its
resolver, with a quicker way for common text that a test holds to theirs), only the writing is done here.

The values are read in one pass over libyaml's events, which tell the quotes too (`read`); what it wrote
is read back by yaml-rs, another parser, and must hold the same values (`reads_back`). A file that yaml-rs
read is taken record by record (`format_by_record`): a record already written as this module writes it
stays, and only the others are read, written and checked.

Whenever a file holds anything else, `render` returns None and `kb fmt` takes the round trip. A test
checks, on generated and mutated records and on the shipped data, that both ways give the same bytes.
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import Any, Iterator, NamedTuple, Optional

from kb.loading import SCHEMA_HEADER
from kb.models import REGISTRIES, VOCABULARIES, Record, fields_of

from kb.fmtread import _STR, _same, read, reads_back

WIDTH = 100
# Characters ruamel's double-quoted writer writes as they are (with allow_unicode), no escape.
_UNESCAPED = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_HEADER_PREFIX = "# yaml-language-server:"
_ScalarNode: Any = None  # ruamel's, imported with ruamel
# Lines that make the round trip keep or add something beyond the values: a document marker or a directive.
_MARKER = re.compile(r"^(?:---|\.\.\.|%)", re.M)
_BLANK_LINE = re.compile(r"^[ \t]*$", re.M)


class _Unsure(Exception):
    """The file holds something this module does not write exactly as the round trip does."""


class _Analysis(NamedTuple):
    """The fields of ruamel's ScalarAnalysis that the writer reads."""

    multiline: bool
    allow_flow_plain: bool
    allow_block_plain: bool
    allow_single_quoted: bool
    allow_double_quoted: bool


# Text of one line whose every character ruamel's emitter writes as it is (allow_unicode): printable ASCII and
# the Unicode it calls printable, without the line breaks U+0085, U+2028, U+2029 and without U+FEFF.
_ORDINARY = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]+")
_LEADING_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`?:- ")


def _ordinary_analysis(value: str) -> Optional[_Analysis]:
    """ruamel's analyze_scalar for the common text that holds none of what it looks for (an indicator first, `: `
    or ` #` inside, `:` or a space last, a line break, a control or special character), found with a regular
    expression and a few substring tests instead of its loop over every character; None for any other text
    (a test checks both agree on random texts)."""
    if (not _ORDINARY.fullmatch(value) or value[0] in _LEADING_INDICATORS or value[-1] in " :"
            or ": " in value or " #" in value or value.startswith("...")):
        return None
    flow = not ("," in value or "[" in value or "]" in value or "{" in value or "}" in value)
    return _Analysis(False, flow, True, True, True)


class _TextResolver:
    """ruamel's resolver of a plain scalar (YAML 1.2), as a test: True when it reads `value` as text. Only text
    whose first character starts one of its patterns asks the resolver itself; any other is text to it."""

    def __init__(self, resolver: Any):
        self.resolver = resolver
        self.table = resolver.versioned_resolver  # first character: [(tag, pattern)], as `resolve` looks them up
        # a resolver for any first character, or one by path, and `resolve` itself answers
        self.simple = not self.table.get(None) and not resolver.yaml_path_resolvers

    def __call__(self, value: str) -> bool:
        if not (value and self.simple):
            return self.resolver.resolve(_ScalarNode, value, (True, False)) == _STR
        for tag, pattern in self.table.get(value[0], ()):
            if pattern.match(value):
                return tag == _STR
        return True


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
        self.resolves_to_text = _TextResolver(self.resolver)
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
        analysis = _ordinary_analysis(value) or self.emitter.analyze_scalar(value)
        if self.resolves_to_text(value):
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


_STYLES: dict[tuple[str, bool, bool], str] = {}


def _same_ruamel() -> bool:
    """The writing here follows ruamel.yaml 0.19's emitter (its folding rules changed before): with another
    version every file takes the round trip."""
    from ruamel.yaml import version_info

    return tuple(version_info[:2]) == (0, 19)


def render(text: str, registry: str) -> Optional[str]:
    """What the round trip writes for `text` (a data file without its BOM, LF line endings), or None when this
    module cannot be sure of it."""
    found = rendered(text, registry)
    return found[0] if found is not None else None


def rendered(text: str, registry: str) -> Optional[tuple[str, Any]]:
    """What the round trip writes for `text`, and the values of `text` as `parse_yaml` reads them (for the check
    of the result, `reads_back`); None when this module cannot be sure of it."""
    body = _plain_body(text, registry)
    if body is None:
        return None
    data = read(body)
    if not isinstance(data, list) or not data:
        return None
    try:
        formatted = _write(data, registry)
    except RecursionError:
        return None
    return (formatted, data) if formatted is not None else None


def _plain_body(text: str, registry: str) -> Optional[str]:
    """`text` without its schema line, unless it holds a line the round trip keeps or adds something for: a tab, a
    carriage return, a document marker or directive, a blank line (but at the end), an indented first line, a
    second schema line, or no line break at the end."""
    if not _same_ruamel():
        return None
    header = SCHEMA_HEADER.format(name=registry)
    body = text[len(header) + 1:] if text.startswith(header + "\n") else text
    if ("\t" in body or "\r" in body or _MARKER.search(body) or _BLANK_LINE.search(body.rstrip("\n"))
            or not body.endswith("\n") or body.startswith(" ") or _HEADER_PREFIX in body):
        return None
    return body


def _write(data: Any, registry: str) -> Optional[str]:
    """The text for `data`, None if this module cannot write it exactly."""
    if not isinstance(data, list) or not data:
        return None
    out = [SCHEMA_HEADER.format(name=registry)]
    for part in _records(data, registry):
        if part is None:
            return None
        out.append(part)
    return "".join(out) + "\n"


def _records(data: list, registry: str, convert: Any = None) -> Iterator[Optional[str]]:
    """The text of each record of `data` as the round trip writes it: a line break, then `- ` and the record
    (None for a record this module cannot write exactly)."""
    from kb.fmt import COMPACT, _fits_on_a_line, _not_text_in_yaml11

    model = {**REGISTRIES, **VOCABULARIES}[registry]
    writer = _Writer(COMPACT, _fits_on_a_line, _not_text_in_yaml11)
    for record in data:
        if convert is not None:
            record = convert(record)
        writer.out = []
        try:
            writer.newline(0)
            writer.write("-")
            if not isinstance(record, dict):
                raise _Unsure
            writer.write(" ")
            writer.mapping(record, model, 2, True)
        except _Unsure:
            yield None
            continue
        yield "".join(writer.out)


# A file whose first records are mostly not canonical is formatted as a whole: cutting it into its records would
# only add work.
_RECORDS_TRIED, _RECORDS_CHANGED = 8, 4


def format_by_record(text: str, registry: str, doc: Any) -> Optional[str]:
    """The canonical form of a data file that yaml-rs read (`doc`, from `load_yaml`), found one top-level record at
    a time: a record written exactly as this module writes its values stays as it is (what `is_canonical` proves
    for a whole file), and only the others are read with libyaml, written and checked (`rendered`, `reads_back`),
    all together. None when the file cannot be cut into its records (see `YamlDocument._chunks`), begins with
    anything but its schema line, holds a line the round trip keeps, has most of its first records to change, or
    when a record to change is beyond this module (then the whole file takes the other ways of kb.fmt).

    The result is checked once more as a whole: yaml-rs reads as many records, and the ones written anew hold the
    values they were read with."""
    from kb.yamlfile import yaml_rs

    header = SCHEMA_HEADER.format(name=registry) + "\n"
    chunks = doc._chunks if doc.text == text and isinstance(doc.data, list) else None
    if yaml_rs is None or not chunks or text[:chunks[0][0]] != header or not _same_ruamel():
        return None
    changed: list[int] = []
    try:
        for i, ((start, end, _), part) in enumerate(zip(chunks, _records(doc.data, registry, _dates_as_text))):
            # the record's text runs from its `- ` to the line break before the next record
            if part is None or end - start != len(part) or not text.startswith(part, start - 1):
                changed.append(i)
                if i + 1 >= _RECORDS_TRIED and len(changed) > _RECORDS_CHANGED * (i + 1) // _RECORDS_TRIED:
                    return None
    except RecursionError:
        return None
    if not changed:
        return text  # each record as written, and nothing else: the header, then the records
    if _plain_body(text, registry) is None:
        return None
    found = rendered("".join(text[chunks[i][0]:chunks[i][1]] for i in changed), registry)
    if found is None or len(found[1]) != len(changed) or not reads_back(*found):
        return None
    formatted, values = found
    starts = [m.start() for m in _RECORD_START.finditer(formatted)] + [len(formatted)]
    if len(starts) != len(changed) + 1:
        return None
    anew = dict(zip(changed, (formatted[a:b] for a, b in zip(starts, starts[1:]))))
    result = header + "".join(anew.get(i) or text[start:end] for i, (start, end, _) in enumerate(chunks))
    try:
        again = yaml_rs.loads(result, parse_datetime=False)
    except Exception:
        return None
    if not isinstance(again, list) or len(again) != len(chunks):
        return None
    try:
        if not all(_same(value, again[i]) for i, value in zip(changed, values)):
            return None
    except RecursionError:
        return None
    return result


_RECORD_START = re.compile(r"^- ", re.M)


def is_canonical(text: str, registry: str, data: Any) -> bool:
    """True when `text` is exactly what this module writes for `data`, its values as yaml-rs (the fast parser of
    `kb validate`) reads them; then the round trip writes it unchanged too. yaml-rs reads a quoted '2019-02-14'
    as a date: it is compared as the text it is written as, which the comparison of the texts proves."""
    header = SCHEMA_HEADER.format(name=registry)
    if not text.startswith(header + "\n") or not _same_ruamel() or not isinstance(data, list) or not data:
        return False
    at = len(header)
    try:
        for part in _records(data, registry, _dates_as_text):
            if part is None or not text.startswith(part, at):
                return False
            at += len(part)
        return at == len(text) - 1 and text.endswith("\n")
    except RecursionError:  # nested deeper than kb's records are: the round trip says what it makes of it
        return False


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if type(value) is _date:
        return value.isoformat()
    return value
