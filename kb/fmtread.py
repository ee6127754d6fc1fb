"""Reading a plain data file for `kb.fmtfast`, and checking what it wrote.

`read` takes a file's values in one pass over libyaml's events: the events tell how each value was
written (plain or quoted, a block scalar, an anchor or a tag), which decides whether the direct writer
can write the file exactly as ruamel's round trip does; the values are built as `parse_yaml` builds
them from the same parser's nodes. `reads_back` checks a result with yaml-rs, another parser: the same
values, types included, and nothing in it but values.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from kb.yamlfile import YamlSyntaxError

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")  # an integer written so, as str(int) writes it


def reads_back(formatted: str, data: Any) -> bool:
    """The check of a result this module wrote for a file that held `data` (as `read` reads it): yaml-rs, another
    parser than libyaml, reads the same values back, types included, and libyaml finds nothing in it but values
    (every unquoted one text or an integer to ruamel: yaml-rs reads a date the same quoted or not). There is no
    comment to lose (the file had none, or this module would not have written it), and formatting it again
    writes it unchanged: the same values, written the same way. False sends the result through kb.fmt.verify,
    which says where it differs."""
    from kb.yamlfile import check_printable, yaml_rs

    if yaml_rs is None:
        return False
    first, _, body = formatted.partition("\n")
    try:
        check_printable(first)  # the comment line above the values, which the checks of `body` do not see
    except YamlSyntaxError:
        return False
    try:
        values = yaml_rs.loads(formatted, parse_datetime=False)  # dates as the text they are written as
    except Exception:
        return False
    try:
        if not _same(data, values):
            return False
    except RecursionError:
        return False
    return _holds_only_values(body)


def _same(a: Any, b: Any) -> bool:
    """`a`, values as `read` gives them (text, integers, lists and mappings with text keys), and `b` are the same,
    types included."""
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        if len(a) != len(b):
            return False
        for key, value in a.items():  # text keys: a key of `b` equal to one is text too
            if key not in b or not _same(value, b[key]):
                return False
        return True
    if kind is list:
        return len(a) == len(b) and all(map(_same, a, b))
    return (kind is str or kind is int) and a == b


def _holds_only_values(body: str) -> bool:
    """`body` holds nothing the round trip keeps beyond the values, as `read` says, without building them."""
    import yaml
    from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingStartEvent, ScalarEvent,
                             SequenceStartEvent)

    from kb.yamlfile import _Loader

    if not _printable_without_comments(body):
        return False
    plain = _PLAIN
    documents = 0
    try:
        for event in yaml.parse(body, Loader=_Loader):
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    return False
                style = event.style
                if not style:
                    text = event.value
                    value = plain.get(text)
                    if value is None:
                        value = plain[text] = _plain_value(text)
                    if value is _DECLINE:
                        return False
                elif style != "'" and style != '"':
                    return False
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    return False
            elif kind is DocumentStartEvent:
                documents += 1
                if event.explicit or event.version or event.tags or documents > 1:
                    return False
            elif kind is DocumentEndEvent and event.explicit or kind is AliasEvent:
                return False
    except yaml.YAMLError:
        return False
    return True


def _printable_without_comments(body: str) -> bool:
    """No character YAML refuses, and no comment (False too for a text libyaml cannot scan)."""
    import yaml

    from kb.fmt import _comments
    from kb.yamlfile import check_printable

    try:
        check_printable(body)
        return "#" not in body or not _comments(body)
    except (YamlSyntaxError, yaml.YAMLError):
        return False


_DECLINE = object()
_PLAIN: dict[str, Any] = {}  # a plain scalar's text: its value, or _DECLINE


def read(body: str) -> Any:
    """The values of `body` as `parse_yaml` reads them, when it holds nothing the round trip keeps beyond them; else
    None. Nothing kept: no comment, no block scalar (`>-`, `|`), anchor, alias, tag, directive or document
    marker; and every scalar written unquoted reads as text in ruamel (YAML 1.2), or is an integer written as
    `str(int)` writes it: no other numbers, dates, booleans or nulls, whose text or type the round trip keeps as
    written (a quoted '2019-02-14' is text to both, an unquoted one a date to ruamel). None too for what
    `parse_yaml` reports as a problem (a duplicate key, a key that is not a name, a placeholder, nesting deeper
    than it reads): `kb fmt` reports it.

    One pass over libyaml's events, the parser `parse_yaml` composes its nodes with, its values built as its
    builder builds them (plain scalars resolved by `plain_scalar`, keys the text they are written as); a test
    checks both agree on random and mutated files."""
    import yaml
    from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                             ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)

    from kb.yamlfile import MAX_DEPTH, _Loader

    if not _printable_without_comments(body):
        return None
    plain = _PLAIN
    containers: list = []  # the open lists and mappings, innermost last
    keys: list = []  # for each open mapping, the key read whose value comes next (or _DECLINE: a key comes next)
    root: Any = _DECLINE
    documents = 0
    try:
        for event in yaml.parse(body, Loader=_Loader):
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    return None
                text, style = event.value, event.style
                if not style:
                    value = plain.get(text)
                    if value is None:
                        value = plain[text] = _plain_value(text)
                    if value is _DECLINE:
                        return None
                elif style == "'" or style == '"':
                    value = text
                else:
                    return None  # a block scalar
                if containers and type(containers[-1]) is dict and keys[-1] is _DECLINE:
                    keys[-1] = text  # a key: the text it is written as
                    if text in containers[-1]:
                        return None  # a duplicate key
                    continue
                if type(value) is str and value.startswith("TODO:"):
                    return None
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(containers) >= MAX_DEPTH:
                    return None
                if containers and type(containers[-1]) is dict and keys[-1] is _DECLINE:
                    return None  # a list or a mapping as a key
                if kind is MappingStartEvent:
                    containers.append({})
                    keys.append(_DECLINE)
                else:
                    containers.append([])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = containers.pop()
                if kind is MappingEndEvent:
                    keys.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if event.explicit or event.version or event.tags or documents > 1:
                    return None
                continue
            elif kind is DocumentEndEvent:
                if event.explicit:
                    return None
                continue
            elif kind is StreamStartEvent or kind is StreamEndEvent:
                continue
            else:  # an alias
                return None
            if not containers:
                root = value
            elif type(containers[-1]) is list:
                containers[-1].append(value)
            else:
                containers[-1][keys[-1]] = value
                keys[-1] = _DECLINE
    except yaml.YAMLError:
        return None
    return None if root is _DECLINE else root


def _plain_value(text: str) -> Any:
    """A plain scalar's value as `parse_yaml` reads it, when ruamel reads it as text, or as an integer written as
    `str(int)` writes it; else _DECLINE."""
    import yaml
    from ruamel.yaml.nodes import ScalarNode

    from kb.yamlfile import _IMPLICIT_TAGS, plain_scalar

    global _RESOLVER, _LIBYAML_RESOLVER, _SPECIAL_FIRST
    if _RESOLVER is None:
        from kb.fmt import _yaml

        _RESOLVER, _LIBYAML_RESOLVER = _yaml().resolver, yaml.resolver.Resolver()  # the resolver of _Loader
        ruamel, libyaml = _RESOLVER.versioned_resolver, _LIBYAML_RESOLVER.yaml_implicit_resolvers
        if not (ruamel.get(None) or libyaml.get(None) or _RESOLVER.yaml_path_resolvers):
            # where the three resolvers (ruamel's, libyaml's and plain_scalar) look first: what starts otherwise
            # is text to them all
            _SPECIAL_FIRST = frozenset([*ruamel, *libyaml, *"~nNtTfF+-.0123456789"]) - {""}
    if text and _SPECIAL_FIRST is not None and text[0] not in _SPECIAL_FIRST:
        return text
    if _LIBYAML_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) not in _IMPLICIT_TAGS:
        return _DECLINE  # `=` and `<<`: parse_yaml refuses them as tags (YAML 1.1)
    tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
    value = plain_scalar(text)
    if tag == _STR and type(value) is str:
        return value
    if tag == _INT and _DECIMAL.match(text) and type(value) is int:
        return value
    return _DECLINE


_RESOLVER: Any = None
_LIBYAML_RESOLVER: Any = None
_SPECIAL_FIRST: Optional[frozenset] = None
