"""The Chinese interface (kb.i18n, kb.glossary, the catalog in kb/locale): the language chosen from
KB_LANG and the locale; a catalog that is complete and as current as the code; the glossary of kb's
fixed values; and every CLI view in both languages, on fixtures and on the shipped data."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from conftest import CASES, write_data

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "kb" / "locale"
PO = LOCALE / "zh" / "LC_MESSAGES" / "kb.po"
MO = LOCALE / "zh" / "LC_MESSAGES" / "kb.mo"
POT = LOCALE / "kb.pot"
CJK = re.compile(r"[\u3400-\u9fff]")
# the placeholders of a message: {name}, {name!r}, {n:,} (Python) and %(name)s (the site's templates)
PLACEHOLDER = re.compile(r"\{(\w+)[^}]*\}|%\((\w+)\)[sd]")


def _read_po(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f)


def _ids(catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


# -- the catalog ----------------------------------------------------------------------------------------
def test_the_catalog_is_as_current_as_the_code(tmp_path):
    """`pybabel extract` run now finds exactly the messages of the committed template and catalog: a
    message added to the code (or the templates) without updating the catalog fails here."""
    from babel.messages.frontend import CommandLineInterface

    fresh = tmp_path / "kb.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_",
                                "--no-location", "--sort-output", "-o", str(fresh), str(ROOT)])
    extracted = _ids(_read_po(fresh))
    assert len(extracted) > 150
    stale = "; run the commands under Translations in CONTRIBUTING.md"
    assert extracted - _ids(_read_po(POT)) == set(), "new messages not in kb/locale/kb.pot" + stale
    assert _ids(_read_po(POT)) - extracted == set(), "kb/locale/kb.pot holds messages the code no longer has" + stale
    assert _ids(_read_po(PO)) == extracted, "kb.po is not updated from kb.pot" + stale


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    catalog = _read_po(PO)
    assert not catalog.fuzzy
    untranslated, broken = [], []
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if not all(s and s.strip() for s in strings) or m.fuzzy:
            untranslated.append(m.id)
            continue
        wanted = {a or b for a, b in PLACEHOLDER.findall(ids[-1])}
        if any({a or b for a, b in PLACEHOLDER.findall(s)} != wanted for s in strings):
            broken.append(m.id)
    assert untranslated == [], f"messages without a translation in {PO.name}: {untranslated}"
    assert broken == [], f"translations whose placeholders differ from the message's: {broken}"


def test_the_compiled_catalog_is_compiled_from_the_catalog():
    """kb.mo holds what kb.po says (a .po edited without `pybabel compile` fails here)."""
    import gettext

    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for m in _read_po(PO):
        if not m.id:
            continue
        if isinstance(m.id, str):
            assert compiled.gettext(m.id) == m.string, m.id
        else:
            assert compiled.ngettext(m.id[0], m.id[1], 2) == m.string[0], m.id


def test_the_catalog_says_the_glossary_terms_as_the_glossary_does():
    """Wherever a message uses a legal term of the glossary, its Chinese uses the glossary's word."""
    from kb.glossary import glossary

    catalog = _read_po(PO)
    wrong = []
    for term in glossary()["terms"]:
        accepted = [term["zh"], *term.get("also", [])]
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in term["en"]) + r")\b", re.I)
        for m in catalog:
            if not m.id:
                continue
            msgid = m.id if isinstance(m.id, str) else m.id[0]
            msgstr = m.string if isinstance(m.string, str) else m.string[0]
            text = re.sub(r"<[^>]+>|\{[^}]*\}|%\(\w+\)[sd]|`[^`]*`|--[\w-]+", " ", msgid)
            for phrase in term.get("not", []):
                text = re.sub(r"\b" + re.escape(phrase) + r"\b", " ", text, flags=re.I)
            if pattern.search(text) and not any(word in msgstr for word in accepted):
                wrong.append((msgid, msgstr, term["zh"]))
    assert wrong == [], wrong


# -- the glossary ---------------------------------------------------------------------------------------
def test_the_glossary_labels_every_fixed_value_of_the_models_and_nothing_else():
    from kb import models
    from kb.glossary import glossary

    fields = {"kind": models.CaseKind, "status": models.CaseStatus, "role": models.Role,
              "relation": models.RelationKind, "event": models.EventKind, "party_kind": models.PartyKind,
              "level": models.CourtLevel, "answer": models.AnswerKind, "judge_role": models.JudgeRole,
              "product_kind": models.ProductKind}
    values = glossary()["values"]
    assert set(values) == set(fields)
    for field, literal in fields.items():
        assert set(values[field]) == set(get_args(literal)), field
        for value, zh in values[field].items():
            assert isinstance(zh, str) and CJK.search(zh), (field, value, zh)
    for term in glossary()["terms"]:
        assert term["en"] and CJK.search(term["zh"]), term


