"""Canonical YAML for the data files, so that pull requests differ only where the facts do.

`kb fmt` rewrites a data file with keys in the order the models declare them, block style
throughout (one value per line diffs best) except for the small pairs that read best on one line
(a case's parties, `{party: li, role: plaintiff}`, its related cases and a ruling's damages),
quotes only where YAML needs them, two-space indentation, and the `yaml-language-server` schema
line on top. It uses ruamel.yaml's round-trip mode, which keeps comments and the text of every
value as written (a date stays `2023-11`, a folded paragraph keeps its line breaks).

A formatter must never change data, so every result is checked before it is written: the new
text must parse to exactly the same values (same types too: `1` is not `1.0`, `"1"` is not `1`),
hold every comment of the old text, and be its own canonical form (formatting twice changes
nothing). If any of that fails, the file is left alone and the place is reported.

A file that is not valid YAML is left untouched and reported, like `kb validate` would.

The round trip is slow (pure Python, every token kept): a file that holds nothing but values is
written by `kb.fmtfast` instead, byte for byte as the round trip writes it, and a canonical one is
recognised from the values yaml-rs reads, as fast as `kb validate` reads it; in a file that is not,
only the records that are not canonical are written anew and checked.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from kb import fmtfast, fmtread, loading
from kb.files import FileRefused, FileTooLarge, read_regular, write_atomically
from kb.findings import Finding
from kb.loading import SCHEMA_HEADER, display_path
from kb.models import REGISTRIES, VOCABULARIES, CaseParty, Damages, Record, Relation, fields_of
from kb.yamlfile import YamlDocument, YamlSyntaxError, load_yaml, parse_yaml, plain_scalar

WIDTH = 100
# Small mappings written on one line, as `{party: li, role: plaintiff}`.
COMPACT: tuple[type[Record], ...] = (CaseParty, Relation, Damages)
_HEADER_PREFIX = "# yaml-language-server:"


@dataclass(frozen=True)
class FormatResult:
    path: Path
    changed: bool
    findings: tuple[Finding, ...] = ()


class FormatRefused(Exception):
    """Formatting would change data or lose a comment at (line, col) of the original text."""

    def __init__(self, line: int, col: int, message: str, hint: Optional[str] = None):
        super().__init__(message)
        self.line, self.col, self.message, self.hint = line, col, message, hint


_T = "tag:yaml.org,2002:"


class _Verbatim(str):
    """A number as written, with its tag."""

    tag = _T + "str"


def _construct_verbatim(constructor: Any, node: Any) -> _Verbatim:
    value = _Verbatim(node.value)
    value.tag = node.tag
    return value


def _represent_verbatim(representer: Any, value: _Verbatim) -> Any:
    return representer.represent_scalar(value.tag, str(value), style="")


def _yaml():
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import RoundTripEmitter

    class Emitter(RoundTripEmitter):
        # ruamel folds long double-quoted text at a space and can insert a space after an
        # escape (`\t`, `\\`) where it folds: text with escapes stays on one line.
        def write_double_quoted(self, text: Any, split: Any = True) -> None:
            escapes = '"' in text or "\\" in text or not text.isprintable()
            super().write_double_quoted(text, split=split and not escapes)

    yaml = YAML()  # round-trip: comments and scalar styles survive
    yaml.Emitter = Emitter
    # Numbers keep the text they were written as: ruamel rewrites some (`1_000.5` as `01000.5`,
    # long exponents rounded), which would change the value.
    for tag in ("int", "float"):
        yaml.constructor.add_constructor(_T + tag, _construct_verbatim)
    yaml.representer.add_representer(_Verbatim, _represent_verbatim)
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = WIDTH
    yaml.allow_unicode = True
    return yaml


def _canonical(node: Any, model: Optional[type[Record]]) -> None:
    """Order keys as the model declares them (unknown keys last, as written); block style except
    for compact pairs."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedSeq):
        node.fa.set_block_style()
        for item in node:
            _canonical(item, model)
        return
    if not isinstance(node, CommentedMap):
        return
    specs = {s.name: s for s in fields_of(model)} if model else {}
    for key in [k for k in specs if k in node] + [k for k in node if k not in specs]:
        node.move_to_end(key)
    if model in COMPACT and not node.ca.items and _fits_on_a_line(node):
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()
    for key, value in node.items():
        spec = specs.get(key)
        if isinstance(value, str) and not isinstance(value, _Verbatim) and _not_text_in_yaml11(value):
            node[key] = _quoted(value)
        _canonical(value, spec.model if spec else None)


