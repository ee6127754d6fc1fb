"""`cases_fts`: the full-text index Datasette and sqlite-utils find for the `cases` table.

Both tools look for an FTS table declared with `content="cases"` and search it with
`rowid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)`, showing the rows of `cases`
itself, so results are shown in their original text. The index uses FTS5's `unicode61` tokenizer
(words, case and accents folded: `AI`, `Ultraman`, `Café` match whole words). Chinese and Japanese
are written without spaces, so a word tokenizer would see a whole clause as one token; here each run
of such characters is indexed as every substring it contains, so `小红书`, `奥特曼` or `声音` typed
into Datasette's search box finds the clause that contains it, whatever its length.

Three columns exist only in the index (nothing reads them back from `cases`):

- `numbers`: the case number and citations as written, so that a whole number typed into the box
  (`(2023)京0491民初11279号`) is a phrase of the same tokens, and every run of its parts
  (`京0491民初11279号`, `民初11279号`, `11279`) as a token of its own;
- `aliases`: for each group of readers' words (data/aliases.yaml) that the case's text holds, all the
  group's terms, so that `deepfake` finds the face-swap cases and `NYT` The New York Times;
- `names`: the names of the case's parties, court and AI products, with their other names and the terms of
  the groups those names belong to, so that a party's own cases rank above cases that only mention it (a
  Chinese name as one word: `小红书` matches Xingyin's other name whole).

The default ranking (FTS5's `rank`, which sqlite-utils and kb's canned query `search` order by) weighs a
number 50 times, a title 10 times and a name 5 times a summary; an alias only half, below the case's own words.
`kb search` ranks names after titles the same way.

`kb search` has its own index (`kb.search`); this one follows the two tools' conventions.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import Iterator, Optional

TABLE = "cases_fts"
COLUMNS = ("title", "title_zh", "case_number", "summary", "summary_zh", "ruling_outcome", "ruling_holding",
           "ruling_outcome_zh", "ruling_holding_zh")
INDEX_ONLY = ("numbers", "aliases", "names")
WEIGHTS = (10.0, 10.0, 10.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 50.0, 0.5, 5.0)
# A number's parts: runs of digits, of Latin letters, of CJK characters.
_PARTS = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)
_CJK_OR_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_]+")
# Scripts written without spaces between words: CJK ideographs, kana.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def _substrings(run: str) -> str:
    if len(run) <= _SHORT_RUN:
        return _short_substrings(run)
    n = len(run)
    return " ".join([run[i:j] for i in range(n) for j in range(i + 1, n + 1)])


# Short runs (court names, parts of case numbers, words) recur in case after case: their substrings are
# kept, a few KiB at most each. Long runs (whole clauses) seldom recur and would hold much memory.
_SHORT_RUN = 16


@lru_cache(maxsize=4096)
def _short_substrings(run: str) -> str:
    n = len(run)
    return " ".join([run[i:j] for i in range(n) for j in range(i + 1, n + 1)])


def index_text(text: Optional[str]) -> Optional[str]:
    """The text as the index sees it: each unspaced run replaced by all its substrings."""
    if not text or text.isascii():
        return text
    return _UNSPACED.sub(lambda m: f" {_substrings(m.group())} ", text)


def number_text(number: str) -> str:
    """A case number as written, then every run of its consecutive parts joined as one token:
    `(2023)京0491民初11279号` also gives `京0491民初11279号`, `0491民初`, `11279号`, ..."""
    parts = []
    for chunk in re.split(r"[\s()（）〔〕\[\]:/.,;-]+", number):
        parts += _PARTS.findall(chunk) if _UNSPACED.search(chunk) else []
    joins = {"".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, min(len(parts), i + 8) + 1)}
    return " ".join([number, *sorted(joins)])


def _words(text: str) -> str:
    """Folded text as space-separated words and CJK runs: `Face-Swap` and `face swap` read alike."""
    from kb.search import fold

    return " " + " ".join(_CJK_OR_WORD.findall(fold(text))) + " "


def alias_text(text: str, groups: list[list[str]], forms: Optional[list[list[tuple[str, bool]]]] = None) -> str:
    """The terms of every alias group one of whose terms the text holds (a Latin term as whole words,
    a Chinese one as written). `forms` are the groups' terms as `_forms` gives them (computed once)."""
    words = _words(text)
    joined = words.replace(" ", "")
    found = []
    for terms, term_forms in zip(groups, forms or _forms(groups)):
        if any((t in joined) if chinese else (f" {t} " in words) for t, chinese in term_forms):
            found += terms
    return " ".join(index_text(t) or "" for t in found)


def _forms(groups: list[list[str]]) -> list[list[tuple[str, bool]]]:
    """Each term as words (Latin) or as one run without spaces (Chinese), and which of the two."""
    out = []
    for terms in groups:
        forms = []
        for term in terms:
            t = _words(term).strip()
            if t:
                chinese = bool(_UNSPACED.search(t))
                forms.append((t.replace(" ", "") if chinese else t, chinese))
        out.append(forms)
    return out


