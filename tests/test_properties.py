"""Property-based tests: mutate valid data files at random; the loader must only ever return
findings (each located inside the file) or a valid data set, and never raise. And wherever both
YAML paths accept a text, they must read the same values."""

import datetime as dt
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES, COURTS, write_data
from kb.loading import load_dataset
from kb.yamlfile import YamlSyntaxError, load_yaml, parse_yaml

# CI runs the same examples every time (a failure there is reproducible); elsewhere each run
# explores new ones. KB_HYPOTHESIS_EXAMPLES raises the count for a longer hunt.
def date_as_text(value):
    """The fast parser reads YYYY-MM-DD as a date; the precise path keeps the text."""
    return value.isoformat() if isinstance(value, dt.date) else value


SETTINGS = settings(max_examples=int(os.environ.get("KB_HYPOTHESIS_EXAMPLES", "120")), deadline=None,
                    derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
SCALARS = ["", "~", "no", "on", "true", "2023-13", "2023-02-30", "1e9", "-1", "[]", "{}", "'", '"', "&a", "*a", "!!str",
           "<<", "TODO: x", "\t", "\x00", "é", "小红书", "\x1b[31m", "- x", ": x", "#", "%", "@", "`", "0x1F", "1_000"]


@st.composite
def mutated(draw, text):
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "scalar", "byte", "indent"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "scalar" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            value = draw(st.one_of(st.sampled_from(SCALARS), st.text(max_size=12)))
            lines[i] = f"{key}: {value}"
        elif action == "byte" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.characters(codec="utf-8")) + lines[i][k + 1:]  # a file holds no lone surrogate
        elif action == "indent":
            lines[i] = " " * draw(st.integers(0, 5)) + lines[i].lstrip()
    return "\n".join(lines)


def check_loader(tmp_path, name, text):
    data = write_data(tmp_path / "d", **{name: text})
    length = len((data / f"{name}.yaml").read_bytes().splitlines()) + 1
    dataset, findings = load_dataset(data, today=dt.date(2026, 1, 1))  # must not raise
    for f in findings:
        assert f.line >= 1 and f.col >= 1 and f.message
        if f.file.endswith(f"{name}.yaml"):
            assert f.line <= length, f
    if not findings:
        assert dataset.records[name] or not text.strip()


@SETTINGS
@given(text=mutated(CASES))
def test_mutated_cases_give_findings_or_valid_data(tmp_path, text):
    check_loader(tmp_path, "cases", text)


@SETTINGS
@given(text=mutated(COURTS))
def test_mutated_courts_give_findings_or_valid_data(tmp_path, text):
    check_loader(tmp_path, "courts", text)


@SETTINGS
@given(text=mutated(CASES))
def test_both_yaml_paths_read_the_same_values(text):
    try:
        precise = parse_yaml(text)
    except YamlSyntaxError as exc:
        if "may not hold" in exc.problem.message:  # a control character: both paths refuse it, at one place
            with pytest.raises(YamlSyntaxError) as fast:
                load_yaml(text)
            assert fast.value.problem == exc.problem
        return
    fast = load_yaml(text)
    if precise.problems or fast.root is not None:
        return  # only texts both paths accept are comparable

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, float) and math.isnan(value):
            return "nan"
        return date_as_text(value)

    assert plain(fast.data) == plain(precise.data)


# Raw control characters, as bytes in the file: C0 but tab, LF and CR; DEL; C1 (NEL included); U+FFFE, U+FFFF.
RAW_CONTROLS = [chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]]


@SETTINGS
@given(line=st.integers(0, CASES.count("\n") - 1), where=st.floats(0, 1), char=st.sampled_from(RAW_CONTROLS))
def test_both_yaml_paths_refuse_a_raw_control_character_at_its_line_and_column(line, where, char):
    """Anywhere in the file (a plain or quoted scalar, a key, a comment, the indentation), both paths refuse
    a raw control character alike, and point at the character itself."""
    lines = CASES.split("\n")
    col = int(where * len(lines[line]))
    lines[line] = lines[line][:col] + char + lines[line][col:]
    text = "\n".join(lines)
    problems = []
    for parse in (load_yaml, parse_yaml):
        with pytest.raises(YamlSyntaxError) as caught:
            parse(text)
        problems.append(caught.value.problem)
    assert problems[0] == problems[1]
    assert (problems[0].line, problems[0].col) == (line + 1, col + 1)
    assert f"U+{ord(char):04X}" in problems[0].message
