"""Reading YAML data files: plain values out, every node's position kept for error messages.

This is the one place that knows which YAML parser kb uses. It parses with PyYAML's C
composer (libyaml), which keeps each node's line and column, and turns the node tree into
plain Python values itself, so that it can refuse what a data file must not contain:
duplicate keys, tags such as `!!python/object`, anchors and aliases (no "billion laughs"),
merge keys. Scalars keep YAML's core types, except that dates stay the text they were
written as, so `2023-11` and `2023-11-27` keep their precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

_T = "tag:yaml.org,2002:"
_SCALARS = {
    _T + "str": lambda node: node.value,
    _T + "timestamp": lambda node: node.value,
    _T + "int": _constructor.construct_yaml_int,
    _T + "float": _constructor.construct_yaml_float,
    _T + "bool": _constructor.construct_yaml_bool,
    _T + "null": lambda node: None,
}
MAX_DEPTH = 64


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


@dataclass
class YamlDocument:
    """The plain data of one file and its node tree, to point back at where a value was written."""

    data: Any
    root: Optional[Node]
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path` (keys and list indexes), or of its key if `key`.

        When the path leads to a value that is not there (a missing field), the position of
        the deepest node that is there: the record that lacks the field.
        """
        node = self.root
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
        return _position(node)


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse_yaml(text: str) -> YamlDocument:
    """Parse `text` into plain data; raise YamlSyntaxError if it is not readable YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        hint = "indent with spaces; YAML does not allow tabs" if "tab" in message.lower() or "'\\t'" in message else None
        raise YamlSyntaxError(Problem(line, col, message, hint)) from None
    except yaml.YAMLError as exc:  # unmarked reader errors, e.g. a control character
        raise YamlSyntaxError(Problem(1, 1, str(exc).splitlines()[0])) from None
    except RecursionError:
        raise YamlSyntaxError(Problem(1, 1, "the YAML is nested too deeply to read")) from None
    doc = YamlDocument(data=None, root=root)
    if root is not None:
        doc.data = _Builder(doc.problems).build(root, 0)
    return doc


class _Builder:
    """Turns a node tree into plain values, collecting problems instead of stopping at the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.seen: set[int] = set()

    def problem(self, node: Node, message: str, hint: Optional[str] = None) -> None:
        self.problems.append(Problem(*_position(node), message, hint))

    def build(self, node: Node, depth: int) -> Any:
        if id(node) in self.seen:
            self.problem(node, "anchors and aliases (&name, *name) are not allowed", "write the value out in full")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, f"values are nested more than {MAX_DEPTH} levels deep")
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
        construct = _SCALARS.get(node.tag)
        if construct is None:
            self.bad_tag(node)
            return None
        if node.tag == _T + "str" and node.value.startswith("TODO:"):
            self.problem(node, "this placeholder still needs a value", "replace it with a fact from a listed source")
        try:
            return construct(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            self.problem(node, f"cannot read the value {node.value!r}")
            return None

    def bad_tag(self, node: Node) -> None:
        tag = node.tag.replace(_T, "!!")
        self.problem(
            node,
            f"the YAML tag '{tag}' is not allowed",
            "kb data holds only text, numbers, lists and mappings; remove the tag",
        )

    def mapping(self, node: MappingNode, depth: int) -> dict:
        result: dict = {}
        first_seen: dict[str, ScalarNode] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _T + "merge":
                self.problem(key_node, "merge keys (<<) are not allowed", "write the fields out in full")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (_T + "str", _T + "int", _T + "bool"):
                self.problem(key_node, "a key must be a plain name")
                continue
            key = key_node.value
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self.problem(key_node, f"duplicate key '{key}' (first given on line {line})", "keep only one of them")
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, depth + 1)
        return result
