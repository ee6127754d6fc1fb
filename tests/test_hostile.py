"""Bad input never crashes and never loses data: every broken or hostile file gives one located
message, exit code 1, no traceback, and the database built before is left byte for byte as it was."""

import re
import sqlite3

import pytest

from conftest import CASES
from hostile_inputs import HOSTILE_INPUTS


@pytest.fixture
def built(run):
    assert run("load").exit_code == 0
    return run.db.read_bytes()


@pytest.mark.parametrize("name, file, content, line, col, words", HOSTILE_INPUTS, ids=[h[0] for h in HOSTILE_INPUTS])
@pytest.mark.parametrize("command", ["load", "validate"])
def test_hostile_input_is_located_refused_and_loses_nothing(run, data_dir, built, command, name, file, content, line,
                                                           col, words):
    path = data_dir / f"{file}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = run(command)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    pattern = rf"{file}\.yaml:{line}:{col}: error: [^\n]*{re.escape(words)}"
    assert re.search(pattern, result.stderr), result.stderr[:2000]
    assert run.db.read_bytes() == built  # the previous database, byte for byte


def test_there_are_at_least_thirty_kinds_of_bad_input():
    assert len(HOSTILE_INPUTS) >= 30 and len({h[0] for h in HOSTILE_INPUTS}) == len(HOSTILE_INPUTS)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(run, data_dir, built, monkeypatch):
    monkeypatch.setattr("kb.loading.MAX_FILE_BYTES", 16 * 2**20)
    with open(data_dir / "cases.yaml", "wb") as f:
        f.truncate(50 * 2**20)  # a 50 MB file
    result = run("load")
    assert result.exit_code == 1
    assert re.search(r"cases\.yaml:1:1: error: the file is 50 MiB; kb reads files of at most 16 MiB", result.stderr)
    assert run.db.read_bytes() == built


HOSTILE_TEXT = CASES.replace(
    "summary: An AI-generated image is a work.",
    'summary: "\\e[2J\\e]0;owned\\a [bold red]markup[/] \\u202eevil\\u202c <script>alert(1)</script>"')


def test_hostile_text_is_stored_as_data_and_printed_inert(run, data_dir):
    (data_dir / "cases.yaml").write_text(HOSTILE_TEXT, encoding="utf-8")
    assert run("load").exit_code == 0
    stored = sqlite3.connect(run.db).execute("SELECT summary FROM cases WHERE id = 'cn-2023-li-v-liu'").fetchone()[0]
    assert stored.startswith("\x1b[2J\x1b]0;owned\x07 [bold red]markup[/] \u202eevil")
    for command in (("show", "cn-2023-li-v-liu"), ("search", "markup"), ("cases",)):
        out = run(*command).stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    shown = run("show", "cn-2023-li-v-liu").stdout
    assert "\\x1b[2J\\x1b]0;owned\\x07 [bold red]markup[/] \\u202eevil" in shown


def test_fmt_repairs_bom_and_crlf(run, data_dir):
    text = (data_dir / "cases.yaml").read_text(encoding="utf-8")
    (data_dir / "cases.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert run("validate").exit_code == 1
    assert run("fmt").exit_code == 0
    raw = (data_dir / "cases.yaml").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert run("validate").exit_code == 0
