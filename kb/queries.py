"""Questions asked of the database. Every function returns plain data (dicts and lists).

Users come with names, not ids: `kb.resolve` turns what they typed into an id, for the filters here too.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from typing import Any, Optional

from kb.errors import NotFound, UsageError
from kb.i18n import _
from kb.registries import REGISTRY_LABELS
from kb.resolve import resolve


# The vocabularies of `--status` and `--kind`, as the models define them (a test keeps them equal);
# written out here so that reading never imports the models and pydantic.
STATUSES = ("filed", "pending", "decided", "appealed", "settled", "dismissed", "withdrawn", "ongoing", "resolved",
            "in-force")
KINDS = ("lawsuit", "ruling", "controversy", "regulatory")


@dataclass(frozen=True)
class CaseFilter:
    """What selects cases, on every listing (`kb cases`, `search`, `timeline`, `related`, `export`).

    `since`/`until` reach any date of a case (filed, decided, events); `filed_*` and `decided_*` only
    the filing or the decision (the case's `decided`, its ruling's date or a `ruling` event).
    `limit`/`offset` page through the result; the total is always known (see `select_cases`).
    """

    court: Optional[str] = None
    party: Optional[str] = None
    claim: Optional[str] = None
    product: Optional[str] = None
    judge: Optional[str] = None
    status: Optional[str] = None
    kind: Optional[str] = None
    jurisdiction: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    limit: Optional[int] = None
    offset: int = 0
    filed_since: Optional[str] = None
    filed_until: Optional[str] = None
    decided_since: Optional[str] = None
    decided_until: Optional[str] = None
    include_undated: bool = False  # with --filed-*/--decided-*: also the cases that have no such date

    def selects(self) -> bool:
        """Whether any filter other than paging is set."""
        return any(getattr(self, name) is not None for name in _SELECTING)

    def unpaged(self) -> "CaseFilter":
        return replace(self, limit=None, offset=0)

    def page(self, rows: list) -> list:
        """The rows of the page `offset` and `limit` ask for, for listings paged in Python."""
        return rows[self.offset:None if self.limit is None else self.offset + self.limit]


_SELECTING = ("court", "party", "claim", "product", "judge", "status", "kind", "jurisdiction", "since", "until",
              "filed_since", "filed_until", "decided_since", "decided_until")
_RANGES = (("since", "until"), ("filed_since", "filed_until"), ("decided_since", "decided_until"))


def option_name(field: str) -> str:
    return "--" + field.replace("_", "-")


def _period_bound(value: str, which: int, option: str = "--since") -> str:
    from kb.dates import check_partial_date, period

    try:
        check_partial_date(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return period(value)[which].isoformat()


def _did_you_mean(value: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    if close:
        return _("; did you mean {names}?").format(names=_(" or ").join(repr(c) for c in close))
    return _(" (one of: {choices})").format(choices=", ".join(choices)) if len(choices) <= 12 else ""


def _resolve_filter(con: sqlite3.Connection, registry: str, text: str) -> str:
    try:
        return resolve(con, registry, text)
    except NotFound as exc:
        raise UsageError(f"{option_name(REGISTRY_LABELS[registry])}: {exc}") from None


def _check_vocabulary(con: sqlite3.Connection, f: "CaseFilter") -> None:
    if f.status is not None and f.status not in STATUSES:
        raise UsageError(_("--status: unknown status '{value}'").format(value=f.status)
                         + _did_you_mean(f.status, list(STATUSES)))
    if f.kind is not None and f.kind not in KINDS:
        raise UsageError(_("--kind: unknown kind '{value}'").format(value=f.kind) + _did_you_mean(f.kind, list(KINDS)))
    if f.jurisdiction is not None:
        known = [r[0] for r in con.execute("SELECT DISTINCT jurisdiction FROM cases ORDER BY 1")]
        if f.jurisdiction.upper() not in known:
            from kb.countries import MEANT

            meant = MEANT.get(f.jurisdiction.upper())
            hint = (_("; did you mean {names}?").format(names=repr(meant)) if meant in known
                    else _did_you_mean(f.jurisdiction.upper(), known))
            raise UsageError(_("--jurisdiction: no case has jurisdiction '{value}'").format(value=f.jurisdiction) + hint)


def _ranges(f: "CaseFilter") -> dict[str, tuple[str, str]]:
    """Each date range given, as (first day, last day), checked: a reversed range is a usage error."""
    ranges = {}
    for low, high in _RANGES:
        a, b = getattr(f, low), getattr(f, high)
        if a is None and b is None:
            continue
        start = _period_bound(a, 0, option_name(low)) if a is not None else "0000-01-01"
        end = _period_bound(b, 1, option_name(high)) if b is not None else "9999-12-31"
        if start > end:
            raise UsageError(_("{low} {a} is after {high} {b}; nothing can match").format(
                low=option_name(low), a=a, high=option_name(high), b=b))
        ranges[low] = (start, end)
    return ranges


_CASE_LATEST = (
    "max(coalesce(c.filed_end, ''), coalesce(c.decided_end, ''), "
    "coalesce((SELECT max(date_end) FROM events e WHERE e.case_id = c.id), ''))"
)
_CASE_EARLIEST = (
    "min(coalesce(c.filed_start, '9999'), coalesce(c.decided_start, '9999'), "
    "coalesce((SELECT min(date_start) FROM events e WHERE e.case_id = c.id), '9999'))"
)
# A case was decided in a period when its `decided` date, its ruling's date or one of its `ruling`
# events falls in it: an interim ruling in a pending case is a ruling too.
_DECIDED_IN = (
    "((c.decided_end >= ? AND c.decided_start <= ?) OR (c.ruling_date_end >= ? AND c.ruling_date_start <= ?) "
    "OR EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'ruling' "
    "AND e.date_end >= ? AND e.date_start <= ?))"
)


def _case_conditions(con: sqlite3.Connection, f: "CaseFilter") -> tuple[list[str], list[Any]]:
    """SQL conditions on `cases c` for every filter of `f`; unknown values and bad ranges raise UsageError."""
    _check_vocabulary(con, f)
    ranges = _ranges(f)
    where: list[str] = []
    params: list[Any] = []
    if f.court:
        where.append("c.court_id = ?")
        params.append(_resolve_filter(con, "courts", f.court))
    for registry, table, column, value in (
        ("parties", "case_parties", "party_id", f.party),
        ("claims", "case_claims", "claim_id", f.claim),
        ("products", "case_products", "product_id", f.product),
        ("judges", "case_judges", "judge_id", f.judge),
    ):
        if value:
            where.append(f"EXISTS (SELECT 1 FROM {table} t WHERE t.case_id = c.id AND t.{column} = ?)")
            params.append(_resolve_filter(con, registry, value))
    for column, value in (("status", f.status), ("kind", f.kind), ("jurisdiction", f.jurisdiction)):
        if value:
            where.append(f"c.{column} = ?")
            params.append(value.upper() if column == "jurisdiction" else value)
    if f.since is not None:
        where.append(f"{_CASE_LATEST} >= ?")
        params.append(ranges["since"][0])
    if f.until is not None:
        where.append(f"{_CASE_EARLIEST} <= ?")
        params.append(ranges["since"][1])
    if "filed_since" in ranges:
        undated = f" OR {_UNDATED['filed_since']}" if f.include_undated else ""
        where.append(f"((c.filed_end >= ? AND c.filed_start <= ?){undated})")
        params += list(ranges["filed_since"])
    if "decided_since" in ranges:
        where.append(f"({_DECIDED_IN} OR {_UNDATED['decided_since']})" if f.include_undated else _DECIDED_IN)
        params += list(ranges["decided_since"]) * 3
    return where, params


# A case that has what a range asks about but not its date: a suit or ruling with no filing date; a
# decided case (or one with a ruling) with no decision date, ruling date or `ruling` event.
_UNDATED = {
    "filed_since": "(c.filed IS NULL AND c.kind IN ('lawsuit', 'ruling'))",
    "decided_since": "((c.status IN ('decided', 'appealed', 'dismissed') OR c.ruling_outcome IS NOT NULL) "
                     "AND c.decided IS NULL AND c.ruling_date IS NULL AND NOT EXISTS (SELECT 1 FROM events e "
                     "WHERE e.case_id = c.id AND e.kind = 'ruling'))",
}


def undated_left_out(con: sqlite3.Connection, f: "CaseFilter") -> dict[str, int]:
    """How many cases the filing or decision ranges of `f` leave out only for want of such a date (every
    other filter matching): {"filed": n, "decided": n}, for the ranges given. None of them are left out
    with `include_undated`."""
    if f.include_undated:
        return {}
    ranges = _ranges(f)
    counts = {}
    for low, high, what in (("filed_since", "filed_until", "filed"), ("decided_since", "decided_until", "decided")):
        if low in ranges:
            where, params = _case_conditions(con, replace(f, **{low: None, high: None}))
            where.append(_UNDATED[low])
            counts[what] = con.execute("SELECT count(*) FROM cases c WHERE " + " AND ".join(where),
                                       params).fetchone()[0]
    return counts


def check_filter(con: sqlite3.Connection, f: "CaseFilter") -> None:
    """Raise UsageError when a filter cannot mean anything (unknown value, reversed range, bad date)."""
    _case_conditions(con, f)


def case_ids(con: sqlite3.Connection, f: "CaseFilter") -> Optional[list[str]]:
    """The ids of the cases `f` selects (ignoring paging), or None when it selects every case."""
    if not f.selects():
        return None
    where, params = _case_conditions(con, f)
    return [r[0] for r in con.execute("SELECT c.id FROM cases c WHERE " + " AND ".join(where), params)]


def select_cases(con: sqlite3.Connection, f: CaseFilter = CaseFilter()) -> tuple[list[dict[str, Any]], int]:
    """One page of the cases matching every filter, oldest first, and how many match in all.

    Names are resolved to ids first. `since`/`until` compare periods: a case matches `since 2023-11`
    when any of its dates (filed, decided, events) reaches into November 2023 or later.
    """
    where, params = _case_conditions(con, f)
    condition = " WHERE " + " AND ".join(where) if where else ""
    sql = (
        "SELECT c.id, c.title, c.title_zh, c.kind, c.jurisdiction, c.court_id AS court, c.case_number, c.status, "
        "c.filed, c.decided, c.ruling_date, c.ruling_outcome AS outcome, c.ruling_outcome_zh AS outcome_zh "
        "FROM cases c" + condition
        + " ORDER BY coalesce(c.filed_start, c.decided_start, '9999'), c.id"
    )
    page = list(params)
    if f.limit is not None or f.offset:
        sql += " LIMIT ? OFFSET ?"
        page += [-1 if f.limit is None else f.limit, f.offset]
    cases = [dict(row) for row in con.execute(sql, page)]
    if f.limit is None and not f.offset:
        total = len(cases)
    else:
        total = con.execute("SELECT count(*) FROM cases c" + condition, params).fetchone()[0]
    _attach_parties_and_claims(con, cases)
    return cases, total


def list_cases(con: sqlite3.Connection, f: CaseFilter = CaseFilter()) -> list[dict[str, Any]]:
    """The cases matching every filter, oldest first (one page of them when `f` has a limit)."""
    return select_cases(con, f)[0]


def _attach_parties_and_claims(con: sqlite3.Connection, cases: list[dict]) -> None:
    by_id = {c["id"]: c for c in cases}
    for c in cases:
        c["parties"], c["claims"], c["products"] = [], [], []
    if not cases:
        return
    con.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY)")
    con.execute("DELETE FROM wanted")
    con.executemany("INSERT INTO wanted VALUES (?)", ((i,) for i in by_id))
    rows = con.execute(
        "SELECT cp.case_id, p.id, p.name, p.name_zh, cp.role FROM case_parties cp JOIN wanted w ON w.id = cp.case_id "
        "JOIN parties p ON p.id = cp.party_id ORDER BY cp.case_id, cp.position"
    )
    for case_id, pid, name, name_zh, role in rows:
        by_id[case_id]["parties"].append({"id": pid, "name": name, "name_zh": name_zh, "role": role})
    for table, column, key in (("case_claims", "claim_id", "claims"), ("case_products", "product_id", "products")):
        rows = con.execute(f"SELECT t.case_id, t.{column} FROM {table} t JOIN wanted w ON w.id = t.case_id "
                           "ORDER BY t.case_id, t.position")
        for case_id, value in rows:
            by_id[case_id][key].append(value)


def _names(con: sqlite3.Connection, registry: str) -> dict[str, dict[str, Any]]:
    columns = "id, name, name_zh" + (", kind" if registry in ("parties", "products") else "")
    return {r["id"]: dict(r) for r in con.execute(f'SELECT {columns} FROM "{registry}"')}


def get_case(con: sqlite3.Connection, text: str) -> dict[str, Any]:
    """Everything about one case, with referenced records expanded to their names."""
    case_id = resolve(con, "cases", text)
    (record,) = con.execute("SELECT record FROM case_records WHERE case_id = ?", (case_id,)).fetchone()
    case = json.loads(record)
    if case.get("case_number"):
        from kb.casenumber import describe, parse

        number = parse(case["case_number"])
        if number is not None:
            case["case_number_parts"] = {**number.as_dict(), "description": describe(number)}
    if case.get("court"):
        row = con.execute("SELECT id, name, name_zh, code, courtlistener, ecli FROM courts WHERE id = ?",
                          (case["court"],)).fetchone()
        case["court"] = dict(row)
    parties = _names(con, "parties")
    case["parties"] = [{**parties[p["party"]], "role": p["role"]} for p in case.get("parties", [])]
    claims = _names(con, "claims")
    case["claims"] = [claims[c] for c in case.get("claims", [])]
    products = _names(con, "products")
    case["products"] = [products[p] for p in case.get("products", [])]
    if case.get("judges"):
        judges = _names(con, "judges")
        case["judges"] = [{**judges[j["judge"]], **{k: v for k, v in j.items() if k != "judge"}}
                          for j in case["judges"]]
    titles = dict(con.execute("SELECT id, title FROM cases").fetchall())
    related = [{"case": r["case"], "title": titles.get(r["case"]), "relation": r["relation"], "direction": "out"}
               for r in case.get("related", [])]
    incoming = con.execute("SELECT case_id, relation FROM relations WHERE related_case_id = ? ORDER BY case_id",
                           (case_id,))
    related += [{"case": cid, "title": titles.get(cid), "relation": rel, "direction": "in"} for cid, rel in incoming]
    case["related"] = related
    if case.get("answers"):  # the questions of law the ruling answers, each with the question's name
        questions = {r["id"]: dict(r) for r in con.execute("SELECT id, name, name_zh, question FROM questions")}
        case["answers"] = [{"question": a["question"], "name": questions[a["question"]]["name"],
                            "name_zh": questions[a["question"]]["name_zh"],
                            "question_text": questions[a["question"]]["question"],
                            **{k: v for k, v in a.items() if k != "question"}} for a in case["answers"]]
    from kb.dates import sort_key

    case.setdefault("events", [])
    case["events"].sort(key=lambda e: sort_key(e["date"]))
    return case


def list_registry(con: sqlite3.Connection, registry: str) -> list[dict[str, Any]]:
    """A registry's records with the number of cases that involve each."""
    counts = {
        "parties": "SELECT count(DISTINCT case_id) FROM case_parties t WHERE t.party_id = r.id",
        "courts": "SELECT count(*) FROM cases t WHERE t.court_id = r.id",
        "claims": "SELECT count(*) FROM case_claims t WHERE t.claim_id = r.id",
        "products": "SELECT count(*) FROM case_products t WHERE t.product_id = r.id",
        "judges": "SELECT count(DISTINCT case_id) FROM case_judges t WHERE t.judge_id = r.id",
    }[registry]
    extra = {"parties": ", r.kind, r.jurisdiction", "courts": ", r.jurisdiction, r.code, r.courtlistener, r.ecli",
             "claims": ", r.parent_id AS parent",
             "products": ", r.kind, r.operator_id AS operator", "judges": ", r.court_id AS court"}[registry]
    sql = f'SELECT r.id, r.name, r.name_zh{extra}, ({counts}) AS cases FROM "{registry}" r ORDER BY cases DESC, r.id'
    return [dict(row) for row in con.execute(sql)]


