"""Which open cases are due for a re-check: their `as_of` is older than a number of months.

A pending, filed, appealed or ongoing matter moves on without telling the data; `as_of` says when a
source last showed its status. `stale` lists the cases whose whole `as_of` period lies before the
cut-off, oldest first, and the open cases with no `as_of` at all before them. `is_stale` is the same
rule for one record: the website marks exactly the cases `kb stale` lists.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any, Optional

OPEN_STATUSES = ("pending", "filed", "appealed", "ongoing")
STALE_MONTHS = 6  # an open case not checked against its sources for this long may be out of date


def cutoff(months: int = STALE_MONTHS, today: Optional[dt.date] = None) -> dt.date:
    """The first day that is not stale: `months` months before today."""
    from dateutil.relativedelta import relativedelta

    return (today or dt.date.today()) - relativedelta(months=months)


def is_open(status: Optional[str]) -> bool:
    """Whether a case with this status can still change (so its status can go out of date)."""
    return status in OPEN_STATUSES


def is_stale(status: Optional[str], as_of: Optional[str], today: Optional[dt.date] = None,
             months: int = STALE_MONTHS) -> bool:
    """An open case whose `as_of` period ended before the cut-off, or that has no `as_of`: the rule of `stale`."""
    if not is_open(status):
        return False
    if not as_of:
        return True
    from kb.dates import period

    return period(str(as_of))[1] < cutoff(months, today)


def stale(con: sqlite3.Connection, months: int = STALE_MONTHS, today: Optional[dt.date] = None) -> list[dict[str, Any]]:
    """Open cases whose `as_of` ended before the cut-off (or is missing), oldest `as_of` first.

    `as_of: 2025-10` covers all of October 2025, so it is stale only once 31 October lies before the
    cut-off: a month-precise check is never called older than it may be.
    """
    if months < 0:
        raise ValueError("months must be 0 or more")
    limit = cutoff(months, today).isoformat()
    marks = ", ".join("?" for _ in OPEN_STATUSES)
    rows = con.execute(
        f"SELECT id, title, jurisdiction, status, as_of FROM cases WHERE status IN ({marks}) "
        "AND (as_of_end IS NULL OR as_of_end < ?) ORDER BY as_of_start IS NOT NULL, as_of_start, as_of_end, id",
        (*OPEN_STATUSES, limit),
    )
    return [dict(row) for row in rows]
