"""kb.fmtfast writes a plain data file exactly as ruamel's round trip (kb.fmt._render) does, or declines."""

import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import kb.fmt
from kb import fmtfast
from kb.fmt import format_file, format_text
from kb.yamlfile import YamlSyntaxError, load_yaml, parse_yaml
from test_fmt import dump_in_any_key_order
from test_properties import SCALARS, SETTINGS, mutated

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HEADER = "# yaml-language-server: $schema=../schemas/{}.schema.json\n"


def same_both_ways(text: str, registry: str) -> bool:
    """True when the fast path wrote `text`; either way, what it wrote is what the round trip writes."""
    fast = fmtfast.render(text, registry)
    if fast is None:
        return False
    assert fast == kb.fmt._render(text, registry)
    # what it writes is canonical: the round trip leaves it as it is, and it is recognised from yaml-rs's values
    assert kb.fmt._render(fast, registry) == fast
    assert fmtfast.is_canonical(fast, registry, load_yaml(fast).data)
    assert not fmtfast.is_canonical(text, registry, load_yaml(text).data) or text == fast
    return True


WORD = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029\ufeff"),
               min_size=1, max_size=14)
PIECES = ["the", "court", "AI", "训练数据", "Co.,", "Ltd.", "v.", "https://x.org/a#b", "it's", '"quoted"', "a:b", "a: b",
          "-", "#", "1:20"]
SENTENCE = st.lists(st.one_of(st.sampled_from(PIECES), WORD), min_size=1, max_size=40).map(" ".join)
TEXT = st.one_of(SENTENCE, WORD, st.sampled_from(["2023", "2023-11", "2023-11-27", "no", "on", "null", "0o17",
                                                  "1_000", "", " x", "x ", "- x", "1e3", "true", "~"]))
VALUE = st.one_of(TEXT, TEXT, TEXT, st.integers(-10**9, 10**9), st.booleans(), st.none())
PARTY = st.fixed_dictionaries({"party": WORD, "role": st.sampled_from(["plaintiff", "defendant", "x y"])})
DAMAGES = st.fixed_dictionaries({"amount": st.integers(0, 10**9), "currency": st.sampled_from(["CNY", "USD"])})
SOURCE = st.fixed_dictionaries({"id": st.sampled_from(["s1", "s2"]), "url": TEXT}, optional={"title": TEXT,
                                                                                              "publisher": TEXT})
EVENT = st.fixed_dictionaries({"date": TEXT, "what": TEXT}, optional={"kind": TEXT, "damages": DAMAGES})
RECORD = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z]{1,8}", fullmatch=True)},
    optional={"title": TEXT, "kind": TEXT, "summary": TEXT, "zz_unknown": VALUE, "status": VALUE,
              "parties": st.lists(PARTY, max_size=3), "claims": st.lists(TEXT, max_size=3),
              "events": st.lists(EVENT, max_size=3), "sources": st.lists(SOURCE, max_size=2)})


@st.composite
def files(draw):
    text = dump_in_any_key_order(draw, draw(st.lists(RECORD, min_size=1, max_size=3)))
    return (HEADER.format("cases") if draw(st.booleans()) else "") + text


@settings(max_examples=200, deadline=None)
@given(text=files())
def test_generated_records_are_written_as_the_round_trip_writes_them(text):
    same_both_ways(text, "cases")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    out = tmp_path_factory.mktemp("gen")
    generate(40, 3, out)
    return (out / "cases.yaml").read_text(encoding="utf-8")


def test_a_generated_data_set_takes_the_fast_path_both_ways(generated, tmp_path):
    assert same_both_ways(generated, "cases")  # as generated: every value quoted, not canonical
    formatted = format_text(generated, "cases")
    assert formatted != generated and same_both_ways(formatted, "cases")  # canonical: the text itself
    assert fmtfast.render(formatted, "cases") == formatted


