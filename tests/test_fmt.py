import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import write_data
from kb.fmt import format_file, format_text
from kb.yamlfile import parse_yaml

MESSY = """\
# A comment on top that must survive.
- status: pending   # trailing comment stays with its key
  title: 'A case'
  id: c1
  sources: [{publisher: P, id: s1, title: "T", url: "https://example.org/a"}]
  jurisdiction: CN
  kind: lawsuit
  parties: [{role: plaintiff, party: li}]
  summary: >-
    A folded paragraph keeps
    its line breaks.
"""


def test_keys_follow_the_model_and_flow_style_becomes_block():
    out = format_text(MESSY, "cases")
    assert out.splitlines()[:2] == ["# yaml-language-server: $schema=../schemas/cases.schema.json",
                                    "# A comment on top that must survive."]
    keys = [line.split(":")[0].strip("- ") for line in out.splitlines() if line.startswith(("- ", "  ")) and
            not line.startswith("    ") and ":" in line]
    assert keys[:6] == ["id", "title", "kind", "jurisdiction", "status", "parties"]
    assert "  - {party: li, role: plaintiff}\n" in out  # the compact style the README shows
    assert "  - id: s1\n    url: https://example.org/a\n    title: T\n    publisher: P\n" in out


def test_comments_quotes_and_folded_text_are_kept_or_made_consistent():
    out = format_text(MESSY, "cases")
    assert "status: pending   # trailing comment stays with its key" in out
    assert "title: A case" in out  # quotes only where YAML needs them
    assert "summary: >-\n    A folded paragraph keeps\n    its line breaks.\n" in out


def test_formatting_is_idempotent():
    once = format_text(MESSY, "cases")
    assert format_text(once, "cases") == once


def test_values_are_unchanged(tmp_path):
    import yaml

    out = format_text(MESSY, "cases")
    assert yaml.safe_load(out) == yaml.safe_load(MESSY)


def test_format_file_and_check(tmp_path):
    data = write_data(tmp_path / "d", cases=MESSY)
    path = data / "cases.yaml"
    assert format_file(path, check=True).changed
    assert path.read_text(encoding="utf-8") == MESSY  # --check writes nothing
    assert format_file(path, check=False).changed
    assert not format_file(path, check=True).changed


@pytest.mark.parametrize("text, words", [("- id: a\n  id: b\n", "duplicate key"), ("- id: 'x\n", "quoted scalar"),
                                         ("- &a {x: 1}\n- *a\n", "aliases"),
                                         ("- id: a\n  name: x\r  note: y\n", "carriage return (CR)")])
def test_broken_files_are_reported_and_left_alone(tmp_path, text, words):
    path = write_data(tmp_path / "d", cases=text) / "cases.yaml"
    result = format_file(path, check=False)
    assert not result.changed and words in result.findings[0].message
    assert path.read_bytes() == text.encode("utf-8")


def test_cli_fmt(run, data_dir):
    first = run("fmt", "--check")
    assert first.exit_code == 1 and "would reformat" in first.stderr
    assert run("fmt").exit_code == 0
    again = run("fmt", "--check")
    assert again.exit_code == 0 and "already canonical" in again.stderr
    (data_dir / "cases.yaml").write_text("- id: 'x\n", encoding="utf-8")
    broken = run("fmt")
    assert broken.exit_code == 1 and "cases.yaml:2:1" in broken.stderr


def test_shipped_data_is_canonical():
    data = Path(__file__).resolve().parent.parent / "data"
    assert [p.name for p in sorted(data.glob("*.yaml")) if format_file(p, check=True).changed] == []


# -- formatting never changes data or loses a comment ---------------------------------------------
LONG = "word " * 25


@pytest.mark.parametrize("value", [rf'"{LONG}\\ then\t{LONG}"', rf'"{LONG}\ttab and\\{LONG}x\\ "',
                                   rf'"{LONG}\e[31m {LONG}\u202e"'])
def test_long_double_quoted_text_with_escapes_keeps_its_value(value):
    text = f"- id: c1\n  title: {value}\n"
    out = format_text(text, "cases")
    assert yaml.safe_load(out)[0]["title"] == yaml.safe_load(text)[0]["title"]
    assert format_text(out, "cases") == out


