"""Bad input never crashes and never loses data: every broken or hostile file gives one located
message, exit code 1, no traceback, and the database built before is left byte for byte as it was."""

import json
import os
import re
import sqlite3
import xml.etree.ElementTree as ET

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
    'summary: "[bold red]markup[/] \\u202eevil\\u202c <script>alert(1)</script>"')


def test_hostile_text_is_stored_as_data_and_printed_inert(run, data_dir):
    (data_dir / "cases.yaml").write_text(HOSTILE_TEXT, encoding="utf-8")
    assert run("load").exit_code == 0
    stored = sqlite3.connect(run.db).execute("SELECT summary FROM cases WHERE id = 'cn-2023-li-v-liu'").fetchone()[0]
    assert stored.startswith("[bold red]markup[/] \u202eevil")
    for command in (("show", "cn-2023-li-v-liu"), ("search", "markup"), ("cases",)):
        out = run(*command).stdout
        assert "\u202e" not in out
    shown = run("show", "cn-2023-li-v-liu").stdout
    assert "[bold red]markup[/] \\u202eevil" in shown


# What the models refuse (see the hostile inputs), as a database built by an older kb may still hold it.
CONTROLS = "\x1b[2J\x1b]0;owned\x07\x9b31m\x00\x0b\x0c\r\x7f\x85\ufffe\uffff\U0001fffe"
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|\r(?!\n)")
TEXT_COLUMNS = {"cases": ("title", "summary", "ruling_outcome"), "parties": ("name",), "courts": ("name",),
                "claims": ("name",), "products": ("name",), "events": ("what",), "sources": ("title", "publisher")}


@pytest.fixture
def older_database(run):
    """A database with control characters in its text, as kb built it before it refused them (or as someone
    wrote it behind kb's back and left the file's time as it was)."""
    assert run("load").exit_code == 0
    con = sqlite3.connect(run.db)
    for table, columns in TEXT_COLUMNS.items():
        for column in columns:
            con.execute(f"UPDATE {table} SET {column} = {column} || ?", (CONTROLS,))
    for case_id, text in con.execute("SELECT case_id, record FROM case_records").fetchall():
        record = json.loads(text)
        record["title"] += CONTROLS
        for event in record.get("events", []):
            event["what"] += CONTROLS
        if record.get("ruling"):
            record["ruling"]["damages"] = {"amount": None, "currency": "CNY"}  # `.inf`, stored by an older kb
        con.execute("UPDATE case_records SET record = ? WHERE case_id = ?", (json.dumps(record), case_id))
    con.commit()
    (stamp,) = con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    con.close()
    os.utime(run.db, ns=(int(stamp), int(stamp)))  # as kb left it: not taken for a damaged file and rebuilt
    return run


@pytest.mark.parametrize("fmt", ["atom", "graphml", "gexf", "svg"])
def test_xml_exports_stay_well_formed_with_control_characters_in_the_database(older_database, fmt):
    result = older_database("export", fmt)
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout.encode("utf-8"))  # expat: refuses any character XML 1.0 forbids
    text = " ".join(root.itertext()) + " ".join(v for e in root.iter() for v in e.attrib.values())
    assert "\\x1b]0;owned\\x07\\x9b31m" in text  # the database's text, its controls shown as escapes
    assert not RAW_CONTROL.search(result.stdout)


@pytest.mark.parametrize("command", [
    ("export", "json"), ("export", "ndjson"), ("export", "csl-json"), ("export", "csv"), ("export", "mermaid"),
    ("export", "bibtex"), ("cite", "cn-2023-li-v-liu"), ("cite", "cn-2023-li-v-liu", "--style", "oscola"),
    ("export", "dot"), ("cases", "--json"), ("show", "cn-2023-li-v-liu", "--json"), ("cases",),
    ("show", "cn-2023-li-v-liu"), ("timeline",), ("parties",), ("search", "owned"), ("courts",), ("claims",),
    ("products",), ("related", "cn-2023-li-v-liu"), ("path", "cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu"),
    ("graph", "central"), ("graph", "clusters"), ("timeline", "--json"), ("parties", "--json")])
