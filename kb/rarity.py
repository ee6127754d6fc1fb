"""How rare each claim and each question of law is among the cases: the weight `kb related` gives a
shared one (kb.links), stored with the database so that a query reads a few rows instead of counting
the cases of every claim it meets.

The rarity of a claim (or question) held by n of N cases is ln((N + 1) / n) (an inverse document
frequency), counted twice: over the cases of each jurisdiction (`here`: N and n within it) and over all
cases (`anywhere`). Light: no pydantic, no models.
"""

from __future__ import annotations

import json
import math
import sqlite3

TABLE = "rarities"
# kind of hub -> the table that links cases to it and the column that names it
HUBS = {"claim": ("case_claims", "claim_id"), "question": ("answers", "question_id")}


def build(con: sqlite3.Connection) -> None:
    """The table `rarities`, from `cases` and the link tables of `HUBS`, dropped and made again: one row
    per kind, hub and jurisdiction where at least one case holds it, with how many cases there hold it
    and both rarities."""
    con.execute(f"DROP TABLE IF EXISTS {TABLE}")
    con.execute(f"CREATE TABLE {TABLE} (kind TEXT NOT NULL, hub TEXT NOT NULL, jurisdiction TEXT NOT NULL, "
                "cases INTEGER NOT NULL, here REAL NOT NULL, anywhere REAL NOT NULL, "
                "PRIMARY KEY (kind, hub, jurisdiction))")
    sizes = dict(con.execute("SELECT jurisdiction, count(*) FROM cases GROUP BY jurisdiction").fetchall())
    total = sum(sizes.values())
    rows = []
    for kind, (table, column) in HUBS.items():
        # from each case to its rows (CROSS JOIN keeps that order): a lookup per case, not per row
        counts = con.execute(f"SELECT t.{column}, c.jurisdiction, count(DISTINCT t.case_id) FROM cases c "
                             f"CROSS JOIN {table} t ON t.case_id = c.id GROUP BY t.{column}, c.jurisdiction").fetchall()
        everywhere: dict[str, int] = {}
        for hub, _, n in counts:
            everywhere[hub] = everywhere.get(hub, 0) + n
        rows += [(kind, hub, where, n, math.log((sizes[where] + 1) / n), math.log((total + 1) / everywhere[hub]))
                 for hub, where, n in counts]
    con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?)", rows)


def rarities(con: sqlite3.Connection, kind: str, hubs) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """For some hubs of one kind: (hub -> rarity over all cases, (hub, jurisdiction) -> rarity within it)."""
    cursor = con.cursor()
    cursor.row_factory = None
    anywhere, here = {}, {}
    for hub, where, at_home, overall in cursor.execute(
            f"SELECT hub, jurisdiction, here, anywhere FROM {TABLE} WHERE kind = ? AND hub IN "
            "(SELECT value FROM json_each(?))", (kind, json.dumps(sorted(set(hubs))))):
        anywhere[hub] = overall
        here[(hub, where)] = at_home
    return anywhere, here