@SETTINGS
@given(data=st.data())
def test_mutated_generated_records_are_written_as_the_round_trip_writes_them(generated, data):
    text = data.draw(mutated(generated))
    try:
        parse_yaml(text)
    except Exception:
        return  # not YAML: format_file stops before formatting
    try:
        same_both_ways(text, "cases")
    except Exception as exc:
        if fmtfast.render(text, "cases") is None:
            raise
        assert "ruamel" in type(exc).__module__, exc  # the round trip could not write it: the fast path must not


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_the_shipped_data_formats_the_same_both_ways(path):
    registry, text = path.stem, path.read_text(encoding="utf-8")
    assert not format_file(path, check=True).changed
    assert fmtfast.render(text, registry) in (None, text)  # its comments and folded texts take the round trip
    # its values without the comments and the folded texts, written as another tool writes YAML: the fast path
    # writes them, as the round trip does
    values = parse_yaml(text).data
    taken = 0
    for width in (60, 100, 4096):
        plain = HEADER.format(registry) + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=width)
        same_both_ways(plain, registry)
        for record in values:  # one record at a time too: one text the fast path declines stops it for a file
            one = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=width)
            taken += same_both_ways(one, registry)
    assert taken >= len(values) // 2  # most records hold nothing beyond what the fast path writes


def test_anything_else_takes_the_round_trip():
    plain = HEADER.format("courts") + "- id: a\n  name: A\n"
    assert fmtfast.render(plain, "courts") == plain
    for other in ("- id: a  # note\n  name: A\n", "- id: a\n\n- id: b\n", "- id: a\n  note: >-\n    A\n",
                  "- id: a\n  level: 2023-11-27\n", "- id: a\n  level: 1.5\n", "- id: a\n  level: true\n",
                  "- id: a\n  level:\n", "- id: a\n  level: 1_000\n", "- id: a\n  note: 'no'\n", "---\n- id: a\n",
                  "- id: a\n  note: []\n", "- id: a\n  note: ''\n", "- id: a\n  note: 'a: \"b\"'\n"):
        assert fmtfast.render(other, "courts") is None, other


@pytest.mark.parametrize("record, words", [("- id: a\n  name: A\n  name: B\n", "duplicate key"),
                                           ("- id: a\n  name: A\n- id: a\n  name: A\n", None)])
def test_a_canonical_looking_file_is_still_read_for_what_it_holds(tmp_path, record, words):
    from conftest import write_data

    path = write_data(tmp_path / "d", courts=HEADER.format("courts") + record) / "courts.yaml"
    result = format_file(path, check=True)
    assert not result.changed
    assert (words in result.findings[0].message) if words else not result.findings


@pytest.mark.parametrize("written, recognised", [("'2019-04-06'", True), ("'2019-4-6'", False), ('"2019-04-06"', False),
                                                 ("2019-04-06", False), ("'2019'", True), ("2019", True),
                                                 ("'x'", False)])
def test_dates_are_recognised_as_canonical_only_as_the_round_trip_writes_them(written, recognised):
    """Recognised as canonical: the round trip writes it unchanged. Not recognised: the round trip decides
    (an unquoted date is canonical too, but yaml-rs's values do not tell it from a quoted one)."""
    text = HEADER.format("courts") + f"- id: a\n  name: {written}\n"
    assert fmtfast.is_canonical(text, "courts", load_yaml(text).data) is recognised
    if recognised:
        assert kb.fmt._render(text, "courts") == text


def test_what_the_direct_writer_writes_is_checked_before_it_is_written(tmp_path, monkeypatch):
    from conftest import write_data

    text = "- id: c1\n  kind: lawsuit\n  title: \"A\"\n"
    path = write_data(tmp_path / "d", cases=text) / "cases.yaml"
    write = fmtfast._write
    monkeypatch.setattr(fmtfast, "_write", lambda data, reg: write(data, reg).replace("kind: lawsuit", "kind: ruling"))
    result = format_file(path, check=False)
    assert not result.changed and path.read_text(encoding="utf-8") == text
    assert "would change the value at [0].kind" in result.findings[0].message
    monkeypatch.setattr(fmtfast, "_write", write)
    assert format_file(path, check=False).changed
    assert path.read_text(encoding="utf-8") == HEADER.format("cases") + "- id: c1\n  title: A\n  kind: lawsuit\n"


