"""Judges and the rulings they decided, as plain data: `kb judges`.

A case lists, per ruling, the judges who decided it (`judges:` in data/cases.yaml, each with the
date of the ruling). Here each judge comes with those rulings side by side: the case, the court,
the date, the judge's role and, for the case's main ruling, its outcome, holding and answers to
questions of law; for another ruling, what the timeline says of it.

Each statement keeps its own source: `source` is the one that names the judge, `holding_source` the
one the ruling's holding comes from, and each answer its own `source`.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Optional

from kb.queries import CaseFilter, _resolve_filter, case_ids

_RULINGS = """
SELECT cj.judge_id, cj.case_id, c.title, c.title_zh, c.court_id, co.name AS court_name, co.name_zh AS court_name_zh,
       cj.date, cj.role, cj.note, s.id AS source_id, s.url, s.title AS source_title, s.publisher,
       c.ruling_date, c.ruling_outcome, c.ruling_outcome_zh, c.ruling_holding, c.ruling_holding_zh,
       rs.id AS ruling_source_id, rs.url AS ruling_url, rs.title AS ruling_source_title, rs.publisher AS ruling_publisher,
       (SELECT group_concat(e.what, ' ') FROM events e WHERE e.case_id = cj.case_id AND e.date = cj.date
        AND e.kind = 'ruling') AS event_what
FROM case_judges cj JOIN cases c ON c.id = cj.case_id LEFT JOIN courts co ON co.id = c.court_id
LEFT JOIN sources s ON s.case_id = cj.case_id AND s.id = cj.source_id
LEFT JOIN sources rs ON rs.case_id = cj.case_id AND rs.id = c.ruling_source_id
WHERE (? IS NULL OR cj.case_id IN (SELECT value FROM json_each(?)))
ORDER BY cj.date_start, length(cj.date), cj.case_id, cj.position
"""


def _answers(con: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    by_case: dict[str, list[dict[str, Any]]] = {}
    rows = con.execute("SELECT a.case_id, a.question_id, q.name, a.answer, a.holding, a.holding_zh, s.id, s.url, "
                       "s.title, s.publisher FROM answers a JOIN questions q ON q.id = a.question_id "
                       "LEFT JOIN sources s ON s.case_id = a.case_id AND s.id = a.source_id "
                       "ORDER BY a.case_id, a.position")
    for case_id, qid, name, answer, holding, holding_zh, sid, url, title, publisher in rows:
        by_case.setdefault(case_id, []).append({"question": qid, "question_name": name, "answer": answer,
                                                "holding": holding, "holding_zh": holding_zh,
                                                "source": {"id": sid, "url": url, "title": title,
                                                           "publisher": publisher}})
    return by_case


def select_judges(con: sqlite3.Connection, f: CaseFilter = CaseFilter(), question: Optional[str] = None
                  ) -> tuple[list[dict[str, Any]], int]:
    """The judges with the rulings they decided in the cases `f` selects (every judge when it selects
    every case), the judge of the earliest ruling first; one page of them when `f` has a limit or
    offset, and how many there are in all.

    With `f.judge`, that judge alone; with `question` (a question of law, id or name), only the rulings
    that answered it, each with that answer. Unknown names are usage errors, as on every listing.
    """
    wanted = case_ids(con, f.unpaged())
    only = _resolve_filter(con, "judges", f.judge) if f.judge else None  # `--judge`: that judge alone
    wanted_json = None if wanted is None else json.dumps(wanted)
    answers = _answers(con)
    if question is not None:
        asked = _resolve_filter(con, "questions", question)  # an unknown one: `--question: ...`, exit 2
        answers = {case: [a for a in found if a["question"] == asked] for case, found in answers.items()}
    rulings: dict[str, list[dict[str, Any]]] = {}
    for r in con.execute(_RULINGS, (wanted_json, wanted_json)):
        r = dict(r)
        main = r["ruling_date"] == r["date"]
        if question is not None and not (main and answers.get(r["case_id"])):
            continue
        rulings.setdefault(r["judge_id"], []).append({
            "case": {"id": r["case_id"], "title": r["title"], "title_zh": r["title_zh"]},
            "court": {"id": r["court_id"], "name": r["court_name"], "name_zh": r["court_name_zh"]}
            if r["court_id"] else None,
            "date": r["date"], "role": r["role"], "note": r["note"],
            "outcome": r["ruling_outcome"] if main else None,
            "outcome_zh": r["ruling_outcome_zh"] if main else None,
            "holding": r["ruling_holding"] if main else None,
            "holding_zh": r["ruling_holding_zh"] if main else None,
            "holding_source": {"id": r["ruling_source_id"], "url": r["ruling_url"], "title": r["ruling_source_title"],
                               "publisher": r["ruling_publisher"]} if main and r["ruling_source_id"] else None,
            "what": None if main else r["event_what"],
            "answers": answers.get(r["case_id"], []) if main else [],
            "source": {"id": r["source_id"], "url": r["url"], "title": r["source_title"], "publisher": r["publisher"]},
        })
    judges = []
    for row in con.execute("SELECT j.id, j.name, j.name_zh, j.aliases, j.note, j.court_id, co.name, co.name_zh "
                           "FROM judges j LEFT JOIN courts co ON co.id = j.court_id"):
        jid, name, name_zh, aliases, note, court_id, court_name, court_name_zh = row
        selected = wanted is not None or question is not None
        if (jid != only) if only is not None else (selected and jid not in rulings):
            continue
        judges.append({"id": jid, "name": name, "name_zh": name_zh, "aliases": json.loads(aliases or "[]"),
                       "court": {"id": court_id, "name": court_name, "name_zh": court_name_zh} if court_id else None,
                       "note": note, "rulings": rulings.get(jid, [])})
    from kb.dates import sort_key

    judges.sort(key=lambda j: (not j["rulings"], sort_key(j["rulings"][0]["date"]) if j["rulings"] else ("", 0),
                               j["id"]))
    return f.page(judges), len(judges)
