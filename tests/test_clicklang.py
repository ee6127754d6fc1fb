"""What Click and Typer say themselves (kb/cli/clicklang.py): usage errors, their hints, "Did you mean",
prompts and their errors, in Chinese under KB_LANG=zh and exactly as Click writes them in English."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ENGLISH_OF_CLICK = re.compile(r"Error:|Try '|No such|Did you mean|Missing|is not a valid|Aborted|Usage:")


def test_a_usage_error_speaks_chinese_from_the_installed_kb_on_the_shipped_data():
    """The real entry point, as a reader types it: every line Click writes is in Chinese, the exit code 2."""
    env = {**os.environ, "KB_LANG": "zh", "KB_DATA": str(ROOT / "data")}
    env.pop("KB_DB", None)
    result = subprocess.run([str(Path(sys.executable).parent / "kb"), "cases", "--jurisdicton", "CN"],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "用法：kb cases [OPTIONS]",
        "用 'kb cases --help' 查看帮助。",
        "",
        "错误：没有选项 '--jurisdicton'。 您是不是想输入 '--json', '--jurisdiction'？",
    ]


def test_usage_errors_speak_chinese(run, monkeypatch):
    monkeypatch.setenv("KB_LANG", "zh")
    for args, says in [
        (("case",), "错误：没有命令 'case'。 您是不是想输入 'cases', 'claims'？"),
        (("cases", "--limit"), "错误：选项 '--limit' 需要 1 个值。"),
        (("cases", "--limit", "many"), "错误：'--limit' 的值无效：'many' 不是有效的数（应为 integer range）。"),
        (("cases", "--limit", "-3"), "错误：'--limit' 的值无效：-3 不在范围 0<=x<=2147483647 内。"),
        (("show",), "错误：缺少参数 'CASE'."),  # the full stop is Click's own
        (("cases", "extra"), "错误：多出了参数（extra）"),
    ]:
        result = run(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.splitlines()[-1] == says, args
        assert not ENGLISH_OF_CLICK.search(result.stderr), result.stderr


def test_english_is_as_click_writes_it_even_after_chinese(run, monkeypatch):
    """The replaced names stay in place once set: English still gets Click's own words, unchanged."""
    monkeypatch.setenv("KB_LANG", "zh")
    run("cases", "--bogus")
    monkeypatch.setenv("KB_LANG", "en")
    result = run("cases", "--jurisdicton", "CN")
    assert result.stderr.splitlines() == [
        "Usage: kb cases [OPTIONS]",
        "Try 'kb cases --help' for help.",
        "",
        "Error: No such option '--jurisdicton'. (Did you mean one of: '--json', '--jurisdiction'?)",
    ]
    assert run("cases", "--statu", "x").stderr.splitlines()[-1] == (
        "Error: No such option '--statu'. Did you mean '--status'?")


def test_kb_new_case_asks_and_warns_in_chinese_on_the_shipped_data(tmp_path, monkeypatch):
    """Prompts, a prompt's error, the duplicate warning and the closing line of `kb new case`, on a copy
    of the shipped data (Li v. Liu's case number is the duplicate)."""
    import shutil

    from typer.testing import CliRunner

    from kb.cli import app

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("kb.sqlite*"))
    monkeypatch.setenv("KB_LANG", "zh")
    result = CliRunner().invoke(app, ["--data", str(data), "new", "case", "--case-number", "(2023)京0491民初11279号",
                                      "--append"], input="Li v Liu\nCN\nruling\nabc\n2023\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [  # each prompt, then what was typed (the runner echoes it)
        "英文标题: Li v Liu", "法域: CN", "类型 (lawsuit, ruling, controversy, regulatory): ruling",
        "年份（立案之年，或来源所载第一件事之年）: abc", "错误：'abc' 不是有效的数（应为 integer range）。",
        "年份（立案之年，或来源所载第一件事之年）: 2023"]
    assert ("警告：kb 可能已收录此案：cn-2023-li-v-liu（案号相同：(2023)京0491民初11279号）；"
            "添加前请用 `kb show cn-2023-li-v-liu` 核对") in result.stderr
    assert f"已把 cn-2023-li-v-liu-2 加入 {data / 'cases.yaml'}；请依来源填好每个 TODO" in result.stderr
    assert "- id: cn-2023-li-v-liu-2\n  title: Li v Liu\n  kind: ruling\n" in (data / "cases.yaml").read_text("utf-8")


def test_a_prompt_left_unanswered_is_aborted_in_chinese(run, monkeypatch):
    monkeypatch.setenv("KB_LANG", "zh")
    result = run("new", "case", input="")
    assert result.exit_code == 1 and result.stdout == "英文标题: " and result.stderr == "已中止！\n"


def test_the_replaced_modules_are_those_whose_messages_the_catalog_lists():
    """tools/helptext.py reads the messages of the modules kb/cli/clicklang.py replaces the names in (its
    `MODULES`), and each of them imported `_` or `ngettext` from gettext (else a Click upgrade moved its
    messages)."""
    import importlib.util

    from kb.cli import clicklang

    spec = importlib.util.spec_from_file_location("helptext_tool", ROOT / "tools" / "helptext.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for name in clicklang.MODULES:
        source = Path(importlib.util.find_spec(name).origin).read_text(encoding="utf-8")
        assert re.search(r"^from gettext import (gettext as _|ngettext)$", source, re.M), name
    singular, plural = tool.click_messages()
    assert "No such option {name!r}." in singular and "Try '{command} {option}' for help." in singular
    assert ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)") in plural