def test_compact_parties_with_a_comment_are_idempotent():
    text = "- id: c1\n  parties:\n  - {party: a, role: plaintiff}  # comment\n  - party: b\n    role: defendant\n"
    once = format_text(text, "cases")
    assert "  - {party: a, role: plaintiff}  # comment\n  - {party: b, role: defendant}\n" in once
    assert format_text(once, "cases") == once


def test_a_comment_inside_a_flow_mapping_is_refused_with_its_place_and_the_file_left_alone(run, data_dir):
    path = data_dir / "courts.yaml"
    text = "- {id: x, name: y, # note\n   jurisdiction: US, level: other}\n"
    path.write_text(text, encoding="utf-8")
    result = run("fmt")
    assert result.exit_code == 1
    assert "courts.yaml:1:20: error: formatting would lose the comment '# note'" in result.stderr
    assert path.read_text(encoding="utf-8") == text
    assert run("fmt", "--check").exit_code == 1


def test_every_run_checks_the_result_before_writing(tmp_path, monkeypatch):
    import kb.fmt

    path = write_data(tmp_path / "d", cases=MESSY) / "cases.yaml"
    render = kb.fmt._render
    monkeypatch.setattr(kb.fmt, "_render", lambda text, reg: render(text, reg).replace("kind: lawsuit", "kind: ruling"))
    result = format_file(path, check=False)
    assert not result.changed and path.read_text(encoding="utf-8") == MESSY
    finding = result.findings[0]
    assert (finding.line, finding.col) == (7, 9) and "would change the value at [0].kind" in finding.message
    monkeypatch.setattr(kb.fmt, "_render", lambda text, reg: render(text, reg).replace("# trailing", "#"))
    finding = format_file(path, check=False).findings[0]
    assert (finding.line, finding.col) == (2, 21) and "would lose the comment '# trailing comment" in finding.message
    assert path.read_text(encoding="utf-8") == MESSY


def test_types_count_as_values():
    import kb.fmt

    assert kb.fmt._data_difference([{"a": 1}], [{"a": 1.0}], ()) == (0, "a")
    assert kb.fmt._data_difference([{"a": True}], [{"a": 1}], ()) == (0, "a")
    assert kb.fmt._data_difference([{"a": "1"}], [{"a": "1"}], ()) is None


KEYS = ["id", "title", "kind", "status", "summary", "note", "zz_unknown", "amount"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029\ufeff"),
               max_size=140)
VALUE = st.one_of(TEXT, st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.sampled_from(["2023", "2023-11", "2023-11-27", "no", "on", "null", "0o17", "1_000", "#x", "a # b"]))
PARTY = st.fixed_dictionaries({"party": st.sampled_from(["li", "liu"]), "role": st.sampled_from(["plaintiff", "x y"])})
RECORD = st.fixed_dictionaries({"id": st.from_regex(r"[a-z]{1,8}", fullmatch=True)},
                               optional={**{k: VALUE for k in KEYS[1:]}, "parties": st.lists(PARTY, max_size=3)})


def dump_in_any_key_order(draw, records: list[dict]) -> str:
    """The records as YAML text, each with its keys in a drawn order, at a drawn width and flow style."""
    for record in records:
        keys = draw(st.permutations(list(record)))
        record_items = [(k, record[k]) for k in keys]
        record.clear()
        record.update(record_items)
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=draw(st.sampled_from([40, 80, 200])),
                          default_flow_style=draw(st.sampled_from([False, None])))


@st.composite
def yaml_files(draw):
    text = dump_in_any_key_order(draw, draw(st.lists(RECORD, min_size=1, max_size=3)))
    if "{" in text or "[" in text:  # flow style somewhere: comments there are refused, rightly
        return text
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        indent = len(line) - len(line.lstrip(" -"))
        starts_an_entry = re.match(r" *(- |[a-z_]+:)", line)  # not the continuation of a folded text
        if starts_an_entry and draw(st.integers(0, 5)) == 0:  # a comment on a line of its own
            out.append(" " * (len(line) - len(line.lstrip(" "))) + f"# own {i}")
        single = re.fullmatch(r" *(- )?[a-z_]+: [^\"'|>{\[&*!].*", line) and not line.rstrip().endswith(":")
        if single and len(nxt) - len(nxt.lstrip(" -")) <= indent and draw(st.booleans()):
            line += f"  # after {i}"  # a comment after a one-line value
        out.append(line)
    return "\n".join(out) + "\n"


@settings(max_examples=int(os.environ.get("KB_HYPOTHESIS_EXAMPLES", "120")), deadline=None,
          derandomize=bool(os.environ.get("CI")))
