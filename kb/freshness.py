"""Which open cases are due for a re-check: their `as_of` is older than a number of months.

A pending, filed or appealed case moves on without telling the data; `as_of` says when a source
last showed its status. `stale` lists the cases whose whole `as_of` period lies before the cut-off,
oldest first, and the open cases with no `as_of` at all before them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any, Optional

from dateutil.relativedelta import relativedelta

OPEN_STATUSES = ("pending", "filed", "appealed")


def cutoff(months: int, today: Optional[dt.date] = None) -> dt.date:
    """The first day that is not stale: `months` months before today."""
    return (today or dt.date.today()) - relativedelta(months=months)


def stale(con: sqlite3.Connection, months: int = 6, today: Optional[dt.date] = None) -> list[dict[str, Any]]:
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