def test_labels_are_the_values_in_english_and_the_glossary_in_chinese():
    from kb.glossary import label

    assert label("status", "pending", "en") == "pending"
    assert label("status", "pending", "zh") == "审理中"
    assert label("status", "settled", "zh") == "和解"
    assert label("kind", "lawsuit", "zh") == "诉讼"
    assert label("role", "plaintiff", "zh") == "原告"
    assert label("answer", "not decided", "zh") == "未作决定"
    assert label("status", "something-new", "zh") == "something-new"  # a value the glossary lacks: as it is


# -- the language --------------------------------------------------------------------------------------
@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"KB_LANG": "zh"}, "zh"),
    ({"KB_LANG": "zh_CN.UTF-8"}, "zh"),
    ({"KB_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "zh_CN", "LANG": "en_GB.UTF-8"}, "zh"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
])
def test_the_language_comes_from_kb_lang_then_the_locale(environ, expected):
    from kb.i18n import choose

    assert choose(environ) == expected


def test_a_kb_lang_kb_does_not_speak_is_refused(run, monkeypatch):
    monkeypatch.setenv("KB_LANG", "fr")
    result = run("cases")
    assert result.exit_code == 2
    assert "KB_LANG='fr' is not a language kb speaks (en, zh)" in result.stderr


