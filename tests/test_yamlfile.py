import pytest

from kb.yamlfile import YamlSyntaxError, parse_yaml


def test_plain_values_and_dates_keep_their_text():
    doc = parse_yaml("- {a: 1, b: 2023-11-27, c: 2023-11, d: yes, e: ~, f: 1.5}\n")
    assert doc.data == [{"a": 1, "b": "2023-11-27", "c": "2023-11", "d": True, "e": None, "f": 1.5}]
    assert doc.problems == []


def test_locate_points_at_the_value_or_the_key():
    doc = parse_yaml("- id: a\n  court: x\n  events:\n    - {date: 2023, what: y}\n")
    assert doc.locate((0, "court")) == (2, 10)
    assert doc.locate((0, "court"), key=True) == (2, 3)
    assert doc.locate((0, "events", 0, "what")) == (4, 26)
    assert doc.locate((0, "missing")) == (1, 3)  # the record that lacks it


def test_duplicate_keys_are_reported_with_both_lines():
    doc = parse_yaml("- id: a\n  id: b\n")
    assert [(p.line, p.col) for p in doc.problems] == [(2, 3)]
    assert "duplicate key 'id' (first given on line 1)" in doc.problems[0].message
    assert doc.data == [{"id": "a"}]


@pytest.mark.parametrize("text", ["- !!python/object:os.system x\n", "- !custom x\n", "- !!binary aGk=\n"])
def test_tags_are_refused(text):
    doc = parse_yaml(text)
    assert len(doc.problems) == 1 and "tag" in doc.problems[0].message
    assert doc.data == [None]


def test_aliases_and_merge_keys_are_refused():
    doc = parse_yaml("- &a {x: 1}\n- *a\n- {<<: *a, y: 2}\n")
    messages = [p.message for p in doc.problems]
    assert any("aliases" in m for m in messages)
    assert any("merge keys" in m for m in messages)


def test_billion_laughs_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    doc = parse_yaml("\n".join(lines) + "\n")
    assert doc.problems  # refused, not expanded to 10**10 items
    assert all(v is None or len(v) <= 10 for v in doc.data.values())


@pytest.mark.parametrize(
    "text, line, col, words",
    [
        ("- id: a\n\t- b\n", 2, 1, "tab"),
        ("- id: 'unclosed\n", 2, 1, "quoted scalar"),
        ("- [a, b\n", 2, 1, "flow sequence"),
        ("- a\n---\n- b\n", 2, 1, "single document"),
    ],
)
def test_syntax_errors_carry_line_and_column(text, line, col, words):
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml(text)
    problem = info.value.problem
    assert (problem.line, problem.col) == (line, col)
    assert words in problem.message


def test_tab_error_has_a_hint():
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml("- id: a\n\t- b\n")
    assert "spaces" in info.value.problem.hint


def test_empty_text_has_no_data():
    assert parse_yaml("").data is None
    assert parse_yaml("# only a comment\n").data is None