# Text that a YAML 1.1 reader (PyYAML, many tools) takes for true, false or null when unquoted:
# `answer: "no"` must stay quoted, or the answer "no" turns into false on the way.
# Numbers too: `'1:20'` unquoted is 80 to them (base 60), `'0x1F'`, `'1_000'` and `'012'` numbers.
# Dates are left alone: kb writes them unquoted, as text.
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_YAML11_NOT_TEXT = {"tag:yaml.org,2002:" + t for t in ("bool", "int", "float", "null")}


def _not_text_in_yaml11(value: str) -> bool:
    """Text that a YAML 1.1 reader takes for something else when unquoted, and that ruamel (YAML 1.2) would
    write unquoted (what 1.2 reads as a number it quotes itself)."""
    if value.lower() in _YAML11_WORDS:
        return True
    if not value or value[0] not in "+-.0123456789" or not isinstance(plain_scalar(value), str):
        return False  # a YAML 1.1 number starts with one of these
    import yaml

    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False)) in _YAML11_NOT_TEXT


def _quoted(value: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value)


def _fits_on_a_line(node: Any) -> bool:
    values = list(node.values())
    if not all(isinstance(v, (str, int, float)) and "\n" not in str(v) for v in values):
        return False
    return sum(len(str(k)) + len(str(v)) + 4 for k, v in node.items()) + 8 <= WIDTH


