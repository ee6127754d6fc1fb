from kb.textsafe import inert


def test_escape_sequences_become_visible():
    assert inert("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert inert("\x1b]0;title\x07") == "\\x1b]0;title\\x07"


def test_bidi_overrides_become_visible():
    assert inert("abc\u202edef") == "abc\\u202edef"


def test_ordinary_text_including_chinese_newlines_and_tabs_is_unchanged():
    text = "李某诉刘某案\tline two\n[red]markup stays text[/red]"
    assert inert(text) == text