def stats(con: sqlite3.Connection) -> dict[str, Any]:
    """Counts of cases by kind, status, jurisdiction, court, claim and year."""

    def count(sql: str) -> dict[str, int]:
        return {str(k): n for k, n in con.execute(sql)}

    return {
        "cases": con.execute("SELECT count(*) FROM cases").fetchone()[0],
        "by_kind": count("SELECT kind, count(*) n FROM cases GROUP BY kind ORDER BY n DESC, kind"),
        "by_status": count("SELECT status, count(*) n FROM cases GROUP BY status ORDER BY n DESC, status"),
        "by_jurisdiction": count(
            "SELECT jurisdiction, count(*) n FROM cases GROUP BY jurisdiction ORDER BY n DESC, jurisdiction"),
        "by_court": count("SELECT court_id, count(*) n FROM cases WHERE court_id IS NOT NULL GROUP BY court_id "
                          "ORDER BY n DESC, court_id"),
        "by_claim": count("SELECT claim_id, count(*) n FROM case_claims GROUP BY claim_id "
                          "ORDER BY n DESC, claim_id"),
        "by_year": count(
            "SELECT substr(coalesce(filed, decided), 1, 4) y, count(*) n FROM cases "
            "WHERE coalesce(filed, decided) IS NOT NULL GROUP BY y ORDER BY y"),
    }