def _render(text: str, registry: str) -> str:
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel reads a few texts that libyaml reads differently; and it has bugs
        raise _refusal(exc, "read") from None
    _canonical(data, {**REGISTRIES, **VOCABULARIES}[registry])
    out = io.StringIO()
    try:
        yaml.dump(data, out)
    except Exception as exc:
        raise _refusal(exc, "write") from None
    lines = out.getvalue().splitlines()
    header = SCHEMA_HEADER.format(name=registry)
    if not lines or lines[0] != header:
        lines = [header] + [line for line in lines if not line.startswith(_HEADER_PREFIX)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _refusal(exc: Exception, step: str) -> FormatRefused:
    """Any failure of the round-trip YAML library, as a located refusal instead of a traceback."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if getattr(exc, "context", None) and getattr(exc, "problem", None):
        problem = f"{exc.problem} ({exc.context})"
    return FormatRefused(line, col, f"kb cannot format this file: the formatter's YAML library could not {step} it "
                         f"here ({problem}); the file is left as it is",
                         "replace the tab with spaces" if "'\\t'" in problem else
                         "`kb validate` checks the file; format this part by hand")


def format_text(text: str, registry: str, doc: Optional[YamlDocument] = None) -> str:
    """The canonical form of a data file's text; FormatRefused if it would not hold the same data and comments.

    `doc`: `text` as `parse_yaml` reads it, if already read. A plain file is written by `kb.fmtfast`, byte for
    byte as the round trip writes it and much faster; any other file through the round trip.
    """
    return _format_text(text, registry, doc, fmtfast.rendered(text, registry))


def _format_text(text: str, registry: str, doc: Optional[YamlDocument], fast: Optional[tuple[str, Any]]) -> str:
    """format_text, with what `fmtfast.rendered` made of `text` (None: it declined)."""
    formatted = fast[0] if fast is not None else _render(text, registry)
    if formatted == text:
        return text
    if fast is not None and fmtread.reads_back(*fast):
        return formatted
    after = verify(text, formatted, doc)
    try:
        again = fmtfast.render(formatted, registry)
        if again is None:
            again = _render(formatted, registry)
    except FormatRefused as exc:  # a place in the formatted text, not in the file
        raise FormatRefused(1, 1, "kb cannot format this file stably (its output does not read back, near line "
                            f"{exc.line} of the formatted text)", "format the records near there by hand") from None
    if again != formatted:
        line = _first_difference(formatted, again)
        raise FormatRefused(1, 1, f"kb cannot format this file stably (its output changes again near line {line} "
                            "of the formatted text)", "format the records near there by hand")
    return formatted


# -- checking a result --------------------------------------------------------------------------
def verify(old: str, new: str, before: Optional[YamlDocument] = None) -> YamlDocument:
    """Raise FormatRefused unless `new` holds exactly the values and the comments of `old`; else `new` as read.
    `before`: `old` as `parse_yaml` reads it, if already read."""
    if before is None:
        before = parse_yaml(old)
    try:
        after = parse_yaml(new)
    except YamlSyntaxError as exc:
        raise FormatRefused(1, 1, "kb cannot format this file: its output would not read back as YAML (near line "
                            f"{exc.problem.line} of the formatted text)",
                            "format the records near there by hand") from None
    path = _data_difference(before.data, after.data, ())
    if path is not None:
        line, col = before.locate(path) if before.root is not None else (1, 1)
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "the file"
        raise FormatRefused(line, col, f"formatting would change the value at {where}; the file is left as it is",
                            "write this value in another style (for example quoted)")
    old_comments, new_comments = _comments(old), _comments(new)
    lost = Counter(c for _, _, c in old_comments) - Counter(c for _, _, c in new_comments)
    if lost:
        line, col, comment = next(c for c in old_comments if c[2] in lost)
        raise FormatRefused(line, col, f"formatting would lose the comment {comment!r}; the file is left as it is",
                            "move the comment onto a line of its own, outside of {...} and [...]")
    return after


def _same_scalar(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def _data_difference(a: Any, b: Any, path: tuple) -> Optional[tuple]:
    """The path of the first place where `a` and `b` differ (types included), or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key not in b:
                return (*path, key)
            found = _data_difference(a[key], b[key], (*path, key))
            if found is not None:
                return found
        extra = [k for k in b if k not in a]
        return (*path, extra[0]) if extra else None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            found = _data_difference(x, y, (*path, i))
            if found is not None:
                return found
        return None if len(a) == len(b) else (*path, min(len(a), len(b)))
    return None if _same_scalar(a, b) else path


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[^\n]*", re.M)
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]+(#[^\n]*)")


def _comments(text: str) -> list[tuple[int, int, str]]:
    """Every comment in `text` as (line, col, text without trailing blanks), the schema line excluded."""
    if "#" not in (text.split("\n", 1)[1] if text.startswith(_HEADER_PREFIX) and "\n" in text else text):
        return []  # none, or only the schema line
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(mark) -> int:
        return starts[mark.line] + mark.column if mark.line < len(starts) else len(text)

    masked = list(text)
    found = []
    for token in yaml.scan(text, Loader=loader):
        if type(token).__name__ != "ScalarToken":
            continue
        start, end = offset(token.start_mark), offset(token.end_mark)
        if token.style in ("|", ">"):
            header = _BLOCK_HEADER.match(text, start)
            if header:
                found.append((start + header.start(1) - start, header.group(1)))
        for i in range(start, end):
            if masked[i] != "\n":
                masked[i] = "x"
    masked_text = "".join(masked)
    found += [(m.start(), text[m.start():m.end()]) for m in _COMMENT.finditer(masked_text)]
    result = []
    for pos, comment in found:
        comment = comment.rstrip()
        if comment.startswith(_HEADER_PREFIX):
            continue
        line = text.count("\n", 0, pos)
        result.append((line + 1, pos - starts[line] + 1, comment))
    return sorted(result)


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), start=1):
        if x != y:
            return i
    return min(a.count("\n"), b.count("\n")) + 1


