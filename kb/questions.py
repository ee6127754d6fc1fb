"""Questions of law and what each court answered: the registry `data/questions.yaml` and the
`answers` of the rulings in `data/cases.yaml`, compared across courts, countries and time.

Every function returns plain data. A ruling that did not reach a question has no answer to it,
so "no answer" is never counted as "no".
"""

from __future__ import annotations

import csv
import io
import sqlite3
from typing import Any

from kb.queries import CaseFilter, case_ids
from kb.resolve import resolve

ANSWERS = ("yes", "no", "partly", "not decided")  # as kb.models.AnswerKind (a test keeps them equal)
NOT_DECIDED = "the court took the question up and left it open"

# When a ruling answered: its ruling's date, else the case's decision date.
_WHEN = "coalesce(c.ruling_date, c.decided)"
_WHEN_START = "coalesce(c.ruling_date_start, c.decided_start)"


def list_questions(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every question with how many rulings answer it, in all and per jurisdiction, and per answer."""
    questions = [dict(r) for r in con.execute("SELECT id, name, name_zh, question, question_zh FROM questions "
                                              "ORDER BY rowid")]
    counts: dict[str, dict[str, Any]] = {q["id"]: {"rulings": 0, "by_jurisdiction": {}, "by_answer": {}}
                                         for q in questions}
    rows = con.execute("SELECT a.question_id, c.jurisdiction, a.answer FROM answers a JOIN cases c ON c.id = a.case_id "
                       "ORDER BY c.jurisdiction")
    for question, jurisdiction, answer in rows:
        entry = counts[question]
        entry["rulings"] += 1
        entry["by_jurisdiction"][jurisdiction] = entry["by_jurisdiction"].get(jurisdiction, 0) + 1
        entry["by_answer"][answer] = entry["by_answer"].get(answer, 0) + 1
    for q in questions:
        q.update(counts[q["id"]])
        q["by_answer"] = {a: q["by_answer"][a] for a in ANSWERS if a in q["by_answer"]}
    return questions


def _appeal_links(con: sqlite3.Connection, question: str) -> list[tuple[str, str]]:
    """(appeal, decision below) for the `appeal-of` relations between two rulings that both answer `question`."""
    return con.execute(
        'SELECT r.case_id, r.related_case_id FROM relations r WHERE r.relation = \'appeal-of\' '
        "AND EXISTS (SELECT 1 FROM answers a WHERE a.case_id = r.case_id AND a.question_id = ?) "
        'AND EXISTS (SELECT 1 FROM answers a WHERE a.case_id = r.related_case_id AND a.question_id = ?)',
        (question, question)).fetchall()


def question_matrix(con: sqlite3.Connection, text: str, f: CaseFilter = CaseFilter()) -> dict[str, Any]:
    """One question and every answer to it, oldest ruling first: court, jurisdiction, date, answer, holding
    (English and Chinese), the source that states it, and the case; selected by the filters of `kb cases`.

    An answer given on appeal names the decision below (`appeal_of`) and that one names the appeal
    (`appealed_in`), each with the other's answer and whether the answer changed, even when a filter
    leaves the other instance out.
    """
    qid = resolve(con, "questions", text)
    question = dict(con.execute("SELECT id, name, name_zh, question, question_zh, yes_means AS yes, "
                                "no_means AS no, partly_means AS partly FROM questions WHERE id = ?",
                                (qid,)).fetchone())
    meanings = {answer: question.pop(answer) for answer in ("yes", "no", "partly")}
    # what each answer means for this question; `not decided` means the same for every question
    question["answers_mean"] = {**meanings, "not decided": NOT_DECIDED} if any(meanings.values()) else None
    wanted = case_ids(con, f)
    sql = (
        "SELECT a.case_id, c.title, c.title_zh, c.case_number, c.jurisdiction, c.court_id AS court, "
        f"k.name AS court_name, "
        f"k.name_zh AS court_name_zh, {_WHEN} AS date, a.answer, a.holding, a.holding_zh, a.note, "
        "s.id AS source_id, s.url, s.title AS source_title, s.publisher "
        "FROM answers a JOIN cases c ON c.id = a.case_id LEFT JOIN courts k ON k.id = c.court_id "
        "LEFT JOIN sources s ON s.case_id = a.case_id AND s.id = a.source_id WHERE a.question_id = ? "
        f"ORDER BY coalesce({_WHEN_START}, '9999'), length({_WHEN}), a.case_id"
    )
    rows = [dict(r) for r in con.execute(sql, (qid,))]
    answer_of = {r["case_id"]: r["answer"] for r in rows}
    above: dict[str, str] = {}
    below: dict[str, str] = {}
    for appeal, lower in _appeal_links(con, qid):
        below[appeal], above[lower] = lower, appeal
    if wanted is not None:
        keep = set(wanted)
        rows = [r for r in rows if r["case_id"] in keep]
    total = len(rows)
    answers = []
    for r in f.page(rows):
        cid = r["case_id"]
        item = {
            "date": r["date"], "jurisdiction": r["jurisdiction"],
            "court": {"id": r["court"], "name": r["court_name"], "name_zh": r["court_name_zh"]} if r["court"] else None,
            "answer": r["answer"], "holding": r["holding"], "holding_zh": r["holding_zh"],
            "case": {"id": cid, "title": r["title"], "title_zh": r["title_zh"], "case_number": r["case_number"]},
            "source": {"id": r["source_id"], "url": r["url"], "title": r["source_title"], "publisher": r["publisher"]},
        }
        if r["note"]:
            item["note"] = r["note"]
        if cid in below:
            item["appeal_of"] = _link(below[cid], answer_of, r["answer"])
        if cid in above:
            item["appealed_in"] = _link(above[cid], answer_of, r["answer"])
        answers.append(item)
    return {"question": question, "answers": answers, "total": total}


def _link(other: str, answer_of: dict[str, str], mine: str) -> dict[str, Any]:
    return {"case": other, "answer": answer_of[other], "changed": answer_of[other] != mine}


MATRIX_CSV_COLUMNS = ("question", "date", "jurisdiction", "court", "court_name", "answer", "holding", "holding_zh",
                      "case", "case_title", "case_number", "source", "source_url", "appeal_of", "appealed_in",
                      "changed_on_appeal")


def matrix_csv(matrix: dict[str, Any], bom: bool = False) -> str:
    """A question's matrix as CSV, one row per answer, cells a spreadsheet would run as a formula neutralised."""
    from kb.export import neutralise

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MATRIX_CSV_COLUMNS)
    for a in matrix["answers"]:
        links = [a.get("appeal_of"), a.get("appealed_in")]
        row = (
            matrix["question"]["id"], a["date"], a["jurisdiction"], (a["court"] or {}).get("id"),
            (a["court"] or {}).get("name"), a["answer"], a["holding"], a["holding_zh"], a["case"]["id"],
            a["case"]["title"], a["case"]["case_number"], a["source"]["id"], a["source"]["url"],
            (a.get("appeal_of") or {}).get("case"), (a.get("appealed_in") or {}).get("case"),
            "yes" if any(link and link["changed"] for link in links) else ("no" if any(links) else ""),
        )
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" if bom else "") + out.getvalue()


def answers_of(con: sqlite3.Connection, case_id: str) -> list[dict[str, Any]]:
    """A case's answers with each question's name, in the order the record gives them."""
    rows = con.execute("SELECT a.question_id AS question, q.name, q.name_zh, a.answer, a.holding, a.holding_zh, "
                       "a.source_id AS source "
                       "FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.case_id = ? ORDER BY a.position",
                       (case_id,))
    return [dict(r) for r in rows]

