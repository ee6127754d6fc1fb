"""Readers' words: the alias groups of data/aliases.yaml (a search for one term also finds the others)
and the vocabulary that "did you mean" suggests from when a query finds little.

Both read the store's tables: `aliases` (one row per term, with its group and folded form) and the
names of the registries and case titles. Light: no pydantic, no models.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Optional

from kb.search import fold

# Words too short or too common to suggest: a suggestion must be a name or a word of substance.
_MIN_WORD = 4
_STOP = {"with", "from", "that", "this", "court", "case", "cases", "against", "other", "inc", "ltd", "llc", "corp",
         "company", "group", "v", "and", "the", "of", "for"}


def key(text: str) -> str:
    """A term as the alias table stores it: folded, runs of spaces made one."""
    return " ".join(fold(text).split())


def groups(con: sqlite3.Connection) -> dict[str, list[str]]:
    """Each folded term -> every term of its group (original spelling, in the file's order)."""
    try:
        rows = con.execute("SELECT group_id, term, folded FROM aliases ORDER BY group_id, position").fetchall()
    except sqlite3.OperationalError:  # a database built before aliases existed
        return {}
    by_group: dict[str, list[str]] = {}
    for group_id, term, _ in rows:
        by_group.setdefault(group_id, []).append(term)
    return {folded: by_group[group_id] for group_id, _, folded in rows}


def synonyms(con: sqlite3.Connection, text: str) -> list[str]:
    """The other terms of the alias group `text` belongs to (none if it belongs to none)."""
    found = groups(con).get(key(text), [])
    return [t for t in found if key(t) != key(text)]


def vocabulary(con: sqlite3.Connection) -> list[str]:
    """Names a reader might have meant: parties, courts, products, claims, questions (English and Chinese
    names and their aliases), alias terms, and the words of case titles."""
    import json

    texts: dict[str, None] = {}  # every text once, in the order first met: most words repeat across titles
    word = re.compile(r"[^\W\d_]{%d,}" % _MIN_WORD)

    def add_words(text: str) -> None:
        for found in word.findall(text):
            if found.isascii() and found.lower() not in _STOP:
                texts[found] = None

    for table in ("parties", "courts", "products", "claims", "questions", "judges"):
        for name, name_zh, aliases in con.execute(f'SELECT name, name_zh, aliases FROM "{table}"'):
            for text in (name, name_zh, *json.loads(aliases or "[]")):
                if text:
                    texts[text] = None
                    add_words(text)
    for (term,) in con.execute("SELECT term FROM aliases") if _has(con, "aliases") else ():
        texts[term] = None
    for title, title_zh in con.execute("SELECT title, title_zh FROM cases"):
        add_words(title or "")
        if title_zh:
            texts[title_zh] = None
    words: dict[str, str] = {}
    for text in texts:
        if text.strip():
            words.setdefault(key(text), text.strip())
    return list(words.values())


def _has(con: sqlite3.Connection, table: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None


def did_you_mean(con: sqlite3.Connection, query: str, limit: int = 3) -> list[str]:
    """The names of the data nearest to `query` (or, word by word, to its words), for a query that found
    little: `Midjurney` -> Midjourney, `Stabilty` -> Stability. Never the query itself."""
    import difflib

    vocab = vocabulary(con)
    folded = {key(v): v for v in vocab}
    q = key(query.replace('"', " "))
    if not q:
        return []
    choices = list(folded)
    found = [folded[m] for m in difflib.get_close_matches(q, choices, n=limit, cutoff=0.75) if m != q]
    if found or " " not in q:
        return found
    # Several words: correct each word that is not a known word, keep the others.
    single = [c for c in choices if " " not in c]
    known = set(single)
    typed = query.replace('"', " ").split()
    words, changed = [], False
    for i, word in enumerate(q.split()):
        as_typed = typed[i] if len(typed) == len(q.split()) else word
        if word in known or not word.isalpha():
            words.append(as_typed)
            continue
        near = difflib.get_close_matches(word, single, n=1, cutoff=0.75)
        words.append(folded[near[0]] if near else as_typed)
        changed |= bool(near)
    return [" ".join(words)] if changed else []


def weak(results: list[dict]) -> bool:
    """Whether a search found little: nothing, or a few cases none of which has the query in its title."""
    from kb.search import TITLE_WEIGHT

    return not results or (len(results) < 3 and all(r["score"] < TITLE_WEIGHT for r in results))
