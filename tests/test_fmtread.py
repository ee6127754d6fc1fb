"""kb.fmtread reads a plain data file in one pass over libyaml's events as parse_yaml reads it, declines what the
round trip keeps beyond the values, and checks a result with yaml-rs."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import kb.fmt
from kb import fmtfast, fmtread
from kb.yamlfile import parse_yaml
from test_fmtfast import PLAIN_SCALARS, files, generated  # noqa: F401 (a fixture)
from test_properties import SETTINGS, mutated


@settings(max_examples=600, deadline=None)
@given(value=PLAIN_SCALARS)
def test_a_plain_scalars_value_is_read_as_parse_yaml_reads_it_or_declined(value):
    """Its value as parse_yaml reads it when ruamel reads text or an integer written as str(int) writes it; else
    declined (what the round trip keeps as written, or what parse_yaml refuses)."""
    from ruamel.yaml.nodes import ScalarNode

    from kb.yamlfile import _IMPLICIT_TAGS, plain_scalar

    tag = kb.fmt._yaml().resolver.resolve(ScalarNode, value, (True, False))
    libyaml_tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    value_read = plain_scalar(value)
    if libyaml_tag not in _IMPLICIT_TAGS:
        expected = fmtread._DECLINE
    elif tag == "tag:yaml.org,2002:str" and type(value_read) is str:
        expected = value_read
    elif tag == "tag:yaml.org,2002:int" and fmtread._DECIMAL.match(value) and type(value_read) is int:
        expected = value_read
    else:
        expected = fmtread._DECLINE
    found = fmtread._plain_value(value)
    assert found is expected if expected is fmtread._DECLINE else (type(found) is type(expected) and found == expected)


def only_values_by_tokens(body):
    """What kb.fmtfast asked before it read libyaml's events: libyaml's tokens hold nothing the round trip keeps
    beyond the values, and parse_yaml reads them without a problem."""
    from ruamel.yaml.nodes import ScalarNode

    resolver = kb.fmt._yaml().resolver
    loader = yaml.CSafeLoader
    try:
        for token in yaml.scan(body, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                if token.plain:
                    tag = resolver.resolve(ScalarNode, token.value, (True, False))
                    if tag != "tag:yaml.org,2002:str" and not (tag == "tag:yaml.org,2002:int"
                                                                and fmtread._DECIMAL.match(token.value)):
                        return None
                elif token.style not in ("'", '"'):
                    return None
            elif isinstance(token, (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken, yaml.DirectiveToken,
                                    yaml.DocumentStartToken, yaml.DocumentEndToken)):
                return None
        if "#" in body and kb.fmt._comments(body):
            return None
        doc = parse_yaml(body)
    except (yaml.YAMLError, Exception):
        return None
    if doc.problems or doc.data is None:
        return None
    return doc


def holds_null(value):
    if isinstance(value, dict):
        return any(map(holds_null, value.values()))
    if isinstance(value, list):
        return any(map(holds_null, value))
    return value is None


def read_both_ways(text):
    """libyaml's events read as kb.fmtfast reads them give what the tokens and parse_yaml give; an empty value
    (a null, which the writer declines) is declined at once."""
    doc = only_values_by_tokens(text)
    found = fmtread.read(text)
    if doc is None or holds_null(doc.data):
        assert found is None, text[:2000]
    else:
        assert found is not None and kb.fmt._data_difference(doc.data, found, ()) is None, text[:2000]
        assert repr(found) == repr(doc.data)  # key order and types too
    return found


@settings(max_examples=300, deadline=None)
@given(text=files())
def test_the_events_read_the_values_parse_yaml_reads(text):
    read_both_ways(text)


@SETTINGS
@given(data=st.data())
def test_the_events_read_the_values_parse_yaml_reads_in_mutated_records(generated, data):
    read_both_ways(data.draw(mutated(generated)))


@pytest.mark.parametrize("body, why", [
    ("- id: a\n  name: A\n  name: B\n", "a duplicate key"), ("- id: a\n  note: TODO: x\n", "a placeholder"),
    ("- id: a\n  note: &x A\n  other: *x\n", "an anchor"), ("- id: a\n  note: !!str A\n", "a tag"),
    ("- id: a\n  <<: {b: c}\n", "a merge key"), ("- id: a\n  =: b\n", "a YAML 1.1 value key"),
    ("- id: a\n  ? [b]\n  : c\n", "a list as a key"), ("- id: a\n  note: |\n    A\n", "a block scalar"),
    ("- id: a\n  note: 2019-02-14\n", "a date"), ("- id: a\n  note: 0x1F\n", "a number not as str(int) writes it"),
    ("- id: a # x\n", "a comment"), ("--- \n- id: a\n", "a document marker"), ("- id: a\n...\n", "a document end"),
    ("- a\n--- \n- b\n", "two documents"), ("- id: a\n  note: \x1b\n", "a control character"),
    ("- " * 70 + "x\n", "nesting deeper than parse_yaml reads"), ("- id: a\n  note: [\n", "not YAML"),
])
def test_what_the_round_trip_keeps_or_parse_yaml_refuses_is_declined(body, why):
    assert fmtread.read(body) is None, why
    assert fmtread.read("- id: a\n  note: '2019-02-14'\n  n: 12\n") == [{"id": "a", "note": "2019-02-14", "n": 12}]


def test_the_check_of_a_result_refuses_a_changed_value_an_unquoted_date_a_comment_or_an_anchor(generated):
    """reads_back compares yaml-rs's values of the result (dates as text) with the values read, and reads the
    result's events: a date or a number written unquoted where text was, a value changed, a key lost, a comment or
    an anchor in the result, each is refused."""
    formatted, data = fmtfast.rendered(generated, "cases")
    assert fmtread.reads_back(formatted, data)
    quoted_date = next(line for line in formatted.splitlines() if line.endswith("'") and ": '20" in line)
    for old, new in ((quoted_date, quoted_date.replace("'", "")), ("kind: lawsuit", "kind: ruling"),
                     ("kind: lawsuit", "kind: 'lawsuit'  # a comment"), ("kind: lawsuit", "kind: &a lawsuit"),
                     ("kind: lawsuit", "kind: lawsuit\n  extra: x"), ("  kind: lawsuit\n", "")):
        assert old in formatted, old
        assert not fmtread.reads_back(formatted.replace(old, new, 1), data), new
    assert fmtread.reads_back(formatted.replace("kind: lawsuit", "kind: 'lawsuit'"), data)  # the same values


@SETTINGS
@given(data=st.data())
def test_a_result_changed_at_random_passes_the_check_only_when_it_holds_the_same_values(generated, data):
    formatted, values = fmtfast.rendered(generated, "cases")
    changed = data.draw(mutated(formatted))
    if fmtread.reads_back(changed, values):
        assert only_values_by_tokens(changed.split("\n", 1)[1]) is not None
        assert kb.fmt._data_difference(values, parse_yaml(changed).data, ()) is None


def test_a_result_whose_comment_line_holds_a_character_yaml_refuses_is_refused(generated):
    """The line above the values is a comment both parsers skip: the check reads it for what YAML refuses too."""
    formatted, values = fmtfast.rendered(generated, "cases")
    assert fmtread.reads_back(formatted, values)
    header, rest = formatted.split("\n", 1)
    assert not fmtread.reads_back(header + "\x1b[2J\n" + rest, values)
