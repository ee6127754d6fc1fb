"""Full-text search over cases: titles (en/zh), case numbers, summaries, holdings, party, court,
claim and product names with aliases, and event descriptions.

Chinese is written without spaces, so word tokenizers cannot find `小红书` inside a title. The
FTS5 trigram tokenizer indexes every three-character run, which finds any substring of three or
more characters in Chinese and English alike; shorter terms (two Chinese characters are a whole
word) fall back to a substring scan of the same table. Text is folded before indexing and
querying (case, full-width forms, accents), because this SQLite's trigram tokenizer does not fold
accents itself; the original text is stored beside it for snippets.

Query syntax, kept small and checked here so that SQLite never sees a malformed query:
words and "quoted phrases" must all match; `OR` between two terms accepts either; a leading `-`
excludes a term. Ranking: hits in the title first, then FTS5's bm25 with titles weighted 10×.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Optional

from kb.errors import KbError

if TYPE_CHECKING:
    from kb.queries import CaseFilter

TABLE = "case_search"
TITLE_WEIGHT = 10.0
SNIPPET_CONTEXT = 48


class QueryError(KbError):
    """A search query that cannot be understood; the message says what to change."""


# -- folding --------------------------------------------------------------------------------------
# Combining marks (accents) left over after NFKD decomposition: removed, so é matches e.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case, full-width to half-width, accents removed: `Café` and `ＣＡＦＥ` both become `cafe`."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def _fold_char(c: str) -> str:
    return c.lower() if c.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", c)).casefold()


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the original character."""
    out, offsets = [], []
    for i, c in enumerate(text):
        f = _fold_char(c)
        out.append(f)
        offsets.extend([i] * len(f))
    return "".join(out), offsets


# -- building -------------------------------------------------------------------------------------
def _documents(con: sqlite3.Connection) -> Iterator[tuple[str, str, str, str, str]]:
    names: dict[tuple[str, str], list[str]] = {}
    for table in ("parties", "courts", "claims", "products"):
        for row in con.execute(f'SELECT id, name, name_zh, aliases FROM "{table}"'):
            names[(table, row[0])] = [row[1], row[2] or "", *json.loads(row[3] or "[]")]
    for case_id, record in con.execute("SELECT id, record FROM cases"):
        case = json.loads(record)
        title = "\n".join(filter(None, [case.get("title"), case.get("title_zh"), case.get("case_number")]))
        ruling = case.get("ruling") or {}
        body = [case.get("summary"), case.get("summary_zh"), ruling.get("outcome"), ruling.get("holding")]
        body += [e.get(k) for e in case.get("events", []) for k in ("what", "what_zh")]
        body += [n for p in case.get("parties", []) for n in names.get(("parties", p["party"]), [])]
        body += names.get(("courts", case.get("court")), [])
        body += [n for c in case.get("claims", []) for n in names.get(("claims", c), [])]
        body += [n for p in case.get("products", []) for n in names.get(("products", p), [])]
        body_text = "\n".join(filter(None, body))
        yield case_id, fold(title), fold(body_text), title, body_text


def build(con: sqlite3.Connection) -> None:
    """Create and fill the index; called by the store while it builds a database."""
    con.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "case_id UNINDEXED, title, body, title_text UNINDEXED, body_text UNINDEXED, tokenize='trigram')"
    )
    # A large pending-data buffer lets FTS5 write a bulk load as a few big segments: twice as fast.
    con.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('hashsize', ?)", (64 * 2**20,))
    con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?)", _documents(con))


# -- queries ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str  # folded
    exclude: bool = False


def parse_query(query: str) -> list[list[Term]]:
    """The query as a conjunction of disjunctions: [[a], [b, c]] means a AND (b OR c)."""
    tokens = re.findall(r'-?"[^"]*"|"|\S+', query)
    if query.count('"') % 2:
        raise QueryError('unbalanced quote in the search query; close the "phrase" or remove the quote')
    groups: list[list[Term]] = []
    pending_or = False
    for token in tokens:
        if token == "OR":
            if not groups or pending_or:
                raise QueryError("OR needs a term on each side, as in: midjourney OR stability")
            pending_or = True
            continue
        if token in ("AND", "NOT"):
            raise QueryError(f"{token} is not needed: words must all match already; use -word to exclude one")
        exclude = token.startswith("-") and len(token) > 1
        text = fold(token[1:] if exclude else token).strip('"').strip()
        if not text:
            continue
        term = Term(text, exclude)
        if pending_or:
            if exclude or groups[-1][0].exclude:
                raise QueryError("an excluded -term cannot be part of OR")
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    if pending_or:
        raise QueryError("OR needs a term on each side, as in: midjourney OR stability")
    if not groups or all(g[0].exclude for g in groups):
        raise QueryError("the search query has no words to look for")
    return groups


