"""The site search's own small index, `search/lookup.json`, beside Pagefind's.

Pagefind ranks pages by words. What a reader types is often not a word of the page: a case number
(`(2023)京0491民初11279号`, or part of it), a party's other name (小红书 for Xingyin), a reader's
word for a thing (`deepfake` for the face-swap cases, `NYT`). This index holds, per case, its
title, numbers and names (of its parties, court and products, with their other names), and the runs
of Chinese in its text, which the browser cannot find as written in Pagefind's index; the alias
groups of data/aliases.yaml; and the vocabulary "did you mean" suggests from (kb.vocabulary), so that
`static/search.js` ranks as `kb search` does: case numbers first, then titles, then names, then the
rest in Pagefind's order.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any, Optional

# Runs of Chinese (or Japanese) text, with the Latin letters and digits written inside them (AI换脸).
_CJK_RUNS = re.compile(r"[\w\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*"
                       r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\w\u3040-\u30ff\u3400-\u4dbf"
                       r"\u4e00-\u9fff\uf900-\ufaff]*")


def lookup(con: sqlite3.Connection, meta: Optional[dict[str, dict]] = None) -> dict[str, Any]:
    """The index; `meta` gives each case's status line (status, outcome) as its page shows it."""
    from kb import vocabulary

    names: dict[tuple[str, str], list[str]] = {}
    for table in ("parties", "courts", "products"):
        for rid, name, name_zh, aliases in con.execute(f'SELECT id, name, name_zh, aliases FROM "{table}"'):
            names[(table, rid)] = [n for n in (name, name_zh, *json.loads(aliases or "[]")) if n]
    citations: dict[str, list[str]] = {}
    for case_id, citation in con.execute("SELECT case_id, citation FROM citations ORDER BY case_id, position"):
        citations.setdefault(case_id, []).append(citation)
    parties: dict[str, list[str]] = {}
    for case_id, party in con.execute("SELECT case_id, party_id FROM case_parties ORDER BY case_id, rowid"):
        parties.setdefault(case_id, []).append(party)
    products: dict[str, list[str]] = {}
    for case_id, product in con.execute("SELECT case_id, product_id FROM case_products ORDER BY case_id, rowid"):
        products.setdefault(case_id, []).append(product)
    chinese = {case_id: " ".join(_CJK_RUNS.findall(f"{title}\n{body}"))
               for case_id, title, body in con.execute("SELECT case_id, title_text, body_text FROM case_search")}
    cases = []
    for case_id, title, title_zh, number, court in con.execute(
            "SELECT id, title, title_zh, case_number, court_id FROM cases ORDER BY id"):
        found = [n for p in dict.fromkeys(parties.get(case_id, [])) for n in names.get(("parties", p), [])]
        found += names.get(("courts", court), [])
        found += [n for p in products.get(case_id, []) for n in names.get(("products", p), [])]
        cases.append({"id": case_id, "title": title, "title_zh": title_zh or "",
                      "numbers": [n for n in [number, *citations.get(case_id, [])] if n],
                      "names": list(dict.fromkeys(found)), "zh": chinese.get(case_id, ""),
                      "meta": (meta or {}).get(case_id, {})})
    groups: dict[int, list[str]] = {}
    for terms in vocabulary.groups(con).values():
        groups[id(terms)] = terms
    return {"cases": cases, "aliases": list(groups.values()), "vocabulary": vocabulary.vocabulary(con)}


def lookup_json(con: sqlite3.Connection, meta: Optional[dict[str, dict]] = None) -> str:
    return json.dumps(lookup(con, meta), ensure_ascii=False, separators=(",", ":"))