_UNTRIED = object()


# -- files ----------------------------------------------------------------------------------------
def format_file(path: Path, *, check: bool) -> FormatResult:
    """Format one data file in place (or only report, with `check`)."""
    registry = path.stem
    file = display_path(path)
    fast: Any = _UNTRIED
    if registry not in REGISTRIES and registry not in VOCABULARIES:
        return FormatResult(path, False, (Finding(file, 1, 1, f"not a kb data file (expected one of: "
                                                  f"{', '.join(f'{r}.yaml' for r in (*REGISTRIES, *VOCABULARIES))})"),))
    try:
        # as it is: a BOM or CRLF line endings count as changes; the size limit of `kb validate` (KB_MAX_FILE_MB)
        text = read_regular(path, loading.MAX_FILE_BYTES, within=path.parent).decode("utf-8")
        source = text.removeprefix("\ufeff").replace("\r\n", "\n")
        doc = load_yaml(text.removeprefix("\ufeff"))  # as `kb validate` reads it: with yaml-rs where that is safe
        if doc.root is None:  # read by yaml-rs, which keeps no trace of quotes
            # record by record: the canonical ones recognised from yaml-rs's values, the others written anew
            by_record = fmtfast.format_by_record(text.removeprefix("\ufeff"), registry, doc)
            if by_record is not None:
                fast = (by_record, None)
            elif fmtfast.is_canonical(text, registry, doc.data):
                return FormatResult(path, False)  # what kb.fmtfast writes, and so what the round trip writes
            else:
                # a file that holds only values: kb.fmtfast reads it (libyaml, quotes included), writes it, and
                # yaml-rs reads the result back; any other file is read precisely, for its problems and places
                fast = fmtfast.rendered(source, registry)
                if fast is None or not fmtread.reads_back(*fast):
                    doc = parse_yaml(text.removeprefix("\ufeff"))
    except FileTooLarge:
        limit = loading.MAX_FILE_BYTES // 2**20
        return FormatResult(path, False, (Finding(file, 1, 1, f"the file is larger than {limit} MiB; kb reads files "
                                                  f"of at most {limit} MiB", "split the data or raise KB_MAX_FILE_MB"),))
    except FileRefused as exc:
        return FormatResult(path, False, (Finding(file, 1, 1, f"cannot read the file: {exc}"),))
    except (OSError, UnicodeDecodeError) as exc:
        return FormatResult(path, False, (Finding(file, 1, 1, f"cannot read the file: {exc}"),))
    except YamlSyntaxError as exc:
        p = exc.problem
        return FormatResult(path, False, (Finding.of(file, p.line, p.col, p.message, p.hint),))
    if doc.problems:  # duplicate keys, tags, aliases: formatting could silently drop data
        return FormatResult(path, False, tuple(Finding.of(file, p.line, p.col, p.message, p.hint)
                                               for p in doc.problems))
    if doc.data is None:
        return FormatResult(path, False)
    if doc.root is None:  # written by kb.fmtfast and checked (or unchanged): `fast` holds its result
        formatted = fast[0]
    else:
        try:
            same = source == text.removeprefix("\ufeff")  # no CRLF: the values read above are those of `source`
            formatted = _format_text(source, registry, doc if same else None,
                                     fast if fast is not _UNTRIED else fmtfast.rendered(source, registry))
        except FormatRefused as exc:
            return FormatResult(path, False, (Finding(file, exc.line, exc.col, exc.message, exc.hint),))
    changed = formatted != text
    if changed and not check:
        try:
            write_atomically(path, formatted, own_file=True)
        except (OSError, FileRefused) as exc:
            return FormatResult(path, False, (Finding(file, 1, 1, f"cannot write the file: {exc}"),))
    return FormatResult(path, changed)
