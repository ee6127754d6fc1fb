import pytest

from kb.yamlfile import YamlSyntaxError, load_yaml, parse_yaml


def test_plain_values_follow_yaml_1_2_and_dates_keep_their_text():
    doc = parse_yaml("- {a: 1, b: 2023-11-27, c: 2023-11, d: yes, e: ~, f: 1.5, g: true, h: no, i: 'true'}\n")
    assert doc.data == [{"a": 1, "b": "2023-11-27", "c": "2023-11", "d": "yes", "e": None, "f": 1.5, "g": True,
                         "h": "no", "i": "true"}]
    assert doc.problems == []


TRICKY = ["1_000", "0b101", "+12", "012", "0o17", "0x1F", "1e3", "1.5e-3", ".5", "5.", "-.inf", ".NaN", "NULL", "~",
          "True", "yes", "on", "off", "2023-11", "12:30", "0.1_2", "1,000", "1.0.0", "-0", "+0.5", "1e", "inf",
          "'quoted'", '"2023"', "null"]


@pytest.mark.parametrize("scalar", TRICKY)
def test_fast_and_precise_paths_read_every_scalar_alike(scalar):
    import datetime as dt
    import math

    def date_as_text(value):  # the fast parser's dates are the precise path's text
        return value.isoformat() if isinstance(value, dt.date) else value

    from kb.yamlfile import load_yaml

    fast = load_yaml(f"- {scalar}\n")
    assert fast.root is None  # really the fast path
    a, b = date_as_text(fast.data[0]), parse_yaml(f"- {scalar}\n").data[0]
    assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)), (a, b)


def test_fast_path_locates_a_record_precisely_on_demand():
    from kb.yamlfile import load_yaml

    text = "# header\n- id: a\n  title: x\n- id: b\n  title: y\n  court: z\n"
    doc = load_yaml(text)
    assert doc.root is None
    assert doc.locate((1, "court")) == (6, 10)
    assert doc.locate((1, "court"), key=True) == (6, 3)
    assert doc.locate((0, "title")) == (3, 10)


@pytest.mark.parametrize("text", ["- &a {x: 1}\n- *a\n", "- !!binary aGk=\n", "- {<<: {a: 1}}\n",
                                  "- title: 'TODO: fill in'\n", "- a: 1\n  a: 2\n", "a: 1\n"])
def test_what_the_fast_parser_would_accept_silently_takes_the_precise_path(text):
    from kb.yamlfile import load_yaml

    doc = load_yaml(text)
    assert doc.root is not None


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


@pytest.mark.parametrize("text, words", [
    ('- {"id":&i x, "name":*i}\n', "anchors and aliases"),
    ('- {"id": x, "note":!!binary aGk=}\n', "the YAML tag '!!binary' is not allowed"),
    ('- {"id": x, "name":!!str 12}\n', "the YAML tag '!!str' is not allowed"),
    ("- id: a\n  name: !!str 12\n", "the YAML tag '!!str' is not allowed"),
    ("- id: a\n---\n- id: b\n", "expected a single document"),
    ("- id: a\n...\n---\n- id: b\n", "expected a single document"),
])
def test_the_fast_path_never_reads_what_the_precise_path_refuses(text, words):
    from kb.yamlfile import _needs_precise

    assert _needs_precise(text)
    try:
        problems = [p.message for p in load_yaml(text).problems]
    except YamlSyntaxError as exc:
        problems = [exc.problem.message]
    assert any(words in p for p in problems), problems


def test_a_lone_carriage_return_is_refused_where_it_is():
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("- id: a\n  name: x\r  note: y\n")
    assert (caught.value.problem.line, caught.value.problem.col) == (2, 10)
    assert load_yaml("- id: a\r\n  name: x\r\n").data == [{"id": "a", "name": "x"}]  # CRLF is a line end


def test_a_long_file_is_read_piece_by_piece_with_the_same_values(monkeypatch):
    import yaml_rs

    from kb import yamlfile

    monkeypatch.setattr(yamlfile, "FAST_PIECEWISE_FROM", 0)
    monkeypatch.setattr(yamlfile, "FAST_PIECE", 2)
    pieces = []
    monkeypatch.setattr(yamlfile.yaml_rs, "loads", lambda text, loads=yaml_rs.loads: pieces.append(text) or loads(text))
    text = "# header\n" + "".join(f'- id: r{i}\n  note: "a\n    b"\n  list:\n    - {{x: {i}}}\n    - y\n' for i in range(7))
    doc = load_yaml(text)
    assert len(pieces) == 4 and "".join(pieces) == text  # 2 + 2 + 2 + 1 records, nothing lost
    assert doc.root is None and doc.data == yaml_rs.loads(text)
    assert doc.data[6] == {"id": "r6", "note": "a b", "list": [{"x": 6}, "y"]}
    assert doc.locate((5, "list", 0, "x")) == (36, 11)  # located in the file's own lines


def test_a_piece_that_is_not_its_records_sends_the_whole_text_to_the_parser(monkeypatch):
    from kb import yamlfile

    monkeypatch.setattr(yamlfile, "FAST_PIECEWISE_FROM", 0)
    monkeypatch.setattr(yamlfile, "FAST_PIECE", 2)
    text = "key:\n" + "".join(f"- item{i}\n" for i in range(7))  # a mapping, not a list of records
    assert yamlfile._fast_parse(text) == {"key": [f"item{i}" for i in range(7)]}
    broken = "".join(f"- id: r{i}\n" for i in range(4)) + '- id: "r4\n' + "".join(f"- id: r{i}\n" for i in range(5, 7))
    with pytest.raises(Exception):
        yamlfile._fast_parse(broken)
    with pytest.raises(YamlSyntaxError) as error:  # the precise path says what is wrong, and where
        load_yaml(broken)
    assert error.value.problem.line == 8  # the end of the text, where the quote is still open


@pytest.mark.parametrize("text", ["- a\n- b\n", "-\n-\t1\n--- x\n -  no\n-x\n- ", "a\n-\r\n-\r- c\r\n-", "", "-", "\n-",
                                  "- a\n  - nested\n-b\n- {x: 1}\n"])
def test_record_spans_start_at_each_dash_at_the_left_margin_before_a_space_a_tab_or_the_line_end(text):
    import re

    from kb.yamlfile import record_spans

    starts = [start for start, _, _ in record_spans(text)]
    assert starts == [m.start() for m in re.finditer(r"^-(?=[ \t]|\r?$)", text, re.M)]
