"""Rich renderings of the questions of law, what each court answered, and the judges who decided.

Split from `kb.render` (whose helpers it uses: every text from the data goes through `_t`).
"""

from __future__ import annotations

from typing import Optional

from rich.console import Group
from rich.table import Table
from rich.text import Text

from kb.glossary import label
from kb.i18n import _, is_zh
from kb.render import _bi, _lines, _name, _t, _table


def questions_table(rows: list[dict]) -> Table:
    table = _table(_("{n} question(s) of law").format(n=len(rows)), "id", "question", "rulings", "jurisdiction",
                   "answers")
    for column in table.columns[-3:]:
        column.no_wrap = True  # one count per line, never broken: "not decided 2"
    for q in rows:
        where = "\n".join(f"{j} {n}" for j, n in q["by_jurisdiction"].items())
        answers = "\n".join(f"{label('answer', a)} {n}" for a, n in q["by_answer"].items())
        table.add_row(_t(q["id"], "cyan"), _lines(*_bi(q, "name", "bold"), _t(q["question"], "dim")),
                      _t(q["rulings"]), _t(where), _t(answers))
    return table


_ANSWER_STYLES = {"yes": "green", "no": "red", "partly": "yellow", "not decided": "dim"}


def question_matrix_view(matrix: dict) -> Group:
    q = matrix["question"]
    if is_zh():
        first, *other = _bi(q, "name", "bold")
        head = [Text.assemble(first, "  ", _t(q["id"], "bold")), *(line for line in other if line.plain),
                *(line for line in _bi(q, "question") if line.plain)]
    else:  # as kb always printed it
        head = [_t(f"{q['name']}  {q['id']}", "bold"), _t(q["question"])]
        if q.get("question_zh"):
            head.append(_t(q["question_zh"]))
    if q.get("answers_mean"):  # a legend: "no" to a question may be good news for either side
        head += [Text("")] + [Text.assemble(_t(label("answer", answer), _ANSWER_STYLES.get(answer, "")),
                                            _t(f" = {meaning}")) for answer, meaning in q["answers_mean"].items()
                              if meaning]
    table = _table(_("{n} answer(s), oldest first").format(n=len(matrix["answers"])), "ruling", "answer", "holding")
    for a in matrix["answers"]:
        court = a["court"] or {}
        links = []
        if a.get("appeal_of"):
            links.append(_appeal_text(_("appeal of {case} ({change})"), a["appeal_of"]))
        if a.get("appealed_in"):
            links.append(_appeal_text(_("appealed in {case} ({change})"), a["appealed_in"]))
        source = a["source"]
        table.add_row(
            _lines(_t(a["date"], "green"), _t(f"{court.get('name') or court.get('id') or ''} ({a['jurisdiction']})"),
                   _t(a["case"]["id"], "cyan"), *links),
            _t(label("answer", a["answer"]), _ANSWER_STYLES.get(a["answer"], "")),
            _lines(*_bi(a, "holding"), _t(f"[{source['id']}] {source['publisher'] or ''}", "dim")),
        )
    return Group(*head, Text(""), table)


def _appeal_text(what: str, link: dict) -> Text:
    change = (_("answered {answer}; changed") if link["changed"] else _("answered {answer}; same answer")).format(
        answer=label("answer", link["answer"]))
    return _t(what.format(case=link["case"], change=change), "yellow" if link["changed"] else "dim")


def _source_ref(source: Optional[dict]) -> Optional[str]:
    """`[s2] Publisher`: which of the case's sources says it."""
    if not source or not source.get("id"):
        return None
    return f"[{source['id']}] {source.get('publisher') or ''}".rstrip()


def judges_view(judges: list[dict]) -> Table:
    """One row per ruling, the judge named on the first of theirs: who decided what, and how."""
    rulings = sum(len(j["rulings"]) for j in judges)
    table = _table(_("{n} judge(s), {rulings} ruling(s)").format(n=len(judges), rulings=rulings), "judge", "ruling",
                   "how")
    for j in judges:
        who = _lines(_name(j), _t(j["id"], "cyan"), _t((j.get("court") or {}).get("name"), "dim"))
        if not j["rulings"]:
            table.add_row(who, _t(_("no ruling recorded"), "dim"), Text(""))
        for i, r in enumerate(j["rulings"]):
            ruling = _lines(_t(r["date"], "green"), _t(r["case"]["id"], "cyan"),
                            _t(label("judge_role", r["role"]) + (f"; {r['note']}" if r.get("note") else ""), "dim"))
            how = [_t(r.get("outcome"), "italic")]
            for a in r.get("answers", []):  # each answer with its own holding and its own source
                how += [Text.assemble(_t(f"{a['question']}: "), _t(label("answer", a["answer"]),
                                                                    _ANSWER_STYLES.get(a["answer"], ""))),
                        _t(a.get("holding")), _t(_source_ref(a.get("source")), "dim")]
            if not r.get("answers"):
                how += [_t(r.get("holding")), _t(_source_ref(r.get("holding_source")) if r.get("holding") else None,
                                                 "dim")]
            how += [_t(r.get("what")), _t(_("judge named by {source}").format(source=_source_ref(r["source"])), "dim")]
            table.add_row(who if i == 0 else Text(""), ruling, _lines(*how))
        table.add_section()
    return table
