"""Every command, as text and as --json, through Typer's CliRunner; plus the error contract."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, write_data

ROOT = Path(__file__).resolve().parent.parent


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_validate_clean(run):
    result = run("validate")
    assert result.exit_code == 0
    assert "0 error(s), 0 warning(s); checked 2 courts, 5 parties, 3 claims, 2 products, 0 questions, 0 judges, 4 cases" in result.stderr


def test_validate_formats(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES.replace("court: us-cand", "court: us-nd-cal"), encoding="utf-8")
    text = run("validate")
    assert text.exit_code == 1
    assert "cases.yaml:53:10: error: unknown court 'us-nd-cal'" in text.stderr
    github = run("validate", "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.startswith("::error file=") and ",line=53,col=10,title=kb validate::unknown court" in github.stdout
    found = json.loads(run("validate", "--format", "json").stdout)
    assert [(f["line"], f["col"], f["severity"]) for f in found] == [(53, 10, "error")]


def test_validate_json_is_an_empty_list_when_clean(run):
    assert as_json(run("validate", "--format", "json")) == []


def test_strict_turns_warnings_into_failure(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES.replace("  kind: controversy\n  jurisdiction: CN\n",
                                                       "  kind: controversy\n  jurisdiction: CN\n  court: cn-bj-internet\n"))
    assert run("validate").exit_code == 0
    assert run("validate", "--strict").exit_code == 1


def test_load_builds_the_database(run):
    result = run("load")
    assert result.exit_code == 0 and run.db.exists()
    assert "4 cases" in result.stderr


def test_load_with_errors_keeps_the_old_database(run, data_dir):
    assert run("load").exit_code == 0
    before = run.db.read_bytes()
    (data_dir / "cases.yaml").write_text("- id: x\n  id: y\n", encoding="utf-8")
    result = run("load")
    assert result.exit_code == 1
    assert "duplicate key 'id'" in result.stderr and "database was not built" in result.stderr
    assert run.db.read_bytes() == before


def test_read_commands_build_when_missing_and_say_so(run):
    result = run("cases", "--json")
    assert "building" in result.stderr and "no database yet" in result.stderr
    assert len(json.loads(result.stdout)) == 4
    assert "building" not in run("cases", "--json").stderr


def test_cases_json_contract(run):
    cases = as_json(run("cases", "--court", "北京互联网法院", "--json"))
    assert [c["id"] for c in cases] == ["cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu"]
    required = {"id", "title", "title_zh", "kind", "jurisdiction", "court", "case_number", "status", "filed",
                "decided", "parties", "claims"}
    assert required <= set(cases[0])
    assert cases[0]["parties"][0] == {"id": "li", "name": "Li", "name_zh": "李某", "role": "plaintiff"}


def test_cases_text_table(run):
    result = run("cases", "--party", "Xiaohongshu")
    assert result.exit_code == 0
    assert "2 case(s)" in result.stdout and "cn-2023-painters-v-xiaohongshu" in result.stdout


def test_cases_json_is_plain_utf8(run):
    result = run("cases", "--json")
    assert "李某" in result.stdout and "\\u" not in result.stdout and "\x1b" not in result.stdout


@pytest.mark.parametrize("args, code", [(("show", "nope"), 1), (("cases", "--court", "nowhere"), 2),
                                        (("related", "nope"), 1), (("path", "nope", "li"), 1),
                                        (("cases", "--since", "2023-13"), 2)])
def test_unknown_names_are_one_line_errors(run, args, code):
    result = run(*args)
    assert result.exit_code == code
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(run):
    assert run("cases", "--limit", "many").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_show_text_and_json(run):
    data = as_json(run("show", "(2023)京0491民初11279号", "--json"))
    assert data["id"] == "cn-2023-li-v-liu" and data["ruling"]["damages"] == {"amount": 500.0, "currency": "CNY"}
    text = run("show", "cn-2023-li-v-liu").stdout
    for expected in ("Li v. Liu", "李某诉刘某案", "Beijing Internet Court (北京互联网法院)", "500.00 CNY", "Timeline",
                     "2023-11 ", "https://example.org/li-v-liu"):
        assert expected in text, expected
    timeline = text[text.index("Timeline"):]
    assert timeline.index("2023-11 ") < timeline.index("2023-11-27")


def test_related_text_and_json(run):
    rows = as_json(run("related", "cn-2023-painters-v-xiaohongshu", "--json"))
    # the two explicit relations first, the one that also shares a claim and the court ahead
    assert [r["id"] for r in rows[:2]] == ["cn-2023-li-v-liu", "cn-2023-xiaohongshu-boycott"] and rows[0]["reasons"]
    text = run("related", "cn-2023-painters-v-xiaohongshu").stdout
    assert "explicit relation" in text and "shared party" in text


def test_path_text_and_json(run):
    hops = as_json(run("path", "Illustrators boycott Xiaohongshu", "Andersen v. Stability AI", "--json"))
    assert [h["link"] for h in hops] == ["related-controversy", "plaintiff", "plaintiff"]
    text = run("path", "cn-2023-xiaohongshu-boycott", "us-2023-andersen-v-stability").stdout
    assert "Painter A" in text and "plaintiff" in text


@pytest.mark.parametrize("registry, first", [("parties", "painter-a"), ("courts", "cn-bj-internet"),
                                             ("claims", "copyright-infringement"), ("products", "stable-diffusion")])
def test_registries_text_and_json(run, registry, first):
    rows = as_json(run(registry, "--json"))
    assert rows[0]["id"] == first and "cases" in rows[0]
    assert first in run(registry).stdout


def test_stats_text_and_json(run):
    assert as_json(run("stats", "--json"))["by_kind"] == {"lawsuit": 2, "controversy": 1, "ruling": 1}
    assert "4 cases" in run("stats").stdout


HOSTILE = CASES.replace("title: Li v. Liu", 'title: "[red]Li[/red] v. Liu \\u202eevil"')


def test_hostile_text_is_printed_inert(run, data_dir):
    (data_dir / "cases.yaml").write_text(HOSTILE, encoding="utf-8")
    text = run("show", "cn-2023-li-v-liu").stdout
    assert "\u202e" not in text
    assert "[red]Li[/red]" in text and "\\u202eevil" in text
    table = run("cases").stdout
    assert "\u202e" not in table and "[red]Li[/red]" in table
    data = as_json(run("show", "cn-2023-li-v-liu", "--json"))
    assert data["title"] == "[red]Li[/red] v. Liu \u202eevil"  # JSON keeps the data as it is


def test_escape_sequences_in_text_are_refused(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES.replace("title: Li v. Liu", 'title: "Li \\e[31mv.\\e]0;pwned\\a Liu"'),
                                         encoding="utf-8")
    result = run("show", "cn-2023-li-v-liu")
    assert result.exit_code == 1 and "\x1b" not in result.output
    assert re.search(r"cases\.yaml:2:10: error: title: holds U\+001B \(ESC\) at character 4", result.stderr)


def test_foreign_database_is_refused_not_overwritten(run):
    run.db.write_bytes(b"precious")
    result = run("cases")
    assert result.exit_code == 1 and "not a kb database" in result.stderr
    assert run.db.read_bytes() == b"precious"


def _run_process(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_python_cli_py_behaves_like_kb(tmp_path):
    data = write_data(tmp_path / "data")
    args = ["--data", str(data), "--db", str(tmp_path / "kb.sqlite"), "cases", "--json"]
    by_script = _run_process(str(ROOT / "cli.py"), *args, cwd=tmp_path)
    by_module = _run_process("-c", "from kb.cli import main; main()", *args, cwd=tmp_path)
    assert by_script.returncode == 0, by_script.stderr
    assert by_script.stdout == by_module.stdout and len(json.loads(by_script.stdout)) == 4


def test_no_traceback_for_broken_input_in_a_real_process(tmp_path):
    data = write_data(tmp_path / "data", cases="- id: c1\n\t title: x\n")
    result = _run_process(str(ROOT / "cli.py"), "--data", str(data), "--db", str(tmp_path / "kb.sqlite"), "cases",
                          cwd=tmp_path)
    assert result.returncode == 1
    assert "cases.yaml:2:1: error:" in result.stderr and "Traceback" not in result.stderr


def test_show_explains_the_case_number(run):
    data = as_json(run("show", "（2023）京0491民初11279号", "--json"))  # full-width brackets find it too
    assert data["case_number_parts"]["procedure_zh"] == "民事一审"
    assert data["case_number_parts"]["court_code"] == "京0491" and data["case_number_parts"]["year"] == 2023
    assert "civil, first instance (民事一审)" in run("show", "cn-2023-li-v-liu").stdout


def test_cli_choices_match_the_models():
    from typing import get_args

    from kb.cli import CaseKindChoice
    from kb.models import CaseKind

    assert [c.value for c in CaseKindChoice] == list(get_args(CaseKind))


def test_read_commands_point_at_warnings_instead_of_listing_them(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES.replace("  kind: controversy\n  jurisdiction: CN\n",
                                                       "  kind: controversy\n  jurisdiction: CN\n  court: cn-bj-internet\n"))
    read = run("cases", "--json")
    assert read.exit_code == 0 and "1 warning(s) in the data; `kb validate` lists them" in read.stderr
    assert "not heard by a court" not in read.stderr
    load = run("load")
    assert "warning: a controversy is not heard by a court" in load.stderr


def test_a_reviewed_warning_is_declared_on_the_record_with_its_reason(run, data_dir):
    transferred = CASES.replace("  case_number: 3:23-cv-00201-WHO\n", "  case_number: 3:24-cv-00201-WHO\n")
    (data_dir / "cases.yaml").write_text(transferred, encoding="utf-8")
    warned = run("validate", "--strict")
    assert warned.exit_code == 1
    assert "1 failing: 0 error(s), 1 warning(s) (--strict)" in warned.stderr
    reviewed = transferred.replace(
        "  sources:\n    - {id: s1, url: \"https://example.org/andersen\"",
        "  reviewed_warnings:\n    - {warning: case number year 2024 differs from the filing year 2023, reason: "
        "Transferred in 2024.}\n  sources:\n    - {id: s1, url: \"https://example.org/andersen\"")
    assert reviewed != transferred
    (data_dir / "cases.yaml").write_text(reviewed, encoding="utf-8")
    clean = run("validate", "--strict")
    assert clean.exit_code == 0 and "0 error(s), 0 warning(s)" in clean.stderr
    (data_dir / "cases.yaml").write_text(reviewed.replace("3:24-cv", "3:23-cv"), encoding="utf-8")
    stale = run("validate")
    assert "this reviewed warning is no longer raised; remove it from reviewed_warnings" in stale.stderr


def test_reviewed_warnings_need_a_reason(run, data_dir):
    (data_dir / "cases.yaml").write_text(CASES.replace(
        "  sources:\n    - {id: s1, url: \"https://example.org/andersen\"",
        "  reviewed_warnings:\n    - {warning: something}\n  sources:\n    - {id: s1, url: \"https://example.org/andersen\""),
        encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1 and "reason" in result.stderr
