from kb.textsafe import inert


def test_escape_sequences_become_visible():
    assert inert("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert inert("\x1b]0;title\x07") == "\\x1b]0;title\\x07"


def test_bidi_overrides_become_visible():
    assert inert("abc\u202edef") == "abc\\u202edef"


def test_ordinary_text_including_chinese_newlines_and_tabs_is_unchanged():
    text = "李某诉刘某案\tline two\n[red]markup stays text[/red]"
    assert inert(text) == text


def test_noncharacters_and_lone_surrogates_become_visible():
    assert inert("a\ufffe\uffff\ud800\U0010ffff") == "a\\ufffe\\uffff\\ud800\\U0010ffff"


def test_one_line_escapes_every_line_break():
    from kb.textsafe import one_line

    shown = one_line("x\n::a\r::b\x0b::c\x0c::d\x1c::e\x1d::f\x1e::g\x85::h\u2028::i\u2029::j")
    assert shown.splitlines() == [shown] and "::" not in shown.split("x", 1)[0]
    assert shown.startswith("x\\n::a\\x0d::b")


def test_json_stays_the_same_value_with_nothing_a_terminal_obeys():
    import json
    import re

    from kb.textsafe import dumps

    value = {"t": "a\x1b[2J\x9b\x7f\x85\u202e\u2028\ud800\ufffe\U0010ffff 中 é", "\x9bkey": [1, None]}
    for indent in (None, 2):
        text = dumps(value, indent=indent)
        assert json.loads(text) == value
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\u2028\ud800-\udfff\ufffe\uffff\U0010ffff]", text)
        assert "中 é" in text  # non-ASCII text stays readable


def test_visible_controls_leaves_bidi_text_alone_and_makes_xml_safe_text():
    import xml.etree.ElementTree as ET

    from kb.textsafe import visible_controls

    assert visible_controls("עברית\u200f ok\tnew\nline") == "עברית\u200f ok\tnew\nline"
    element = ET.Element("t")
    element.text = visible_controls("a\x00\x1b\x0b\x9b\ufffe\uffff\ud800b")
    assert ET.fromstring(ET.tostring(element, encoding="unicode")).text == "a\\x00\\x1b\\x0b\\x9b\\ufffe\\uffff\\ud800b"


def test_control_matches_exactly_the_listed_characters_over_all_of_unicode():
    import re

    from kb.textsafe import CONTROL, NONCHARACTERS, SURROGATES

    listed = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{NONCHARACTERS}{SURROGATES}]")
    every = "".join(map(chr, range(0x110000)))
    found = CONTROL.findall(every)
    assert found == listed.findall(every)
    assert len(found) == 9 + 21 + 33 + 66 + 2048  # C0 but tab and newline, DEL and C1, noncharacters, surrogates