def test_another_ruamel_version_takes_the_round_trip(monkeypatch):
    plain = HEADER.format("courts") + "- id: a\n  name: A\n"
    assert fmtfast.render(plain, "courts") == plain
    monkeypatch.setattr(fmtfast, "_same_ruamel", lambda: False)
    assert fmtfast.render(plain, "courts") is None
    assert not fmtfast.is_canonical(plain, "courts", load_yaml(plain).data)
    assert format_text(plain, "courts") == plain  # the round trip writes it all the same


# -- the quick ways of the direct writer agree with what they stand for ------------------------------------------
def ruamel_analysis(value):
    a = kb.fmt._yaml().emitter.analyze_scalar(value)
    return (a.multiline, a.allow_flow_plain, a.allow_block_plain, a.allow_single_quoted, a.allow_double_quoted)


ANY_TEXT = st.one_of(TEXT, WORD, st.text(min_size=1, max_size=12),
                     st.text(st.sampled_from(list(" -?:#,[]{}&*!|>'\"%@`.a1\u2028\x85\ufeff\u3000")), min_size=1,
                             max_size=8))


@settings(max_examples=600, deadline=None)
@given(value=ANY_TEXT)
def test_the_quick_analysis_of_a_text_is_ruamels(value):
    quick = fmtfast._ordinary_analysis(value)
    assert quick is None or tuple(quick) == ruamel_analysis(value)


def test_the_quick_analysis_takes_the_common_text_and_leaves_the_rest():
    for common in ("the court", "Co., Ltd.", "https://x.org/a#b", "训练数据", "a:b", "it's", "v. 1"):
        assert tuple(fmtfast._ordinary_analysis(common)) == ruamel_analysis(common), common
    for other in ("- x", "a: b", "a #b", "x ", " x", "x:", "#x", "...x", "a\u2028b", "\ufeffx", "a\x85b", "'x"):
        assert fmtfast._ordinary_analysis(other) is None, other


PLAIN_SCALARS = st.one_of(ANY_TEXT, st.sampled_from(["", "~", "=", "<<", "2019-02-14", "2019-02-14 10:00", "1_000",
                                                     ".inf", "-.5", "0x1F", "0o17", "True", "no", "Null", "+1", "1e3"]))


@settings(max_examples=600, deadline=None)
@given(value=PLAIN_SCALARS)
def test_the_quick_resolver_is_ruamels(value):
    from ruamel.yaml.nodes import ScalarNode

    resolver = kb.fmt._yaml().resolver
    tag = resolver.resolve(ScalarNode, value, (True, False))
    assert fmtfast._TextResolver(resolver)(value) is (tag == "tag:yaml.org,2002:str")


# -- record by record -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def canonical(generated):
    return format_text(generated, "cases")


def by_record(text):
    doc = load_yaml(text)
    return None if doc.root is not None else fmtfast.format_by_record(text, "cases", doc)


def test_only_the_records_not_canonical_are_written_anew(canonical):
    lines = canonical.split("\n")
    titles = [i for i, line in enumerate(lines) if line.startswith("  title: ")]
    for k in (0, 17, len(titles) - 1):  # the first record, one inside, the last
        lines[titles[k]] = '  title: "' + lines[titles[k]][len("  title: "):].replace("'", "") + '"'
    edited = "\n".join(lines)
    assert edited != canonical
    result = by_record(edited)
    assert result == canonical == kb.fmt._render(edited, "cases")
    assert by_record(canonical) == canonical  # nothing to change


def test_a_file_with_most_of_its_first_records_to_change_is_formatted_as_a_whole(generated, canonical):
    assert by_record(generated) is None  # every record as generated: quoted
    assert format_text(generated, "cases") == canonical


@pytest.mark.parametrize("change, why", [
    (lambda t: t.replace("\n- id:", "\n\n- id:", 1), "a blank line between records"),
    (lambda t: t.replace("\n- id:", "\n# note\n- id:", 1), "a comment between records"),
    (lambda t: t.split("\n", 1)[1], "no schema line"),
    (lambda t: t.replace("  kind: lawsuit", "  kind: lawsuit  # note", 1), "a comment in a record"),
    (lambda t: t.replace("  kind: lawsuit", "  kind: 2019-02-14", 1), "an unquoted date in a record"),
])
def test_what_is_beyond_the_direct_writer_takes_the_whole_file_way(canonical, change, why):
    text = change(canonical)
    assert text != canonical, why
    assert by_record(text) is None, why