def _rows(con: sqlite3.Connection, rowids: Optional[list[int]] = None) -> Iterator[tuple]:
    """The index's row of every case, or of the cases with these rowids."""
    import json

    from kb.vocabulary import groups as alias_groups

    by_group: dict[int, list[str]] = {}
    for terms in alias_groups(con).values():
        by_group[id(terms)] = terms
    groups = list(by_group.values())
    forms = _forms(groups)
    some = "" if rowids is None else "(SELECT id FROM cases WHERE rowid IN (SELECT value FROM json_each(?)))"
    args = () if rowids is None else (json.dumps(rowids),)
    citations: dict[str, list[str]] = {}
    for case_id, citation in con.execute("SELECT case_id, citation FROM citations"
                                         + (f" WHERE case_id IN {some} ORDER BY rowid" if some else ""), args):
        citations.setdefault(case_id, []).append(citation)
    texts = dict(con.execute("SELECT case_id, title || char(10) || body FROM case_search"
                             + (f" WHERE case_id IN {some}" if some else ""), args)) if groups else {}
    named = _named(con, groups, forms, some, args)
    columns = ", ".join(COLUMNS)
    for row in con.execute(f"SELECT rowid, id, {columns} FROM cases"
                           + (" WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid" if some else ""),
                           args):
        numbers = [n for n in [row[4], *citations.get(row[1], [])] if n]
        yield (row[0], *(index_text(v) for v in row[2:]), " ".join(number_text(n) for n in numbers),
               alias_text(texts.get(row[1], ""), groups, forms) if groups else "", named.get(row[1], ""))


def _named(con: sqlite3.Connection, groups: list[list[str]], forms: list, some: str, args: tuple) -> dict[str, str]:
    """The `names` column of each case: the names of its parties, court and products, each a whole word of the index
    (a Chinese name whole, not its every substring: those the case's text gives), made once per party (a party is
    in many cases), with the terms of the alias groups the names belong to."""
    from kb.search import names_of

    entities = names_of(con)
    made: dict[tuple[str, str], str] = {}

    def text_of(table: str, entity: str) -> str:
        key = (table, entity)
        if key not in made:
            names = " ".join(filter(None, entities.get(key, [])))  # whole names: their substrings are in the text
            made[key] = " ".join(filter(None, [names, alias_text(names, groups, forms) if groups else ""]))
        return made[key]

    where = f" WHERE case_id IN {some} ORDER BY rowid" if some else " ORDER BY rowid"
    named: dict[str, list[str]] = {}
    for case_id, court in con.execute("SELECT id, court_id FROM cases"
                                      + (f" WHERE id IN {some}" if some else ""), args):
        named[case_id] = [text_of("courts", court)] if court else []
    for table, column, link in (("parties", "party_id", "case_parties"), ("products", "product_id", "case_products")):
        for case_id, entity in con.execute(f"SELECT case_id, {column} FROM {link}{where}", args):
            named.setdefault(case_id, []).append(text_of(table, entity))
    return {case_id: " ".join(filter(None, texts)) for case_id, texts in named.items()}


_INDEXED = ", ".join((*COLUMNS, *INDEX_ONLY))  # the index's columns, and a mark for each and the rowid
_MARKS = ", ".join("?" for _ in range(len(COLUMNS) + len(INDEX_ONLY) + 1))


def build(con: sqlite3.Connection) -> None:
    con.execute(f'CREATE VIRTUAL TABLE {TABLE} USING fts5({_INDEXED}, content="cases", '
                "tokenize='unicode61 remove_diacritics 2')")
    # A large pending-data buffer lets FTS5 write the bulk load as a few big segments (as kb.search does).
    con.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('hashsize', ?)", (64 * 2**20,))
    con.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', ?)",
                (f"bm25({', '.join(str(w) for w in WEIGHTS)})",))
    con.executemany(f"INSERT INTO {TABLE} (rowid, {_INDEXED}) VALUES ({_MARKS})", _rows(con))


def remove(con: sqlite3.Connection, rowids: list[int]) -> None:
    """Take these rows of `cases` out of the index, before they change (`kb.incremental`): an index with
    `content="cases"` removes a row given the values it indexed, which are computed from the tables."""
    con.executemany(f"INSERT INTO {TABLE} ({TABLE}, rowid, {_INDEXED}) VALUES ('delete', {_MARKS})",
                    list(_rows(con, rowids)))


def add(con: sqlite3.Connection, rowids: list[int]) -> None:
    """Index these rows of `cases`, after they were written."""
    con.executemany(f"INSERT INTO {TABLE} (rowid, {_INDEXED}) VALUES ({_MARKS})", list(_rows(con, rowids)))
