"""The rarities of claims and questions of law, stored with the database (kb.rarity): the same numbers,
and so the same `kb related` rankings, as counting the cases at query time; rebuilt from the database
alone. On generated fixtures (several jurisdictions, questions of law) and on the shipped data."""

from __future__ import annotations

import json
import math
import shutil
import sqlite3

import pytest

from kb import links, rarity
from test_links import build as build_generated


def reference_rarity(con, table: str, column: str, hubs) -> tuple[dict, dict]:
    """How kb related weighed a shared claim or question before the rarities were stored: ln((N + 1) / n)
    over all cases and per jurisdiction, counted at query time for the hubs met."""
    sizes = dict(con.execute("SELECT jurisdiction, count(*) FROM cases GROUP BY jurisdiction").fetchall())
    total = sum(sizes.values())
    counts: dict[tuple[str, str], int] = {}
    for hub, jurisdiction, n in con.execute(
            f"SELECT t.{column}, c.jurisdiction, count(DISTINCT t.case_id) FROM {table} t "
            f"JOIN cases c ON c.id = t.case_id WHERE t.{column} IN (SELECT value FROM json_each(?)) "
            f"GROUP BY t.{column}, c.jurisdiction", (json.dumps(sorted(set(hubs))),)):
        counts[(hub, jurisdiction)] = n
    everywhere: dict[str, int] = {}
    for (hub, _), n in counts.items():
        everywhere[hub] = everywhere.get(hub, 0) + n
    anywhere = {hub: math.log((total + 1) / n) for hub, n in everywhere.items()}
    at_home = {key: math.log((sizes[key[1]] + 1) / n) for key, n in counts.items()}
    return anywhere, at_home


def check_same_rarities(con) -> None:
    """For all hubs of each kind, and for the hubs of each case: exactly the reference's numbers."""
    checked = 0
    for kind, (table, column) in rarity.HUBS.items():
        every = [h for (h,) in con.execute(f"SELECT DISTINCT {column} FROM {table}")]
        sets = [every, *([h for (h,) in con.execute(f"SELECT {column} FROM {table} WHERE case_id = ?", (c,))]
                         for (c,) in con.execute("SELECT id FROM cases"))]
        for hubs in sets:
            assert rarity.rarities(con, kind, hubs) == reference_rarity(con, table, column, hubs), (kind, hubs)
        checked += len(every)
    assert checked  # the data holds claims or questions to weigh


def check_same_rankings(con, monkeypatch) -> None:
    """`kb related` for every case, at depth 1 and 2: the same cases, order, scores and reasons as with
    the rarities counted at query time."""
    cases = [c for (c,) in con.execute("SELECT id FROM cases ORDER BY id")]
    now = {(c, d): links.ranked(con, c, d) for c in cases for d in (1, 2)}
    with monkeypatch.context() as m:
        m.setattr(rarity, "rarities", lambda con, kind, hubs: reference_rarity(con, *rarity.HUBS[kind], hubs))
        for (case_id, depth), found in now.items():
            assert found == links.ranked(con, case_id, depth), (case_id, depth)


@pytest.mark.parametrize("seed", range(6))
def test_stored_rarities_and_rankings_equal_counting_at_query_time_on_generated_data(tmp_path, seed, monkeypatch):
    con, _ = build_generated(tmp_path, seed)
    check_same_rarities(con)
    check_same_rankings(con, monkeypatch)


def test_stored_rarities_and_rankings_equal_counting_at_query_time_on_the_shipped_data(shipped_db, monkeypatch):
    _, con = shipped_db
    assert con.execute("SELECT count(DISTINCT jurisdiction) FROM rarities").fetchone()[0] > 1
    check_same_rarities(con)
    check_same_rankings(con, monkeypatch)


def test_build_reads_the_database_alone_and_is_the_same_twice(tmp_path, shipped_db):
    """Run again after cases change (claims dropped, a case moved to another jurisdiction, a case gone),
    `build` gives the rarities of the changed database; run twice, the same table."""
    copy = tmp_path / "kb.sqlite"
    shutil.copy(shipped_db[0].db, copy)
    con = sqlite3.connect(copy)
    rows = lambda: con.execute("SELECT * FROM rarities ORDER BY kind, hub, jurisdiction").fetchall()  # noqa: E731
    first = rows()
    rarity.build(con)
    assert rows() == first
    (busiest,) = con.execute("SELECT claim_id FROM case_claims GROUP BY claim_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    con.execute("DELETE FROM case_claims WHERE claim_id = ? AND rowid % 2 = 0", (busiest,))
    con.execute("UPDATE cases SET jurisdiction = 'FR' WHERE id = (SELECT min(case_id) FROM case_claims)")
    con.execute("DELETE FROM case_claims WHERE case_id = (SELECT max(case_id) FROM answers)")
    con.execute("DELETE FROM answers WHERE case_id = (SELECT max(case_id) FROM answers)")
    con.execute("DELETE FROM cases WHERE id NOT IN (SELECT case_id FROM case_claims) AND rowid % 3 = 0")
    rarity.build(con)
    assert rows() != first
    check_same_rarities(con)
    con.close()
