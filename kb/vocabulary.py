"""Readers' words: the alias groups of data/aliases.yaml (a search for one term also finds the others)
and the vocabulary that "did you mean" suggests from when a query finds little.

Both read the store's tables: `aliases` (one row per term, with its group and folded form), and
`vocabulary`, which `build` makes with the database from the names of the registries, the alias terms
and the words of case titles, so that a query reads only the few names near it. Light: no pydantic, no
models.
"""

from __future__ import annotations

import json
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


# -- the vocabulary, built with the database ----------------------------------------------------
TABLE = "vocabulary"


def collect(con: sqlite3.Connection) -> dict[str, str]:
    """Names a reader might have meant, from the store's tables: parties, courts, products, claims,
    questions, judges (English and Chinese names and their aliases), alias terms, and the words of case
    titles; folded form (`key`) -> name, each once (the first spelling met), in the order first met."""
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
    return words


def build(con: sqlite3.Connection) -> None:
    """The table `vocabulary`, from the store's other tables (see `collect`), dropped and made again:
    one row per name, in the order `collect` gives, with its folded form, that form's length, whether it
    is one word, and `letters`, a bit per character it holds (see `_bit`), so that `close_matches`
    reads only the names that can be near a query."""
    con.execute(f"DROP TABLE IF EXISTS {TABLE}")
    con.execute(f"CREATE TABLE {TABLE} (position INTEGER PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL UNIQUE, "
                "length INTEGER NOT NULL, single INTEGER NOT NULL, letters INTEGER NOT NULL)")
    bits: dict[str, int] = {}
    rows = []
    for position, (folded, name) in enumerate(collect(con).items()):
        letters = 0
        for c in set(folded):
            bit = bits.get(c)
            if bit is None:
                bit = bits[c] = 1 << _bit(c)
            letters |= bit
        rows.append((position, name, folded, len(folded), " " not in folded, letters))
    con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute(f"CREATE INDEX {TABLE}_length ON {TABLE} (length, single)")


def vocabulary(con: sqlite3.Connection) -> list[str]:
    """The names of the vocabulary table, in the order `collect` gave them."""
    return [name for (name,) in con.execute(f"SELECT name FROM {TABLE} ORDER BY position")]


def _bit(c: str) -> int:
    """The bit of `letters` that stands for the character `c`: one of its own for a-z and 0-9, one shared
    by several for any other character (a shared bit only lets more names through to difflib)."""
    if "a" <= c <= "z":
        return ord(c) - ord("a")
    if "0" <= c <= "9":
        return 26 + ord(c) - ord("0")
    return 36 + ord(c) % 27


def close_matches(con: sqlite3.Connection, word: str, n: int = 3, cutoff: float = 0.75,
                  single: bool = False) -> list[tuple[str, str]]:
    """`difflib.get_close_matches(word, folded names, n, cutoff)` over the vocabulary table (only its
    one-word names if `single`), as (folded, name) pairs: the same matches, in the same order.

    difflib keeps a name only if its real_quick_ratio (from the two lengths) and its quick_ratio (from the
    characters both hold, however placed) reach the cutoff, and its result does not depend on the order
    of the names. So the table is read only for the lengths that can reach it, and only for the names
    whose characters can: a name holds at most the characters of the word whose bits it has set, so
    `2 * that / (its length + the word's)` bounds its quick_ratio from above. difflib then judges those
    few exactly as it judges all of them.
    """
    import difflib
    from collections import Counter

    if not 0.0 < cutoff <= 1.0:
        raise ValueError(f"cutoff must be in (0.0, 1.0]: {cutoff!r}")
    size = len(word)
    # 2 * min(la, lb) / (la + lb) >= cutoff  <=>  cutoff / (2 - cutoff) * lb <= la <= (2 - cutoff) / cutoff * lb;
    # one more on each side keeps float rounding on the safe side (difflib checks again).
    shortest = max(0, int(cutoff / (2 - cutoff) * size) - 1)
    longest = int((2 - cutoff) / cutoff * size) + 2
    per_bit: dict[int, int] = {}  # how many of the word's characters each bit stands for (63 bits at most)
    for c, count in Counter(word).items():
        per_bit[_bit(c)] = per_bit.get(_bit(c), 0) + count
    shared, params = [], []
    for bit, count in per_bit.items():
        shared.append("((letters >> ?) & 1) * ?")
        params += [bit, count]
    rows = con.execute(
        f"SELECT folded, name FROM {TABLE} WHERE length BETWEEN ? AND ?{' AND single' if single else ''} "
        f"AND 2.0 * ({' + '.join(shared) or '0'}) >= ? * (length + ?) - 1e-9",
        [shortest, longest, *params, cutoff, size]).fetchall()
    names = dict(rows)
    return [(m, names[m]) for m in difflib.get_close_matches(word, list(names), n=n, cutoff=cutoff)]


def _has(con: sqlite3.Connection, table: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None


def did_you_mean(con: sqlite3.Connection, query: str, limit: int = 3) -> list[str]:
    """The names of the data nearest to `query` (or, word by word, to its words), for a query that found
    little: `Midjurney` -> Midjourney, `Stabilty` -> Stability. Never the query itself."""
    q = key(query.replace('"', " "))
    if not q:
        return []
    found = [name for m, name in close_matches(con, q, n=limit, cutoff=0.75) if m != q]
    if found or " " not in q:
        return found
    # Several words: correct each word that is not a known word, keep the others.
    parts = q.split()
    known = {w for (w,) in con.execute(f"SELECT folded FROM {TABLE} WHERE single AND folded IN "
                                       "(SELECT value FROM json_each(?))", (json.dumps(parts),))}
    typed = query.replace('"', " ").split()
    words, changed = [], False
    for i, word in enumerate(parts):
        as_typed = typed[i] if len(typed) == len(parts) else word
        if word in known or not word.isalpha():
            words.append(as_typed)
            continue
        near = close_matches(con, word, n=1, cutoff=0.75, single=True)
        words.append(near[0][1] if near else as_typed)
        changed |= bool(near)
    return [" ".join(words)] if changed else []


def weak(results: list[dict]) -> bool:
    """Whether a search found little: nothing, or a few cases none of which has the query in its title."""
    from kb.search import TITLE_WEIGHT

    return not results or (len(results) < 3 and all(r["score"] < TITLE_WEIGHT for r in results))