def test_what_a_record_is_written_as_is_checked_record_by_record_too(canonical, tmp_path, monkeypatch):
    from conftest import write_data

    edited = canonical.replace("  kind: lawsuit", "  kind: 'lawsuit'", 1)
    path = write_data(tmp_path / "d", cases=edited) / "cases.yaml"
    write = fmtfast._write
    monkeypatch.setattr(fmtfast, "_write", lambda data, reg: write(data, reg).replace("kind: lawsuit", "kind: ruling"))
    assert by_record(edited) is None
    result = format_file(path, check=False)
    assert not result.changed and path.read_text(encoding="utf-8") == edited
    assert "would change the value at" in result.findings[0].message and ".kind" in result.findings[0].message
    monkeypatch.setattr(fmtfast, "_write", write)
    assert format_file(path, check=False).changed
    assert path.read_text(encoding="utf-8") == canonical


@st.composite
def edited(draw, text):
    """`text` with some one-line values written in another style (the same values) or replaced, then mutated."""
    import json

    lines = text.split("\n")
    one_line = [i for i, line in enumerate(lines) if re.fullmatch(r" +(- )?[a-z_]+: [^'\"{\[].*", lines[i])
                and not (i + 1 < len(lines) and lines[i + 1].startswith(" " * (len(line) - len(line.lstrip(" -")) + 2)))]
    for i in draw(st.lists(st.sampled_from(one_line), max_size=6)):
        key, value = lines[i].split(": ", 1)
        style = draw(st.sampled_from(["double", "single", "other"]))
        if style == "double":
            value = json.dumps(value, ensure_ascii=False)
        elif style == "single":
            value = "'" + value.replace("'", "''") + "'"
        else:
            value = draw(st.one_of(st.sampled_from(SCALARS), WORD.filter(lambda w: "\n" not in w)))
        lines[i] = f"{key}: {value}"
    text = "\n".join(lines)
    return draw(mutated(text)) if draw(st.booleans()) else text


@settings(SETTINGS, max_examples=SETTINGS.max_examples // 2)  # each one through the round trip too
@given(data=st.data())
def test_record_by_record_writes_what_the_whole_file_way_writes(canonical, data):
    text = HEADER.format("cases") + data.draw(edited(canonical.split("\n", 1)[1]))
    try:
        doc = load_yaml(text)
    except YamlSyntaxError:
        return  # not YAML: format_file stops before formatting
    result = None if doc.root is not None else fmtfast.format_by_record(text, "cases", doc)  # must not raise
    if result is not None:
        assert result == format_text(text, "cases")
        assert result == text or result == kb.fmt._render(text, "cases")


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_the_shipped_data_record_by_record(path):
    """The shipped files hold comments and folded texts: they take the round trip whole. Their values written
    plainly and formatted, then one record's value quoted, are formatted record by record as the whole file is."""
    registry, text = path.stem, path.read_text(encoding="utf-8")
    doc = load_yaml(text)
    assert doc.root is not None or fmtfast.format_by_record(text, registry, doc) in (None, text)
    values = parse_yaml(text).data
    canonical = fmtfast.render(HEADER.format(registry) + yaml.safe_dump(values, allow_unicode=True, sort_keys=False),
                               registry)
    if canonical is None:
        return  # a text beyond the direct writer (a line break): no record of it is written directly either
    doc = load_yaml(canonical)
    if doc.root is not None or fmtfast.format_by_record(canonical, registry, doc) is None:
        return
    assert fmtfast.format_by_record(canonical, registry, doc) == canonical
    line = next(line for line in canonical.splitlines() if re.fullmatch(r"- id: [a-z0-9-]+", line))
    edited = canonical.replace(line, f'- id: "{line[6:]}"', 1)
    assert edited != canonical
    doc = load_yaml(edited)
    assert fmtfast.format_by_record(edited, registry, doc) == canonical == format_text(edited, registry)