def test_starting_up_loads_no_catalog_and_no_babel():
    """`import kb.cli` (what `kb --help` costs) reads no catalog, not even in Chinese, and never Babel."""
    code = ("import sys, kb.cli, kb.i18n; "
            "print(sorted(m for m in sys.modules if m.startswith(('babel', 'kb.glossary', 'jinja2'))), "
            "len(kb.i18n._translations))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"KB_LANG": "zh", "PATH": "/usr/bin:/bin"}).stdout
    assert out.strip() == "[] 0"


# -- the CLI in both languages ---------------------------------------------------------------------------
def test_cases_speak_chinese_with_the_chinese_title_first(run, monkeypatch):
    english = run("cases").stdout
    assert "4 case(s)" in english and " id " in english and "status" in english
    monkeypatch.setenv("KB_LANG", "zh")
    out = run("cases").stdout
    assert "共 4 件" in out and "case(s)" not in out
    assert re.search(r"编号\s+案件\s+状态", out)
    assert "已判决" in out or "审理中" in out
    lines = out.splitlines()
    for zh, en in [("李某诉刘某案", "Li v. Liu"), ("画师诉小红书案", "Painters v. Xiaohongshu")]:
        assert next(i for i, line in enumerate(lines) if zh in line) + 1 == next(
            i for i, line in enumerate(lines) if en in line)  # the Chinese title, then the English under it
    assert "Andersen v. Stability AI (英文)" in out  # no Chinese title: the English one, marked


def test_related_names_records_in_chinese(run, monkeypatch):
    """In Chinese, `kb related` gives a case's Chinese title first and names the claims, courts and parties it
    shares by their Chinese names (the fixture's 著作权侵权, 北京互联网法院); English only where a record has
    no Chinese name."""
    english = run("related", "li-v-liu").stdout
    assert "Copyright infringement" in english and "著作权侵权" not in english
    monkeypatch.setenv("KB_LANG", "zh")
    out = run("related", "li-v-liu").stdout
    assert "相同案由：著作权侵权" in out and "Copyright infringement" not in out
    assert "同一法院：北京互联网法院" in out and "Beijing Internet Court" not in out
    assert "画师诉小红书案" in out and "Andersen v. Stability AI (英文)" in out


def test_english_text_without_chinese_is_marked_in_chinese(run, monkeypatch):
    monkeypatch.setenv("KB_LANG", "zh")
    out = run("courts").stdout
    assert "北京互联网法院 (Beijing Internet Court)" in out
    assert "U.S. District Court for the Northern District of California (英文)" in out


def test_errors_and_hints_speak_chinese(run, monkeypatch):
    monkeypatch.setenv("KB_LANG", "zh")
    result = run("cases", "--status", "pendng")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith("kb：正在构建 ") and result.stderr.splitlines()[0].endswith("（尚无数据库）")
    assert result.stderr.splitlines()[-1] == "错误：--status：未知的状态“pendng”；是否指 'pending'？"
    result = run("show", "no-such-case")
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：未知的案件“no-such-case”")
    page = run("cases", "--limit", "1")
    assert "已显示 1/4 件案件；用 --offset 1、--limit N 或 --all 查看更多" in page.stdout


def test_the_json_is_the_same_in_both_languages(run, monkeypatch):
    english = run("cases", "--json").stdout
    monkeypatch.setenv("KB_LANG", "zh")
    assert run("cases", "--json").stdout == english


def test_the_locale_speaks_chinese_when_kb_lang_is_unset(run, monkeypatch):
    monkeypatch.delenv("KB_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "共 4 件" in run("cases").stdout


SHIPPED_VIEWS = [
    ("cases",), ("show", "cn-2023-li-v-liu"), ("show", "us-2020-thomson-reuters-v-ross"), ("related", "cn-2023-li-v-liu"),
    ("path", "cn-2023-li-v-liu", "cn-bj-internet"), ("parties",), ("courts",), ("claims",), ("products",), ("stats",),
    ("search", "小红书"), ("timeline",), ("questions",), ("question", "ai-output-protection"), ("judges",),
    ("stale", "--months", "1"), ("undocketed",), ("graph", "central"), ("graph", "clusters"), ("graph", "stats"),
]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Run a command on the shipped data (data/) in a language: (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from kb.cli import app

    db = tmp_path_factory.mktemp("shipped") / "kb.sqlite"
    runner = CliRunner()

    def invoke(language: str, *args: str):
        result = runner.invoke(app, ["--data", str(ROOT / "data"), "--db", str(db), *args],
                               env={"KB_LANG": language, "COLUMNS": "160"}, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.mark.parametrize("args", SHIPPED_VIEWS, ids=" ".join)
def test_every_view_of_the_shipped_data_speaks_chinese(shipped, args):
    code, english, _ = shipped("en", *args)
    assert code == 0
    code, chinese, err = shipped("zh", *args)
    assert code == 0, err
    assert CJK.search(chinese)
    # the interface's English words are gone: no English column header survives in Chinese
    headers = [line for line in english.splitlines() if re.match(r"^ (id|score|date|as_of|judge|court|ruling) ", line)]
    for header in headers:
        assert header.strip() not in chinese


def test_the_shipped_data_in_chinese_shows_the_records_own_chinese(shipped):
    code, out, _ = shipped("zh", "show", "cn-2023-li-v-liu")
    record = json.loads(shipped("en", "show", "cn-2023-li-v-liu", "--json")[1])
    assert out.splitlines()[0].startswith(record["title_zh"])
    assert "状态      已判决" in out and "当事人" in out and "原告  " in out
    assert "2023年 · 法院代字 京0491 · 民事一审 · 第 11279 号" in out  # what the case number says, in Chinese
    assert record["summary_zh"][:20] in out
    code, out, _ = shipped("zh", "cases", "--jurisdiction", "CN")
    count = len(json.loads(shipped("en", "cases", "--jurisdiction", "CN", "--json")[1]))
    assert f"共 {count} 件" in out


def test_foreign_courts_and_parties_of_the_shipped_data_go_by_the_chinese_names_in_use(shipped):
    """A foreign court or company that Chinese sources name in Chinese is shown by that name, the English
    after it; a brand with no Chinese name in use (OpenAI) keeps its own, marked (英文)."""
    code, out, _ = shipped("zh", "show", "us-2020-thomson-reuters-v-ross")
    assert code == 0
    assert "美国特拉华州地区法院 (U.S. District Court for the District of Delaware)" in out
    assert "汤森路透 (Thomson Reuters Enterprise Centre GmbH)" in out and "罗斯智能 (Ross Intelligence Inc.)" in out
    code, out, _ = shipped("zh", "courts")
    assert "美国纽约南区联邦地方法院 (U.S. District Court for the Southern District of New" in out  # (wrapped)
    assert "Southern District of New York (英文)" not in out
    code, out, _ = shipped("zh", "parties")
    assert "微软 (Microsoft Corporation)" in out and "OpenAI (英文)" in out


def test_every_chinese_ruling_of_the_shipped_data_says_its_outcome_in_chinese(shipped):
    from kb.loading import load_dataset

    cases = load_dataset(ROOT / "data")[0].cases.values()
    rulings = {c.id: c.ruling for c in cases if c.jurisdiction == "CN" and c.ruling is not None}
    assert len(rulings) >= 37
    assert [case for case, ruling in rulings.items() if not ruling.outcome_zh] == []
    assert [case for case, ruling in rulings.items() if ruling.holding and not ruling.holding_zh] == []
    flat = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 - Rich wraps lines (Chinese anywhere)
    # short and long outcomes, one with a holding that must fold at 80 columns rather than be cut with "…"
    for case in ("cn-2024-yin-ai-voice", "cn-2020-douyin-v-yiruike-manga-effect-model",
                 "cn-2025-li-v-hongyun-face-swap-minhou", "cn-2023-li-v-liu"):
        ruling = rulings[case]
        code, out, err = shipped("zh", "show", case)
        assert code == 0, err
        shown = flat(out)
        assert flat(ruling.outcome_zh) in shown, case
        assert shown.index(flat(ruling.outcome_zh)) < shown.index(flat(ruling.outcome)), case  # Chinese first
        if ruling.holding_zh:
            assert flat(ruling.holding_zh) in shown, case
            assert "…" not in out.split("裁判要旨")[1].split("来源")[0], case


def test_validation_speaks_chinese_and_keeps_the_file_line_col_format(run, data_dir, monkeypatch):
    from conftest import CASES

    (data_dir / "cases.yaml").write_text(CASES.replace("kind: lawsuit", "kind: lawsiut", 1), encoding="utf-8")
    english = run("validate")
    assert "error: 'lawsiut' is not a valid kind; expected" in english.stderr
    monkeypatch.setenv("KB_LANG", "zh")
    chinese = run("validate")
    assert chinese.exit_code == english.exit_code == 1
    line = next(line for line in chinese.stderr.splitlines() if "lawsiut" in line)
    assert re.match(r"\S+cases\.yaml:\d+:\d+: error: “lawsiut”不是有效的 kind；应为 ", line), line  # editors still parse it
    assert "是否指“lawsuit”？" in line
    assert chinese.stderr.splitlines()[-1].startswith("1 处错误，0 条警告；已检查 法院 2 条")


# -- kb --help, kb related -------------------------------------------------------------------------------
def _summaries() -> dict[str, str]:
    """Every command's summary as `kb --help` (and its groups' help) lists it: {command path: summary}."""
    import click
    import typer

    from kb.cli import app
    from kb.cli.base import command_summary

    found = {}

    def walk(group, path):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is not None and not command.hidden:
                found[f"{path} {name}"] = command_summary(command)
                if isinstance(command, click.Group):
                    walk(command, f"{path} {name}")

    walk(typer.main.get_command(app), "kb")
    return found


def _helptext_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("helptext_tool", ROOT / "tools" / "helptext.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_helptext_lists_every_text_of_the_help_pages_as_the_tool_writes_it():
    """kb/cli/helptext.py is what tools/helptext.py writes from the live app (Babel reads no docstrings):
    every summary, every paragraph of a command's help and every argument's and option's help."""
    from kb.cli.helptext import HELP

    tool = _helptext_tool()
    assert (ROOT / "kb" / "cli" / "helptext.py").read_text(encoding="utf-8") == tool.render(tool.messages()), (
        "kb/cli/helptext.py is stale: run python tools/helptext.py, then the Babel commands of CONTRIBUTING.md")
    assert list(HELP) == sorted(set(HELP))
    assert set(_summaries().values()) <= set(HELP)
    assert "Print JSON for scripts instead of a table." in HELP and "Show this message and exit." in HELP
    assert subprocess.run([sys.executable, str(ROOT / "tools" / "helptext.py"), "--check"], cwd=ROOT).returncode == 0


def test_the_helptext_tool_sees_a_command_or_option_added_or_reworded(monkeypatch):
    """A new command, a reworded docstring or option: the generated list changes, so --check (and the test
    above) fail until helptext.py is written again."""
    import typer

    from kb.cli import app

    tool = _helptext_tool()
    before = tool.messages()

    def probe(flag: bool = typer.Option(False, "--flag", help="A flag only this test has.")) -> None:
        """A command only this test has.

        Its second   paragraph,
        on two lines."""

    monkeypatch.setattr(app, "registered_commands", [*app.registered_commands])
    app.command("probe-for-test")(probe)
    after = tool.messages()
    assert set(after) - set(before) == {"A command only this test has.", "Its second paragraph, on two lines.",
                                        "A flag only this test has."}
    assert tool.render(after) != tool.render(before)


def test_every_help_text_has_its_chinese_in_the_compiled_catalog():
    from kb.cli.helptext import HELP
    from kb.i18n import translation

    zh = translation("zh")
    missing = [m for m in HELP if zh.gettext(m) == m or not CJK.search(zh.gettext(m))]
    assert missing == [], "help texts without a Chinese translation (see CONTRIBUTING.md, Translations)"


def _help_pages() -> list[tuple[str, ...]]:
    """The command line of every help page: kb, each command and group, each command of a group."""
    import click
    import typer

    from kb.cli import app

    pages = [()]

    def walk(group, path):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is not None and not command.hidden:
                pages.append((*path, name))
                if isinstance(command, click.Group):
                    walk(command, (*path, name))

    walk(typer.main.get_command(app), ())
    return pages


def _command_at(path: tuple[str, ...]):
    """The Click command of a help page, and a context like the one `--help` gets."""
    import click
    import typer

    from kb.cli import app

    command = typer.main.get_command(app)
    ctx = click.Context(command, info_name="kb", **command.context_settings)
    for name in path:
        command = command.get_command(ctx, name)
        ctx = click.Context(command, info_name=name, parent=ctx, **command.context_settings)
    return command, ctx


def _texts_of(command, ctx) -> list[str]:
    """What a help page says in words: its help's paragraphs, its parameters' help, its commands' summaries."""
    import click

    from kb.cli.base import command_summary
    from kb.cli.helppage import help_messages, option_message

    texts = help_messages(command.help)
    texts += [option_message(p.help) for p in command.get_params(ctx) if getattr(p, "help", None)]
    if isinstance(command, click.Group):
        texts += [command_summary(command.get_command(ctx, name)) for name in command.list_commands(ctx)]
    return texts


def _dense(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _click_width(terminal: int) -> int:
    """The width Click writes a help page at in a terminal this wide (its test runner forces 80 instead)."""
    return max(min(terminal, 80) - 2, 50)


@pytest.mark.parametrize("terminal", [80, 60])
@pytest.mark.parametrize("path", _help_pages(), ids=lambda path: " ".join(("kb", *path)))
def test_every_help_page_speaks_chinese_and_keeps_its_english(path, terminal):
    """KB_LANG=zh: the usage line, the help text, every argument's and option's help and the section titles
    in Chinese, none of the English left, every character of the translation there however it is wrapped,
    and no line wider than the page (a Chinese character takes two columns).
    KB_LANG=en: the page Click and Typer write by themselves, word for word."""
    import copy

    import click
    from typer.core import TyperCommand, TyperGroup
    from typer.testing import CliRunner

    from kb.cli import app
    from kb.cli.base import Group
    from kb.cli.helppage import columns
    from kb.i18n import translation

    runner = CliRunner()
    command, ctx = _command_at(path)
    texts = _texts_of(command, ctx)
    assert texts
    zh = translation("zh")

    width = _click_width(terminal)
    result = runner.invoke(app, [*path, "--help"], env={"KB_LANG": "zh"}, terminal_width=width)
    assert result.exit_code == 0, result.output
    chinese = result.stdout
    assert chinese.startswith("用法：kb ") and "\n选项:\n" in chinese
    assert not re.search(r"^(Usage|Options|Arguments|Commands):", chinese, re.M)
    # wrapped by the columns a terminal gives a Chinese character (two), never a line starting with ，or ）
    # (a metavar longer than the page stays whole on its line, as Click writes it in English too)
    assert [line for line in chinese.splitlines() if columns(line) > width and CJK.search(line)] == []
    assert [line for line in chinese.splitlines() if re.match(r"\s*[，。、；：）》」]", line)] == []
    dense = _dense(chinese)  # however the lines are cut (a word too long for one too), every character is there
    for text in texts:
        assert _dense(text) not in dense, text
        assert _dense(zh.gettext(text)) in dense, (text, zh.gettext(text))

    result = runner.invoke(app, [*path, "--help"], env={"KB_LANG": "en"}, terminal_width=width)
    assert result.exit_code == 0
    english = result.stdout
    for text in texts:
        assert _dense(text) in _dense(english), text
    # Click's own page: the same command as a plain Typer command (a group: with kb's list of commands)
    plain = copy.copy(command)
    plain.__class__ = (type("PlainGroup", (TyperGroup,), {"format_commands": Group.format_commands})
                       if isinstance(command, click.Group) else TyperCommand)
    ctx.terminal_width = width
    assert english == plain.get_help(ctx) + "\n"


def test_kb_help_speaks_chinese_and_english_help_is_as_click_writes_it(monkeypatch):
    from typer.testing import CliRunner

    from kb.cli import app

    runner = CliRunner()
    english = runner.invoke(app, ["--help"], env={"KB_LANG": "en", "COLUMNS": "200"}).stdout
    assert english.startswith("Usage: kb [OPTIONS] COMMAND [ARGS]...\n\n  Query the knowledge base of court cases")
    assert "\nOptions:\n  --data TEXT " in english and "Data directory [env: KB_DATA; default: ./data]." in english
    assert ("\nCommands:\n  validate    Check the data files and report every problem as file:line:col:\n"
            "              message.\n") in english
    assert "  -h, --help            Show this message and exit.\n" in english
    chinese = runner.invoke(app, ["--help"], env={"KB_LANG": "zh", "COLUMNS": "200"}).stdout
    assert chinese.startswith("用法：kb [OPTIONS] COMMAND [ARGS]...\n\n  查询生成式人工智能内容相关法院案件与争议的知识库。")
    assert "\n选项:\n" in chinese and "数据目录 [环境变量：KB_DATA；默认：./data]。" in chinese and "显示本帮助信息并退出。" in chinese
    assert "\n命令:\n" in chinese and "  related     与一件案件相关联的案件，关联最强者在前" in chinese
    flat = " ".join(english.split())
    for name, summary in _summaries().items():
        if name.count(" ") == 1:
            assert summary not in " ".join(chinese.split()) and summary in flat, name
    lines = [line for line in chinese.splitlines() if re.match(r"  [a-z]+ +\S", line)]
    assert len(lines) == sum(1 for name in _summaries() if name.count(" ") == 1)
    assert all(CJK.search(line) for line in lines), [line for line in lines if not CJK.search(line)]
    graph = runner.invoke(app, ["graph", "--help"], env={"KB_LANG": "zh", "COLUMNS": "200"}).stdout
    assert "关系图分析：中心节点、案件聚类和图统计。" in graph and "按类型统计的节点和边、连通分量和密度。" in graph


def test_a_chinese_help_page_fits_a_terminal_of_80_columns():
    """In a real terminal (COLUMNS=80, no test runner forcing a width) every line of a Chinese help page
    fits in the 78 columns Click writes at, a Chinese character counted as the two columns it takes."""
    from kb.cli.helppage import columns

    code = "import sys; from kb.cli import main; sys.argv = ['kb', 'related', '--help']; main()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"KB_LANG": "zh", "COLUMNS": "80", "PATH": "/usr/bin:/bin"}).stdout
    assert out.startswith("用法：kb related [OPTIONS] CASE\n")
    assert "与一件案件相关联的案件" in out and "最多列出这么多条。" in out
    assert max(columns(line) for line in out.splitlines()) == 78  # full lines, none longer
    english = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                             env={"KB_LANG": "en", "COLUMNS": "80", "PATH": "/usr/bin:/bin"}).stdout
    assert max(len(line) for line in english.splitlines()) <= 78


def test_related_reasons_speak_chinese_on_the_shipped_data(shipped):
    code, english, _ = shipped("en", "related", "cn-2023-li-v-liu", "--all")
    assert code == 0 and "shared claims: " in english and "same court: Beijing Internet Court" in english
    code, chinese, _ = shipped("zh", "related", "cn-2023-li-v-liu", "--all")
    assert code == 0
    # the court and the claims by the Chinese names their records have
    assert "相同案由：著作权侵权" in chinese and "同一法院：北京互联网法院" in chinese
    assert "：Beijing Internet Court" not in chinese and "Copyright infringement" not in chinese  # (titles may say it)
    assert "回答了相同的法律问题：" in chinese
    for english_word in ("shared claim", "same court", "explicit relation", "answered the same", "same kind of"):
        assert english_word not in chinese


def test_reason_lines_in_chinese_use_the_glossary_and_keep_names():
    from kb.links import reason_in

    assert reason_in("explicit relation: similar-facts", "zh") == "明示关联：案情相似"
    assert reason_in("explicit relation: appeal-of (from the other case)", "zh") == "明示关联：上诉审，原审为（由对方案件记载）"
    assert reason_in("via cn-a: same-dispute", "zh") == "经由 cn-a：同一纠纷"
    assert reason_in("same kind of AI product: image generator, voice", "zh") == "同类人工智能产品：图像生成、语音"
    assert reason_in("shared parties: OpenAI, Li", "zh") == "相同当事人：OpenAI, Li"
    assert reason_in("shared judge: Zhu Ge", "zh") == "相同法官：Zhu Ge"
    for line in ("explicit relation: similar-facts", "shared parties: OpenAI, Li", "something else"):
        assert reason_in(line, "en") == line
    assert reason_in("something else", "zh") == "something else"


# -- kb cite, kb export ----------------------------------------------------------------------------------
def test_cite_and_export_messages_speak_chinese(shipped, tmp_path):
    code, _out, english = shipped("en", "cite", "cn-2023-li-v-liu", "--style", "chicgo")
    assert code == 2 and english.strip() == ("error: --style: unknown style 'chicgo'; did you mean 'chicago'? styles: "
                                             "gb7714, chicago, chicago-author-date, apa, oscola")
    code, _out, chinese = shipped("zh", "cite", "cn-2023-li-v-liu", "--style", "chicgo")
    assert code == 2 and chinese.strip() == ("错误：--style：未知的引文格式“chicgo”；是否指 'chicago'？可用格式："
                                             "gb7714, chicago, chicago-author-date, apa, oscola")
    feed = tmp_path / "feed.xml"
    code, _out, english = shipped("en", "export", "atom", "-o", str(feed))
    assert code == 0 and 'kb: the feed has no rel="self" link; give --feed-url' in english
    assert re.search(rf"wrote {re.escape(str(feed))} \(atom, \d+ events\)", english)
    code, _out, chinese = shipped("zh", "export", "atom", "-o", str(feed))
    assert code == 0 and 'kb：该订阅源没有 rel="self" 链接；请用 --feed-url 给出其发布地址' in chinese
    assert re.search(rf"已写入 {re.escape(str(feed))}（atom, \d+ 个事件）", chinese)
    code, _out, english = shipped("en", "export", "mermaid")
    assert code == 1 and "characters are more than Mermaid draws (at most 500 links and 50,000 characters)" in english
    code, _out, chinese = shipped("zh", "export", "mermaid")
    assert code == 1 and "超出 Mermaid 的绘制上限（最多 500 条关联、50,000 个字符）" in chinese
    code, _out, chinese = shipped("zh", "export", "graphml", "-o", str(tmp_path / "g.graphml"))
    assert code == 0 and re.search(r"（graphml, \d+ 个节点，\d+ 条关联）", chinese)


def test_cross_record_checks_speak_chinese_and_reviewed_warnings_still_match(run, data_dir, monkeypatch, shipped):
    from conftest import CASES

    (data_dir / "cases.yaml").write_text(CASES.replace("court: us-cand", "court: us-cnd", 1), encoding="utf-8")
    english = run("validate")
    line = next(line for line in english.stderr.splitlines() if "us-cnd" in line)
    assert re.match(r"\S+cases\.yaml:\d+:\d+: error: unknown court 'us-cnd'; did you mean 'us-cand'\?$", line), line
    monkeypatch.setenv("KB_LANG", "zh")
    chinese = run("validate")
    assert chinese.exit_code == english.exit_code == 1
    line = next(line for line in chinese.stderr.splitlines() if "us-cnd" in line)
    assert re.match(r"\S+cases\.yaml:\d+:\d+: error: 未知的法院“us-cnd”；是否指 'us-cand'？$", line), line
    # the JSON keeps kb's English, in both languages
    assert "unknown court 'us-cnd'" in run("validate", "--format", "json").stdout
    # warnings a reviewer accepted on a record (in English) are still recognised in Chinese
    code, _out, err = shipped("zh", "validate", "--strict")
    assert code == 0, err
    assert "这条已审核的警告已不再出现" not in err


def test_lint_warnings_speak_chinese(run, data_dir, monkeypatch):
    from conftest import CASES

    (data_dir / "cases.yaml").write_text(CASES.replace("summary: An AI-generated image is a work.",
                                                       "summary: An AI-generated image (a work.", 1), encoding="utf-8")
    english = run("validate")
    line = next(line for line in english.stderr.splitlines() if "unbalanced" in line)
    assert line.endswith(": warning: unbalanced brackets or quotes in summary: '(' at character 23 is never closed; "
                         "the text may have been cut short; complete or correct it"), line
    monkeypatch.setenv("KB_LANG", "zh")
    chinese = run("validate")
    line = next(line for line in chinese.stderr.splitlines() if "summary" in line)
    assert re.match(r"\S+cases\.yaml:\d+:\d+: warning: summary 中的括号或引号不配对：第 23 个字符 '\(' 始终没有闭合；"
                    r"文本可能被截断；请补全或更正$", line), line


def test_file_checks_speak_chinese(run, data_dir, monkeypatch):
    (data_dir / "courts.yaml").write_bytes((data_dir / "courts.yaml").read_bytes().replace(b"\n", b"\r\n"))
    english = run("validate")
    line = next(line for line in english.stderr.splitlines() if "courts.yaml" in line)
    assert line.endswith(": error: the file has Windows line endings (CRLF); "
                         "run `kb fmt` or save it with LF line endings")
    monkeypatch.setenv("KB_LANG", "zh")
    line = next(line for line in run("validate").stderr.splitlines() if "courts.yaml" in line)
    assert re.match(r"\S+courts\.yaml:\d+:\d+: error: 该文件使用 Windows 换行符（CRLF）；请运行 `kb fmt`，或以 LF 换行符保存$", line)


def test_a_missing_data_directory_is_said_in_chinese(run, tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    assert "error: data directory not found: " in run("validate", data=missing).stderr
    monkeypatch.setenv("KB_LANG", "zh")
    result = run("validate", data=missing)
    assert result.exit_code == 1 and "错误：未找到数据目录：" in result.stderr


def test_yaml_problems_speak_chinese_in_validate_and_fmt(run, data_dir, monkeypatch):
    """What the YAML reader finds (a placeholder left, a key given twice) is said in Chinese by `kb validate`
    and `kb fmt`, with the same file:line:col; the JSON keeps kb's English."""
    cases = data_dir / "cases.yaml"
    text = cases.read_text(encoding="utf-8")
    first = text.index("  title: ")
    cases.write_text(text[:first] + "  title: 'TODO: the title'\n  kind: lawsuit\n" + text[first:], encoding="utf-8")
    english = run("validate").stderr.splitlines()
    monkeypatch.setenv("KB_LANG", "zh")
    chinese = run("validate").stderr.splitlines()
    for says in ("error: 这个占位符还需要填值；请换成所列来源中的事实",
                 "error: 键 'title' 重复（第一次出现在第"):
        line = next(line for line in chinese if says in line)
        where = line.split(" error: ")[0]
        assert any(e.startswith(where + " error: ") and CJK.search(e) is None for e in english), (line, english)
    fmt = run("fmt", "--check").stderr
    assert "error: 这个占位符还需要填值" in fmt and "placeholder" not in fmt
    data = json.loads(run("validate", "--format", "json").stdout)
    assert "this placeholder still needs a value" in {f["message"] for f in data}


RULED_ZH = CASES.replace("    outcome: Plaintiff won\n", "    outcome: Plaintiff won\n    outcome_zh: 原告胜诉\n"
                         "    holding: An AI image can be a work.\n    holding_zh: AI生成的图片可以构成作品。\n")


def test_a_ruling_in_chinese_shows_its_chinese_outcome_and_holding_first(run, data_dir, monkeypatch):
    (data_dir / "cases.yaml").write_text(RULED_ZH, encoding="utf-8")
    english = run("show", "cn-2023-li-v-liu").stdout
    assert english.index("Plaintiff won") < english.index("原告胜诉")
    assert english.index("An AI image can be a work.") < english.index("AI生成的图片可以构成作品。")
    monkeypatch.setenv("KB_LANG", "zh")
    out = run("show", "cn-2023-li-v-liu").stdout
    assert out.index("原告胜诉") < out.index("Plaintiff won")
    assert out.index("AI生成的图片可以构成作品。") < out.index("An AI image can be a work.")
    listed = run("cases").stdout
    assert "原告胜诉" in listed and "Plaintiff won" not in listed
    monkeypatch.setenv("KB_LANG", "en")
    assert "Plaintiff won" in run("cases").stdout
    (case,) = [c for c in json.loads(run("cases", "--json").stdout) if c["id"] == "cn-2023-li-v-liu"]
    assert (case["outcome"], case["outcome_zh"]) == ("Plaintiff won", "原告胜诉")
    assert [c["id"] for c in json.loads(run("search", "构成作品", "--json").stdout)] == ["cn-2023-li-v-liu"]