@given(text=yaml_files())
def test_formatting_keeps_values_and_comments_and_is_idempotent(text):
    import kb.fmt

    before = Counter(c for _, _, c in kb.fmt._comments(text))
    assume(sum(before.values()) == text.count("# own ") + text.count("# after "))  # none fell inside a text
    out = format_text(text, "cases")  # must not refuse: nothing here is beyond the formatter
    assert kb.fmt._data_difference(parse_yaml(text).data, parse_yaml(out).data, ()) is None
    assert before == Counter(c for _, _, c in kb.fmt._comments(out))
    assert format_text(out, "cases") == out


# ruamel.yaml (the round-trip parser fmt writes with) refuses some texts that libyaml reads, and can
# fail on its own output: any failure of it is a located refusal, exit 1, the file untouched.
RUAMEL_REFUSES = [
    ("  title: Li v. Liu\n", "  title: Li v. Liu\t# a tab before the comment\n", 2, 19, "replace the tab with spaces"),
    ("  kind: ruling\n", "  kind: ruling\t\n", 4, 15, "replace the tab with spaces"),
]


@pytest.mark.parametrize("old, new, line, col, hint", RUAMEL_REFUSES)
def test_a_failure_of_the_round_trip_parser_is_a_located_refusal(run, data_dir, old, new, line, col, hint):
    from conftest import CASES

    path = data_dir / "cases.yaml"
    path.write_text(CASES.replace(old, new, 1), encoding="utf-8")
    before = path.read_bytes()
    for args in (("fmt",), ("fmt", "--check")):
        result = run(*args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert re.search(rf"cases\.yaml:{line}:{col}: error: kb cannot format this file: [^\n]*{hint}", result.stderr), \
            result.stderr
        assert path.read_bytes() == before
    assert run("validate").exit_code == 0  # the data is fine: only the formatter cannot handle it


@pytest.mark.parametrize("step", ["load", "dump"])
def test_any_exception_of_the_round_trip_library_is_refused_not_raised(tmp_path, monkeypatch, step):
    """Whatever ruamel raises (its own bugs included), fmt refuses with a message and leaves the file alone."""
    import ruamel.yaml

    from conftest import CASES

    def broken(self, *args, **kwargs):
        raise AttributeError("'CommentToken' object has no attribute 'value'")

    monkeypatch.setattr(ruamel.yaml.YAML, step, broken)
    path = write_data(tmp_path / "d", cases=CASES.replace("  kind: ruling\n", "  kind:    ruling\n")) / "cases.yaml"
    before = path.read_bytes()
    finding = format_file(path, check=False).findings[0]
    assert (finding.line, finding.col) == (1, 1) and "kb cannot format this file" in finding.message
    assert "CommentToken" in finding.message and path.read_bytes() == before


@settings(max_examples=int(os.environ.get("KB_HYPOTHESIS_EXAMPLES", "120")), deadline=None,
          derandomize=bool(os.environ.get("CI")))
@given(text=yaml_files())
def test_the_generated_yaml_is_valid(text):
    """A comment line between the lines of a folded plain text would end the text and make the YAML
    invalid; the property test above would then blame the formatter for the generator's mistake."""
    yaml.safe_load(text)


@pytest.mark.parametrize("value", ["1:20", "190:20:30", "0x1F", "1_000", "012", "+1", ".5", "0b101", "yes", "NULL"])
def test_text_a_yaml_1_1_reader_takes_for_a_number_stays_quoted(value):
    """YAML 1.1 readers (PyYAML, many tools) take `1:20` for 80 (base 60): kb fmt keeps such text quoted."""
    text = format_text(f"- id: c1\n  note: '{value}'\n", "courts")
    assert yaml.safe_load(text)[0]["note"] == value  # PyYAML reads YAML 1.1
    assert parse_yaml(text).data[0]["note"] == value


def test_fmt_keeps_the_size_limit_of_validate(run, data_dir, monkeypatch):
    monkeypatch.setattr("kb.loading.MAX_FILE_BYTES", 2**20)
    path = data_dir / "cases.yaml"
    with open(path, "a", encoding="utf-8") as f:
        f.write("# padding\n" * 200_000)  # 2 MB
    before = path.read_bytes()
    result = run("fmt")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "cases.yaml:1:1: error: the file is larger than 1 MiB; kb reads files of at most 1 MiB" in result.stderr
    assert path.read_bytes() == before