def test_no_raw_control_character_reaches_the_terminal_from_an_older_database(older_database, command):
    result = older_database(*command)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert not RAW_CONTROL.search(result.stdout), repr(RAW_CONTROL.search(result.stdout))
    assert "owned" in result.stdout  # the text is there, shown
    if "json" in command[-1] or command[-1] == "ndjson":  # JSON keeps it exactly, as \u escapes
        values = [json.loads(line) for line in result.stdout.splitlines()] if command[-1] == "ndjson" else \
            json.loads(result.stdout)
        assert any(text.endswith(CONTROLS) for text in strings(values))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, dict)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from strings(item)


def test_fmt_repairs_bom_and_crlf(run, data_dir):
    text = (data_dir / "cases.yaml").read_text(encoding="utf-8")
    (data_dir / "cases.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert run("validate").exit_code == 1
    assert run("fmt").exit_code == 0
    raw = (data_dir / "cases.yaml").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert run("validate").exit_code == 0


def test_no_line_of_text_findings_starts_with_data(run, data_dir):
    """GitHub Actions runs a log line that starts with `::` as a workflow command: a value echoed in a
    finding keeps every line break of it escaped, so that no line of the output can begin with data."""
    breaks = 'x\\n::notice::LF\\r::notice::CR\\L::notice::LS\\P::notice::PS\\N::notice::NEL\\v::notice::VT'
    text = CASES.replace("status: decided", f'status: "{breaks}"').replace("  title: Li v. Liu\n", "  title: Li v. Liu\n  "
                                                                            f'"::error::{breaks}": x\n', 1)
    (data_dir / "cases.yaml").write_text(text, encoding="utf-8")
    for command in (("validate",), ("load",), ("validate", "--format", "text"), ("cases",)):
        result = run(*command)
        assert result.exit_code == 1
        output = result.stdout + result.stderr
        assert "is not a valid status" in output and "unknown field '::error::x" in output
        for line in output.splitlines():  # str.splitlines breaks at every line break Unicode knows
            assert line.startswith(("cases.yaml", "kb:", "../", "/")) or not line.startswith("::"), line
            assert "::notice::" not in line or ": error: " in line, line
        assert not re.search(r"^\s*::", output, re.M)


def test_show_prints_an_amount_an_older_kb_stored_as_null(older_database):
    result = older_database("show", "cn-2023-li-v-liu")
    assert result.exit_code == 0 and "unknown amount CNY" in result.stdout


def test_line_separators_never_reach_the_terminal_raw(run, data_dir):
    """U+2028 and U+2029 (YAML's \\L and \\P) end a line in some terminals and in every str.splitlines()."""
    (data_dir / "cases.yaml").write_text(CASES.replace(
        "summary: An AI-generated image is a work.", 'summary: "An AI-generated\\Limage\\Pis a work."'), encoding="utf-8")
    assert run("load").exit_code == 0
    for command in (("show", "cn-2023-li-v-liu"), ("search", "image"), ("cases", "--all")):
        out = run(*command).stdout
        assert "\u2028" not in out and "\u2029" not in out, command
    assert "An AI-generated\\u2028image\\u2029is a work." in run("show", "cn-2023-li-v-liu").stdout


def test_a_mermaid_directive_in_a_title_stays_text(run, data_dir):
    """Mermaid obeys `%%{init: ...}%%` anywhere in a diagram: from a title it would restyle the whole diagram."""
    (data_dir / "cases.yaml").write_text(CASES.replace(
        "title: Li v. Liu", "title: 'Li v. Liu %%{init: {\"theme\": \"forest\"}}%%'"), encoding="utf-8")
    result = run("export", "mermaid")
    assert result.exit_code == 0, result.stderr
    assert "%" not in result.stdout and "Li v. Liu #37;#37;{init: {#quot;theme#quot;: #quot;forest#quot;}}#37;#37;" \
        in result.stdout
