"""`cases_fts`: the full-text index Datasette and sqlite-utils find for the `cases` table.

Both tools look for an FTS table declared with `content="cases"` and search it with
`rowid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)`, showing the rows of `cases`
itself, so results are shown in their original text. The index uses FTS5's `unicode61` tokenizer
(words, case and accents folded: `AI`, `Ultraman`, `Café` match whole words). Chinese and Japanese
are written without spaces, so a word tokenizer would see a whole clause as one token; here each run
of such characters is indexed as every substring it contains, so `小红书`, `奥特曼` or `声音` typed
into Datasette's search box finds the clause that contains it, whatever its length.

`kb search` has its own index (`kb.search`); this one follows the two tools' conventions.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Iterator, Optional

TABLE = "cases_fts"
COLUMNS = ("title", "title_zh", "case_number", "summary", "summary_zh", "ruling_outcome", "ruling_holding")
# Scripts written without spaces between words: CJK ideographs, kana.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def _substrings(run: str) -> str:
    n = len(run)
    return " ".join(run[i:j] for i in range(n) for j in range(i + 1, n + 1))


def index_text(text: Optional[str]) -> Optional[str]:
    """The text as the index sees it: each unspaced run replaced by all its substrings."""
    if not text or text.isascii():
        return text
    return _UNSPACED.sub(lambda m: f" {_substrings(m.group())} ", text)


def _rows(con: sqlite3.Connection) -> Iterator[tuple]:
    columns = ", ".join(COLUMNS)
    for row in con.execute(f"SELECT rowid, {columns} FROM cases"):
        yield (row[0], *(index_text(v) for v in row[1:]))


def build(con: sqlite3.Connection) -> None:
    columns = ", ".join(COLUMNS)
    con.execute(f'CREATE VIRTUAL TABLE {TABLE} USING fts5({columns}, content="cases", '
                "tokenize='unicode61 remove_diacritics 2')")
    # A large pending-data buffer lets FTS5 write the bulk load as a few big segments (as kb.search does).
    con.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('hashsize', ?)", (64 * 2**20,))
    marks = ", ".join("?" for _ in range(len(COLUMNS) + 1))
    con.executemany(f"INSERT INTO {TABLE} (rowid, {columns}) VALUES ({marks})", _rows(con))
