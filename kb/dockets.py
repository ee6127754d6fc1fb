"""US federal cases and their CourtListener dockets: which cases do not yet cite theirs.

A case heard by a US federal court has a public docket in CourtListener (the Free Law Project's mirror
of PACER), and the docket is the best source for what was filed and when. `undocketed` lists the
federal cases none of whose sources is a CourtListener docket page, so that maintainers know which
dockets are still to be found; it is a to-do list, not a validation error, because a docket may not
be public or findable yet.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any
from urllib.parse import urlsplit

# Court levels (kb.models.CourtLevel) that are US federal courts.
FEDERAL_LEVELS = ("federal-district", "federal-appeals")

COURTLISTENER_HOSTS = frozenset({"www.courtlistener.com", "courtlistener.com"})
# The docket itself, /docket/<id>/ or /docket/<id>/<slug>/; an entry (/docket/<id>/<n>/<slug>/) is not the docket.
_DOCKET_PATH = re.compile(r"/docket/[0-9]+/(?:[a-z0-9-]+/?)?")


def is_docket_url(url: str) -> bool:
    """A CourtListener docket page (not one of its entries, not a search, not another site)."""
    parts = urlsplit(url)
    return (parts.scheme == "https" and (parts.hostname or "") in COURTLISTENER_HOSTS
            and _DOCKET_PATH.fullmatch(parts.path) is not None)


def undocketed(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """US federal cases with no CourtListener docket among their sources, by court, then id."""
    marks = ", ".join("?" for _ in FEDERAL_LEVELS)
    cases = con.execute(
        "SELECT cases.id, cases.title, cases.status, cases.case_number, courts.id AS court, courts.name AS court_name "
        f"FROM cases JOIN courts ON courts.id = cases.court_id WHERE courts.level IN ({marks}) "
        "ORDER BY courts.id, cases.id",
        FEDERAL_LEVELS,
    ).fetchall()
    with_docket = {case_id for case_id, url in con.execute("SELECT case_id, url FROM sources") if is_docket_url(url)}
    return [dict(row) for row in cases if row["id"] not in with_docket]
