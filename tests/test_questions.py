"""Questions of law: the registry, each ruling's answers, `kb questions`, `kb question ID`, its CSV,
validation of answers, and question nodes in the graph."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CASES, write_data

QUESTIONS = """\
- id: ai-output-protection
  name: Protection and authorship of AI-generated content
  name_zh: 人工智能生成内容的可版权性与作者
  aliases: [AI authorship]
  question: Can content generated with AI be protected, and who is its author?
  question_zh: 利用人工智能生成的内容能否受保护？
  yes_means: protected
  no_means: refused
  partly_means: protected in part
  claims: [copyrightability-ai-output]
- id: training-infringement
  name: Training on works without permission
  question: Is training a model on works without permission an infringement?
"""

# Li v. Liu answers yes; a (made-up) appeal of it answers no; Andersen leaves training open.
ANSWERS = {
    "cn-2023-li-v-liu": """\
  answers:
    - question: ai-output-protection
      answer: "yes"
      holding: The user is the author of the image.
      holding_zh: 使用者是作者。
      source: s1
""",
    "us-2023-andersen-v-stability": """\
  answers:
    - question: training-infringement
      answer: not decided
      holding: "=The claims go forward."
      source: s1
""",
}

APPEAL = """\
- id: cn-2024-li-v-liu-appeal
  title: Li v. Liu (appeal)
  kind: ruling
  jurisdiction: CN
  court: cn-bj-internet
  status: decided
  decided: 2024-06
  ruling: {date: 2024-06, outcome: Reversed, source: s1}
  answers:
    - {question: ai-output-protection, answer: "no", holding: The image is not a work., source: s1}
  related:
    - {case: cn-2023-li-v-liu, relation: appeal-of}
  sources:
    - {id: s1, url: "https://example.org/appeal", title: Appeal, publisher: Example Court}