def timeline(con: sqlite3.Connection, f: CaseFilter = CaseFilter(), case: Optional[str] = None
             ) -> list[dict[str, Any]]:
    """The events of `select_events`, without the total."""
    return select_events(con, f, case)[0]


def select_events(con: sqlite3.Connection, f: CaseFilter = CaseFilter(), case: Optional[str] = None
                  ) -> tuple[list[dict[str, Any]], int]:
    """Dated events across the cases that match, in order, each at its own precision with its source;
    one page of them when `f` has a limit or offset, and how many there are in all.

    `since`/`until` apply to each event's own period: an event dated `2023-11` is in
    `--since 2023-11`; the other filters select the cases. Coarser dates sort before finer ones of
    the same period start (`2023-11` before `2023-11-01`), then by case and by the order the record
    gives them.
    """
    where, params = [], []
    if case:
        where.append("e.case_id = ?")
        params.append(resolve(con, "cases", case))
    ranges = _ranges(f)
    ids = case_ids(con, replace(f, since=None, until=None))
    if ids is not None:
        where.append("e.case_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(ids))
    if f.since is not None:
        where.append("e.date_end >= ?")
        params.append(ranges["since"][0])
    if f.until is not None:
        where.append("e.date_start <= ?")
        params.append(ranges["since"][1])
    condition = " WHERE " + " AND ".join(where) if where else ""
    sql = (
        "SELECT e.date, e.kind, e.what, e.what_zh, e.case_id, c.title, s.id AS source_id, s.url, s.title AS "
        "source_title, s.publisher FROM events e JOIN cases c ON c.id = e.case_id "
        "LEFT JOIN sources s ON s.case_id = e.case_id AND s.id = e.source_id" + condition
        + " ORDER BY e.date_start, length(e.date), e.case_id, e.position"
    )
    page = list(params)
    if f.limit is not None or f.offset:
        sql += " LIMIT ? OFFSET ?"
        page += [-1 if f.limit is None else f.limit, f.offset]
    from kb.dates import PRECISION_NAMES, precision

    events = []
    for row in con.execute(sql, page):
        r = dict(row)
        events.append({
            "date": r["date"], "precision": PRECISION_NAMES[precision(r["date"])],
            "kind": r["kind"], "what": r["what"], "what_zh": r["what_zh"],
            "case": {"id": r["case_id"], "title": r["title"]},
            "source": {"id": r["source_id"], "url": r["url"], "title": r["source_title"], "publisher": r["publisher"]},
        })
    if f.limit is None and not f.offset:
        return events, len(events)
    total = con.execute("SELECT count(*) FROM events e" + condition, params).fetchone()[0]
    return events, total


def aliases(con: sqlite3.Connection, registry: str) -> dict[str, list[str]]:
    """The other names of each record of a registry that has them (short forms, brands, pen names)."""
    rows = con.execute(f'SELECT id, aliases FROM "{registry}" WHERE aliases IS NOT NULL')
    return {rid: names for rid, text in rows if (names := json.loads(text))}