def _phrase(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


def _where(groups: list[list[Term]], params: list) -> tuple[Optional[str], list[str]]:
    """One FTS5 MATCH expression for the groups it can express, and SQL conditions for the rest.

    FTS5 finds terms of three or more characters (trigrams); shorter terms and exclusions are
    plain conditions on the folded text, each evaluated once, never per row against the index.
    """
    match_parts, conditions = [], []
    for group in groups:
        fts = all(len(t.text) >= 3 for t in group)
        if fts and not group[0].exclude:
            match_parts.append("(" + " OR ".join(_phrase(t) for t in group) + ")")
        elif fts:
            conditions.append(f"s.rowid NOT IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?)")
            params.append(" OR ".join(_phrase(t) for t in group))
        else:
            sql = " OR ".join("(instr(s.title, ?) > 0 OR instr(s.body, ?) > 0)" for _ in group)
            conditions.append(f"NOT ({sql})" if group[0].exclude else f"({sql})")
            params += [t.text for t in group for _ in (0, 1)]
    return (" AND ".join(match_parts) or None), conditions


def _snippet(text: str, terms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """A window of the original text around the first hit, and the hits' spans within it."""
    folded, offsets = _fold_with_offsets(text)
    hits = sorted((m.start(), m.start() + len(t)) for t in terms for m in re.finditer(re.escape(t), folded))
    if not hits:
        return text[: SNIPPET_CONTEXT * 2].replace("\n", " "), []
    first = offsets[hits[0][0]]
    start = max(0, first - SNIPPET_CONTEXT)
    end = min(len(text), first + SNIPPET_CONTEXT * 2)
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    window = prefix + text[start:end].replace("\n", " ") + suffix
    spans = []
    for a, b in hits:
        oa, ob = offsets[a], offsets[b - 1] + 1
        if start <= oa and ob <= end:
            spans.append((oa - start + len(prefix), ob - start + len(prefix)))
    return window, spans


def search(con: sqlite3.Connection, query: str, f: Optional["CaseFilter"] = None) -> list[dict[str, Any]]:
    """The results of `search_page`, without the total."""
    return search_page(con, query, f)[0]


def search_page(con: sqlite3.Connection, query: str, f: Optional["CaseFilter"] = None
                ) -> tuple[list[dict[str, Any]], int]:
    """Cases matching `query` and the filters of `f`, best first, each with a score and a snippet
    around the first hit: the page `f.limit`/`f.offset` asks for, and how many match in all.

    Order: how many query terms the title contains, then bm25 (titles weighted 10×), then how
    often the terms occur (bm25 gives a term found in most cases almost no weight), then id.
    """
    groups = parse_query(query)
    wanted = [t.text for g in groups for t in g if not t.exclude]
    condition_params: list = []
    match, conditions = _where(groups, condition_params)
    title_hits = " + ".join("(instr(s.title, ?) > 0)" for _ in wanted)
    occurrences = " + ".join("(length(s.body) - length(replace(s.body, ?, ''))) / length(?)" for _ in wanted)
    rank = f"bm25({TABLE}, 0, {TITLE_WEIGHT}, 1.0)" if match else "0.0"
    where = ([f"{TABLE} MATCH ?"] if match else []) + conditions
    params: list = [*wanted, *[x for t in wanted for x in (t, t)]] + ([match] if match else []) + condition_params
    from kb.queries import CaseFilter, case_ids

    f = f or CaseFilter()
    ids = case_ids(con, f)
    if ids is not None:
        where.append("s.case_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(ids))
    sql = (
        f"SELECT s.case_id, {title_hits} AS title_hits, {rank} AS rank, {occurrences} AS occurrences, "
        f"s.title_text, s.body_text, c.title, c.title_zh, c.kind, c.jurisdiction "
        f"FROM {TABLE} s JOIN cases c ON c.id = s.case_id WHERE {' AND '.join(where)} "
        f"ORDER BY title_hits DESC, rank ASC, occurrences DESC, s.case_id"
    )
    count_sql = f"SELECT count(*) FROM {TABLE} s JOIN cases c ON c.id = s.case_id WHERE {' AND '.join(where)}"
    count_params = params[3 * len(wanted):]
    paged = f.limit is not None or f.offset
    if paged:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if f.limit is None else f.limit, f.offset]
    try:
        rows = con.execute(sql, params).fetchall()
        total = con.execute(count_sql, count_params).fetchone()[0] if paged else len(rows)
    except sqlite3.OperationalError as exc:  # defensive: parse_query should make this unreachable
        raise QueryError(f"cannot search for {query!r}: {exc}") from None
    results = []
    for case_id, hits, rank, _, title_text, body_text, title, title_zh, case_kind, cc in rows:
        in_body = any(t in fold(body_text) for t in wanted)
        snippet, spans = _snippet(body_text if in_body or not hits else title_text, wanted)
        results.append({
            "id": case_id, "title": title, "title_zh": title_zh, "kind": case_kind, "jurisdiction": cc,
            "score": round(hits * TITLE_WEIGHT - rank, 3), "snippet": snippet, "highlights": spans,
        })
    return results, total