"""


def _cases(extra: str = APPEAL, answers: dict = ANSWERS) -> str:
    lines = CASES.splitlines(keepends=True)
    for case_id, block in answers.items():
        start = lines.index(f"- id: {case_id}\n")
        at = next(i for i in range(start, len(lines)) if lines[i].startswith("  sources:"))
        lines[at:at] = [block]
    return "".join(lines) + extra


@pytest.fixture
def qdata(tmp_path: Path) -> Path:
    return write_data(tmp_path / "qdata", questions=QUESTIONS, cases=_cases())


@pytest.fixture
def kb(qdata: Path, tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str, data: Path = qdata):
        from kb.cli import app

        return runner.invoke(app, ["--data", str(data), "--db", str(tmp_path / "q.sqlite"), *args],
                             catch_exceptions=False)

    return invoke


def test_questions_count_answering_rulings_per_jurisdiction_and_answer(kb):
    result = kb("questions", "--json")
    assert result.exit_code == 0, result.output
    rows = {q["id"]: q for q in json.loads(result.stdout)}
    assert list(rows) == ["ai-output-protection", "training-infringement"]  # file order
    assert rows["ai-output-protection"]["rulings"] == 2
    assert rows["ai-output-protection"]["by_jurisdiction"] == {"CN": 2}
    assert rows["ai-output-protection"]["by_answer"] == {"yes": 1, "no": 1}
    assert rows["training-infringement"]["by_jurisdiction"] == {"US": 1}
    assert rows["ai-output-protection"]["question_zh"] == "利用人工智能生成的内容能否受保护？"
    table = kb("questions")
    assert "ai-output-protection" in table.stdout and "CN 2" in table.stdout and "no 1" in table.stdout


def test_matrix_is_oldest_first_and_links_an_answer_changed_on_appeal(kb):
    result = kb("question", "AI authorship", "--json")  # a name or alias works as well as the id
    assert result.exit_code == 0, result.output
    matrix = json.loads(result.stdout)
    assert matrix["question"]["id"] == "ai-output-protection"
    first, second = matrix["answers"]
    assert [first["case"]["id"], second["case"]["id"]] == ["cn-2023-li-v-liu", "cn-2024-li-v-liu-appeal"]
    assert (first["date"], first["answer"], first["court"]["id"]) == ("2023-11-27", "yes", "cn-bj-internet")
    assert first["holding_zh"] == "使用者是作者。" and first["source"]["url"] == "https://example.org/li-v-liu"
    assert first["appealed_in"] == {"case": "cn-2024-li-v-liu-appeal", "answer": "no", "changed": True}
    assert second["appeal_of"] == {"case": "cn-2023-li-v-liu", "answer": "yes", "changed": True}
    table = kb("question", "ai-output-protection").stdout
    assert "appealed in cn-2024-li-v-liu-appeal (answered no; changed)" in table
    assert "appeal of cn-2023-li-v-liu (answered yes; changed)" in table


def test_kb_question_prints_what_each_answer_means_for_that_question(kb):
    matrix = json.loads(kb("question", "ai-output-protection", "--json").stdout)
    assert matrix["question"]["answers_mean"] == {"yes": "protected", "no": "refused", "partly": "protected in part",
                                                  "not decided": "the court took the question up and left it open"}
    lines = [line.strip() for line in kb("question", "ai-output-protection").stdout.splitlines()]
    legend = lines.index("yes = protected")
    assert lines[legend:legend + 4] == ["yes = protected", "no = refused", "partly = protected in part",
                                        "not decided = the court took the question up and left it open"]
    assert legend < next(i for i, line in enumerate(lines) if "answer(s), oldest first" in line)
    # a question without meanings has no legend, rather than a made-up one
    assert json.loads(kb("question", "training-infringement", "--json").stdout)["question"]["answers_mean"] is None
    assert "yes =" not in kb("question", "training-infringement").stdout


def test_every_shipped_question_says_what_its_answers_mean(tmp_path):
    """On the shipped data: "training-infringement: no" reads as "excused or not infringing", above the answers."""
    from kb.cli import app

    root = Path(__file__).resolve().parent.parent
    runner = CliRunner()
    args = ["--data", str(root / "data"), "--db", str(tmp_path / "kb.sqlite")]
    questions = json.loads(runner.invoke(app, [*args, "questions", "--json"]).stdout)
    assert len(questions) >= 6
    for q in questions:
        meaning = json.loads(runner.invoke(app, [*args, "question", q["id"], "--json"]).stdout)["question"]
        assert set(meaning["answers_mean"]) == {"yes", "no", "partly", "not decided"}, q["id"]
        assert all(meaning["answers_mean"].values()), q["id"]
    table = runner.invoke(app, [*args, "question", "training-infringement"]).stdout
    assert "no = excused (fair use, a text-and-data-mining exception) or not infringing" in table


def test_matrix_takes_the_filters_of_kb_cases_and_keeps_the_appeal_link(kb):
    only_2024 = json.loads(kb("question", "ai-output-protection", "--since", "2024", "--json").stdout)
    assert [a["case"]["id"] for a in only_2024["answers"]] == ["cn-2024-li-v-liu-appeal"]
    assert only_2024["answers"][0]["appeal_of"]["case"] == "cn-2023-li-v-liu"  # the other instance, filtered out
    us = json.loads(kb("question", "ai-output-protection", "--jurisdiction", "US", "--json").stdout)
    assert us["answers"] == []
    court = json.loads(kb("question", "training-infringement", "--court", "N.D. Cal.", "--json").stdout)
    assert [a["answer"] for a in court["answers"]] == ["not decided"]
    until = json.loads(kb("question", "ai-output-protection", "--until", "2023", "--json").stdout)
    assert [a["case"]["id"] for a in until["answers"]] == ["cn-2023-li-v-liu"]


def test_unknown_question_or_filter_is_refused_with_a_suggestion(kb):
    result = kb("question", "ai-output-protecton")
    assert result.exit_code == 1
    assert "unknown question 'ai-output-protecton'; did you mean 'ai-output-protection'" in result.stderr
    bad = kb("question", "ai-output-protection", "--jurisdiction", "XX")
    assert bad.exit_code == 2 and "--jurisdiction" in bad.stderr
    both = kb("question", "ai-output-protection", "--json", "--csv")
    assert both.exit_code == 2


def test_csv_of_a_matrix_reads_back_and_carries_no_formula(kb, tmp_path):
    out = tmp_path / "m.csv"
    result = kb("question", "training-infringement", "--csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["case"], r["answer"], r["jurisdiction"]) for r in rows] == [
        ("us-2023-andersen-v-stability", "not decided", "US")]
    assert rows[0]["holding"] == "'=The claims go forward."
    linked = list(csv.DictReader(io.StringIO(kb("question", "ai-output-protection", "--csv").stdout)))
    assert [(r["case"], r["appealed_in"], r["appeal_of"], r["changed_on_appeal"]) for r in linked] == [
        ("cn-2023-li-v-liu", "cn-2024-li-v-liu-appeal", "", "yes"),
        ("cn-2024-li-v-liu-appeal", "", "cn-2023-li-v-liu", "yes")]


def test_csv_is_written_like_an_export_never_over_kbs_own_files(kb, qdata, tmp_path):
    db = tmp_path / "q.sqlite"
    assert kb("question", "training-infringement", "--csv").exit_code == 0
    before = db.read_bytes()
    refused = kb("question", "training-infringement", "--csv", "-o", str(db))
    assert refused.exit_code == 1 and "kb's database" in refused.output
    assert db.read_bytes() == before
    cases = (qdata / "cases.yaml").read_bytes()
    assert kb("question", "training-infringement", "--csv", "-o", str(qdata / "cases.yaml")).exit_code == 1
    assert (qdata / "cases.yaml").read_bytes() == cases
    to_stdout = kb("question", "training-infringement", "--csv", "-o", "-")
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith("question,") and not (tmp_path / "-").exists()


def test_related_says_the_cases_answered_the_same_question(kb):
    rows = json.loads(kb("related", "cn-2023-li-v-liu", "--json").stdout)
    appeal = next(r for r in rows if r["id"] == "cn-2024-li-v-liu-appeal")
    assert "answered the same question: Protection and authorship of AI-generated content" in appeal["reasons"]
    painters = next(r for r in rows if r["id"] == "cn-2023-painters-v-xiaohongshu")
    assert not any("question" in reason for reason in painters["reasons"])


@pytest.mark.parametrize("answer, expected", [
    ("    - {question: ai-output-protectoin, answer: \"yes\", holding: H., source: s1}\n",
     "unknown question 'ai-output-protectoin'; did you mean 'ai-output-protection'?"),
    ("    - {question: ai-output-protection, answer: maybe, holding: H., source: s1}\n",
     "'maybe' is not a valid answer; expected 'yes', 'no', 'partly' or 'not decided'"),
    ("    - {question: ai-output-protection, answer: \"yes\", holding: H.}\n",
     "missing required field 'source'"),
    ("    - {question: ai-output-protection, answer: \"yes\", holding: H., source: s9}\n",
     "unknown source 's9'"),
    ("    - {question: ai-output-protection, answer: \"yes\", holding: H., source: s1}\n"
     "    - {question: ai-output-protection, answer: \"no\", holding: H., source: s1}\n",
     "question 'ai-output-protection' is answered twice in this case"),
])
def test_bad_answers_are_located_errors_and_the_database_is_untouched(run, data_dir, tmp_path, answer, expected):
    assert run("load").exit_code == 0
    before = run.db.read_bytes()
    bad = write_data(tmp_path / "bad", questions=QUESTIONS,
                     cases=_cases(extra="", answers={"cn-2023-li-v-liu": "  answers:\n" + answer}))
    result = run("load", data=bad)
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if expected in line)
    path, row, col = line.split(":")[:3]
    assert path.endswith("cases.yaml") and row.isdigit() and col.isdigit()
    text = (bad / "cases.yaml").read_text(encoding="utf-8").splitlines()
    assert "answers" in "".join(text[int(row) - 3:int(row)]) or "question" in text[int(row) - 1]
    assert "Traceback" not in result.output
    assert run.db.read_bytes() == before


def test_answer_vocabulary_is_the_models():
    from typing import get_args

    from kb.models import AnswerKind
    from kb.questions import ANSWERS as QUERY_ANSWERS

    assert QUERY_ANSWERS == get_args(AnswerKind)


def test_shipped_questions_and_answers_validate_against_the_generated_json_schemas():
    import jsonschema
    import yaml

    root = Path(__file__).resolve().parent.parent
    questions = yaml.safe_load((root / "data" / "questions.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(questions, json.loads((root / "schemas" / "questions.schema.json").read_text("utf-8")))
    schema = json.loads((root / "schemas" / "cases.schema.json").read_text(encoding="utf-8"))
    answer = {"$ref": "#/$defs/Answer", "$defs": schema["$defs"]}
    cases = yaml.safe_load((root / "data" / "cases.yaml").read_text(encoding="utf-8"))
    answers = [a for c in cases for a in c.get("answers", [])]
    assert len(answers) >= 30
    for a in answers:
        jsonschema.validate(a, answer)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"question": "q", "answer": "maybe", "holding": "H", "source": "s1"}, answer)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"question": "q", "answer": "yes", "holding": "H"}, answer)


def test_the_shipped_data_answers_the_chinese_ai_authorship_question():
    """The example of the README: which Chinese courts protected AI-generated content, and which refused."""
    runner = CliRunner()
    from kb.cli import app

    root = Path(__file__).resolve().parent.parent
    result = runner.invoke(app, ["--data", str(root / "data"), "--db", str(root / "data" / "kb.sqlite"),
                                 "question", "ai-output-protection", "--jurisdiction", "CN", "--json"])
    assert result.exit_code == 0, result.output
    answers = {a["case"]["id"]: a for a in json.loads(result.stdout)["answers"]}
    assert answers["cn-2023-li-v-liu"]["answer"] == "yes"
    assert answers["cn-2024-lin-chen-v-changshu-qinhong"]["answer"] == "yes"
    assert answers["cn-2025-feng-v-dongshan-butterfly-chair"]["answer"] == "no"
    assert answers["cn-2019-feilin-v-baidu"]["answer"] == "no"
    assert "cn-2019-tencent-v-yingxun-dreamwriter" in answers
    assert all(a["holding"] and a["holding_zh"] and a["source"]["url"] for a in answers.values())
    # Oldest ruling first; an answer whose ruling date no source gives comes after all dated ones.
    dates = [a["date"] for a in answers.values()]
    dated = [d for d in dates if d is not None]
    assert dates == sorted(dated) + [None] * (len(dates) - len(dated))


@pytest.fixture
def qsite(qdata, tmp_path):
    """The static site of the question fixtures, without its search index."""
    pytest.importorskip("jinja2")
    from kb import store
    from kb.web.build import build_site

    paths = store.Paths(qdata, tmp_path / "site.sqlite")
    assert store.build(paths)[0] is not None
    con = store.connect_readonly(paths.db)
    build_site(con, tmp_path / "site", qdata, search_index=False)
    con.close()
    return tmp_path / "site"


def test_the_site_has_a_page_per_question_with_its_matrix(qsite):
    listing = (qsite / "questions" / "index.html").read_text(encoding="utf-8")
    assert 'href="../questions/ai-output-protection/"' in listing or "ai-output-protection/" in listing
    page = (qsite / "questions" / "ai-output-protection" / "index.html").read_text(encoding="utf-8")
    assert page.index("cn-2023-li-v-liu/") < page.index("cn-2024-li-v-liu-appeal/")  # oldest first
    assert "使用者是作者。" in page and "answered no; changed" in page


def test_show_lists_the_questions_a_case_answers_with_the_answer(kb):
    data = json.loads(kb("show", "cn-2023-li-v-liu", "--json").stdout)
    assert data["answers"] == [{
        "question": "ai-output-protection", "name": "Protection and authorship of AI-generated content",
        "name_zh": "人工智能生成内容的可版权性与作者",
        "question_text": "Can content generated with AI be protected, and who is its author?",
        "answer": "yes", "holding": "The user is the author of the image.", "holding_zh": "使用者是作者。",
        "source": "s1"}]
    text = kb("show", "cn-2023-li-v-liu").stdout
    section = text[text.index("Questions of law answered"):]
    assert "yes  Protection and authorship of AI-generated content  ai-output-protection  [s1]" in section
    assert "The user is the author of the image." in section and "使用者是作者。" in section
    appeal = kb("show", "cn-2024-li-v-liu-appeal").stdout
    assert "no  Protection and authorship" in appeal
    assert "Questions of law answered" not in kb("show", "cn-2023-xiaohongshu-boycott").stdout
    assert "answers" not in json.loads(kb("show", "cn-2023-xiaohongshu-boycott", "--json").stdout)


def test_the_sites_case_page_links_the_questions_it_answers(qsite):
    page = (qsite / "cases" / "cn-2023-li-v-liu" / "index.html").read_text(encoding="utf-8")
    section = page[page.index("Questions of law answered"):]
    assert 'href="../../questions/ai-output-protection/"' in section
    assert '<strong class="answer">yes</strong>: The user is the author of the image.' in section
    assert '<span lang="zh-CN">使用者是作者。</span>' in section
