"""The full-text index behind `kb search`: one FTS5 document per case.

Chinese is written without spaces, so word tokenizers cannot find `小红书` inside a title.
The trigram tokenizer indexes every three-character run, which finds any substring of three
or more characters in Chinese and English alike; shorter queries (two Chinese characters are a
whole word) fall back to a substring scan of the same table. Text is folded before indexing and
querying (case, width, diacritics), since this SQLite's trigram tokenizer does not fold accents.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata

TABLE = "case_search"


def fold(text: str) -> str:
    """Lower-case, full-width to half-width, accents removed: `Café` and `ＣＡＦＥ` both become `cafe`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _documents(con: sqlite3.Connection):
    names: dict[tuple[str, str], list[str]] = {}
    for table in ("parties", "courts"):
        for row in con.execute(f'SELECT id, name, name_zh, aliases FROM "{table}"'):
            names[(table, row[0])] = [row[1], row[2] or "", *json.loads(row[3] or "[]")]
    for case_id, record in con.execute("SELECT id, record FROM cases"):
        case = json.loads(record)
        title = " ".join(filter(None, [case.get("title"), case.get("title_zh"), case.get("case_number")]))
        ruling = case.get("ruling") or {}
        body = [case.get("summary"), case.get("summary_zh"), ruling.get("outcome"), ruling.get("holding")]
        body += [n for p in case.get("parties", []) for n in names.get(("parties", p["party"]), [])]
        body += names.get(("courts", case.get("court")), [])
        body += [e.get("what") for e in case.get("events", [])] + [e.get("what_zh") for e in case.get("events", [])]
        yield case_id, fold(title), fold(" ".join(filter(None, body)))


def build(con: sqlite3.Connection) -> None:
    con.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5(case_id UNINDEXED, title, body, tokenize='trigram')")
    con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?)", _documents(con))
